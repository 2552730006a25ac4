package shotnoise

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/spiking"
)

// TestStochasticMPRReproducible: the same seed gives bitwise the same
// series, whatever GOMAXPROCS; another seed gives another path (the noise
// is drawn only from the generator passed in).
func TestStochasticMPRReproducible(t *testing.T) {
	th, err := NewTheory(1000, 1, 0, 1, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int, seed uint64) []float64 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		m := &StochasticMPR{Theory: th, Dt: 0.005, Bin: 0.01}
		ts, err := m.Simulate(10, 0, rand.New(rand.NewPCG(seed, 3)))
		if err != nil {
			t.Fatal(err)
		}
		return append(slices.Clone(ts.T), ts.Col(nil, 0)...)
	}
	a, b := run(1, 7), run(2, 7)
	if !slices.Equal(a, b) {
		t.Error("same seed, GOMAXPROCS 1 vs 2: series differ")
	}
	if d := run(2, 8); slices.Equal(a, d) {
		t.Error("different seeds give the same series")
	}
}

// TestPulseReproducible: Pulse.Run gives bitwise the same ensembles for the
// same seed whatever GOMAXPROCS (all realisations draw from generators
// seeded in order from the one passed in).
func TestPulseReproducible(t *testing.T) {
	run := func(procs int) []float64 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		p := &Pulse{N: 200, EtaBar: -5, Delta: 1, J: 15, Amp: 3, On: 0, Off: 1, Start: -1, End: 2, Seeds: 2, Sampling: spiking.Cauchy}
		r, err := p.Run(rand.New(rand.NewPCG(4, 5)))
		if err != nil {
			t.Fatal(err)
		}
		return append(slices.Clone(r.Network.Var), r.SDE.Var...)
	}
	if a, b := run(1), run(2); !slices.Equal(a, b) {
		t.Error("same seed, GOMAXPROCS 1 vs 2: pulse ensembles differ")
	}
}
