package stability

import (
	"errors"
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// TestNewtonNoRoot checks the error of Newton on f(y) = y² + 1 (no real root).
func TestNewtonNoRoot(t *testing.T) {
	sys := ode.Func{N: 1, F: func(dst []float64, _ float64, y []float64) { dst[0] = y[0]*y[0] + 1 }}
	if _, err := Newton(sys, []float64{0.3}, &Settings{MaxIter: 50}); !errors.Is(err, ErrNoConvergence) {
		t.Fatalf("err = %v, want ErrNoConvergence", err)
	}
	fps, err := FixedPoints(sys, [][]float64{{1}, {-2}}, nil)
	if err != nil || len(fps) != 0 {
		t.Fatalf("FixedPoints = %v, %v; want none", fps, err)
	}
	if _, err := Newton(sys, []float64{1, 2}, nil); err == nil {
		t.Fatal("seed of wrong length accepted")
	}
}

// TestNewtonDamped checks that the line search converges from a far seed
// where plain Newton overshoots: f(y) = arctan(y) (plain Newton diverges for
// |y0| > 1.3917).
func TestNewtonDamped(t *testing.T) {
	sys := ode.Func{N: 1, F: func(dst []float64, _ float64, y []float64) { dst[0] = math.Atan(y[0]) }}
	y, err := Newton(sys, []float64{10}, nil)
	if err != nil || math.Abs(y[0]) > 1e-12 {
		t.Fatalf("Newton(atan, 10) = %v, %v; want 0", y, err)
	}
}

// TestClassify checks the classification of hand-made spectra
// (Kuznetsov 2004, §2.1).
func TestClassify(t *testing.T) {
	cases := []struct {
		ev     []complex128
		kind   Kind
		stable bool
	}{
		{[]complex128{-1, -2}, StableNode, true},
		{[]complex128{complex(-1, 2), complex(-1, -2)}, StableFocus, true},
		{[]complex128{complex(-1, 2), complex(-1, -2), -3}, StableFocus, true},
		{[]complex128{1, -2}, Saddle, false},
		{[]complex128{complex(0.5, 1), complex(0.5, -1), -1}, Saddle, false},
		{[]complex128{1, 2}, UnstableNode, false},
		{[]complex128{complex(1, 2), complex(1, -2)}, UnstableFocus, false},
		{[]complex128{complex(0, 2), complex(0, -2)}, Centre, false},
		{[]complex128{0, -1}, NonHyperbolic, false},
		{[]complex128{complex(0, 2), complex(0, -2), -1}, NonHyperbolic, false},
	}
	for _, c := range cases {
		kind, stable := Classify(c.ev, 0)
		if kind != c.kind || stable != c.stable {
			t.Errorf("Classify(%v) = %q, %v; want %q, %v", c.ev, kind, stable, c.kind, c.stable)
		}
	}
}

// TestEigenvaluesNonFinite: a Jacobian with an Inf or NaN entry (e.g. from
// parameters so large that the state overflows) is an error, not an endless
// loop in the LAPACK balancing step; and the MPR fixed points at such
// parameters return (an error or nothing) instead of hanging.
func TestEigenvaluesNonFinite(t *testing.T) {
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		a := mat.NewDense(2, 2, []float64{1, 2, v, 4})
		if ev, err := Eigenvalues(a); err == nil {
			t.Errorf("entry %v: eigenvalues %v, want an error", v, ev)
		}
	}
}
