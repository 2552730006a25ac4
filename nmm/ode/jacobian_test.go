package ode

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// trig is f(y) = (sin(y0)·y1, y0² + exp(y1/100)), with the hand-derived
// Jacobian [[cos(y0)·y1, sin(y0)], [2y0, exp(y1/100)/100]].
type trig struct{}

func (trig) Dim() int { return 2 }
func (trig) Deriv(dst []float64, _ float64, y []float64) {
	dst[0] = math.Sin(y[0]) * y[1]
	dst[1] = y[0]*y[0] + math.Exp(y[1]/100)
}

// TestNumJac: central differences with the FDStep rule against the
// analytic Jacobian, at a state whose variables differ in scale by 10³
// (per-column steps); the error bound ε^{2/3}·scale² ≈ 1e-6 for |y1| = 300.
func TestNumJac(t *testing.T) {
	y := []float64{0.7, -300}
	want := mat.NewDense(2, 2, []float64{
		math.Cos(y[0]) * y[1], math.Sin(y[0]),
		2 * y[0], math.Exp(y[1]/100) / 100,
	})
	got := mat.NewDense(2, 2, nil)
	jf := NumJac(trig{})
	jf(got, 0, y)
	for i := range 2 {
		for j := range 2 {
			if d := math.Abs(got.At(i, j) - want.At(i, j)); d > 1e-6*math.Max(1, math.Abs(want.At(i, j))) {
				t.Errorf("J[%d][%d] got=%v, want=%v", i, j, got.At(i, j), want.At(i, j))
			}
		}
	}
	if a := testing.AllocsPerRun(100, func() { jf(got, 0, y) }); a != 0 {
		t.Errorf("NumJac allocates %v times per call", a)
	}
	if h := FDStep(-300); h != cbrtEps*300 {
		t.Errorf("FDStep(-300) = %v, want %v", h, cbrtEps*300)
	}
	if h := FDStep(0.01); h != cbrtEps {
		t.Errorf("FDStep(0.01) = %v, want %v", h, cbrtEps)
	}
}
