package spectral

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// Bad bands, sampling rates, lengths and non-finite values give errors (or
// NaN results), never a panic; a band whose default filter would need more
// than MaxTaps taps (here 3·10¹² for a 1e-9 Hz low edge, which exhausted
// memory) is an error.
func TestMalformedInputs(t *testing.T) {
	if _, err := NewBandPass(1e-9, 2e-9, 1000, 0); !errors.Is(err, ErrBand) {
		t.Errorf("low edge 1e-9: err = %v, want ErrBand", err)
	}
	if _, err := NewBandPass(4, 8, 1000, MaxTaps+2); !errors.Is(err, ErrBand) {
		t.Errorf("numtaps > MaxTaps: err = %v, want ErrBand", err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 500)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	try := func(name string, f func()) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: panic %v", name, r)
			}
		}()
		f()
	}
	try("MI mismatch", func() { ModulationIndex([]float64{1, 2, 3}, []float64{1}, 18) })
	try("MI nan", func() { ModulationIndex([]float64{math.NaN(), math.Inf(1)}, []float64{1, 1}, 18) })
	for _, b := range [][4]float64{{4, 8, 50, 90}, {0, 8, 50, 90}, {4, 8, 50, 600}, {-1, 8, 50, 90}, {4, 8, 400, 499}, {math.NaN(), 8, 50, 90}, {4, 4, 50, 90}, {1e-9, 2e-9, 50, 90}} {
		for _, fs := range []float64{1000, 0, -1, math.NaN(), math.Inf(1)} {
			try("PAC", func() {
				PAC(x, fs, [2]float64{b[0], b[1]}, [2]float64{b[2], b[3]}, &PACOptions{Surrogates: 3, Rand: rng})
			})
			try("PAC short", func() {
				PAC(x[:5], fs, [2]float64{b[0], b[1]}, [2]float64{b[2], b[3]}, &PACOptions{Surrogates: 3, Rand: rng})
			})
			try("PAC empty", func() {
				PAC(nil, fs, [2]float64{b[0], b[1]}, [2]float64{b[2], b[3]}, &PACOptions{Surrogates: 3, Rand: rng})
			})
			try("BP", func() {
				if f, err := NewBandPass(b[0], b[1], fs, 0); err == nil {
					f.Filter(nil, x)
					f.Filter(nil, x[:3])
					f.Filter(nil, nil)
				}
			})
			try("BP taps", func() {
				for _, n := range []int{-5, 1, 2, 3, 1 << 21} {
					if f, err := NewBandPass(b[0], b[1], fs, n); err == nil {
						f.Filter(nil, x[:7])
					}
				}
			})
			try("como", func() {
				NewComodulogram(x, fs, []float64{b[0], b[1]}, []float64{b[2], b[3]}, 2, 20, &PACOptions{Surrogates: 2, Rand: rng})
				NewComodulogram(x, fs, nil, nil, -2, math.NaN(), &PACOptions{Surrogates: -1})
			})
		}
	}
	try("analytic", func() { Analytic(nil, []float64{1}); Analytic(nil, []float64{math.NaN(), 1, 2}) })
}
