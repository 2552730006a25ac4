package energy

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// tightStepper is the integrator of the conservation tests: RK4 with a step
// of period/4000 (local error O(h⁵) keeps the drift ≪ 1e-9 over 100 periods).
func tightStepper(period float64) ode.Stepper { return ode.NewRK4(period / 4000) }

// TestConservation checks |H(t) − H(0)|/|H(0)| ≤ 1e-9 over 100 oscillation
// periods at Δ = 0 (docs/models.md § MPR energy: H is an exact invariant), for the J = 0
// and J = 10 cases of §1.5 and a large orbit near the homoclinic loop of
// J = 15, η = −5.
func TestConservation(t *testing.T) {
	cases := []struct {
		name string
		h    Hamiltonian
		amp  float64 // r0 = amp·r_c, v0 = 0
	}{
		{"J=0,eta=1", Hamiltonian{Tau: 1, Eta: 1, J: 0}, 1.5},
		{"J=10,eta=0", Hamiltonian{Tau: 1, Eta: 0, J: 10}, 1.5},
		{"J=15,eta=-5", Hamiltonian{Tau: 1, Eta: -5, J: 15}, 1.4},
	}
	for _, tc := range cases {
		c, _ := tc.h.Centre()
		E := tc.h.H(tc.amp*c.R, 0)
		P, err := tc.h.Period(E, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			name string
			st   ode.Stepper
		}{{"DoPri5(1e-12,1e-12)", ode.NewDoPri5(1e-12, 1e-12)}, {"RK4(P/4000)", tightStepper(P)}} {
			st, err := Orbit(tc.h, tc.amp*c.R, 0, 100*P, s.st, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st.HDrift > 1e-9 {
				t.Errorf("%s %s: relative drift %.3g > 1e-9", tc.name, s.name, st.HDrift)
			}
			if st.Peaks < 100 {
				t.Errorf("%s: %d peaks in 100 periods", tc.name, st.Peaks)
			}
			near(t, tc.name+" simulated period", st.Period, P, 1e-8*P)
			t.Logf("%s %s: 100 periods (T=%.4g), %d steps, max relative drift %.2e, period %.10f (quadrature %.10f)",
				tc.name, s.name, 100*P, st.Steps, st.HDrift, st.Period, P)
		}
	}
}

// TestIsochronous: at J = 0 every orbit has the single-neuron period π/√η
// (docs/models.md § MPR energy), checked on simulated orbits of several amplitudes and
// two values of η; also the simulated extremes equal the turning points
// (roots of U = E) to 1e-6.
func TestIsochronous(t *testing.T) {
	for _, eta := range []float64{1, 4} {
		h := Hamiltonian{Tau: 1, Eta: eta, J: 0}
		c, _ := h.Centre()
		want := math.Pi / math.Sqrt(eta)
		for _, amp := range []float64{1.1, 2, 5, 20} {
			st, err := Orbit(h, amp*c.R, 0, 10*want, ode.NewDoPri5(1e-12, 1e-12), nil)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "simulated period", st.Period, want, 1e-8*want)
			rmin, rmax, err := h.TurningPoints(st.H0)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "simulated r_min vs turning point", st.RMin, rmin, 1e-6*rmin)
			near(t, "simulated r_max vs turning point", st.RMax, rmax, 1e-6*rmax)
			t.Logf("eta=%g amp=%g: period %.12f (π/√η = %.12f), r_min err %.1e, r_max err %.1e",
				eta, amp, st.Period, want, st.RMin/rmin-1, st.RMax/rmax-1)
		}
	}
}

// TestOrbitJ10 reproduces the simulated numbers of docs/reference-values.md § MPR energy, J = 10,
// η = 0, orbit from (1.5 r_c, 0): r_min = 0.634050 and period 1.45771, and
// the simulated period equals the quadrature period.
func TestOrbitJ10(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	c, _ := h.Centre()
	st, err := Orbit(h, 1.5*c.R, 0, 20, ode.NewRK4(1e-3), nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "r_min", st.RMin, 0.634050, 5e-7)
	near(t, "period", st.Period, 1.45771, 5e-6)
	P, _ := h.Period(st.H0, 0)
	near(t, "simulated vs quadrature period", st.Period, P, 1e-8)
	rmin, rmax, _ := h.TurningPoints(st.H0)
	near(t, "r_min vs turning point", st.RMin, rmin, 1e-6)
	near(t, "r_max vs turning point", st.RMax, rmax, 1e-6)
}

// TestCanonicalForms: the three rescaled-time vector fields (docs/models.md
// § MPR energy) are Hamiltonian with energies equal to H, and their orbits are the
// MPR orbits: integrating in s and mapping back, the point reached after
// Δs satisfies H = E and the elapsed physical time ∫ ds/(ds/dt) matches the
// MPR period after one turn.
func TestCanonicalForms(t *testing.T) {
	h := Hamiltonian{Tau: 2, Eta: 0, J: 10}
	c, _ := h.Centre()
	r0 := 1.5 * c.R
	E := h.H(r0, 0)
	Pwant, _ := h.Period(E, 0)
	for _, f := range []Form{FormR2, FormMomentum, FormLog} {
		cf := &Canonical{H: h, Form: f}
		q, p := cf.ToCanonical(r0, 0)
		near(t, f.String()+" energy", cf.Energy(q, p), E, 1e-12)
		// Hamilton's equations vs finite differences of K.
		q1, p1 := cf.ToCanonical(0.8*r0, 0.3)
		d := make([]float64, 2)
		cf.Deriv(d, 0, []float64{q1, p1})
		eps := 1e-6
		dKdp := (cf.Energy(q1, p1+eps) - cf.Energy(q1, p1-eps)) / (2 * eps)
		dKdq := (cf.Energy(q1+eps, p1) - cf.Energy(q1-eps, p1)) / (2 * eps)
		near(t, f.String()+" dq/ds", d[0], dKdp, 1e-6)
		near(t, f.String()+" dp/ds", d[1], -dKdq, 1e-6)
		// one turn in s: integrate (q, p, t) with dt/ds = 1/TimeRate
		sys := ode.Func{N: 3, F: func(dst []float64, s float64, y []float64) {
			cf.Deriv(dst, s, y[:2])
			dst[2] = 1 / cf.TimeRate(y[0], y[1])
		}}
		rk := ode.NewRK4(1e-4)
		if err := rk.Init(sys, 0, []float64{q, p, 0}); err != nil {
			t.Fatal(err)
		}
		// step until the physical time passes the period, then check we are back at (r0, 0)
		var prevY [3]float64
		for {
			_, y := rk.State()
			copy(prevY[:], y)
			if err := rk.Step(); err != nil {
				t.Fatal(err)
			}
			_, y = rk.State()
			if y[2] >= Pwant {
				// linear interpolation to t = Pwant
				a := (Pwant - prevY[2]) / (y[2] - prevY[2])
				qq, pp := prevY[0]+a*(y[0]-prevY[0]), prevY[1]+a*(y[1]-prevY[1])
				r, v := cf.FromCanonical(qq, pp)
				near(t, f.String()+" r after one period", r, r0, 1e-5*r0)
				near(t, f.String()+" v after one period", v, 0, 1e-5)
				near(t, f.String()+" H (step) after one period", cf.Energy(y[0], y[1]), E, 1e-10)
				break
			}
		}
	}
}

// TestEnergyRate: for Δ > 0 and a time-dependent input, dH/dt from the
// formula of docs/models.md § MPR energy matches a centred finite difference of H along
// a simulated trajectory (J = 15, η̄ = −5, Δ = 1, I(t) = 0.5 sin 2t).
func TestEnergyRate(t *testing.T) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15,
		Input: func(t float64) float64 { return 0.5 * math.Sin(2*t) }}
	dI := func(t float64) float64 { return math.Cos(2 * t) }
	dt := 1e-4
	ts, err := Trace(&m, dI, 1.5, 0, 10, ode.NewRK4(dt), 0)
	if err != nil {
		t.Fatal(err)
	}
	iH, _ := ts.Index("H")
	iR, _ := ts.Index("dHdt")
	var maxAbs, maxRate, maxRel float64
	for k := 1; k < ts.Len()-1; k++ {
		fd := (ts.At(k+1, iH) - ts.At(k-1, iH)) / (ts.T[k+1] - ts.T[k-1])
		f := ts.At(k, iR)
		maxAbs = math.Max(maxAbs, math.Abs(fd-f))
		maxRate = math.Max(maxRate, math.Abs(f))
		if math.Abs(f) > 0.05 {
			maxRel = math.Max(maxRel, math.Abs(fd-f)/math.Abs(f))
		}
	}
	t.Logf("dH/dt: max |formula − finite difference| = %.2e, max |dH/dt| = %.3g, normalised %.2e, max pointwise relative (|dH/dt| > 0.05) %.2e",
		maxAbs, maxRate, maxAbs/maxRate, maxRel)
	if maxAbs/maxRate > 1e-6 {
		t.Errorf("dH/dt formula vs finite difference: normalised error %.3g > 1e-6", maxAbs/maxRate)
	}
	iP, _ := ts.Index("Hpred")
	n := ts.Len() - 1
	near(t, "H(T) vs H(0) + ∫dH/dt", ts.At(n, iP), ts.At(n, iH), 1e-6)
}

// TestEnergyDecay reproduces docs/models.md § MPR energy; docs/reference-values.md § MPR energy: Δ = 1, J = 15, η̄ = −5
// from (1.5, 0): H decays from 5.38910 to 4.89109 = H at the stable focus
// (r, v) = (1.030597, −0.154430) of §0.4.
func TestEnergyDecay(t *testing.T) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15}
	ts, err := Trace(&m, nil, 1.5, 0, 60, ode.NewRK4(1e-3), 0.1)
	if err != nil {
		t.Fatal(err)
	}
	iH, _ := ts.Index("H")
	near(t, "H(0)", ts.At(0, iH), 5.38910, 5e-6)
	near(t, "H(60)", ts.At(ts.Len()-1, iH), 4.89109, 5e-6)
	near(t, "H at the §0.4 focus", Of(&m, 0).H(1.030597, -0.154430), 4.89109, 5e-6)
	// Δ > 0 does not make H monotone: dH/dt = (Δ/π)∂H/∂R changes sign with
	// ∂H/∂R (positive at the start here, 2.09), but H settles at the focus.
	if r := Of(&m, 0).Rate(1.5, 0, 1, 0); !(r > 0) {
		t.Errorf("dH/dt at (1.5, 0) = %v, want > 0 (∂H/∂R = 2.09)", r)
	}
}

// TestDampingRatio checks the strong-coupling argument of docs/models.md § MPR energy:
// at η̄ = 0 the focus damping ratio |Re λ|/|Im λ| ≈ π²Δ/(√2 J²); J = 10,
// Δ = 1: 0.0698 predicted vs 0.0694 exact. Exact eigenvalues from the
// fixed point of §0.3 (quartic π²r⁴ − Jr³ − ηr² − Δ²/4π² = 0, solved here
// by bisection) and λ = 2v* ± √(2r*(J − 2π²r*)); the relative error of the
// prediction must shrink like Δ/J².
func TestDampingRatio(t *testing.T) {
	exact := func(delta, J float64) float64 {
		f := func(r float64) float64 {
			return math.Pi*math.Pi*r*r*r*r - J*r*r*r - delta*delta/(4*math.Pi*math.Pi)
		}
		r := bisect(f, 1e-6, 10*J, 0)
		v := -delta / (2 * math.Pi * r)
		return math.Abs(2*v) / math.Sqrt(2*r*(2*math.Pi*math.Pi*r-J))
	}
	near(t, "exact J=10", exact(1, 10), 0.0694, 5e-5)
	near(t, "prediction J=10", StrongCouplingDampingRatio(1, 10), 0.0698, 5e-5)
	prevErr := math.Inf(1)
	for _, J := range []float64{10, 20, 40, 80} {
		e, p := exact(1, J), StrongCouplingDampingRatio(1, J)
		rel := math.Abs(p/e - 1)
		t.Logf("J=%g: exact %.6f, predicted %.6f, relative error %.2e", J, e, p, rel)
		if !(rel < prevErr/3) {
			t.Errorf("J=%g: relative error %.3g does not shrink like 1/J² (previous %.3g)", J, rel, prevErr)
		}
		prevErr = rel
	}
}
