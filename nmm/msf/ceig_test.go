package msf

import (
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Complex matrices with known spectra: A = S D S⁻¹ with random complex S.
func TestCeigKnownSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		n := 1 + trial%8
		d := make([]complex128, n)
		for i := range d {
			d[i] = complex(rng.NormFloat64()*3, rng.NormFloat64())
		}
		s := make([]complex128, n*n)
		for i := range s {
			s[i] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		// A = S D S⁻¹: solve via gonum on the real 2n embedding is awkward;
		// use upper-triangular T with diagonal d, then A = S T S⁻¹ computed
		// with a complex Gauss–Jordan inverse.
		inv, _ := cinverse(s, n)
		a := make([]complex128, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				var v complex128
				for k := 0; k < n; k++ {
					v += s[i*n+k] * d[k] * inv[k*n+j]
				}
				a[i*n+j] = v
			}
		}
		got := make([]complex128, n)
		if !ceig(got, a, n) {
			t.Fatalf("n=%d: no convergence", n)
		}
		want := append([]complex128(nil), d...)
		sortExp(want)
		for i := range got {
			if cmplx.Abs(got[i]-want[i]) > 1e-8*(1+cmplx.Abs(want[i])) {
				t.Errorf("n=%d: eigenvalue %d = %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}

// Real matrices: compare with gonum's Eigen (LAPACK dgeev port).
func TestCeigReal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 30; trial++ {
		n := 2 + trial%9
		data := make([]float64, n*n)
		for i := range data {
			data[i] = rng.NormFloat64()
		}
		var eig mat.Eigen
		eig.Factorize(mat.NewDense(n, n, data), mat.EigenNone)
		want := eig.Values(nil)
		sortExp(want)
		a := make([]complex128, n*n)
		for i, v := range data {
			a[i] = complex(v, 0)
		}
		got := make([]complex128, n)
		if !ceig(got, a, n) {
			t.Fatal("no convergence")
		}
		for i := range got {
			if cmplx.Abs(got[i]-want[i]) > 1e-9*(1+cmplx.Abs(want[i])) {
				t.Errorf("n=%d: eigenvalue %d = %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}
