package energy

import (
	"errors"
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got=%.10g, want=%.10g, tol=%g (diff %.3g)", name, got, want, tol, got-want)
	}
}

// TestValidationJ0 reproduces docs/reference-values.md § MPR energy, case J = 0, η = 1:
// r_c = 1/π, H_c = 2π√η, ω0 = 2; orbit from (1.5 r_c, 0): H = 6.806784,
// r ∈ [0.21221, 0.47746], period π (analytic, isochronous; §1.2).
func TestValidationJ0(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: 1, J: 0}
	c, err := h.Centre()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "r_c", c.R, 1/math.Pi, 1e-14)
	near(t, "H_c", c.H, 2*math.Pi, 1e-13)
	w, _ := h.Omega0()
	near(t, "omega0", w, 2, 1e-14)
	if _, ok := h.Saddle(); ok {
		t.Error("saddle at eta > 0")
	}
	E := h.H(1.5*c.R, 0)
	near(t, "H(1.5 r_c, 0)", E, 6.806784, 5e-7)
	rmin, rmax, err := h.TurningPoints(E)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "r_min", rmin, 0.21221, 5e-6)
	near(t, "r_max", rmax, 0.47746, 5e-6)
	near(t, "r_max = 1.5 r_c", rmax, 1.5/math.Pi, 1e-14)
	for _, amp := range []float64{1.1, 2, 5, 20} {
		E := h.H(amp*c.R, 0)
		P, err := h.Period(E, 0)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "quadrature period (J=0)", P, math.Pi, 1e-9)
	}
}

// TestCircleJ0 checks §1.2/§1.5: at J = 0 the level set E = 7 (η = 1) is the
// circle (πr − E/(2π))² + v² = E²/(4π²) − η, centre (1.114085, 0), radius
// 0.491105; turning points, exact level-set points and marching-squares
// contour points all lie on it.
func TestCircleJ0(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: 1, J: 0}
	E := 7.0
	cx, rad := E/(2*math.Pi), math.Sqrt(E*E/(4*math.Pi*math.Pi)-1)
	near(t, "circle centre", cx, 1.114085, 5e-7)
	near(t, "circle radius", rad, 0.491105, 5e-7)
	rmin, rmax, _ := h.TurningPoints(E)
	near(t, "pi r_min", math.Pi*rmin, cx-rad, 1e-13)
	near(t, "pi r_max", math.Pi*rmax, cx+rad, 1e-13)
	rs, vs, err := h.LevelSet(E, 200)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rs {
		d := math.Hypot(math.Pi*rs[i]-cx, vs[i]) - rad
		if math.Abs(d) > 1e-9 {
			t.Fatalf("level-set point %d off the circle by %g", i, d)
		}
	}
	r := Linspace(0.05, 0.7, 261)
	v := Linspace(-0.8, 0.8, 321)
	cs, err := h.Contours(r, v, []float64{E})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs[0]) != 1 || !cs[0][0].Closed {
		t.Fatalf("want one closed contour, got %d (closed=%v)", len(cs[0]), len(cs[0]) > 0 && cs[0][0].Closed)
	}
	var maxd float64
	for i := range cs[0][0].X {
		d := math.Abs(math.Hypot(math.Pi*cs[0][0].X[i]-cx, cs[0][0].Y[i]) - rad)
		maxd = math.Max(maxd, d)
	}
	// linear interpolation on a 0.0025 × 0.005 grid: error O(h²·curvature)
	if maxd > 2e-4 {
		t.Errorf("contour max distance from circle %g > 2e-4", maxd)
	}
	t.Logf("marching squares: %d points, max distance from the exact circle %.2e", len(cs[0][0].X), maxd)
}

// TestValidationJ10 reproduces docs/reference-values.md § MPR energy, case J = 10, η = 0:
// r_c = J/π², H_c = 9.868747, ω0 = 4.50158 (T0 = 1.39577); orbit from
// (1.5 r_c, 0): E = 10.814096, r_min = 0.634050, v_max = 1.000916,
// period 1.45771.
func TestValidationJ10(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	c, err := h.Centre()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "r_c", c.R, 10/(math.Pi*math.Pi), 1e-14)
	near(t, "r_c (table)", c.R, 1.013212, 5e-7)
	near(t, "H_c", c.H, 9.868747, 5e-7)
	w, _ := h.Omega0()
	near(t, "omega0", w, 4.50158, 5e-6)
	near(t, "T0", 2*math.Pi/w, 1.39577, 5e-6)
	E := h.H(1.5*c.R, 0)
	near(t, "E", E, 10.814096, 5e-7)
	rmin, _, err := h.TurningPoints(E)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "r_min", rmin, 0.634050, 5e-7)
	// v_max: maximum of v² = R(E − U(R)) over R, where
	// d/dR[R(E − U)] = E − U − R U' = 0 (solved by bisection).
	f := func(R float64) float64 { return E - h.u(R) - R*h.du(R) }
	Rv := bisect(f, rmin, 1.5*c.R, 0)
	near(t, "v_max", math.Sqrt(Rv*(E-h.u(Rv))), 1.000916, 5e-7)
	P, err := h.Period(E, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "period (quadrature)", P, 1.45771, 5e-6)
	ar, _ := h.AxisRatio()
	// 2π²R_c − J = J at η = 0 → ratio √(2R_c/J) = √2/π
	near(t, "axis ratio", ar, math.Sqrt2/math.Pi, 1e-14)
}

// TestSaddleAndHomoclinic checks the saddle of §1.2 against the MPR fixed
// points of docs/reference-values.md § MPR in the limit Δ → 0 structure: J = 15, η = −5
// has r_{c,s} = (15 ± √(225 − 20π²))/(2π²), and U'(r) = 0 there, U(r_s) is a
// maximum, the homoclinic r_max solves U = H_s.
func TestSaddleAndHomoclinic(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	s, ok := h.Saddle()
	if !ok {
		t.Fatal("no saddle")
	}
	c, _ := h.Centre()
	d := math.Sqrt(225 - 20*math.Pi*math.Pi)
	near(t, "r_s", s.R, (15-d)/(2*math.Pi*math.Pi), 1e-14)
	near(t, "r_c", c.R, (15+d)/(2*math.Pi*math.Pi), 1e-14)
	near(t, "U'(r_s)", h.du(s.R), 0, 1e-12)
	if !(h.u(s.R*0.99) < s.H && h.u(s.R*1.01) < s.H) {
		t.Error("saddle is not a maximum of U")
	}
	Es, rmax, ok := h.Homoclinic()
	if !ok {
		t.Fatal("no homoclinic")
	}
	near(t, "H_s", Es, s.H, 0)
	near(t, "U(r_max) = H_s", h.u(rmax), Es, 1e-12*math.Abs(Es))
	lo, hi, err := h.TurningPoints(Es)
	if err != nil || lo != s.R || hi != rmax {
		t.Errorf("TurningPoints(H_s) = %v, %v, %v; want %v, %v", lo, hi, err, s.R, rmax)
	}
}

// TestErrors: bad input gets a clear error wrapping the sentinel.
func TestErrors(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	Es, _, _ := h.Homoclinic()
	c, _ := h.Centre()
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"r<=0", func() error { _, err := h.Eval(0, 0); return err }(), ErrDomain},
		{"r<0", func() error { _, err := h.Eval(-1, 0); return err }(), ErrDomain},
		{"above saddle", func() error { _, _, err := h.TurningPoints(Es + 0.1); return err }(), ErrUnbounded},
		{"below centre", func() error { _, _, err := h.TurningPoints(c.H - 0.1); return err }(), ErrBelowCentre},
		{"no centre", func() error { _, err := (Hamiltonian{Tau: 1, Eta: -5, J: 1}).Centre(); return err }(), ErrNoCentre},
		{"no centre J<0", func() error { _, err := (Hamiltonian{Tau: 1, Eta: 0, J: -1}).Centre(); return err }(), ErrNoCentre},
		{"orbit r0<=0", func() error { _, err := Orbit(h, 0, 0, 1, ode.NewRK4(1e-3), nil); return err }(), ErrDomain},
		{"orbit left of saddle", func() error { _, err := Orbit(h, 0.3, 0, 1, ode.NewRK4(1e-3), nil); return err }(), ErrUnbounded},
		{"orbit above saddle", func() error { _, err := Orbit(h, c.R, 3, 1, ode.NewRK4(1e-3), nil); return err }(), ErrUnbounded},
	}
	for _, tc := range cases {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, tc.err, tc.want)
		} else {
			t.Logf("%s: %v", tc.name, tc.err)
		}
	}
	if err := (Hamiltonian{Tau: 0}).Validate(); err == nil {
		t.Error("Tau = 0 accepted")
	}
	if _, err := (Hamiltonian{Tau: 1, Eta: math.NaN()}).Eval(1, 0); err == nil {
		t.Error("NaN eta accepted")
	}
}

// TestPhysicalTau: with physical τ the energy is H(τr, v) of the
// dimensionless model, conserved along nmm.MPR trajectories with that τ;
// rates scale as 1/τ and frequencies as 1/τ (docs/models.md § MPR mean field; docs/models.md § MPR energy).
func TestPhysicalTau(t *testing.T) {
	h1 := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	h := Hamiltonian{Tau: 20, Eta: 0, J: 10}
	c1, _ := h1.Centre()
	c, _ := h.Centre()
	near(t, "r_c scales 1/τ", c.R, c1.R/20, 1e-15)
	near(t, "H_c invariant", c.H, c1.H, 1e-12)
	w1, _ := h1.Omega0()
	w, _ := h.Omega0()
	near(t, "omega0 scales 1/τ", w, w1/20, 1e-14)
	E := h.H(1.5*c.R, 0)
	P1, _ := h1.Period(E, 0)
	P, _ := h.Period(E, 0)
	near(t, "period scales τ", P, 20*P1, 1e-9)
	st, err := Orbit(h, 1.5*c.R, 0, 5*P, ode.NewRK4(P/2000), nil)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "simulated period (τ = 20)", st.Period, P, 1e-7*P)
	if st.HDrift > 1e-9 {
		t.Errorf("drift %g with τ = 20", st.HDrift)
	}
	// dH/dt formula with τ: finite difference of H along nmm.MPR, Δ > 0.
	m := nmm.MPR{Tau: 20, Delta: 1, EtaBar: -5, J: 15}
	hh := Of(&m, 0)
	y := []float64{1.5 / 20, 0}
	dy := make([]float64, 2)
	m.Deriv(dy, 0, y)
	eps := 1e-6
	Hp := hh.H(y[0]+eps*dy[0], y[1]+eps*dy[1])
	Hm := hh.H(y[0]-eps*dy[0], y[1]-eps*dy[1])
	near(t, "dH/dt(τ=20)", hh.Rate(y[0], y[1], m.Delta, 0), (Hp-Hm)/(2*eps), 1e-7)
}

// TestDulac checks the Bendixson–Dulac remark of docs/models.md § MPR energy: the field
// r⁻²(ṙ, v̇) of the MPR model has divergence −2Δ/(π r³) (zero at Δ = 0,
// the integrating factor; negative for Δ > 0, no periodic orbits).
func TestDulac(t *testing.T) {
	for _, delta := range []float64{0, 0.7} {
		m := nmm.MPR{Tau: 1, Delta: delta, EtaBar: -2, J: 9, I: 0.3}
		g := func(r, v float64) (float64, float64) {
			d := make([]float64, 2)
			m.Deriv(d, 0, []float64{r, v})
			return d[0] / (r * r), d[1] / (r * r)
		}
		for _, p := range [][2]float64{{0.3, -0.5}, {1.2, 0.4}} {
			r, v, h := p[0], p[1], 1e-5
			a, _ := g(r+h, v)
			b, _ := g(r-h, v)
			_, c := g(r, v+h)
			_, d := g(r, v-h)
			div := (a-b)/(2*h) + (c-d)/(2*h)
			near(t, "div r⁻²f", div, -2*delta/(math.Pi*r*r*r), 1e-6)
		}
	}
}
