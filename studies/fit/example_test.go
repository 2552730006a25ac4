package fit_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/studies/fit"
)

// Nelder–Mead on a smooth function with its minimum at (1, −2).
func ExampleMinimise() {
	u, v := fit.Minimise(func(u []float64) float64 {
		return (u[0]-1)*(u[0]-1) + 2*(u[1]+2)*(u[1]+2)
	}, 2, 1000)
	fmt.Printf("u = (%.4f, %.4f), f < 1e-8: %v\n", u[0], u[1], v < 1e-8)
	// Output: u = (1.0000, -2.0000), f < 1e-8: true
}
