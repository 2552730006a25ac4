package ode_test

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Exponential decay y' = −y with RK4, sampled every 0.5.
func ExampleSolve() {
	decay := ode.Func{N: 1, F: func(dst []float64, t float64, y []float64) { dst[0] = -y[0] }}
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		fmt.Printf("t=%.1f y=%.6f exact=%.6f\n", t, y[0], math.Exp(-t))
		return nil
	})
	stats, err := ode.Solve(decay, ode.NewRK4(0.01), 0, 2, []float64{1}, &ode.Settings{SampleEvery: 0.5}, obs)
	fmt.Println(stats.Steps, "steps,", stats.Evals, "evaluations, error:", err)
	// Output:
	// t=0.0 y=1.000000 exact=1.000000
	// t=0.5 y=0.606531 exact=0.606531
	// t=1.0 y=0.367879 exact=0.367879
	// t=1.5 y=0.223130 exact=0.223130
	// t=2.0 y=0.135335 exact=0.135335
	// 200 steps, 800 evaluations, error: <nil>
}

// The MPR 2015 Fig. 2 protocol: a current pulse I = 3 on 0 < t < 30
// switches the Montbrió–Pazó–Roxin model from its low to its high state,
// where it stays after the pulse (memory). The pulse's switching times are
// declared as breakpoints, so no step straddles a discontinuity.
func ExampleDoPri5() {
	m := nmm.DefaultMPR() // τ = 1, Δ = 1, η̄ = −5, J = 15
	m.Input = func(t float64) float64 {
		if t > 0 && t < 30 {
			return 3
		}
		return 0
	}
	y0 := []float64{0.0811344, -1.961620} // low fixed point
	st := ode.NewDoPri5(1e-10, 1e-12)
	set := &ode.Settings{SampleEvery: 10, Breakpoints: []float64{0, 30}}
	_, err := ode.Solve(&m, st, 0, 40, y0, set, ode.ObserverFunc(func(t float64, y []float64) error {
		fmt.Printf("t=%2.0f r=%.4f v=%.4f\n", t, y[0], y[1])
		return nil
	}))
	if err != nil {
		fmt.Println(err)
	}
	// The values agree with SciPy's solve_ivp (testdata/mpr_pulse_scipy.csv).
	//
	// Output:
	// t= 0 r=0.0811 v=-1.9616
	// t=10 r=1.4001 v=-0.5476
	// t=20 r=1.3592 v=-0.1459
	// t=30 r=1.3714 v=-0.1146
	// t=40 r=1.0376 v=-0.1763
}

// Analysis code can drive a stepper directly through Init / Step / State,
// here to find the time at which the harmonic oscillator x” = −x first
// crosses x = 0 (exact: π/2), refining the crossing with the dense output.
func ExampleStepper() {
	osc := ode.Func{N: 2, F: func(dst []float64, t float64, y []float64) { dst[0], dst[1] = y[1], -y[0] }}
	st := ode.NewDoPri5(1e-10, 1e-12)
	if err := st.Init(osc, 0, []float64{1, 0}); err != nil {
		fmt.Println(err)
		return
	}
	for {
		if err := st.Step(); err != nil {
			fmt.Println(err)
			return
		}
		if _, y := st.State(); y[0] < 0 {
			break
		}
	}
	// bisection on the dense output of the last step
	lo, hi := st.LastStep()
	x := make([]float64, 2)
	for hi-lo > 1e-12 {
		mid := (lo + hi) / 2
		st.Interpolate(x, mid)
		if x[0] > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	fmt.Printf("crossing at t = %.8f (π/2 = %.8f)\n", lo, math.Pi/2)
	// Output:
	// crossing at t = 1.57079633 (π/2 = 1.57079633)
}
