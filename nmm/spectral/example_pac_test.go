package spectral_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// A 70 Hz rhythm whose amplitude follows the phase of a 6 Hz rhythm: Tort's
// modulation index is far above its time-shift surrogates.
func ExamplePAC() {
	const fs = 1000.0
	x := make([]float64, 20000)
	for i := range x {
		t := float64(i) / fs
		th := 2*math.Pi*6*t + 0.3*math.Sin(2*math.Pi*0.37*t) // slightly irregular theta
		x[i] = math.Sin(th) + 0.25*(1+math.Cos(th))*math.Sin(2*math.Pi*70*t)
	}
	r, err := spectral.PAC(x, fs, [2]float64{4, 8}, [2]float64{50, 90},
		&spectral.PACOptions{Surrogates: 200, Rand: rand.New(rand.NewPCG(1, 2))})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("MI = %.3f, p = %.3f\n", r.MI, r.P)
	// Output:
	// MI = 0.091, p = 0.005
}
