package network

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// A delayed network is an ordinary ode.System on package ode's fixed-step
// steppers: Simulate's Method and the same ode stepper passed as
// Options.Stepper give the same trajectory; breakpoints on the step grid
// where the right-hand side is smooth (restarts of the stepper that keep
// the history) change it only at rounding level; Deriv
// outside a step is the input of a constant history (no panic).
func TestDelayedNetworkOnODE(t *testing.T) {
	const n = 6
	w, l := randomTracts(rand.New(rand.NewPCG(5, 5)), n, 1, 5)
	m := nmm.DefaultMPR()
	cfg := Config{G: 0.6, Lengths: l, Speed: 2, Stimuli: []Stimulus{{Nodes: []int{2}, Start: 1, End: 3, Amplitude: 0.5}}}
	net, err := New(Homogeneous(&m, n), w, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	y0 := net.Synchronous([]float64{0.3, -1.5})
	const dt = 0.005
	run := func(o *Options) []float64 {
		var last []float64
		if _, err := Simulate(net, 0, 4, y0, o, ode.ObserverFunc(func(_ float64, y []float64) error { last = append(last[:0], y...); return nil })); err != nil {
			t.Fatal(err)
		}
		return last
	}
	ref := run(&Options{Method: RK4, Dt: dt})
	ext := run(&Options{Stepper: ode.NewRK4(dt)})
	bp := run(&Options{Method: RK4, Dt: dt, Settings: &ode.Settings{Breakpoints: []float64{1.5, 2.5}}})
	for i := range ref {
		if ext[i] != ref[i] {
			t.Errorf("y[%d]: Options.Stepper ode.RK4 %v, Method RK4 %v", i, ext[i], ref[i])
		}
		if math.Abs(bp[i]-ref[i]) > 1e-10*(1+math.Abs(ref[i])) {
			t.Errorf("y[%d]: with breakpoints on the grid %v, without %v", i, bp[i], ref[i])
		}
	}
	// outside a step: Deriv equals the undelayed network's (constant history)
	plain, err := New(Homogeneous(&m, n), w, &Config{G: 0.6, Stimuli: cfg.Stimuli})
	if err != nil {
		t.Fatal(err)
	}
	got, want := make([]float64, net.Dim()), make([]float64, net.Dim())
	net.Deriv(got, 2, ref)
	plain.Deriv(want, 2, ref)
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Deriv[%d] outside a step: %v, want %v", i, got[i], want[i])
		}
	}
}

// randomTracts returns an n×n weight matrix with U(0, 1) off-diagonal
// entries and tract lengths U(lo, hi) (drawn in that order per entry).
func randomTracts(rng *rand.Rand, n int, lo, hi float64) (w, l *mat.Dense) {
	w, l = mat.NewDense(n, n, nil), mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				w.Set(i, j, rng.Float64())
				l.Set(i, j, lo+(hi-lo)*rng.Float64())
			}
		}
	}
	return w, l
}
