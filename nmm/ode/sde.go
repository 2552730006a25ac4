package ode

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// EulerMaruyama is the Euler–Maruyama method with fixed step Dt for
// stochastic systems with additive diagonal noise, dy = f(t,y) dt + g dW:
//
//	y_{n+1} = y_n + h f(t_n, y_n) + g(t_n, y_n) √h ξ_n,   ξ_n ~ N(0, I),
//
// strong order 1 for additive noise, weak order 1. Each step draws Dim()
// standard normal numbers from Rand with NormFloat64, in variable order
// (also for variables whose g is 0), so a seed fixes the path.
//
// References:
//   - P. E. Kloeden, E. Platen, Numerical Solution of Stochastic
//     Differential Equations, Springer (1992).
//   - D. J. Higham, SIAM Review 43, 525–546 (2001).
type EulerMaruyama struct {
	Dt   float64    // step size (> 0)
	Rand *rand.Rand // source of the noise (not nil)

	sys     StochasticSystem
	sw      Stepwise
	clk     clock
	y, f, g []float64
	steps   int
}

// NewEulerMaruyama returns an Euler–Maruyama stepper with step dt drawing
// its noise from rng. It panics if rng is nil.
func NewEulerMaruyama(dt float64, rng *rand.Rand) *EulerMaruyama {
	if rng == nil {
		panic("ode: NewEulerMaruyama with nil *rand.Rand")
	}
	return &EulerMaruyama{Dt: dt, Rand: rng}
}

func stochastic(method string, sys System, rng *rand.Rand) (StochasticSystem, error) {
	if rng == nil {
		panic("ode: " + method + " with nil Rand")
	}
	ss, ok := sys.(StochasticSystem)
	if !ok {
		return nil, fmt.Errorf("ode: %s needs a StochasticSystem (with Diffusion), got %T", method, sys)
	}
	return ss, nil
}

// Init implements Stepper. sys must be a StochasticSystem.
func (s *EulerMaruyama) Init(sys System, t0 float64, y0 []float64) error {
	ss, err := stochastic("EulerMaruyama", sys, s.Rand)
	if err != nil {
		return err
	}
	n, sw, err := initFixed("EulerMaruyama", s.Dt, sys, t0, y0)
	if err != nil {
		return err
	}
	s.sys, s.sw = ss, sw
	s.y, s.f, s.g = grow(s.y, n), grow(s.f, n), grow(s.g, n)
	copy(s.y, y0)
	s.clk.init(t0)
	s.steps = 0
	return nil
}

// Step implements Stepper.
func (s *EulerMaruyama) Step() error {
	h, land := s.clk.next(s.Dt)
	t := s.clk.at(s.clk.t)
	y, f, g := s.y, s.f, s.g
	f, g = f[:len(y)], g[:len(y)]
	if s.sw != nil {
		s.sw.BeginStep(s.clk.t, y)
	}
	s.sys.Deriv(f, t, y)
	s.sys.Diffusion(g, t, y)
	sq := math.Sqrt(h)
	for i := range y {
		y[i] += h*f[i] + g[i]*sq*s.Rand.NormFloat64()
	}
	s.clk.advance(s.Dt, land)
	s.steps++
	if s.sw != nil {
		s.sw.EndStep(s.clk.t, y)
	}
	return checkFinite(s.sys, s.clk.t, y)
}

// State implements Stepper.
func (s *EulerMaruyama) State() (float64, []float64) { return s.clk.t, s.y }

// Stats implements Statser (Evals counts drift evaluations).
func (s *EulerMaruyama) Stats() Stats { return Stats{Steps: s.steps, Evals: s.steps} }

func (s *EulerMaruyama) segment(end float64, disc bool) { s.clk.segment(end, disc) }
func (s *EulerMaruyama) restart()                       { s.clk.restart() }

// HeunSDE is the stochastic Heun method with fixed step Dt for additive
// noise, as TVB's HeunStochastic integrator:
//
//	η = g(t_n, y_n) √h ξ_n,   ξ_n ~ N(0, I)
//	ỹ = y_n + h f(t_n, y_n) + η
//	y_{n+1} = y_n + h/2 [f(t_n, y_n) + f(t_n + h, ỹ)] + η
//
// For additive noise it has strong order 1 and treats the drift with
// second-order accuracy. Each step draws Dim() standard normal numbers
// (NormFloat64, in variable order) from Rand.
//
// References:
//   - W. Rümelin, Numerical treatment of stochastic differential equations,
//     SIAM J. Numer. Anal. 19, 604–613 (1982).
//   - P. Sanz-Leon et al., The Virtual Brain, Front. Neuroinform. 7, 10
//     (2013); tvb.simulator.integrators.HeunStochastic.
type HeunSDE struct {
	Dt   float64    // step size (> 0)
	Rand *rand.Rand // source of the noise (not nil)

	sys                   StochasticSystem
	sw                    Stepwise
	clk                   clock
	y, f1, f2, g, eta, yp []float64
	steps                 int
}

// NewHeunSDE returns a stochastic Heun stepper with step dt drawing its
// noise from rng. It panics if rng is nil.
func NewHeunSDE(dt float64, rng *rand.Rand) *HeunSDE {
	if rng == nil {
		panic("ode: NewHeunSDE with nil *rand.Rand")
	}
	return &HeunSDE{Dt: dt, Rand: rng}
}

// Init implements Stepper. sys must be a StochasticSystem.
func (s *HeunSDE) Init(sys System, t0 float64, y0 []float64) error {
	ss, err := stochastic("HeunSDE", sys, s.Rand)
	if err != nil {
		return err
	}
	n, sw, err := initFixed("HeunSDE", s.Dt, sys, t0, y0)
	if err != nil {
		return err
	}
	s.sys, s.sw = ss, sw
	s.y, s.f1, s.f2, s.g, s.eta, s.yp = grow(s.y, n), grow(s.f1, n), grow(s.f2, n), grow(s.g, n), grow(s.eta, n), grow(s.yp, n)
	copy(s.y, y0)
	s.clk.init(t0)
	s.steps = 0
	return nil
}

// Step implements Stepper.
func (s *HeunSDE) Step() error {
	h, land := s.clk.next(s.Dt)
	t := s.clk.t
	y, f1, f2, g, eta, yp := s.y, s.f1, s.f2, s.g, s.eta, s.yp
	f1, f2, g, eta, yp = f1[:len(y)], f2[:len(y)], g[:len(y)], eta[:len(y)], yp[:len(y)]
	if s.sw != nil {
		s.sw.BeginStep(t, y)
	}
	s.sys.Deriv(f1, s.clk.at(t), y)
	s.sys.Diffusion(g, s.clk.at(t), y)
	sq := math.Sqrt(h)
	for i := range y {
		eta[i] = g[i] * sq * s.Rand.NormFloat64()
		yp[i] = y[i] + h*f1[i] + eta[i]
	}
	s.sys.Deriv(f2, s.clk.at(t+h), yp)
	for i := range y {
		y[i] += 0.5*h*(f1[i]+f2[i]) + eta[i]
	}
	s.clk.advance(s.Dt, land)
	s.steps++
	if s.sw != nil {
		s.sw.EndStep(s.clk.t, y)
	}
	return checkFinite(s.sys, s.clk.t, y)
}

// State implements Stepper.
func (s *HeunSDE) State() (float64, []float64) { return s.clk.t, s.y }

// Stats implements Statser (Evals counts drift evaluations).
func (s *HeunSDE) Stats() Stats { return Stats{Steps: s.steps, Evals: 2 * s.steps} }

func (s *HeunSDE) segment(end float64, disc bool) { s.clk.segment(end, disc) }
func (s *HeunSDE) restart()                       { s.clk.restart() }
