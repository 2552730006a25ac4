package ode

import "fmt"

// Stepwise is implemented by a System whose right-hand side depends on a
// state that it keeps on the step grid of a run: a network with conduction
// delays reads its ring buffer of past coupling values once at the start of
// every step (the delayed input is held during the step) and writes the new
// state into it at the end. Every fixed-step stepper of this package
// (Euler, Heun, RK4, EulerMaruyama, HeunSDE) calls StartRun from Init, and
// BeginStep and EndStep around every step, so such a system runs on all of
// them and under [Solve] with breakpoints, sampling and observers. DoPri5
// refuses a Stepwise system (its steps are not on a grid).
//
// A step shortened to land on a breakpoint or on the end of a run counts as
// one step of the grid.
type Stepwise interface {
	// OnGrid reports whether the right-hand side depends on the step grid
	// (a network: whether it has delays). When false the system is an
	// ordinary System: no hooks are called and adaptive steppers accept it.
	OnGrid() bool
	// StartRun starts a run at (t0, y0) with steps dt; an error fails the
	// stepper's Init.
	StartRun(t0 float64, y0 []float64, dt float64) error
	// BeginStep is called with the state before each step.
	BeginStep(t float64, y []float64)
	// EndStep is called with the state after each step.
	EndStep(t float64, y []float64)
}

// initFixed is the common start of a fixed-step stepper's Init: it checks
// the step dt and the length of y0 (panicking on a mismatch, as every
// stepper) and starts a Stepwise system's run; it returns Dim().
func initFixed(method string, dt float64, sys System, t0 float64, y0 []float64) (int, Stepwise, error) {
	if err := checkDt(method, dt); err != nil {
		return 0, nil, err
	}
	n := checkInit(sys, y0)
	sw, err := startStepwise(sys, t0, y0, dt)
	return n, sw, err
}

// startStepwise returns sys as a Stepwise (nil if it is not one) after
// calling its StartRun.
func startStepwise(sys System, t0 float64, y0 []float64, dt float64) (Stepwise, error) {
	sw, ok := sys.(Stepwise)
	if !ok || !sw.OnGrid() {
		return nil, nil
	}
	if err := sw.StartRun(t0, y0, dt); err != nil {
		return nil, err
	}
	return sw, nil
}

// refuseStepwise is the check of the adaptive steppers.
func refuseStepwise(method string, sys System) error {
	if sw, ok := sys.(Stepwise); ok && sw.OnGrid() {
		return fmt.Errorf("ode: %s cannot integrate %T: its right-hand side advances on a fixed step grid (Stepwise, e.g. conduction delays); use a fixed-step method", method, sys)
	}
	return nil
}
