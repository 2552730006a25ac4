package seizure_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/studies/seizure"
)

// Recruitment order and onset–path-length correlation on a 4-node chain
// 0 → 1 → 2 → 3 with the focus at 0.
func ExampleAnalyze() {
	w := mat.NewDense(4, 4, nil)
	w.Set(1, 0, 1)
	w.Set(2, 1, 0.5)
	w.Set(3, 2, 0.25)
	s, _ := seizure.Analyze([]float64{0, 5, 9, 30}, w, []int{0})
	fmt.Println("order:", s.Order, "path lengths:", s.PathLength, "Spearman:", s.Spearman)
	// Output:
	// order: [0 1 2 3] path lengths: [0 1 3 7] Spearman: 1
}
