package ode

import "fmt"

// RK4 is the classical fourth-order Runge–Kutta method with fixed step Dt.
type RK4 struct {
	Dt float64 // step size (> 0)

	sys               System
	t                 float64
	y, k1, k2, k3, k4 []float64
	tmp               []float64
	evals, steps      int
}

// NewRK4 returns an RK4 stepper with step dt.
func NewRK4(dt float64) *RK4 { return &RK4{Dt: dt} }

// Init implements Stepper.
func (s *RK4) Init(sys System, t0 float64, y0 []float64) error {
	if !(s.Dt > 0) {
		return fmt.Errorf("ode: RK4 step Dt = %v, want > 0", s.Dt)
	}
	n := sys.Dim()
	if len(y0) != n {
		panic("ode: y0 length mismatch")
	}
	s.sys, s.t = sys, t0
	if cap(s.y) < n {
		s.y, s.k1, s.k2, s.k3, s.k4, s.tmp = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	}
	s.y, s.k1, s.k2, s.k3, s.k4, s.tmp = s.y[:n], s.k1[:n], s.k2[:n], s.k3[:n], s.k4[:n], s.tmp[:n]
	copy(s.y, y0)
	s.evals, s.steps = 0, 0
	return nil
}

// Step implements Stepper.
func (s *RK4) Step() error {
	h, t, y := s.Dt, s.t, s.y
	s.sys.Deriv(s.k1, t, y)
	for i := range y {
		s.tmp[i] = y[i] + 0.5*h*s.k1[i]
	}
	s.sys.Deriv(s.k2, t+0.5*h, s.tmp)
	for i := range y {
		s.tmp[i] = y[i] + 0.5*h*s.k2[i]
	}
	s.sys.Deriv(s.k3, t+0.5*h, s.tmp)
	for i := range y {
		s.tmp[i] = y[i] + h*s.k3[i]
	}
	s.sys.Deriv(s.k4, t+h, s.tmp)
	for i := range y {
		y[i] += h / 6 * (s.k1[i] + 2*s.k2[i] + 2*s.k3[i] + s.k4[i])
	}
	s.steps++
	s.evals += 4
	s.t = t + h
	return checkFinite(s.sys, s.t, y)
}

// State implements Stepper.
func (s *RK4) State() (float64, []float64) { return s.t, s.y }

// Stats implements Statser.
func (s *RK4) Stats() Stats { return Stats{Steps: s.steps, Evals: s.evals} }

// checkFinite returns an error wrapping ErrNonFinite naming the first
// non-finite variable of y at time t.
func checkFinite(sys System, t float64, y []float64) error {
	for i, v := range y {
		if v-v != 0 { // NaN or ±Inf
			name := fmt.Sprintf("y[%d]", i)
			if l, ok := sys.(Labeler); ok {
				if vs := l.Vars(); i < len(vs) {
					name = vs[i]
				}
			}
			return fmt.Errorf("%w: %s = %v at t = %g", ErrNonFinite, name, v, t)
		}
	}
	return nil
}
