package lyapunov_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/lyapunov"
)

// The Lyapunov exponents of a linear system dy/dt = A y are the real parts
// of the eigenvalues of A: here 0.2, −0.5 (twice: a rotating pair, −0.5 ± 3i)
// and −2.
func ExampleSpectrum() {
	a := mat.NewDense(4, 4, []float64{
		-0.5, 3, 0, 0,
		-3, -0.5, 0, 0,
		0, 0, 0.2, 0,
		0, 0, 0, -2,
	})
	res, err := lyapunov.Spectrum(&lyapunov.Linear{A: a}, 0, []float64{1, 1, 1, 1},
		&lyapunov.Options{Transient: 50, Duration: 500, Interval: 1, Dt: 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Exponents {
		fmt.Printf("%.3f\n", e)
	}
	fmt.Printf("sum %.3f (trace of A: −2.8)\n", res.Sum())
	// Output:
	// 0.200
	// -0.500
	// -0.500
	// -2.000
	// sum -2.800 (trace of A: −2.8)
}
