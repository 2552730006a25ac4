package ode_test

import (
	"math/rand/v2"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

func benchStep(b *testing.B, st ode.Stepper, sys ode.System) {
	m := pulseMPR()
	r0, v0 := lowFixedPoint(*m)
	if err := st.Init(sys, 0, []float64{r0, v0}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := st.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRK4Step: one RK4 step (4 evaluations) of the MPR model.
func BenchmarkRK4Step(b *testing.B) { benchStep(b, ode.NewRK4(1e-5), pulseMPR()) }

// BenchmarkEulerStep: one Euler step of the MPR model.
func BenchmarkEulerStep(b *testing.B) { benchStep(b, ode.NewEuler(1e-5), pulseMPR()) }

// BenchmarkHeunStep: one Heun step of the MPR model.
func BenchmarkHeunStep(b *testing.B) { benchStep(b, ode.NewHeun(1e-5), pulseMPR()) }

// BenchmarkDoPri5Step: one accepted DoPri5 step of the MPR model (a step
// limit keeps the run in the pulse's transient).
func BenchmarkDoPri5Step(b *testing.B) {
	st := &ode.DoPri5{RelTol: 1e-9, AbsTol: 1e-11, MaxStep: 1e-6}
	benchStep(b, st, pulseMPR())
}

// BenchmarkEulerMaruyamaStep and BenchmarkHeunSDEStep: one step of the MPR
// model with additive noise.
func BenchmarkEulerMaruyamaStep(b *testing.B) {
	benchStep(b, ode.NewEulerMaruyama(1e-5, rand.New(rand.NewPCG(1, 1))), &noisyMPR{MPR: pulseMPR(), sigma: 0.01})
}

func BenchmarkHeunSDEStep(b *testing.B) {
	benchStep(b, ode.NewHeunSDE(1e-5, rand.New(rand.NewPCG(1, 1))), &noisyMPR{MPR: pulseMPR(), sigma: 0.01})
}

// BenchmarkDoPri5 runs the whole MPR 2015 Fig. 2 pulse protocol (T = 100,
// pulse on 0 < t < 30) at rtol 1e-9, sampled every 0.1; BenchmarkRK4 the
// same with RK4 at dt = 1e-3 (compare bench/ode for SciPy).
func BenchmarkDoPri5(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		runPulse(b, ode.NewDoPri5(1e-9, 1e-11), 100)
	}
}

func BenchmarkRK4(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		runPulse(b, ode.NewRK4(1e-3), 100)
	}
}
