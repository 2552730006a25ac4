package data_test

import (
	"fmt"
	"strings"

	"github.com/ngnmm/ngnmm/data"
)

// Reading the AAL-90 format from text and row-normalising it explicitly.
func ExampleConnectome_RowNormalized() {
	sc := "3\n0 1 2\n0 2 6\n1 0 1\n1 2 1\n2 0 3\n2 1 1\n2 2 9\n"
	c, err := data.ReadAAL90(strings.NewReader(sc), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := c.RowNormalized() // zero diagonal, rows sum to 1
	for i := 0; i < 3; i++ {
		fmt.Printf("%.4g\n", w.Weights.RawRowView(i))
	}
	// Output:
	// [0 0.25 0.75]
	// [0.5 0 0.5]
	// [0.75 0.25 0]
}
