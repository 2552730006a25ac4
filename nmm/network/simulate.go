package network

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Method is a fixed-step integration scheme of [Simulate].
type Method int

const (
	// RK4 is the classical Runge–Kutta method; with noise, σ√dt ξ is added
	// after each deterministic step (strong order 1 for additive noise).
	RK4 Method = iota
	// Heun is the explicit trapezoidal (improved Euler) method; with noise
	// it is the stochastic Heun scheme for additive noise (the same
	// increment σ ΔW in predictor and corrector, as TVB's HeunStochastic).
	Heun
	// Euler is the forward Euler method; with noise, Euler–Maruyama.
	Euler
)

// String returns the method's name.
func (m Method) String() string {
	switch m {
	case RK4:
		return "rk4"
	case Heun:
		return "heun"
	case Euler:
		return "euler"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the Method named "rk4", "heun" or "euler".
func ParseMethod(s string) (Method, error) {
	for _, m := range []Method{RK4, Heun, Euler} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("network: method %q, want rk4, heun or euler", s)
}

// Options are the options of [Simulate].
type Options struct {
	Method Method  // fixed-step scheme (zero value: RK4)
	Dt     float64 // step (model time unit); > 0
	// Rand is the noise source; required when the network has noise.
	Rand *rand.Rand
	// Settings are passed to ode.Solve (Transient, SampleEvery,
	// Breakpoints, MaxSteps, Context, Progress); nil means defaults.
	Settings *ode.Settings
	// Stepper, if set, replaces Method/Dt by any ode stepper. Networks
	// with delays need a fixed-step one (every fixed-step stepper of
	// package ode; an adaptive one is refused with ErrDelaysNeedFixedStep).
	Stepper ode.Stepper
}

// ErrDelaysNeedFixedStep is returned when a network with delays is given an
// adaptive stepper.
var ErrDelaysNeedFixedStep = errors.New("network: delays need a fixed-step method (RK4, Heun, Euler or a fixed-step ode stepper), not an adaptive stepper")

// maxHistory bounds the delay ring buffer (values).
const maxHistory = 1 << 27

// Simulate integrates the network from t0 to t1 starting at y0 and passes
// states to obs: it is ode.Solve with the network as the system (see
// ode.Solve for sampling, the transient and breakpoints) and the stepper of
// Options.Method (ode.Euler, ode.Heun, ode.RK4, with noise
// ode.EulerMaruyama, ode.HeunSDE, ode.RK4 with Rand). With delays the
// history before t0 is constant, equal to y0, and the delays are rounded to
// whole steps (the network is an ode.Stepwise system).
func Simulate(net *Network, t0, t1 float64, y0 []float64, opt *Options, obs ode.Observer) (ode.Stats, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if len(y0) != net.Dim() {
		return ode.Stats{}, fmt.Errorf("network: y0 has %d values, want %d (N·dim)", len(y0), net.Dim())
	}
	defer net.Close()
	if o.Stepper != nil {
		if _, adaptive := o.Stepper.(ode.Adaptive); adaptive && net.lengths != nil {
			return ode.Stats{}, ErrDelaysNeedFixedStep
		}
		return ode.Solve(net, o.Stepper, t0, t1, y0, o.Settings, obs)
	}
	st, err := NewStepper(net, o.Method, o.Dt, o.Rand)
	if err != nil {
		return ode.Stats{}, err
	}
	return ode.Solve(net, st.st, t0, t1, y0, o.Settings, obs)
}

// Stepper is the fixed-step stepper of a network for direct Init/Step use:
// the ode stepper of a Method (RK4, Heun or Euler; with noise their
// stochastic forms) driving the network. It allocates nothing per step.
type Stepper struct {
	net *Network
	st  ode.Stepper
}

// NewStepper returns a fixed-step stepper for net. rng is required if the
// network has noise.
func NewStepper(net *Network, m Method, dt float64, rng *rand.Rand) (*Stepper, error) {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("network: step Dt = %v, want finite > 0", dt)
	}
	if m != RK4 && m != Heun && m != Euler {
		return nil, fmt.Errorf("network: Method = %d, want RK4, Heun or Euler", int(m))
	}
	if net.sigma != nil && rng == nil {
		return nil, errors.New("network: the network has noise (Sigma) but Options.Rand is nil")
	}
	if net.lengths != nil {
		if _, err := net.delays(dt); err != nil {
			return nil, err
		}
	}
	s := &Stepper{net: net}
	noisy := net.sigma != nil
	switch {
	case m == Euler && noisy:
		s.st = ode.NewEulerMaruyama(dt, rng)
	case m == Euler:
		s.st = ode.NewEuler(dt)
	case m == Heun && noisy:
		s.st = ode.NewHeunSDE(dt, rng)
	case m == Heun:
		s.st = ode.NewHeun(dt)
	case noisy:
		s.st = &ode.RK4{Dt: dt, Rand: rng}
	default:
		s.st = ode.NewRK4(dt)
	}
	return s, nil
}

// MaxDelaySteps returns the longest delay in steps (0 without delays).
func (s *Stepper) MaxDelaySteps() int {
	if s.net.lengths == nil || s.net.dl == nil {
		return 0
	}
	return s.net.dl.slots - 1
}

// Init implements ode.Stepper; with delays the history is constant at y0.
func (s *Stepper) Init(sys ode.System, t0 float64, y0 []float64) error {
	if sys != ode.System(s.net) {
		return errors.New("network: Stepper.Init with a system other than its network")
	}
	if len(y0) != s.net.Dim() {
		return fmt.Errorf("network: len(y0) = %d, want %d (nodes × node dimension)", len(y0), s.net.Dim())
	}
	return s.st.Init(sys, t0, y0)
}

// Step implements ode.Stepper.
func (s *Stepper) Step() error { return s.st.Step() }

// State implements ode.Stepper.
func (s *Stepper) State() (float64, []float64) { return s.st.State() }

// Stats implements ode.Statser.
func (s *Stepper) Stats() ode.Stats { return s.st.(ode.Statser).Stats() }

// Close stops the worker goroutines of a parallel gather (Config.Workers >
// 1; see [Network.Close]).
func (s *Stepper) Close() { s.net.Close() }
