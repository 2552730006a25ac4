package bold_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// A constant input z = 0.2 drives the haemodynamics to the analytic steady
// state; the BOLD signal is sampled every TR = 2 s.
func ExampleNew() {
	p := bold.DefaultBalloon()
	var last float64
	o, err := bold.New(1, p, 1, 2, 1, ode.ObserverFunc(func(t float64, y []float64) error {
		last = y[0]
		return nil
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := 0; k <= 600; k++ { // 60 s sampled every 0.1 s (model time in s)
		o.Observe(0.1*float64(k), []float64{0.2})
	}
	_, _, v, q := p.SteadyState(0.2)
	fmt.Printf("BOLD after 60 s: %.5f; at the steady state: %.5f\n", last, p.Signal(v, q))
	// Output:
	// BOLD after 60 s: 0.01889; at the steady state: 0.01889
}
