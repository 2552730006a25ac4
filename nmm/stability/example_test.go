package stability_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// The bistable MPR model of MPR 2015 Fig. 2 (τ = 1, Δ = 1, η̄ = −5, J = 15)
// has a low-activity node, a saddle and a high-activity focus.
func ExampleMPRFixedPoints() {
	m := nmm.DefaultMPR()
	fps, err := stability.MPRFixedPoints(&m, nil)
	if err != nil {
		panic(err)
	}
	for _, fp := range fps {
		fmt.Printf("r=%.5f v=%.5f λ1=%.4f %s\n", fp.Y[0], fp.Y[1], fp.Eigenvalues[0], fp.Kind)
	}
	// Output:
	// r=0.08113 v=-1.96162 λ1=(-2.4487+0.0000i) stable node
	// r=0.47298 v=-0.33649 λ1=(1.6417+0.0000i) saddle
	// r=1.03060 v=-0.15443 λ1=(-0.3089+3.3186i) stable focus
}

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
