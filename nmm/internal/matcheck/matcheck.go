// Package matcheck holds checks on gonum matrices shared by the analysis
// packages (stability, cycle, the E–I node).
//
// gonum's eigen-decomposition (LAPACK Dgeev) balances the matrix first
// (Dgebal), and that loop never terminates when an entry is Inf or NaN:
// every caller of mat.Eigen.Factorize on a matrix computed from user
// parameters or a diverged trajectory must check it first.
package matcheck

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Finite returns nil if every entry of a is finite, else an error naming the
// first non-finite entry (row, column, value).
func Finite(a mat.Matrix) error {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("matrix entry (%d, %d) = %v", i, j, v)
			}
		}
	}
	return nil
}
