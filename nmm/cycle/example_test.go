package cycle_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// The PING cycle of the E–I node at IE = 10 (docs/reference-values.md § E–I node: 46.8 Hz).
func ExampleFind() {
	m := nmm.DefaultEI()
	m.IE = 10
	o, err := cycle.Find(&m, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("frequency %.2f Hz, stable %v, |trivial multiplier − 1| < 1e-6: %v\n",
		1000/o.Period, o.Stable, o.TrivialError < 1e-6)
	fmt.Printf("second multiplier %.4f\n", real(o.Multipliers[1]))
	// Output:
	// frequency 46.80 Hz, stable true, |trivial multiplier − 1| < 1e-6: true
	// second multiplier 0.0376
}

// The Hopf point of the single E–I node and its first Lyapunov coefficient
// (docs/reference-values.md § E–I node: IE = 5.99319, 26.79 Hz, supercritical).
func ExampleLocateHopf() {
	fam := func(p float64) (ode.System, cycle.JacFunc) {
		m := nmm.DefaultEI()
		m.IE = p
		return &m, m.Jac
	}
	m := nmm.DefaultEI()
	m.IE = 5
	fps, _ := m.FixedPoints()
	h, err := cycle.LocateHopf(fam, fps[0].Y, 5, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Hopf at IE = %.5f, %.2f Hz, l1 = %.4f (supercritical: %v)\n", h.P, 1000*h.Frequency(), h.L1, h.L1 < 0)
	// Output:
	// Hopf at IE = 5.99319, 26.79 Hz, l1 = -0.2018 (supercritical: true)
}
