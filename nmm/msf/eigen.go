package msf

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/internal/matcheck"
)

// Eigen returns the eigenvalues of the coupling matrix w (N×N, row =
// target) sorted by decreasing real part, and the matching right
// eigenvectors as the columns of an N×N complex matrix (W φ = Λ φ, unit
// Euclidean norm). For a row-normalised W the first eigenvalue is Λ = 1
// with eigenvector ∝ (1, …, 1). A non-finite entry of w is an error (gonum's
// eigen-decomposition would not terminate).
func Eigen(w mat.Matrix) ([]complex128, *mat.CDense, error) {
	r, c := w.Dims()
	if r != c || r == 0 {
		return nil, nil, fmt.Errorf("msf: coupling matrix is %d×%d, want square and non-empty", r, c)
	}
	if err := matcheck.Finite(w); err != nil {
		return nil, nil, fmt.Errorf("msf: coupling %w", err)
	}
	var e mat.Eigen
	if !e.Factorize(w, mat.EigenRight) {
		return nil, nil, errors.New("msf: eigen decomposition of the coupling matrix failed")
	}
	vals := e.Values(nil)
	var vecs mat.CDense
	e.VectorsTo(&vecs)
	order := make([]int, r)
	for i := range order {
		order[i] = i
	}
	sorted := append([]complex128(nil), vals...)
	sortExp(sorted)
	used := make([]bool, r)
	for k, v := range sorted {
		for i := range vals {
			if !used[i] && vals[i] == v {
				order[k], used[i] = i, true
				break
			}
		}
	}
	out := mat.NewCDense(r, r, nil)
	for k, i := range order {
		norm := 0.0
		for row := 0; row < r; row++ {
			x := vecs.At(row, i)
			norm += real(x)*real(x) + imag(x)*imag(x)
		}
		norm = math.Sqrt(norm)
		for row := 0; row < r; row++ {
			out.Set(row, k, vecs.At(row, i)/complex(norm, 0))
		}
	}
	return sorted, out, nil
}
