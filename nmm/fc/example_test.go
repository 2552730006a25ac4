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
