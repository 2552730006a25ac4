package lesion_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/studies/lesion"
)

// Lesioning region 2 of a 3-region network: its row and column vanish and
// the other rows are re-normalised to sum 1.
func ExampleDisconnect() {
	c := mat.NewDense(3, 3, []float64{
		0, 1, 3,
		2, 0, 2,
		1, 1, 0,
	})
	w, _ := lesion.Disconnect(c, 2)
	fmt.Println(mat.Formatted(w))
	// Output:
	// ⎡0  1  0⎤
	// ⎢1  0  0⎥
	// ⎣0  0  0⎦
}
