package msf

import (
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// TestEigenNonFinite: a NaN or ±Inf weight is an error naming the entry,
// returned at once (gonum's balancing loop would never terminate on it).
func TestEigenNonFinite(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		w := mat.NewDense(3, 3, []float64{0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0})
		w.Set(2, 1, bad)
		done := make(chan error, 1)
		go func() { _, _, err := Eigen(w); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "(2, 1)") {
				t.Errorf("W[2][1] = %v: error %v, want one naming entry (2, 1)", bad, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("W[2][1] = %v: Eigen did not return within 10 s", bad)
		}
	}
}

// TestEigenAnalytic: the ring of 4 nodes with row-normalised nearest-neighbour
// weights (circulant) has eigenvalues cos(2πk/4) = 1, 0, 0, −1, sorted by
// decreasing real part, with unit-norm right eigenvectors.
func TestEigenAnalytic(t *testing.T) {
	w := mat.NewDense(4, 4, []float64{
		0, 0.5, 0, 0.5,
		0.5, 0, 0.5, 0,
		0, 0.5, 0, 0.5,
		0.5, 0, 0.5, 0,
	})
	lam, vec, err := Eigen(w)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 0, 0, -1}
	for k, l := range lam {
		if math.Abs(real(l)-want[k]) > 1e-12 || math.Abs(imag(l)) > 1e-12 {
			t.Errorf("Λ_%d = %v, want %v", k, l, want[k])
		}
		// W φ = Λ φ and |φ| = 1
		norm := 0.0
		for i := 0; i < 4; i++ {
			var wp complex128
			for j := 0; j < 4; j++ {
				wp += complex(w.At(i, j), 0) * vec.At(j, k)
			}
			if d := wp - l*vec.At(i, k); math.Hypot(real(d), imag(d)) > 1e-12 {
				t.Errorf("mode %d row %d: (Wφ − Λφ) = %v", k, i, d)
			}
			x := vec.At(i, k)
			norm += real(x)*real(x) + imag(x)*imag(x)
		}
		if math.Abs(norm-1) > 1e-12 {
			t.Errorf("mode %d: |φ|² = %v, want 1", k, norm)
		}
	}
}
