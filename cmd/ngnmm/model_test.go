package main

import (
	"encoding/json"
	"strings"
	"testing"
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
