package stability

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Settings: nil and zero fields are the documented defaults, a negative
// tolerance or iteration count an error (before, negative values silently
// meant the default). Newton on f(y) = y² − 2 finds √2 to the default
// tolerance 1e-10.
func TestSettingsDefaults(t *testing.T) {
	sys := ode.Func{N: 1, F: func(dst []float64, _ float64, y []float64) { dst[0] = y[0]*y[0] - 2 }}
	for _, s := range []*Settings{nil, {}, {MaxIter: 5}} {
		y, err := Newton(sys, []float64{1}, s)
		if err != nil || math.Abs(y[0]-math.Sqrt2) > 1e-10 {
			t.Errorf("%+v: %v, %v", s, y, err)
		}
	}
	for _, s := range []*Settings{{Tol: -1}, {MaxIter: -3}, {DedupTol: -1}, {ZeroTol: math.NaN()}} {
		if _, err := Newton(sys, []float64{1}, s); err == nil {
			t.Errorf("%+v accepted", *s)
		}
	}
}
