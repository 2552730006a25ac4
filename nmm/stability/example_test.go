package stability_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm/stability"
)

// FixedPoints works on any system: here the Brusselator
// ẋ = a − (b+1)x + x²y, ẏ = bx − x²y (finite-difference Jacobian), whose
// only equilibrium (a, b/a) is an unstable focus for b > 1 + a².
func ExampleFixedPoints() {
	a, b := 1.0, 2.5
	brusselator := brus{a, b}
	fps, err := stability.FixedPoints(brusselator, [][]float64{{0.5, 0.5}, {2, 3}}, nil)
	if err != nil {
		panic(err)
	}
	for _, fp := range fps {
		fmt.Printf("x=%.4f y=%.4f λ=%.4f %s\n", fp.Y[0], fp.Y[1], fp.Eigenvalues[0], fp.Kind)
	}
	// Output:
	// x=1.0000 y=2.5000 λ=(0.2500+0.9682i) unstable focus
}

type brus struct{ a, b float64 }

func (s brus) Dim() int { return 2 }
func (s brus) Deriv(dst []float64, _ float64, y []float64) {
	x, w := y[0], y[1]
	dst[0] = s.a - (s.b+1)*x + x*x*w
	dst[1] = s.b*x - x*x*w
}
