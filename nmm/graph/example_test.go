package graph_test

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/graph"
)

// Path lengths from node 0 in a small directed network (row = target): the
// direct connection 0 → 2 is weak (length 1/0.1 = 10), the detour through 1
// is shorter (1/1 + 1/0.5 = 3). Spearman compares two rankings.
func ExamplePathLengths() {
	w := mat.NewDense(3, 3, []float64{
		0, 0, 0,
		1, 0, 0, // 0 → 1, weight 1
		0.1, 0.5, 0, // 0 → 2 (0.1), 1 → 2 (0.5)
	})
	d, _ := graph.PathLengths(w, 0, nil)
	fmt.Println("path lengths:", d)
	fmt.Printf("Spearman: %.4f\n", graph.Spearman([]float64{1, 2, 3, 4}, []float64{10, 30, 20, 40}))
	// Output:
	// path lengths: [0 1 3]
	// Spearman: 0.8000
}

func BenchmarkPathLengths(b *testing.B) {
	n := 90
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				w.Set(i, j, float64((i*7+j*13)%17+1))
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := graph.PathLengths(w, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
}
