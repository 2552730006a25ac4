package spiking_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/spiking"
)

// The stationary rate of 10⁴ uncoupled QIF neurons with η̄ = 0, Δ = 1 is
// close to the mean-field value 1/(√2 π) = 0.2251 (docs/reference-values.md § MPR); the
// quantiles stop at |η| ≈ N/π, which costs ≈ (2/π²)(N/π)^−½ ≈ 0.0036.
func ExampleSim_Run() {
	net := spiking.QIF{N: 10000, Tau: 1, EtaBar: 0, Delta: 1}
	sim, err := spiking.New(net, spiking.Options{Dt: 0.01, Bin: 0.1}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	sum, n := 0.0, 0
	err = sim.Run(40, func(s spiking.Sample) error {
		if s.T > 10 {
			sum += s.Rate
			n++
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean rate %.3f\n", sum/float64(n))
	// Output:
	// mean rate 0.222
}
