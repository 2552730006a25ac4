package ode

import (
	"math"
	"testing"
)

// riccati: y' = −2 t y², y(0) = 1, exact y = 1/(1+t²) (non-autonomous, nonlinear).
var riccati = Func{N: 1, F: func(dst []float64, t float64, y []float64) { dst[0] = -2 * t * y[0] * y[0] }}

func riccatiExact(t float64) []float64 { return []float64{1 / (1 + t*t)} }

// oscillator: x' = v, v' = −x, (x, v)(0) = (1, 0), exact (cos t, −sin t).
type oscillator struct{}

func (oscillator) Dim() int                                    { return 2 }
func (oscillator) Vars() []string                              { return []string{"x", "v"} }
func (oscillator) Deriv(dst []float64, t float64, y []float64) { dst[0], dst[1] = y[1], -y[0] }

func oscExact(t float64) []float64 { return []float64{math.Cos(t), -math.Sin(t)} }

func maxAbsDiff(a, b []float64) float64 {
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

// endError integrates with Solve and returns the max error at t1.
func endError(t *testing.T, sys System, st Stepper, t1 float64, y0 []float64, exact func(float64) []float64) float64 {
	t.Helper()
	if _, err := Solve(sys, st, 0, t1, y0, nil, nil); err != nil {
		t.Fatal(err)
	}
	tn, y := st.State()
	if tn != t1 {
		t.Fatalf("final time %v, want exactly %v", tn, t1)
	}
	return maxAbsDiff(y, exact(t1))
}

// TestConvergenceOrder measures the order p of the fixed-step methods from
// the error ratio when the step is halved (≈ 2^p), on problems with analytic
// solutions (HNW I, §II.1: Euler p = 1, Heun p = 2, RK4 p = 4).
func TestConvergenceOrder(t *testing.T) {
	type problem struct {
		name  string
		sys   System
		t1    float64
		y0    []float64
		exact func(float64) []float64
	}
	problems := []problem{
		{"riccati", riccati, 2, []float64{1}, riccatiExact},
		{"oscillator", oscillator{}, 2 * math.Pi, []float64{1, 0}, oscExact},
	}
	methods := []struct {
		name string
		p    float64
		make func(dt float64) Stepper
		n0   int
	}{
		{"Euler", 1, func(dt float64) Stepper { return NewEuler(dt) }, 400},
		{"Heun", 2, func(dt float64) Stepper { return NewHeun(dt) }, 100},
		{"RK4", 4, func(dt float64) Stepper { return NewRK4(dt) }, 25},
	}
	for _, m := range methods {
		for _, pr := range problems {
			t.Run(m.name+"/"+pr.name, func(t *testing.T) {
				var errs []float64
				for k := 0; k < 4; k++ {
					n := m.n0 << k
					errs = append(errs, endError(t, pr.sys, m.make(pr.t1/float64(n)), pr.t1, pr.y0, pr.exact))
				}
				for k := 1; k < len(errs); k++ {
					p := math.Log2(errs[k-1] / errs[k])
					t.Logf("dt=%.4g err=%.3e observed order %.3f", pr.t1/float64(m.n0<<k), errs[k], p)
					if k == len(errs)-1 && math.Abs(p-m.p) > 0.1 {
						t.Errorf("observed order got=%.3f, want=%v, tol=0.1", p, m.p)
					}
				}
			})
		}
	}
}

// TestFixedLanding: a step that does not divide the interval is shortened
// at the end; t = t0 + n·Dt does not accumulate rounding errors.
func TestFixedLanding(t *testing.T) {
	lin := Func{N: 1, F: func(dst []float64, t float64, y []float64) { dst[0] = 1 }}
	for _, st := range []Stepper{NewEuler(0.3), NewHeun(0.3), NewRK4(0.3)} {
		stats, err := Solve(lin, st, 0, 1, []float64{0}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		tn, y := st.State()
		if tn != 1 || stats.Steps != 4 || math.Abs(y[0]-1) > 1e-15 {
			t.Errorf("%T: got t=%v steps=%d y=%v, want t=1 steps=4 y=1", st, tn, stats.Steps, y[0])
		}
	}
	// 10⁵ steps of 10⁻³: every step time is t0 + n·Dt (to within one rounding).
	st := NewEuler(1e-3)
	var worst float64
	n := 0
	_, err := Solve(lin, st, 0, 100, []float64{0}, nil, ObserverFunc(func(tt float64, y []float64) error {
		worst = math.Max(worst, math.Abs(tt-float64(n)*1e-3))
		n++
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if tn, _ := st.State(); tn != 100 || n != 100001 || worst > 1e-13 {
		t.Errorf("got t=%v samples=%d worst time error=%g, want 100, 100001, ≤1e-13", tn, n, worst)
	}
}

func TestFixedBadDt(t *testing.T) {
	for _, dt := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		for _, st := range []Stepper{NewEuler(dt), NewHeun(dt), NewRK4(dt)} {
			if err := st.Init(riccati, 0, []float64{1}); err == nil {
				t.Errorf("%T Dt=%v: no error", st, dt)
			}
		}
	}
}
