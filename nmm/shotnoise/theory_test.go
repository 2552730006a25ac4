package shotnoise

import (
	"math"
	"math/cmplx"
	"testing"
)

// fig1 is the theory at the parameters of Klinshov & Kirillov 2022, Fig. 1 (docs/reference-values.md
// § Shot noise): τ = 1, J = 10, η̄ = 0, Δ = 1, N = 10⁴.
func fig1(t *testing.T) *Theory {
	t.Helper()
	th, err := NewTheory(10000, 1, 0, 1, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// maxOn returns the maximum of fn on [a, b] (grid step 10⁻³) and its argument.
func maxOn(fn func(float64) float64, a, b float64) (x, y float64) {
	y = math.Inf(-1)
	for f := a; f <= b; f += 1e-3 {
		if v := fn(f); v > y {
			x, y = f, v
		}
	}
	return x, y
}

// TestFig1Numbers checks the stationary state, eigenvalues and spectral
// landmarks listed in docs/reference-values.md § MPR; docs/reference-values.md § Shot noise (one-sided values × N).
func TestFig1Numbers(t *testing.T) {
	th := fig1(t)
	n := float64(th.N)
	one := func(s func(float64) float64) func(float64) float64 {
		return func(f float64) float64 { return 2 * n * s(f) }
	}
	l1, _ := th.Eigenvalues()
	fs0, ps0 := maxOn(one(th.S0), 0.5, 1.5)
	fsr, psr := maxOn(one(th.SR), 0.3, 1.5)
	fg, pg := maxOn(th.LoopGain, 0.3, 1.5)
	checks := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"r0", th.R0, 1.015661, 1e-6},
		{"v0", th.V0, -0.156701, 1e-6},
		{"Re λ", real(l1), -0.31340, 1e-5},
		{"|Im λ|", math.Abs(imag(l1)), 4.51790, 1e-5},
		{"focus f", th.FocusFrequency(), 0.71905, 1e-5},
		{"S0 peak f", fs0, 1.018, 2e-3},
		{"S0 peak 2NS0", ps0, 13.2, 0.05},
		{"S_R peak f", fsr, 0.72, 5e-3},
		{"S_R peak 2NS", psr, 9.6, 0.05},
		{"loop gain peak f", fg, 0.711, 2e-3},
		{"loop gain peak", pg, 54, 0.5},
		{"suppressed at f=1.0", one(th.SR)(1.0), 0.5, 0.05},
		{"harmonic 2.04", one(th.SR)(2.04), 4.9, 0.1},
		{"harmonic 3.06", one(th.SR)(3.06), 4.1, 0.1},
		{"harmonic 4.07", one(th.SR)(4.07), 3.5, 0.1},
		{"floor (f=40)", one(th.SR)(40), 2.03, 0.01},
		{"variance b=0.01 N=1e4", th.Variance(0.01), 0.00971, 0.0003}, // simulated value of §2.4
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s: got=%.6g want=%.6g tol=%g", c.name, c.got, c.want, c.tol)
		}
	}
	// Variance ∝ 1/N.
	th3, _ := NewTheory(1000, 1, 0, 1, 10, 0, 0)
	if r := th3.Variance(0.01) / th.Variance(0.01); math.Abs(r-10) > 1e-9 {
		t.Errorf("variance ratio N=1e3/1e4 = %v, want 10", r)
	}
}

// TestZerosAreEigenvalues: 1 − Jχ(s) vanishes at the MPR eigenvalues
// (docs/models.md § Shot noise), also in the bistable case J = 15, η̄ = −5 (both stable
// states, eigenvalues from docs/reference-values.md § MPR).
func TestZerosAreEigenvalues(t *testing.T) {
	cases := []struct {
		eta, j, r0 float64
		lam        complex128
	}{
		{0, 10, 0, complex(-0.31340, 4.51790)},
		{-5, 15, 1.03, complex(-0.30886, 3.31863)},
		{-5, 15, 0.08, complex(-2.4487, 0)},
	}
	for _, c := range cases {
		th, err := NewTheory(100, 1, c.eta, 1, c.j, 0, c.r0)
		if err != nil {
			t.Fatal(err)
		}
		l1, l2 := th.Eigenvalues()
		if cmplx.Abs(l1-c.lam) > 1e-4 && cmplx.Abs(l2-c.lam) > 1e-4 {
			t.Errorf("η̄=%v J=%v: eigenvalues %v %v, want %v", c.eta, c.j, l1, l2, c.lam)
		}
		for _, l := range []complex128{l1, l2} {
			if d := cmplx.Abs(1 - complex(c.j, 0)*th.chiS(l)); d > 1e-9 {
				t.Errorf("|1 − Jχ(λ)| = %v at λ = %v", d, l)
			}
		}
	}
}

// TestS0Asymptotics: the floor r0/N (r0 = Re√(η̄+iΔ)/π) and the small-f law
// 2π²ζ(4) g(0) τ² f³/N (docs/models.md § Shot noise), for τ = 1 and τ = 10 (the
// physical-unit scaling S(f) = S̃(τf)/τ).
func TestS0Asymptotics(t *testing.T) {
	for _, tau := range []float64{1, 10} {
		for _, eta := range []float64{0, 2, -1} {
			g := Lorentzian(eta, 1)
			r0 := LorentzRate(eta, 1, tau)
			const n = 100
			if got := S0(200/tau, g, n, tau); math.Abs(got/(r0/n)-1) > 2e-3 {
				t.Errorf("τ=%v η̄=%v: floor got=%v want=%v", tau, eta, got, r0/n)
			}
			f := 1e-3 / tau
			want := 2 * math.Pi * math.Pi * math.Pow(math.Pi, 4) / 90 * g(0) * tau * tau * f * f * f / n
			if got := S0(f, g, n, tau); math.Abs(got/want-1) > 1e-3 {
				t.Errorf("τ=%v η̄=%v: small-f got=%v want=%v", tau, eta, got, want)
			}
		}
	}
}

// TestTabulated: a tabulated Lorentzian gives the same S0 as the closed form.
func TestTabulated(t *testing.T) {
	g := Lorentzian(1, 0.5)
	var x, y []float64
	for e := -2000.0; e <= 2000; e += 0.01 {
		x, y = append(x, e), append(y, g(e))
	}
	gt, err := Tabulated(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{0.1, 0.35, 1, 3} {
		a, b := S0(f, g, 10, 1), S0(f, gt, 10, 1)
		if math.Abs(a/b-1) > 1e-4 {
			t.Errorf("f=%v: tabulated %v closed form %v", f, b, a)
		}
	}
	if _, err := Tabulated([]float64{1, 1}, []float64{0, 0}); err == nil {
		t.Error("non-increasing eta: no error")
	}
	if _, err := NewTheory(0, 1, 0, 1, 0, 0, 0); err == nil {
		t.Error("N=0: no error")
	}
	if _, err := NewTheory(10, 1, 0, 0, 0, 0, 0); err == nil {
		t.Error("Delta=0: no error")
	}
}

func BenchmarkS0(b *testing.B) {
	g := Lorentzian(10.16, 1)
	b.ReportAllocs()
	for b.Loop() {
		S0(1.0, g, 10000, 1)
	}
}
