package progress_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// A long computation reports through a progress.Func; a nil Func is allowed
// and reports nothing.
func ExampleFunc() {
	var last float64
	report := progress.Func(func(done, total float64) { last = done / total })
	for i := 1; i <= 4; i++ {
		report.Report(float64(i), 4)
	}
	fmt.Printf("%.0f%%\n", 100*last)

	var none progress.Func
	none.Report(1, 2) // no-op
	// Output: 100%
}
