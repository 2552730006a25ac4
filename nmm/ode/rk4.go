package ode

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RK4 is the classical fourth-order Runge–Kutta method with fixed step Dt:
//
//	k1 = f(t, y)             k2 = f(t + h/2, y + h/2 k1)
//	k3 = f(t + h/2, y + h/2 k2)   k4 = f(t + h, y + h k3)
//	y_{n+1} = y_n + h/6 (k1 + 2 k2 + 2 k3 + k4)
//
// With Rand set, the system must be a StochasticSystem and the additive
// noise increment g(t_n, y_n) √h ξ (ξ standard normal, Dim() numbers per
// step in variable order) is added after each deterministic step: strong
// order 1 for additive noise, with RK4's accuracy for the drift (the
// network simulator's "rk4" scheme with noise).
//
// Reference: E. Hairer, S. P. Nørsett, G. Wanner, Solving Ordinary
// Differential Equations I, 2nd ed., Springer (1993), §II.1, Table 1.2.
type RK4 struct {
	Dt   float64    // step size (> 0)
	Rand *rand.Rand // optional source of additive noise (nil: an ODE)

	sys               System
	ss                StochasticSystem
	sw                Stepwise
	clk               clock
	y, k1, k2, k3, k4 []float64
	tmp, g            []float64
	steps             int
}

// NewRK4 returns an RK4 stepper with step dt.
func NewRK4(dt float64) *RK4 { return &RK4{Dt: dt} }

// Init implements Stepper. It returns an error if Dt is not a finite
// positive number and panics if len(y0) ≠ sys.Dim().
func (s *RK4) Init(sys System, t0 float64, y0 []float64) error {
	s.ss = nil
	if s.Rand != nil {
		ss, err := stochastic("RK4 with Rand", sys, s.Rand)
		if err != nil {
			return err
		}
		s.ss = ss
	}
	n, sw, err := initFixed("RK4", s.Dt, sys, t0, y0)
	if err != nil {
		return err
	}
	s.sys, s.sw = sys, sw
	s.y, s.k1, s.k2, s.k3, s.k4, s.tmp = grow(s.y, n), grow(s.k1, n), grow(s.k2, n), grow(s.k3, n), grow(s.k4, n), grow(s.tmp, n)
	if s.ss != nil {
		s.g = grow(s.g, n)
	}
	copy(s.y, y0)
	s.clk.init(t0)
	s.steps = 0
	return nil
}

// Step implements Stepper.
func (s *RK4) Step() error {
	h, land := s.clk.next(s.Dt)
	t := s.clk.t
	y := s.y
	n := len(y)
	k1, k2, k3, k4, tmp := s.k1[:n], s.k2[:n], s.k3[:n], s.k4[:n], s.tmp[:n]
	h2, h6 := 0.5*h, h*(1.0/6)
	if s.sw != nil {
		s.sw.BeginStep(t, y)
	}
	if s.ss != nil {
		s.ss.Diffusion(s.g[:n], s.clk.at(t), y)
	}
	s.sys.Deriv(k1, s.clk.at(t), y)
	for i, yi := range y {
		tmp[i] = yi + h2*k1[i]
	}
	s.sys.Deriv(k2, s.clk.at(t+h2), tmp)
	for i, yi := range y {
		tmp[i] = yi + h2*k2[i]
	}
	s.sys.Deriv(k3, s.clk.at(t+h2), tmp)
	for i, yi := range y {
		tmp[i] = yi + h*k3[i]
	}
	s.sys.Deriv(k4, s.clk.at(t+h), tmp)
	// bad sums v − v over the new state: 0 when every component is finite,
	// NaN otherwise (one add per component, no branch).
	bad := 0.0
	if s.ss == nil {
		for i, yi := range y {
			v := yi + h6*(k1[i]+2*(k2[i]+k3[i])+k4[i])
			y[i] = v
			bad += v - v
		}
	} else {
		g, sq := s.g[:n], math.Sqrt(h)
		for i, yi := range y {
			v := yi + h6*(k1[i]+2*(k2[i]+k3[i])+k4[i]) + g[i]*sq*s.Rand.NormFloat64()
			y[i] = v
			bad += v - v
		}
	}
	s.clk.advance(s.Dt, land)
	s.steps++
	if s.sw != nil {
		s.sw.EndStep(s.clk.t, y)
	}
	if bad != 0 {
		return checkFinite(s.sys, s.clk.t, y)
	}
	return nil
}

// State implements Stepper.
func (s *RK4) State() (float64, []float64) { return s.clk.t, s.y }

// Stats implements Statser.
func (s *RK4) Stats() Stats { return Stats{Steps: s.steps, Evals: 4 * s.steps} }

func (s *RK4) segment(end float64, disc bool) { s.clk.segment(end, disc) }
func (s *RK4) restart()                       { s.clk.restart() }

// checkFinite returns an error wrapping ErrNonFinite naming the first
// non-finite variable of y at time t (by its label if sys is a Labeler).
func checkFinite(sys System, t float64, y []float64) error {
	acc := 0.0
	for _, v := range y {
		acc += v - v // NaN iff some v is NaN or ±Inf (no branch per value)
	}
	if acc == 0 {
		return nil
	}
	for i, v := range y {
		if v-v != 0 { // NaN or ±Inf
			return nonFinite(sys, t, y, i)
		}
	}
	return nil
}

func nonFinite(sys System, t float64, y []float64, i int) error {
	return fmt.Errorf("%w: %s = %v at t = %g", ErrNonFinite, varName(sys, i), y[i], t)
}

func varName(sys System, i int) string {
	if l, ok := sys.(Labeler); ok {
		if vs := l.Vars(); i < len(vs) {
			return vs[i]
		}
	}
	return fmt.Sprintf("y[%d]", i)
}
