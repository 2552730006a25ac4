package ode

import (
	"math"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
)

// Crossings steps a system and locates the sign changes of an event
// function g(t, y, f) of the state y and its derivative f = dy/dt (for
// example g = f[k], whose zeros are the extrema of variable k), refined on
// the stepper's dense output ([Adaptive] steppers) or on the cubic Hermite
// interpolant of the step (fixed-step ones) by Illinois regula falsi to
// ≈1e-15 relative in time. It is the package's one event locator (local
// maxima for orbit diagrams, the extrema of the energy orbits). It
// allocates only in NewCrossings.
type Crossings struct {
	sys        System
	st         Stepper
	ad         Adaptive
	g          func(t float64, y, f []float64) float64
	yp, fp, fn []float64
	y0         []float64
	ybuf, fbuf []float64
	tp         float64
}

// NewCrossings returns the locator of the zeros of g along the solutions of
// sys stepped by st. g must be continuous in (y, f); it receives f = dy/dt
// at y.
func NewCrossings(sys System, st Stepper, g func(t float64, y, f []float64) float64) *Crossings {
	n := sys.Dim()
	c := &Crossings{sys: sys, st: st, g: g,
		yp: make([]float64, n), fp: make([]float64, n), fn: make([]float64, n),
		y0: make([]float64, n), ybuf: make([]float64, n), fbuf: make([]float64, n)}
	if a, ok := st.(Adaptive); ok {
		c.ad = a
	}
	return c
}

// interp writes the state at time t ∈ [tp, tn] into c.ybuf.
func (c *Crossings) interp(t, tn float64, yn []float64) {
	if c.ad != nil {
		c.ad.Interpolate(c.ybuf, t)
		return
	}
	h := tn - c.tp
	s := (t - c.tp) / h
	h00 := (1 + 2*s) * (1 - s) * (1 - s)
	h10 := s * (1 - s) * (1 - s)
	h01 := s * s * (3 - 2*s)
	h11 := s * s * (s - 1)
	for i := range c.ybuf {
		c.ybuf[i] = h00*c.yp[i] + h10*h*c.fp[i] + h01*yn[i] + h11*h*c.fn[i]
	}
}

// gAt evaluates g at the interpolated state of time t.
func (c *Crossings) gAt(t, tn float64, yn []float64) float64 {
	c.interp(t, tn, yn)
	c.sys.Deriv(c.fbuf, t, c.ybuf)
	return c.g(t, c.ybuf, c.fbuf)
}

// Run integrates from t0 to t1 (at most maxSteps steps, else ErrMaxSteps)
// and calls step (if not nil) after every step, and event at every zero of
// g with the interpolated state (valid during the call only: copy it to
// keep it) and down = true when g goes from positive to non-positive (a
// maximum, for g = f[k]). A start exactly on a zero is reported at t0, with
// down from the sign of g after the first step. An error from step stops
// the run and is returned.
func (c *Crossings) Run(t0, t1 float64, y0 []float64, maxSteps int,
	step func(t float64, y []float64) error, event func(t float64, y []float64, down bool)) error {
	if err := c.st.Init(c.sys, t0, y0); err != nil {
		return err
	}
	copy(c.yp, y0)
	copy(c.y0, y0)
	c.tp = t0
	c.sys.Deriv(c.fp, t0, c.yp)
	gp := c.g(t0, c.yp, c.fp)
	atZero := gp == 0
	lim, hasLim := c.st.(interface{ SetMaxStep(float64) })
	for n := 0; ; n++ {
		t, _ := c.st.State()
		if t >= t1-1e-12*math.Max(1, math.Abs(t1)) {
			return nil
		}
		if n >= maxSteps {
			return ErrMaxSteps
		}
		if hasLim {
			lim.SetMaxStep(t1 - t)
		}
		if err := c.st.Step(); err != nil {
			return err
		}
		tn, yn := c.st.State()
		if c.ad != nil {
			c.tp, _ = c.ad.LastStep()
		}
		c.sys.Deriv(c.fn, tn, yn)
		gn := c.g(tn, yn, c.fn)
		switch {
		case atZero:
			atZero = false
			copy(c.ybuf, c.y0)
			event(t0, c.ybuf, gn < 0)
		case (gp > 0 && gn <= 0) || (gp < 0 && gn >= 0):
			tc, _ := root.Illinois(func(s float64) (float64, error) {
				return c.gAt(s, tn, yn), nil
			}, c.tp, tn, gp, gn, 1e-15*math.Max(1, math.Abs(tn)), 100)
			c.interp(tc, tn, yn)
			event(tc, c.ybuf, gp > 0)
		}
		if step != nil {
			if err := step(tn, yn); err != nil {
				return err
			}
		}
		copy(c.yp, yn)
		c.tp = tn
		copy(c.fp, c.fn)
		gp = gn
	}
}
