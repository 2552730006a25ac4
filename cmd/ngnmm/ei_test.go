package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestEIFixedPointsCmd: docs/reference-values.md § E–I node, IE = 0, ε = 0: rE = 8.3482 Hz,
// rI = 9.3171 Hz, eigenvalues −0.8826±0.0683i, −0.5631±0.1384i, −0.3137,
// −0.2541 (1/ms), stable.
func TestEIFixedPointsCmd(t *testing.T) {
	code, out, errs := runCmd(t, "ei", "fixedpoints", "--IE", "0", "--II", "0", "--eps", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		FixedPoints []struct {
			RE          float64      `json:"rE_hz"`
			RI          float64      `json:"rI_hz"`
			VE          float64      `json:"vE"`
			Eigenvalues [][2]float64 `json:"eigenvalues"`
			Stable      bool         `json:"stable"`
			Kind        string       `json:"kind"`
		} `json:"fixed_points"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.FixedPoints) != 1 {
		t.Fatalf("%d fixed points:\n%s", len(res.FixedPoints), out)
	}
	fp := res.FixedPoints[0]
	if math.Abs(fp.RE-8.3482) > 1e-4 || math.Abs(fp.RI-9.3171) > 1e-4 || math.Abs(fp.VE+2.38308) > 1e-5 || !fp.Stable || len(fp.Eigenvalues) != 6 {
		t.Errorf("fixed point %+v", fp)
	}
	if math.Abs(fp.Eigenvalues[0][0]+0.2541) > 1e-4 || math.Abs(fp.Eigenvalues[5][0]+0.8826) > 1e-4 || math.Abs(math.Abs(fp.Eigenvalues[5][1])-0.0683) > 1e-4 {
		t.Errorf("eigenvalues %v", fp.Eigenvalues)
	}
	for _, f := range []string{`"fixed_points"`, `"rE_hz"`, `"rI_hz"`, `"eigenvalues"`, `"stable"`, `"kind"`} {
		if !strings.Contains(out, f) {
			t.Errorf("output lacks %s", f)
		}
	}
}

// TestEICycleCmd: PING at IE = 10 (46.8 Hz, docs/reference-values.md § E–I node) with a trivial
// multiplier 1 to 1e-6; IE = 3 is stationary.
func TestEICycleCmd(t *testing.T) {
	code, out, errs := runCmd(t, "ei", "cycle", "--IE", "10", "--eps", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		State   string       `json:"state"`
		F       float64      `json:"frequency_hz"`
		T       float64      `json:"period_ms"`
		Floquet [][2]float64 `json:"floquet"`
		Max     float64      `json:"rE_max_hz"`
		Min     float64      `json:"rE_min_hz"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.State != "periodic" || math.Abs(res.F-46.8) > 0.2 || math.Abs(res.T*res.F-1000) > 1e-9 || len(res.Floquet) != 6 || !(res.Max > res.Min) {
		t.Errorf("cycle %+v", res)
	}
	if d := math.Hypot(res.Floquet[0][0]-1, res.Floquet[0][1]); d > 1e-6 {
		t.Errorf("largest multiplier %v, want 1 (stable cycle)", res.Floquet[0])
	}
	code, out, errs = runCmd(t, "ei", "cycle", "--IE", "3")
	if code != 0 || !strings.Contains(out, `"state": "stationary"`) {
		t.Errorf("IE=3: exit %d, %s %s", code, out, errs)
	}
}

// TestEIContinuationCmd: the homogeneous system at ε = 8 has Hopf points at
// IE = 3.85037 (15.52 Hz) and 15.35119 (83.80 Hz) (docs/reference-values.md § E–I node), both
// supercritical, joined by one periodic branch.
func TestEIContinuationCmd(t *testing.T) {
	code, out, errs := runCmd(t, "ei", "continuation", "--param", "IE", "--from", "0", "--to", "20", "--eps", "8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Param  string           `json:"param"`
		Branch []map[string]any `json:"branch"`
		Hopf   []struct {
			IE   float64 `json:"IE"`
			F    float64 `json:"frequency_hz"`
			L1   float64 `json:"first_lyapunov"`
			Crit string  `json:"criticality"`
		} `json:"hopf"`
		Periodic []struct {
			End    string `json:"end"`
			Points []struct {
				IE float64 `json:"IE"`
				F  float64 `json:"frequency_hz"`
			} `json:"points"`
		} `json:"periodic"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Param != "IE" || len(res.Branch) < 100 || len(res.Hopf) != 2 || len(res.Periodic) != 1 {
		t.Fatalf("param %q, %d equilibria, %d Hopf, %d periodic branches", res.Param, len(res.Branch), len(res.Hopf), len(res.Periodic))
	}
	want := [][2]float64{{3.85037, 15.52}, {15.35119, 83.80}}
	for i, w := range want {
		h := res.Hopf[i]
		if math.Abs(h.IE-w[0]) > 1e-3 || math.Abs(h.F-w[1]) > 0.2 || h.L1 >= 0 || h.Crit != "supercritical" {
			t.Errorf("Hopf %d: %+v, want IE=%v f=%v supercritical", i, h, w[0], w[1])
		}
	}
	if res.Periodic[0].End != "amplitude vanished" {
		t.Errorf("periodic branch ends %q", res.Periodic[0].End)
	}
}

func TestEICmdErrors(t *testing.T) {
	for _, args := range [][]string{
		{"ei", "fixedpoints", "--IE", "NaN"},
		{"ei", "cycle", "--y0", "1,2"},
		{"ei", "cycle", "--steps", "3"},
		{"ei", "continuation", "--param", "JEE"},
		{"ei", "continuation", "--from", "3", "--to", "3"},
		{"ei", "bogus"},
	} {
		code, _, errs := runCmd(t, args...)
		if code != 2 || errs == "" || strings.Contains(errs, "panic") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errs)
		}
	}
}
