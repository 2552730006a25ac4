package spectral_test

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// A 12 Hz sinusoid of amplitude 2 sampled at 100 Hz: its peak frequency and
// its variance A²/2 recovered from the one-sided density.
func ExampleWelch() {
	const fs = 100.0
	x := make([]float64, 10000)
	for i := range x {
		x[i] = 2 * math.Sin(2*math.Pi*12*float64(i)/fs)
	}
	p, err := spectral.Welch(x, fs, &spectral.WelchOptions{SegmentLength: 500})
	if err != nil {
		panic(err)
	}
	f, _, _ := p.PeakFrequency(1, 0)
	fmt.Printf("resolution %.3g Hz, segments %d\n", p.Resolution, p.Segments)
	fmt.Printf("peak at %.4g Hz, variance %.4g\n", f, p.BandPower(10, 14))
	// Output:
	// resolution 0.2 Hz, segments 39
	// peak at 12 Hz, variance 2
}
