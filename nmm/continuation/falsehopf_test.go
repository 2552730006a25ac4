package continuation

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// TestEquilibriaNoFalseHopf: on the homogeneous E–I network at ε = 30 the
// unstable complex pair of the equilibrium branch becomes a real pair near
// I_ext^E = 3.8–3.97 (both eigenvalues > 0) while a stable pair stays
// complex: the number of unstable complex eigenvalues changes, but no pair
// crosses the imaginary axis. Every reported Hopf point must have a
// complex pair whose real part changes sign across it, checked on the exact
// equilibria (nmm.SelfCoupled.FixedPoints, stability.Eigenvalues) at
// I_ext^E ± 1e-4 — an independent computation; the two genuine Hopf points
// (I_ext^E ≈ 1.37 and 3.39) are found.
func TestEquilibriaNoFalseHopf(t *testing.T) {
	m := nmm.DefaultEI()
	s := &nmm.SelfCoupled{Node: &m, G: 30}
	fps, err := s.FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	br, err := Equilibria(Problem{Sys: s, Set: func(p float64) { m.IE = p }}, fps[0].Y, 0, &Settings{PMin: 0, PMax: 20, Ds: 0.2, DsMax: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	// Re of the complex eigenvalue with Im > 0 nearest ω at the
	// equilibrium nearest y at I_ext^E = p
	pairRe := func(p float64, y []float64, omega float64) float64 {
		m.IE = p
		fps, err := s.FixedPoints()
		if err != nil {
			t.Fatal(err)
		}
		best, bd := fps[0], math.Inf(1)
		for _, f := range fps {
			d := 0.0
			for i := range y {
				d = math.Max(d, math.Abs(f.Y[i]-y[i]))
			}
			if d < bd {
				best, bd = f, d
			}
		}
		jac := mat.NewDense(6, 6, nil)
		stability.Jac(jac, s, 0, best.Y)
		ev, err := stability.Eigenvalues(jac)
		if err != nil {
			t.Fatal(err)
		}
		re, dw := math.NaN(), math.Inf(1)
		for _, l := range ev {
			if imag(l) > 1e-9 && math.Abs(imag(l)-omega) < dw {
				re, dw = real(l), math.Abs(imag(l)-omega)
			}
		}
		return re
	}
	for _, h := range br.Hopfs {
		lo, hi := pairRe(h.P-1e-4, h.Y, h.Omega), pairRe(h.P+1e-4, h.Y, h.Omega)
		t.Logf("Hopf at I_ext^E = %.6f, ω = %.4f: Re of the pair %.3e → %.3e", h.P, h.Omega, lo, hi)
		if !((lo > 0) != (hi > 0)) {
			t.Errorf("Hopf at I_ext^E = %v (ω = %v): the pair's real part %v → %v does not change sign (a false Hopf point)", h.P, h.Omega, lo, hi)
		}
	}
	if len(br.Hopfs) != 2 {
		t.Errorf("%d Hopf points, want 2 (I_ext^E ≈ 1.37, 3.39)", len(br.Hopfs))
	}
}
