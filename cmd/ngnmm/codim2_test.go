package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestEIContinuation2 runs 'ei continuation2' in (IE, eps) ∈ [0, 20] × [0, 8]
// and checks the Hopf curves' ends on ε = 0 and ε = 8 against the SciPy
// Hopf points of nmm/cycle/testdata/gen_ei_reference.py (ε = 0:
// 5.993185450171155, 26.791052 Hz; ε = 8: 3.8503722958820727, 15.515868 Hz)
// to 1e-6 in IE and 1e-4 Hz.
func TestEIContinuation2(t *testing.T) {
	code, out, errs := runCmd(t, "ei", "continuation2", "--param", "IE", "--param2", "eps", "--from", "0", "--to", "20", "--from2", "0", "--to2", "8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var raw struct {
		Curves []struct {
			Kind   string               `json:"kind"`
			Points []map[string]float64 `json:"points"`
		} `json:"curves"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	want := []struct{ eps, ie, f float64 }{{0, 5.993185450171155, 26.791052386392856}, {8, 3.8503722958820727, 15.515868136970795}}
	for _, w := range want {
		found := false
		for _, c := range raw.Curves {
			if c.Kind != "hopf" {
				continue
			}
			for _, p := range []map[string]float64{c.Points[0], c.Points[len(c.Points)-1]} {
				if p["eps"] == w.eps && math.Abs(p["IE"]-w.ie) < 1e-6 && math.Abs(p["frequency_hz"]-w.f) < 1e-4 {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no Hopf curve end at (IE, eps) = (%v, %v), %v Hz: %v", w.ie, w.eps, w.f, raw.Curves)
		}
	}
}

// TestModelContinuation2Cusp runs 'model continuation2' on MPR in (η̄, J)
// from the two J = 15 folds and checks the one fold curve and its cusp
// against the closed form J_c = 2π(4/3)^¾, η̄_c = −√3 (docs/models.md §
// MPR equilibria and folds) to 1e-6.
func TestModelContinuation2Cusp(t *testing.T) {
	code, out, errs := runCmd(t, "model", "continuation2", "--model", "mpr", "--param", "eta", "--param2", "J", "--from", "-12", "--to", "0", "--from2", "15", "--to2", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var raw struct {
		Curves []struct {
			Kind string `json:"kind"`
		} `json:"curves"`
		Codim2 []map[string]any `json:"codim2"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Curves) != 1 || raw.Curves[0].Kind != "fold" || len(raw.Codim2) != 1 {
		t.Fatalf("curves %v, codim2 %v: want one fold curve with one cusp", raw.Curves, raw.Codim2)
	}
	c := raw.Codim2[0]
	jc, ec := 2*math.Pi*math.Pow(4.0/3, 0.75), -math.Sqrt(3)
	if c["kind"] != "cusp" || math.Abs(c["J"].(float64)-jc) > 1e-6 || math.Abs(c["eta"].(float64)-ec) > 1e-6 {
		t.Errorf("codim2 %v, want cusp at J = %v, eta = %v", c, jc, ec)
	}
}

// TestContinuation2BadFlags: bad input is a one-line usage error (exit 2)
// naming the flag.
func TestContinuation2BadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"ei", "continuation2", "--param2", "nope", "--from", "0", "--to", "1", "--from2", "0", "--to2", "1"}, "--param2"},
		{[]string{"ei", "continuation2", "--param2", "IE", "--from", "0", "--to", "1", "--from2", "0", "--to2", "1"}, "--param2"},
		{[]string{"ei", "continuation2", "--param2", "eps", "--to", "1", "--from2", "0", "--to2", "1"}, "--from"},
		{[]string{"model", "continuation2", "--model", "mpr", "--param", "eta", "--param2", "J", "--from", "0", "--to", "1", "--from2", "3", "--to2", "3"}, "--from2"},
	} {
		code, _, errs := runCmd(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.flag) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %s", c.args, code, errs, c.flag)
		}
	}
}

// TestEIContinuation2Cycles: with --cycles the period-doubling curves of
// the PING cycles, continued from ε = 12, end on ε = 13 at the period
// doublings that 'ei continuation --eps 13' finds on its cycle branch
// (the independent one-parameter computation), to 1e-6 in IE.
func TestEIContinuation2Cycles(t *testing.T) {
	code, out, errs := runCmd(t, "ei", "continuation2", "--param", "IE", "--param2", "eps", "--from", "0", "--to", "20", "--from2", "12", "--to2", "13", "--points", "100", "--cycles")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var raw struct {
		Curves []struct {
			Kind   string               `json:"kind"`
			Points []map[string]float64 `json:"points"`
		} `json:"curves"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd(t, "ei", "continuation", "--param", "IE", "--from", "0", "--to", "20", "--eps", "13")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var one struct {
		Periodic []struct {
			Bifurcations []struct {
				Kind string  `json:"kind"`
				IE   float64 `json:"IE"`
			} `json:"bifurcations"`
		} `json:"periodic"`
	}
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, b := range one.Periodic {
		for _, x := range b.Bifurcations {
			if x.Kind == "period-doubling" {
				want = append(want, x.IE)
			}
		}
	}
	n := 0
	for _, c := range raw.Curves {
		if c.Kind != "period-doubling" {
			continue
		}
		n++
		last := c.Points[len(c.Points)-1]
		ok := false
		for _, w := range want {
			ok = ok || math.Abs(last["IE"]-w) < 1e-6
		}
		if math.Abs(last["eps"]-13) > 1e-9 || !ok || !(last["frequency_hz"] > 30) {
			t.Errorf("period-doubling curve ends at %v; ei continuation --eps 13 has period doublings at %v", last, want)
		}
	}
	if n != 2 || len(want) != 2 {
		t.Errorf("%d period-doubling curves, %d one-parameter period doublings: want 2 and 2", n, len(want))
	}
}
