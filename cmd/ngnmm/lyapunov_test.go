package main

import (
	"bytes"
	"testing"
)

// Lorenz σ=10, ρ=28, β=8/3: 0.9056, 0, −14.5723 (Sprott 2003); the sum is
// the constant trace −(σ+1+β).
func TestLyapunovCommandLorenz(t *testing.T) {
	var o struct {
		Exponents []float64 `json:"exponents"`
		Sum       float64   `json:"sum"`
	}
	runJSON(t, []string{"lyapunov", "--system", "lorenz", "--T", "20000"}, &o)
	if len(o.Exponents) != 3 {
		t.Fatalf("exponents %v", o.Exponents)
	}
	closeTo(t, "λ1", o.Exponents[0], 0.9056, 0.009)
	closeTo(t, "λ2", o.Exponents[1], 0, 0.009)
	closeTo(t, "λ3", o.Exponents[2], -14.5723, 0.146)
	closeTo(t, "sum", o.Sum, -(10 + 1 + 8.0/3), 1e-3)
}

// The homogeneous E–I node on its (12, 8) cycle: the largest exponent is the
// zero exponent along the cycle, the next is the uniform Floquet exponent
// −0.147 /ms of docs/reference-values.md § E–I network and MSF.
func TestLyapunovCommandEI(t *testing.T) {
	var o struct {
		Exponents []float64 `json:"exponents"`
	}
	runJSON(t, []string{"lyapunov", "--system", "ei-homogeneous", "--IE", "12", "--eps", "8", "--k", "2", "--T", "4000"}, &o)
	closeTo(t, "λ1", o.Exponents[0], 0, 2e-3)
	closeTo(t, "λ2", o.Exponents[1], -0.147, 3e-3)
}

func TestLyapunovCommandErrors(t *testing.T) {
	for _, args := range [][]string{
		{"lyapunov", "--system", "foo"},
		{"lyapunov", "--k", "4"},
		{"lyapunov", "--T", "1", "--interval", "2"},
		{"lyapunov", "--rho", "Inf"},
		{"lyapunov", "--system", "ei-homogeneous", "--eps", "NaN"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d (stderr %q), want 2", args, code, errb.String())
		}
	}
}

// Network of 90 uncoupled (ε = 0) identical E–I oscillators (IE = 12): every
// node has a neutral phase, so the leading exponents are 0 (90-fold), far
// from the next ones (the single node's non-trivial Floquet exponents,
// −0.136 /ms and below at IE = 12, from the MSF at ε = 0). The
// tolerance covers the O(ln(max/min |f|)/T) error of a window that is not a
// whole number of cycles.
func TestLyapunovCommandNetworkUncoupled(t *testing.T) {
	useSharedData(t)
	var o struct {
		Exponents []float64 `json:"exponents"`
	}
	runJSON(t, []string{"lyapunov", "--system", "network", "--IE", "12", "--eps", "0", "--k", "3", "--T", "600", "--transient", "200", "--dt", "0.04"}, &o)
	if len(o.Exponents) != 3 {
		t.Fatalf("exponents %v", o.Exponents)
	}
	for i, e := range o.Exponents {
		closeTo(t, "λ"+string(rune('1'+i)), e, 0, 0.01)
	}
}
