package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// docs/reference-values.md § MPR: bistable for −5.74353 < η̄ < −3.13613 at J = 15, Δ = 1.
func TestMemoryRangeCmd(t *testing.T) {
	code, out, errs := runCmd(t, "memory", "range", "--J", "15")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Lo, Hi float64
		Folds  []struct{ Eta, R, V float64 }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Lo+5.74353) > 1e-5 || math.Abs(r.Hi+3.13613) > 1e-5 || len(r.Folds) != 2 {
		t.Fatalf("got %s", out)
	}
	if code, _, errs := runCmd(t, "memory", "range", "--J", "7"); code != 2 || !strings.Contains(errs, "--J") {
		t.Fatalf("below the cusp: exit %d (%q), want 2 naming --J", code, errs)
	}
	if code, _, _ := runCmd(t, "memory", "range", "--eta-min", "1", "--eta-max", "0"); code != 2 {
		t.Fatalf("bad range: exit %d, want 2", code)
	}
}

// The lifetime command reproduces the library (same seed, same numbers for
// any number of workers) and refuses bad input.
func TestMemoryLifetimeCmd(t *testing.T) {
	get := func(workers string) (m float64, c int) {
		code, out, errs := runCmd(t, "memory", "lifetime", "--sigma", "0.6", "--runs", "20", "--tmax", "200", "--workers", workers)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var r struct {
			Mean     float64 `json:"mean_tau"`
			Censored int     `json:"censored"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r.Mean, r.Censored
	}
	a, _ := get("1")
	b, _ := get("2")
	if a != b || !(a > 0) {
		t.Fatalf("mean lifetimes %g (1 worker), %g (2 workers)", a, b)
	}
	if code, _, _ := runCmd(t, "memory", "lifetime", "--dt", "0"); code != 2 {
		t.Fatalf("--dt 0: exit %d, want 2", code)
	}
}

// The seizure regime at ε = 25: the subcritical Hopf point below the fold
// of cycles (checked by simulation in package seizure).
func TestSeizureRegimeCmd(t *testing.T) {
	code, out, errs := runCmd(t, "seizure", "regime", "--eps", "25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		HopfIE float64 `json:"hopf_ie"`
		HopfL1 float64 `json:"hopf_l1"`
		FoldIE float64 `json:"fold_ie"`
		Lo, Hi float64
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !(r.HopfL1 > 0) || r.Lo != r.HopfIE || r.Hi != r.FoldIE || !(r.Lo < r.Hi) {
		t.Fatalf("got %s", out)
	}
}
