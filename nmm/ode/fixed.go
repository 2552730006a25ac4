package ode

import (
	"fmt"
	"math"
)

// segmenter is implemented by this package's steppers. Solve uses it to make
// a stepper land exactly on the end of the run and on the breakpoints of
// Settings.Breakpoints, and to restart it after a discontinuity.
type segmenter interface {
	// segment makes the stepper land exactly on end and never step past it
	// (end = +Inf: no limit). If disc is true the right-hand side may jump
	// at end: stage times are then clamped below end, so the last step
	// sees the left limit of f.
	segment(end float64, disc bool)
	// restart discards what the stepper remembers of the right-hand side
	// (FSAL derivative, step-size history) because f jumped at the current
	// time; later evaluations at the current time use its right limit.
	// Statistics are kept.
	restart()
}

// window holds the time bookkeeping shared by all steppers: the current
// piece [lo, end] of a piecewise-smooth right-hand side.
type window struct {
	end  float64 // land exactly here (+Inf: no limit)
	hi   float64 // stage times are clamped to ≤ hi (prevFloat(end) at a discontinuity)
	lo   float64 // stage times are clamped to ≥ lo (nextFloat(t) after a restart)
	disc bool
}

func (w *window) reset() { w.end, w.hi, w.lo, w.disc = math.Inf(1), math.Inf(1), math.Inf(-1), false }

func (w *window) setEnd(end float64, disc bool) {
	w.end, w.disc, w.hi = end, disc, math.Inf(1)
	if disc {
		w.hi = math.Nextafter(end, math.Inf(-1))
	}
}

// at clamps a stage time into the current smooth piece.
func (w *window) at(t float64) float64 {
	if t > w.hi {
		return w.hi
	}
	if t < w.lo {
		return w.lo
	}
	return t
}

// clock is the time of a fixed-step stepper: t = base + n·Dt, which does
// not accumulate rounding errors, with an exact landing on window.end.
type clock struct {
	window
	base float64
	n    int64
	t    float64
}

func (c *clock) init(t0 float64) {
	c.reset()
	c.base, c.n, c.t = t0, 0, t0
}

// next returns the size of the next step (dt, or less to land on the end)
// and whether it lands on the end.
func (c *clock) next(dt float64) (h float64, land bool) {
	tn := c.base + float64(c.n+1)*dt
	if tn >= c.end-1e-9*dt {
		return c.end - c.t, true
	}
	return tn - c.t, false
}

// advance moves the clock over a step computed by next.
func (c *clock) advance(dt float64, land bool) {
	if land {
		c.base, c.n = c.end, 0
	} else {
		c.n++
	}
	c.t = c.base + float64(c.n)*dt
	c.lo = math.Inf(-1)
}

func (c *clock) segment(end float64, disc bool) { c.setEnd(end, disc) }

func (c *clock) restart() { c.lo = math.Nextafter(c.t, math.Inf(1)) }

// checkDt validates a fixed step size.
func checkDt(method string, dt float64) error {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("ode: %s step Dt = %v, want finite > 0", method, dt)
	}
	return nil
}

// grow returns s resliced to n, reallocated if too short.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func checkInit(sys System, y0 []float64) int {
	if sys == nil {
		panic("ode: nil System")
	}
	n := sys.Dim()
	if len(y0) != n {
		panic(fmt.Sprintf("ode: len(y0) = %d, want Dim() = %d", len(y0), n))
	}
	return n
}

// Euler is the explicit (forward) Euler method with fixed step Dt,
// first order: y_{n+1} = y_n + h f(t_n, y_n).
type Euler struct {
	Dt float64 // step size (> 0)

	sys   System
	sw    Stepwise
	clk   clock
	y, k  []float64
	steps int
}

// NewEuler returns an Euler stepper with step dt.
func NewEuler(dt float64) *Euler { return &Euler{Dt: dt} }

// Init implements Stepper. It panics if len(y0) ≠ sys.Dim().
func (s *Euler) Init(sys System, t0 float64, y0 []float64) error {
	n, sw, err := initFixed("Euler", s.Dt, sys, t0, y0)
	if err != nil {
		return err
	}
	s.sys, s.sw = sys, sw
	s.y, s.k = grow(s.y, n), grow(s.k, n)
	copy(s.y, y0)
	s.clk.init(t0)
	s.steps = 0
	return nil
}

// Step implements Stepper.
func (s *Euler) Step() error {
	h, land := s.clk.next(s.Dt)
	y, k := s.y, s.k
	if s.sw != nil {
		s.sw.BeginStep(s.clk.t, y)
	}
	s.sys.Deriv(k, s.clk.at(s.clk.t), y)
	for i := range y {
		y[i] += h * k[i]
	}
	s.clk.advance(s.Dt, land)
	s.steps++
	if s.sw != nil {
		s.sw.EndStep(s.clk.t, y)
	}
	return checkFinite(s.sys, s.clk.t, y)
}

// State implements Stepper.
func (s *Euler) State() (float64, []float64) { return s.clk.t, s.y }

// Stats implements Statser.
func (s *Euler) Stats() Stats { return Stats{Steps: s.steps, Evals: s.steps} }

func (s *Euler) segment(end float64, disc bool) { s.clk.segment(end, disc) }
func (s *Euler) restart()                       { s.clk.restart() }

// Heun is Heun's method (explicit trapezoidal rule, second order) with fixed
// step Dt:
//
//	ỹ = y_n + h f(t_n, y_n)
//	y_{n+1} = y_n + h/2 [f(t_n, y_n) + f(t_n + h, ỹ)]
type Heun struct {
	Dt float64 // step size (> 0)

	sys           System
	sw            Stepwise
	clk           clock
	y, k1, k2, yp []float64
	steps         int
}

// NewHeun returns a Heun stepper with step dt.
func NewHeun(dt float64) *Heun { return &Heun{Dt: dt} }

// Init implements Stepper. It panics if len(y0) ≠ sys.Dim().
func (s *Heun) Init(sys System, t0 float64, y0 []float64) error {
	n, sw, err := initFixed("Heun", s.Dt, sys, t0, y0)
	if err != nil {
		return err
	}
	s.sys, s.sw = sys, sw
	s.y, s.k1, s.k2, s.yp = grow(s.y, n), grow(s.k1, n), grow(s.k2, n), grow(s.yp, n)
	copy(s.y, y0)
	s.clk.init(t0)
	s.steps = 0
	return nil
}

// Step implements Stepper.
func (s *Heun) Step() error {
	h, land := s.clk.next(s.Dt)
	t := s.clk.t
	y, k1, k2, yp := s.y, s.k1, s.k2, s.yp
	if s.sw != nil {
		s.sw.BeginStep(t, y)
	}
	s.sys.Deriv(k1, s.clk.at(t), y)
	for i := range y {
		yp[i] = y[i] + h*k1[i]
	}
	s.sys.Deriv(k2, s.clk.at(t+h), yp)
	for i := range y {
		y[i] += 0.5 * h * (k1[i] + k2[i])
	}
	s.clk.advance(s.Dt, land)
	s.steps++
	if s.sw != nil {
		s.sw.EndStep(s.clk.t, y)
	}
	return checkFinite(s.sys, s.clk.t, y)
}

// State implements Stepper.
func (s *Heun) State() (float64, []float64) { return s.clk.t, s.y }

// Stats implements Statser.
func (s *Heun) Stats() Stats { return Stats{Steps: s.steps, Evals: 2 * s.steps} }

func (s *Heun) segment(end float64, disc bool) { s.clk.segment(end, disc) }
func (s *Heun) restart()                       { s.clk.restart() }
