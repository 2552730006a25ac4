// Package ode integrates ordinary and stochastic differential equations.
//
// # Overview
//
// A right-hand side is anything with a dimension and an allocation-free
// derivative (the [System] interface); models in package nmm satisfy it
// structurally, so ode imports nothing of the science. Steppers ([Euler],
// [Heun], [RK4], [DoPri5], [EulerMaruyama], [HeunSDE]) share one low-level
// cycle, Init / Step / State, that analysis code (Lyapunov QR, Floquet,
// shooting) can drive directly, and one high-level driver, [Solve], that adds
// a transient, uniform sampling (by dense output for adaptive steppers), an
// observer that can stop the run, cancellation and progress reports.
//
// # Conventions
//
// Signatures put the destination first: Deriv(dst, t, y). Steppers own their
// workspaces and allocate nothing per step. A non-finite state stops the run
// with an error wrapping [ErrNonFinite] that names the time and the variable;
// Solve returns what it had observed until then. Integration runs forward
// in time.
//
// A System whose right-hand side depends on the step grid (a network with
// conduction delays and its ring buffer of past states) implements
// [Stepwise]; the fixed-step steppers call its hooks around every step.
// Jacobians are one concept ([Jacobian], [JacFunc], finite differences by
// [NumJac] with the one step rule [FDStep]) and variational equations one
// system ([Tangent]: the state plus k deviation vectors).
//
// Discontinuities in time (a current pulse, a parameter switched during the
// run) are declared in Settings.Breakpoints: Solve lands exactly on them and
// restarts the stepper, so that every step sees a smooth right-hand side
// (the alternative is one Solve call per smooth piece). Across a jump no
// method keeps its order otherwise; DoPri5 would shrink its steps to the
// resolution of its error estimate.
//
// Stochastic steppers draw Dim() standard normal numbers per step, in
// variable order, from the *rand.Rand they are given: a seed fixes the path,
// independently of GOMAXPROCS (one generator per goroutine).
//
// # Validation
//
// The tests check the orders of Euler, Heun and RK4 from error ratios on
// problems with analytic solutions; DoPri5 against analytic solutions, its
// step statistics against E. Hairer's DOPRI5 code (equal counts) and the MPR
// 2015 pulse protocol against SciPy's solve_ivp (testdata/gen_mpr_pulse.py);
// Euler–Maruyama and stochastic Heun against the Ornstein–Uhlenbeck moments.
// bench/ode compares speed and accuracy with SciPy.
//
// # References
//
//   - E. Hairer, S. P. Nørsett, G. Wanner, Solving Ordinary Differential
//     Equations I: Nonstiff Problems, 2nd ed., Springer (1993).
//   - J. R. Dormand, P. J. Prince, J. Comput. Appl. Math. 6, 19–26 (1980).
//   - P. E. Kloeden, E. Platen, Numerical Solution of Stochastic Differential
//     Equations, Springer (1992).
//   - D. J. Higham, An algorithmic introduction to numerical simulation of
//     stochastic differential equations, SIAM Review 43, 525–546 (2001).
package ode

import (
	"context"
	"errors"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// System is a right-hand side dy/dt = f(t, y) of dimension Dim().
// Deriv writes f(t, y) into dst (len Dim()) and must not allocate or retain
// dst or y.
type System interface {
	Dim() int
	Deriv(dst []float64, t float64, y []float64)
}

// StochasticSystem is a System with additive (state-independent in the
// integrator's treatment) diagonal noise: dy = f(t,y) dt + g(t,y) dW, where
// Diffusion writes g into dst (len Dim()) and W is a vector of independent
// standard Wiener processes.
type StochasticSystem interface {
	System
	Diffusion(dst []float64, t float64, y []float64)
}

// Labeler is an optional interface of a System that names its variables
// (used in error messages and time-series columns).
type Labeler interface {
	Vars() []string
}

// Func adapts a closure to a System.
type Func struct {
	N int                                         // dimension
	F func(dst []float64, t float64, y []float64) // right-hand side
}

// Dim returns N.
func (f Func) Dim() int { return f.N }

// Deriv calls F.
func (f Func) Deriv(dst []float64, t float64, y []float64) { f.F(dst, t, y) }

// Stepper advances a System in time. Init (re)starts it, Step takes one step
// (fixed steppers: exactly Dt; adaptive steppers: one accepted step), State
// returns the current time and state. The slice returned by State is the
// stepper's own and is valid until the next Step or Init: copy it to keep it.
type Stepper interface {
	Init(sys System, t0 float64, y0 []float64) error
	Step() error
	State() (t float64, y []float64)
}

// Adaptive is implemented by steppers with an error-controlled step and dense
// output (DoPri5). Interpolate writes the state at time t, which must lie in
// the last accepted step [tPrev, tNow], into dst. LastStep returns that
// interval (tPrev = tNow before the first step).
type Adaptive interface {
	Stepper
	Interpolate(dst []float64, t float64)
	LastStep() (tPrev, tNow float64)
}

// Observer receives sampled states. It must copy y if it keeps it. A non-nil
// error stops Solve, which returns that error (use [ErrStop] to stop without
// reporting a failure).
type Observer interface {
	Observe(t float64, y []float64) error
}

// ObserverFunc adapts a function to an Observer.
type ObserverFunc func(t float64, y []float64) error

// Observe calls f.
func (f ObserverFunc) Observe(t float64, y []float64) error { return f(t, y) }

// Settings are the options of Solve. The zero value means: no transient,
// observe every step of a fixed-step method (every accepted step of an
// adaptive one), no cancellation, no progress.
type Settings struct {
	// Transient is the lead time discarded before observing: states at
	// t < t0+Transient are not passed to the observer.
	Transient float64
	// SampleEvery is the output interval. 0 observes every step. For an
	// adaptive stepper the samples are interpolated from its dense output,
	// never obtained by shortening steps.
	SampleEvery float64
	// MaxSteps bounds the number of steps (0: DefaultMaxSteps).
	MaxSteps int
	// Context cancels the run (nil: never).
	Context context.Context
	// Progress receives (t - t0, t1 - t0) now and then (nil: none).
	Progress progress.Func
	// Breakpoints are times at which the right-hand side may jump (a pulse
	// switching on or off, a change of parameter through a time-dependent
	// input). Solve makes the stepper land exactly on each breakpoint in
	// [t0, t1] and restart after it: no step straddles a breakpoint, the
	// stages of the step ending at one are evaluated at its left limit
	// (their times are clamped one ulp below it) and those after it at its
	// right limit (one ulp above). A breakpoint at t0 makes the first
	// evaluations use the right limit at t0, one at t1 the last use the
	// left limit. Order and duplicates do not matter; times outside
	// [t0, t1] are ignored. A fixed-step method takes a shorter step to
	// land on a breakpoint off its grid and restarts its grid there.
	Breakpoints []float64
}

// DefaultMaxSteps is the step limit used when Settings.MaxSteps is 0.
const DefaultMaxSteps = 1 << 40

// Stats counts the work done by Solve.
type Stats struct {
	Steps    int // accepted steps
	Rejected int // rejected steps (adaptive steppers)
	Evals    int // right-hand-side evaluations
}

// Statser is implemented by steppers that count their work.
type Statser interface {
	Stats() Stats
}

// Sentinel errors.
var (
	// ErrNonFinite reports a NaN or Inf in the state; the wrapping error
	// names the time and the variable.
	ErrNonFinite = errors.New("ode: non-finite state")
	// ErrStepSize reports an adaptive step size that fell below the
	// resolution of t.
	ErrStepSize = errors.New("ode: step size too small")
	// ErrMaxSteps reports that Settings.MaxSteps was reached.
	ErrMaxSteps = errors.New("ode: maximum number of steps reached")
	// ErrStop may be returned by an Observer to end Solve early; Solve then
	// returns nil.
	ErrStop = errors.New("ode: stopped by observer")
)
