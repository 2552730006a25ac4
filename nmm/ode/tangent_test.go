package ode

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// damped is the linear damped oscillator y' = A y with
// A = [[0, 1], [−1, −2ζ]], whose fundamental matrix is
// Φ(t) = e^{−ζt} [[cos ωt + (ζ/ω) sin ωt, sin ωt / ω],
// [−sin ωt / ω, cos ωt − (ζ/ω) sin ωt]], ω = √(1 − ζ²).
type damped struct{ zeta float64 }

func (damped) Dim() int { return 2 }
func (d damped) Deriv(dst []float64, _ float64, y []float64) {
	dst[0] = y[1]
	dst[1] = -y[0] - 2*d.zeta*y[1]
}
func (d damped) Jac(dst *mat.Dense, _ float64, _ []float64) {
	dst.Set(0, 0, 0)
	dst.Set(0, 1, 1)
	dst.Set(1, 0, -1)
	dst.Set(1, 1, -2*d.zeta)
}

// TestTangentFundamentalMatrix: Φ(T) from the tangent system (analytic
// Jacobian and Jacobian-free differences) against the closed form.
func TestTangentFundamentalMatrix(t *testing.T) {
	d := damped{zeta: 0.1}
	const T = 5.0
	w := math.Sqrt(1 - d.zeta*d.zeta)
	e, s, c := math.Exp(-d.zeta*T), math.Sin(w*T), math.Cos(w*T)
	want := mat.NewDense(2, 2, []float64{
		e * (c + d.zeta/w*s), e * s / w,
		-e * s / w, e * (c - d.zeta/w*s),
	})
	for _, c := range []struct {
		name string
		jac  JacFunc
		tol  float64
	}{{"analytic", d.Jac, 1e-9}, {"jacobian-free", nil, 1e-8}} {
		tg := NewTangent(d, 2, c.jac)
		z := make([]float64, tg.Dim())
		z[0], z[1] = 0.3, -0.2
		tg.SetIdentity(z)
		rk := NewRK4(T / 2000)
		if err := rk.Init(tg, 0, z); err != nil {
			t.Fatal(err)
		}
		for range 2000 {
			if err := rk.Step(); err != nil {
				t.Fatal(err)
			}
		}
		_, zt := rk.State()
		got := mat.NewDense(2, 2, nil)
		tg.Matrix(got, zt)
		for i := range 2 {
			for j := range 2 {
				if diff := math.Abs(got.At(i, j) - want.At(i, j)); diff > c.tol {
					t.Errorf("%s: Φ[%d][%d] got=%v, want=%v, tol=%g", c.name, i, j, got.At(i, j), want.At(i, j), c.tol)
				}
			}
		}
		dst := make([]float64, tg.Dim())
		if a := testing.AllocsPerRun(100, func() { tg.Deriv(dst, 0, zt) }); a != 0 {
			t.Errorf("%s: Deriv allocates %v times", c.name, a)
		}
	}
}
