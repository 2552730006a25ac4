package cycle

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestMultipliersNonFinite: a monodromy matrix with a NaN or Inf entry (a
// diverged variational integration) is an error, not an endless loop in
// LAPACK's balancing step.
func TestMultipliersNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		if mu, err := Multipliers(mat.NewDense(2, 2, []float64{1, 0, v, 1})); err == nil {
			t.Errorf("entry %v: multipliers %v, want an error", v, mu)
		}
	}
}
