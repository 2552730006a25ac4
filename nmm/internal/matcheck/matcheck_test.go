package matcheck

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestFinite(t *testing.T) {
	if err := Finite(mat.NewDense(2, 2, []float64{1, 2, 3, 4})); err != nil {
		t.Errorf("finite matrix: %v", err)
	}
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		err := Finite(mat.NewDense(2, 3, []float64{1, 2, 3, 4, v, 6}))
		if err == nil || err.Error() != "matrix entry (1, 1) = "+map[bool]string{true: "NaN", false: map[bool]string{true: "+Inf", false: "-Inf"}[v > 0]}[math.IsNaN(v)] {
			t.Errorf("entry %v: err = %v", v, err)
		}
	}
}
