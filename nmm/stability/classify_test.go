package stability

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestEigenvaluesAndClassify: closed-form spectra. [[0,1],[−2,−3]] has λ = −1, −2
// (stable node); [[0,−1],[1,0]] has ±i (centre); [[−1,−4],[1,−1]] has
// −1 ± 2i (stable focus); diag(1, −1) is a saddle; an Inf entry is refused.
func TestEigenvaluesAndClassify(t *testing.T) {
	cases := []struct {
		a    []float64
		want []complex128
		kind Kind
	}{
		{[]float64{0, 1, -2, -3}, []complex128{-1, -2}, StableNode},
		{[]float64{0, -1, 1, 0}, []complex128{1i, -1i}, Centre},
		{[]float64{-1, -4, 1, -1}, []complex128{-1 + 2i, -1 - 2i}, StableFocus},
		{[]float64{1, 0, 0, -1}, []complex128{1, -1}, Saddle},
		{[]float64{2, 1, 0, 3}, []complex128{3, 2}, UnstableNode},
	}
	for _, c := range cases {
		ev, err := Eigenvalues(mat.NewDense(2, 2, c.a))
		if err != nil {
			t.Fatal(err)
		}
		for i := range ev {
			if d := ev[i] - c.want[i]; math.Hypot(real(d), imag(d)) > 1e-12 {
				t.Errorf("%v: eigenvalues %v, want %v", c.a, ev, c.want)
				break
			}
		}
		if kind, stable := Classify(ev, 0); kind != c.kind || stable != (c.kind == StableNode || c.kind == StableFocus) {
			t.Errorf("%v: %q stable=%v, want %q", c.a, kind, stable, c.kind)
		}
	}
	if _, err := Eigenvalues(mat.NewDense(2, 2, []float64{1, math.Inf(1), 0, 1})); err == nil {
		t.Error("Inf entry accepted")
	}
}
