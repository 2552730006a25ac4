package nmm_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// The MPR 2015 Fig. 2 protocol: start in the low state of J = 15, η̄ = −5,
// Δ = 1 (τ = 1), apply I = 3 for 0 ≤ t < 30; after the pulse the population
// stays in the high state (memory). docs/reference-values.md § MPR: r(29.9) = 1.3713,
// r(31) = 0.7834(9), r(40) = 1.0376; SciPy's DOP853 at rtol 1e-10
// (nmm/ode/testdata/mpr_pulse_scipy.csv) gives the same five digits.
func ExampleMPR() {
	m := nmm.DefaultMPR()
	m.Input = nmm.Pulse(3, 0, 30)
	y0 := []float64{0.081134, -1.961620} // low fixed point (docs/reference-values.md § MPR)
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		switch {
		case near(t, 29.9), near(t, 31), near(t, 40):
			fmt.Printf("r(%.1f) = %.5f\n", t, y[0])
		}
		return nil
	})
	_, err := ode.Solve(&m, ode.NewDoPri5(1e-10, 1e-12), 0, 40, y0,
		&ode.Settings{SampleEvery: 0.1, Breakpoints: []float64{0, 30}}, obs)
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// r(29.9) = 1.37129
	// r(31.0) = 0.78349
	// r(40.0) = 1.03759
}

func near(a, b float64) bool { return a > b-1e-6 && a < b+1e-6 }

// The bistable MPR model of MPR 2015 Fig. 2 (τ = 1, Δ = 1, η̄ = −5, J = 15)
// has a low-activity node, a saddle and a high-activity focus.
func ExampleMPR_FixedPoints() {
	m := nmm.DefaultMPR()
	fps, err := m.FixedPoints()
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
