package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
)

// TestModelsCmd checks the JSON contract of `ngnmm models` (issue 13) and
// its numbers against the papers' tables: MPR 2015 Fig. 2 (Δ = 1, η̄ = −5,
// J = 15) and Delicado, Huguet & Clusella (2025) (τE = 8 ms, JEI = 13).
func TestModelsCmd(t *testing.T) {
	code, out, errs := runCmd(t, "models")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Models []struct {
			Name, Summary, Citation string
			CouplingVar             string `json:"coupling_var"`
			Vars                    []struct{ Name, Unit string }
			Params                  []struct {
				Name, Symbol, Unit, Doc string
				Default                 float64
				Min, Max                *float64
				MinOpen                 bool `json:"min_open"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for i, m := range res.Models {
		byName[m.Name] = i
		if m.Summary == "" || m.Citation == "" || len(m.Vars) == 0 || len(m.Params) == 0 {
			t.Errorf("%s: incomplete entry %+v", m.Name, m)
		}
	}
	want := map[string]map[string]float64{
		"mpr": {"delta": 1, "eta": -5, "J": 15},
		"ei":  {"tauE": 8, "JEI": 13, "tauSI": 5},
	}
	for name, ps := range want {
		i, ok := byName[name]
		if !ok {
			t.Fatalf("model %s not listed", name)
		}
		m := res.Models[i]
		for _, p := range m.Params {
			if v, ok := ps[p.Name]; ok {
				if p.Default != v {
					t.Errorf("%s %s default %v, want %v", name, p.Name, p.Default, v)
				}
				delete(ps, p.Name)
			}
		}
		if len(ps) > 0 {
			t.Errorf("%s: parameters %v not listed", name, ps)
		}
	}
	ei := res.Models[byName["ei"]]
	if ei.CouplingVar != "sE" || ei.Vars[0].Name != "rE" || ei.Vars[0].Unit != "kHz" {
		t.Errorf("ei: coupling %q, vars %+v", ei.CouplingVar, ei.Vars)
	}
	tau := res.Models[byName["mpr"]].Params[0]
	if tau.Name != "tau" || tau.Min == nil || *tau.Min != 0 || !tau.MinOpen || tau.Max != nil {
		t.Errorf("mpr tau range: %+v", tau)
	}
}

// TestParamErrorNamesFlag: an invalid model parameter is a usage error that
// names the flag from the typed error (no text parsing).
func TestParamErrorNamesFlag(t *testing.T) {
	code, _, errs := runCmd(t, "mpr", "fixedpoints", "--tau", "-1")
	if code != 2 || !strings.Contains(errs, "(flag --tau)") || strings.Count(errs, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestModelFixedPointsMPR: `model fixedpoints --model mpr` at MPR 2015
// Fig. 2 (Δ = 1, η̄ = −5, J = 15, bistable: three equilibria) gives the
// equilibria of the equations written out here (Δ/π + 2rv = 0 and
// v² + η̄ + Jr − π²r² = 0 to 1e-10) and the same JSON as `mpr fixedpoints`.
func TestModelFixedPointsMPR(t *testing.T) {
	code, out, errs := runCmd(t, "model", "fixedpoints", "--model", "mpr", "--set", "eta=-5", "--set", "J=15")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		FixedPoints []struct {
			R, V   float64
			Stable bool
		} `json:"fixed_points"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.FixedPoints) != 3 {
		t.Fatalf("%d equilibria, want 3 (bistable)", len(res.FixedPoints))
	}
	for i, fp := range res.FixedPoints {
		f1 := 1/math.Pi + 2*fp.R*fp.V
		f2 := fp.V*fp.V - 5 + 15*fp.R - math.Pi*math.Pi*fp.R*fp.R
		if math.Abs(f1) > 1e-10 || math.Abs(f2) > 1e-10 {
			t.Errorf("equilibrium %d (%v, %v): residual %v, %v", i, fp.R, fp.V, f1, f2)
		}
		if fp.Stable != (i != 1) {
			t.Errorf("equilibrium %d stable = %v, want stable–saddle–stable", i, fp.Stable)
		}
	}
	_, alias, _ := runCmd(t, "mpr", "fixedpoints")
	if alias != out {
		t.Errorf("mpr fixedpoints differs from model fixedpoints --model mpr:\n%s\n%s", alias, out)
	}
	code, _, errs = runCmd(t, "model", "fixedpoints", "--model", "mpr-adapt")
	if code != 2 || !strings.Contains(errs, "--model") {
		t.Errorf("mpr-adapt (no exact equilibria): exit %d, %q", code, errs)
	}
}

// TestModelSimulateAlias: `model simulate --model mpr` with a pulse gives
// the CSV of `mpr simulate` (the same library call).
func TestModelSimulateAlias(t *testing.T) {
	args := []string{"--T", "2", "--dt", "0.01", "--sample", "0.1", "--pulse", "3:0.5:1"}
	_, a, errs := runCmd(t, append([]string{"model", "simulate", "--model", "mpr", "--set", "J=15"}, args...)...)
	_, b, _ := runCmd(t, append([]string{"mpr", "simulate"}, args...)...)
	if a == "" || a != b {
		t.Errorf("model simulate %q (stderr %q)\nmpr simulate %q", a, errs, b)
	}
	code, out, errs := runCmd(t, "model", "simulate", "--model", "ei", "--set", "IE=3", "--T", "1", "--dt", "0.01", "--sample", "0.5")
	if code != 0 || !strings.HasPrefix(out, "t,rE_hz,vE,sE_hz,rI_hz,vI,sI_hz\n") || strings.Count(out, "\n") != 4 {
		t.Errorf("ei: exit %d, %q, %q", code, out, errs)
	}
}

// TestModelCycleContinuationEI: the generic commands on the E–I node give
// the PING cycle at IE = 10 (46.8 Hz, as TestEICycleCmd) and the
// supercritical Hopf point at IE ≈ 5.993 (the onset documented in
// nmm.DefaultEI).
func TestModelCycleContinuationEI(t *testing.T) {
	code, out, errs := runCmd(t, "model", "cycle", "--model", "ei", "--set", "IE=10", "--y0", "0.05,-1,0.05,0.05,-1,0.05")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var cyc struct {
		State  string
		F      float64 `json:"frequency_hz"`
		Period float64
		Mult   [][2]float64 `json:"multipliers"`
	}
	if err := json.Unmarshal([]byte(out), &cyc); err != nil {
		t.Fatal(err)
	}
	if cyc.State != "periodic" || math.Abs(cyc.F-46.8) > 0.2 || math.Abs(cyc.Period*cyc.F-1000) > 1e-9 || len(cyc.Mult) != 6 {
		t.Errorf("cycle %+v", cyc)
	}
	code, out, errs = runCmd(t, "model", "continuation", "--model", "ei", "--param", "IE", "--from", "0", "--to", "8", "--points", "40")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var d struct {
		Param string
		Hopf  []struct {
			IE          float64
			Criticality string
		}
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Param != "IE" || len(d.Hopf) != 1 || math.Abs(d.Hopf[0].IE-5.993) > 1e-3 || d.Hopf[0].Criticality != "supercritical" {
		t.Errorf("diagram %+v", d)
	}
	for _, bad := range [][]string{{"--param", "nope", "--to", "1"}, {"--param", "IE"}} {
		code, _, errs := runCmd(t, append([]string{"model", "continuation", "--model", "ei"}, bad...)...)
		if code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}
}

// TestNetworkSimulateEveryModel: `network simulate --model NAME` runs every
// registered model that has a coupling variable (and refuses the others by
// name); uncoupled MPR nodes started at the homogeneous state stay at the
// rest rate of the closed-form equilibrium (r* of MPR 2015 Eqs. (12)–(13)
// at τ = 1 ms, Δ = 1, η̄ = −5, J = 15: 81.134 Hz) to 1e-6.
func TestNetworkSimulateEveryModel(t *testing.T) {
	withSharedData(t)
	for _, s := range nmm.Models() {
		args := []string{"network", "simulate", "--model", s.Name, "--T", "5", "--transient", "0", "--dt", "0.01", "--eps", "0", "--ic-noise", "0"}
		code, out, errs := runCmd(t, args...)
		if _, ok := s.New().(nmm.Coupled); !ok {
			if code != 2 || !strings.Contains(errs, "coupling variable") {
				t.Errorf("%s (no coupling variable): exit %d, %q", s.Name, code, errs)
			}
			continue
		}
		if code != 0 {
			t.Errorf("%s: exit %d: %s", s.Name, code, errs)
			continue
		}
		var res struct {
			Model string
			Rates map[string]float64 `json:"mean_rate_hz"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Model != s.Name || len(res.Rates) == 0 {
			t.Errorf("%s: %v %+v", s.Name, err, res)
		}
		if s.Name == "mpr" {
			fps, _ := (&nmm.MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15}).FixedPoints()
			if want := 1000 * fps[0].Y[0]; math.Abs(res.Rates["r"]-want) > 1e-6*want || math.Abs(want-81.134) > 1e-3 {
				t.Errorf("mpr: rate %v Hz, want %v (81.134)", res.Rates["r"], want)
			}
		}
	}
	code, _, errs := runCmd(t, "network", "simulate", "--model", "mpr", "--IE", "3", "--T", "1")
	if code != 2 || !strings.Contains(errs, "--IE does not apply") {
		t.Errorf("--IE with mpr: exit %d, %q", code, errs)
	}
	code, _, errs = runCmd(t, "network", "simulate", "--model", "ei", "--set", "JEE=-1", "--T", "1")
	if code != 2 || !strings.Contains(errs, "--set JEE") {
		t.Errorf("--set JEE=-1: exit %d, %q", code, errs)
	}
}
