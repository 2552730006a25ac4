package fc_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/fc"
)

// FC of three signals (rows are samples) and its similarity to a structural
// matrix.
func ExampleMatrix() {
	x := mat.NewDense(4, 3, []float64{
		1, 1, 4,
		2, 3, 3,
		3, 2, 2,
		4, 4, 1,
	})
	f, _ := fc.Matrix(nil, x)
	fmt.Printf("%.3g\n", mat.Formatted(f))
	sc := mat.NewDense(3, 3, []float64{0, 5, 0, 5, 0, 1, 0, 1, 0})
	s, _ := fc.Similarity(f, sc)
	fmt.Printf("FC–SC: %.4f\n", s)
	// Output:
	// ⎡   1   0.8    -1⎤
	// ⎢ 0.8     1  -0.8⎥
	// ⎣  -1  -0.8     1⎦
	// FC–SC: 0.9961
}

// Goodness of fit of a model FC to an empirical FC: correlation, distance,
// mean difference (by hand: upper triangles (0.5, 0.1, 0.9) and (0.6, 0.2,
// 0.4) give r = 0.08/√(0.32·0.08) = 0.5, distance √(0.27/3) = 0.3), and the
// KS distance of two FCD distributions (sup |F_a − F_b| = 1 − 1/3 at 0.2).
func ExampleKSDistance() {
	emp := mat.NewDense(3, 3, []float64{1, 0.6, 0.2, 0.6, 1, 0.4, 0.2, 0.4, 1})
	sim := mat.NewDense(3, 3, []float64{1, 0.5, 0.1, 0.5, 1, 0.9, 0.1, 0.9, 1})
	r, _ := fc.Similarity(sim, emp)
	d, _ := fc.Distance(sim, emp)
	m, _ := fc.MeanDifference(sim, emp)
	ks, _ := fc.KSDistance([]float64{0.1, 0.2}, []float64{0.2, 0.3, 0.3})
	fmt.Printf("r = %.4f, distance = %.4f, mean difference = %.4f, KS = %.4f\n", r, d, m, ks)
	// Output:
	// r = 0.5000, distance = 0.3000, mean difference = 0.1000, KS = 0.6667
}
