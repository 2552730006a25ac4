package main

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestShotnoiseTheoryCmd checks the CSV contract and the landmarks of
// docs/reference-values.md § Shot noise (J = 10, η̄ = 0, Δ = 1, N = 10⁴; one-sided values × N):
// source peak 13.2 at f ≈ 1.018, network peak 9.6 at f ≈ 0.72, floor 2.03.
func TestShotnoiseTheoryCmd(t *testing.T) {
	code, out, errs := runCmd(t, "shotnoise", "theory", "--J", "10", "--eta", "0", "--delta", "1", "--N", "10000", "--fmax", "1.5", "--df", "0.001")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "# one-sided") {
		t.Error("header comment does not state the one-sided convention")
	}
	var body []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "#") {
			body = append(body, l)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(strings.Join(body, "\n"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(rows[0], ","); h != "f,S0,S_R" {
		t.Fatalf("header %q, want f,S0,S_R", h)
	}
	if len(rows) != 1501 {
		t.Fatalf("%d rows, want 1500 + header", len(rows))
	}
	var f0, p0, fr, pr float64
	for _, r := range rows[1:] {
		f, _ := strconv.ParseFloat(r[0], 64)
		s0, _ := strconv.ParseFloat(r[1], 64)
		sr, _ := strconv.ParseFloat(r[2], 64)
		if s0 > p0 {
			f0, p0 = f, s0
		}
		if sr > pr {
			fr, pr = f, sr
		}
	}
	if math.Abs(f0-1.018) > 2e-3 || math.Abs(p0*1e4-13.2) > 0.05 {
		t.Errorf("S0 peak %v at %v, want 13.2e-4 at 1.018", p0, f0)
	}
	if math.Abs(fr-0.72) > 5e-3 || math.Abs(pr*1e4-9.6) > 0.05 {
		t.Errorf("S_R peak %v at %v, want 9.6e-4 at 0.72", pr, fr)
	}
	code, out, _ = runCmd(t, "shotnoise", "theory", "--fmax", "40", "--df", "40")
	if code != 0 {
		t.Fatal("floor run failed")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := strings.Split(lines[len(lines)-1], ",")
	sr, _ := strconv.ParseFloat(last[2], 64)
	if math.Abs(sr*1e4-2.03) > 0.01 {
		t.Errorf("floor at f=40: N·S_R = %v, want 2.03", sr*1e4)
	}
	for _, args := range [][]string{
		{"shotnoise", "theory", "--df", "0"},
		{"shotnoise", "theory", "--delta", "0"},
		{"shotnoise", "theory", "--N", "0"},
		{"shotnoise"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestShotnoiseSimulateCmd: the stochastic MPR's output R fluctuates around
// r0 = 1.015661 with the binned-rate variance of docs/reference-values.md § Shot noise (J = 10,
// N = 10³, b = 0.01: simulated network 0.0972, ≈ r0/(N b) = 0.1016).
func TestShotnoiseSimulateCmd(t *testing.T) {
	code, out, errs := runCmd(t, "shotnoise", "simulate", "--N", "1000", "--T", "500", "--transient", "10", "--seed", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "t,R,r,v" || len(rows) != 50001 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	var xs []float64
	for _, r := range rows[1:] {
		x, _ := strconv.ParseFloat(r[1], 64)
		xs = append(xs, x)
	}
	m, v := 0.0, 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	v /= float64(len(xs) - 1)
	if math.Abs(m/1.015661-1) > 0.01 || math.Abs(v/0.0972-1) > 0.05 {
		t.Errorf("mean %v var %v, want 1.0157 and ≈ 0.0972 (5 %%)", m, v)
	}
	if code, _, _ := runCmd(t, "shotnoise", "simulate", "--bin", "0.001"); code != 2 {
		t.Errorf("bin < dt: exit %d, want 2", code)
	}
}
