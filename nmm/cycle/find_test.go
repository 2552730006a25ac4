package cycle

import (
	"errors"
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// stuartLandau is the Hopf normal form in Cartesian coordinates,
//
//	dx/dt = μ x − ω y + (a x − b y)(x²+y²)
//	dy/dt = ω x + μ y + (b x + a y)(x²+y²)
//
// plus a decoupled linear variable dz/dt = −κ z. For μ > 0, a < 0 the limit
// cycle is the circle of radius ρ = √(−μ/a) with angular frequency
// ω + b ρ², and Floquet multipliers 1, exp(−2μ T), exp(−κ T).
type stuartLandau struct{ mu, omega, a, b, kappa float64 }

func (s *stuartLandau) Dim() int { return 3 }
func (s *stuartLandau) Deriv(dst []float64, t float64, y []float64) {
	x, v, z := y[0], y[1], y[2]
	r2 := x*x + v*v
	dst[0] = s.mu*x - s.omega*v + (s.a*x-s.b*v)*r2
	dst[1] = s.omega*x + s.mu*v + (s.b*x+s.a*v)*r2
	dst[2] = -s.kappa * z
}
func (s *stuartLandau) Jac(dst *mat.Dense, t float64, y []float64) {
	x, v := y[0], y[1]
	r2 := x*x + v*v
	dst.Zero()
	dst.Set(0, 0, s.mu+s.a*r2+(s.a*x-s.b*v)*2*x)
	dst.Set(0, 1, -s.omega-s.b*r2+(s.a*x-s.b*v)*2*v)
	dst.Set(1, 0, s.omega+s.b*r2+(s.b*x+s.a*v)*2*x)
	dst.Set(1, 1, s.mu+s.a*r2+(s.b*x+s.a*v)*2*v)
	dst.Set(2, 2, -s.kappa)
}

func TestFindStuartLandau(t *testing.T) {
	s := &stuartLandau{mu: 0.5, omega: 2, a: -2, b: 1, kappa: 0.3}
	rho2 := -s.mu / s.a
	T := 2 * math.Pi / (s.omega + s.b*rho2)
	for _, jac := range []struct {
		name string
		f    JacFunc
	}{{"analytic", s.Jac}, {"numeric", NumJac(s)}} {
		o, err := Find(s, []float64{0.1, 0, 1}, &Options{Jac: jac.f, Dt: 0.01, Transient: 50, Window: 20})
		if err != nil {
			t.Fatalf("%s: %v", jac.name, err)
		}
		if math.Abs(o.Period-T) > 1e-9*T {
			t.Errorf("%s: period got=%v, want=%v", jac.name, o.Period, T)
		}
		if r := math.Hypot(o.Y0[0], o.Y0[1]); math.Abs(r-math.Sqrt(rho2)) > 1e-9 {
			t.Errorf("%s: radius got=%v, want=%v", jac.name, r, math.Sqrt(rho2))
		}
		want := []complex128{1, complex(math.Exp(-s.kappa*T), 0), complex(math.Exp(-2*s.mu*T), 0)}
		for i, w := range want {
			if cmplx.Abs(o.Multipliers[i]-w) > 1e-7 {
				t.Errorf("%s: multiplier %d got=%v, want=%v", jac.name, i, o.Multipliers[i], w)
			}
		}
		if o.Trivial != 0 || o.TrivialError > 1e-6 || !o.Stable {
			t.Errorf("%s: trivial %d error %v stable %v", jac.name, o.Trivial, o.TrivialError, o.Stable)
		}
		if mu := o.Exponents[2]; math.Abs(real(mu)+2*s.mu) > 1e-7 {
			t.Errorf("%s: exponent got=%v, want=%v", jac.name, mu, -2*s.mu)
		}
	}
}

// TestMonodromyLinear compares Φ(T) of a damped rotation with the matrix
// exponential exp(A T) = e^{−γT} [[cos ωT, −sin ωT],[sin ωT, cos ωT]].
func TestMonodromyLinear(t *testing.T) {
	g, w, T := 0.3, 1.7, 1.5 // ωT < π: principal log branch
	sys := ode.Func{N: 2, F: func(dst []float64, t float64, y []float64) {
		dst[0] = -g*y[0] - w*y[1]
		dst[1] = w*y[0] - g*y[1]
	}}
	jac := func(dst *mat.Dense, t float64, y []float64) {
		dst.Set(0, 0, -g)
		dst.Set(0, 1, -w)
		dst.Set(1, 0, w)
		dst.Set(1, 1, -g)
	}
	M := mat.NewDense(2, 2, nil)
	if err := Monodromy(M, sys, jac, []float64{1, 0}, T); err != nil {
		t.Fatal(err)
	}
	e := math.Exp(-g * T)
	want := []float64{e * math.Cos(w*T), -e * math.Sin(w*T), e * math.Sin(w*T), e * math.Cos(w*T)}
	for k, v := range want {
		if d := math.Abs(M.At(k/2, k%2) - v); d > 1e-12 {
			t.Errorf("Φ[%d][%d] got=%v, want=%v", k/2, k%2, M.At(k/2, k%2), v)
		}
	}
	mu, _ := Multipliers(M)
	ex := Exponents(mu, T)
	for _, x := range ex {
		if math.Abs(real(x)+g) > 1e-12 || math.Abs(math.Abs(imag(x))-w) > 1e-12 {
			t.Errorf("exponent got=%v, want=-%v±%vi", x, g, w)
		}
	}
}

// TestFindEI checks the PING cycles of the E–I node against docs/reference-values.md § E–I node:
// single node at IE = 10: 46.8 Hz; homogeneous system (SelfCoupled, ε = 8) at IE = 12:
// 71.93 Hz with uniform-mode exponents 0, −0.147 ± 0.116i (1/ms); ε = 12,
// IE = 5: 27.38 Hz. Every cycle's trivial multiplier equals 1 to 1e-6.
func TestFindEI(t *testing.T) {
	cases := []struct {
		ie, eps, fHz float64
		mu           complex128 // leading non-trivial exponent (0: not checked)
	}{
		{10, 0, 46.8, 0},
		{12, 8, 71.93, complex(-0.147, 0.116)},
		{5, 12, 27.38, 0},
	}
	for _, c := range cases {
		m := nmm.DefaultEI()
		m.IE = c.ie
		o, err := Find(&nmm.SelfCoupled{Node: &m, G: c.eps}, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil)
		if err != nil {
			t.Fatalf("IE=%v eps=%v: %v", c.ie, c.eps, err)
		}
		f := 1000 / o.Period
		if math.Abs(f-c.fHz) > 0.2 {
			t.Errorf("IE=%v eps=%v: frequency got=%v Hz, want=%v, tol=0.2", c.ie, c.eps, f, c.fHz)
		}
		if o.TrivialError > 1e-6 || !o.Stable {
			t.Errorf("IE=%v eps=%v: |μ_trivial−1| = %v, stable %v", c.ie, c.eps, o.TrivialError, o.Stable)
		}
		if c.mu != 0 {
			// exponents sorted by multiplier modulus: 0, then the pair
			got := o.Exponents[1]
			if math.Abs(real(got)-real(c.mu)) > 1e-3 || math.Abs(math.Abs(imag(got))-imag(c.mu)) > 1e-3 {
				t.Errorf("IE=%v eps=%v: exponent got=%v, want=%v", c.ie, c.eps, got, c.mu)
			}
		}
	}
	// IE = 3: stable rest state; IE = 5.99: just below the Hopf point
	// (5.99319), a slowly damped oscillation
	for _, ie := range []float64{3, 5.99} {
		m := nmm.DefaultEI()
		m.IE = ie
		if _, err := Find(&m, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil); !errors.Is(err, ErrStationary) {
			t.Errorf("IE=%v (stable rest state): err = %v, want ErrStationary", ie, err)
		}
	}
}

func TestMonodromyNoAllocPerStep(t *testing.T) {
	m := nmm.DefaultEI()
	m.IE = 10
	in := newIntegrator(&m, m.Jac, 100)
	y := []float64{0.05, -1, 0.05, 0.05, -1, 0.05}
	if n := testing.AllocsPerRun(5, func() { _ = in.flow(y, 20, true) }); n != 0 {
		t.Errorf("flow allocates %v times", n)
	}
}

func BenchmarkMonodromyEI(b *testing.B) {
	m := nmm.DefaultEI()
	m.IE = 10
	o, err := Find(&m, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil)
	if err != nil {
		b.Fatal(err)
	}
	M := mat.NewDense(6, 6, nil)
	b.ReportAllocs()
	for b.Loop() {
		if err := Monodromy(M, &m, m.Jac, o.Y0, o.Period); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindEI(b *testing.B) {
	m := nmm.DefaultEI()
	m.IE = 10
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Find(&m, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
