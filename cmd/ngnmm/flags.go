package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// pulse is a rectangular current of amplitude Amp on T0 ≤ t < T1.
type pulse struct{ Amp, T0, T1 float64 }

// pulses is a repeatable flag value "AMP:T0:T1" (e.g. --pulse 3:0:30); the
// drive is the sum of the pulses.
type pulses []pulse

func (p *pulses) String() string {
	if p == nil {
		return ""
	}
	var s []string
	for _, q := range *p {
		s = append(s, fmt.Sprintf("%g:%g:%g", q.Amp, q.T0, q.T1))
	}
	return strings.Join(s, ",")
}

// Set parses AMP:T0:T1 with finite numbers and T0 < T1.
func (p *pulses) Set(s string) error {
	f := strings.Split(s, ":")
	if len(f) != 3 {
		return fmt.Errorf("want AMP:T0:T1, got %q", s)
	}
	var v [3]float64
	for i, x := range f {
		y, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsNaN(y) || math.IsInf(y, 0) {
			return fmt.Errorf("want AMP:T0:T1 with finite numbers, got %q", s)
		}
		v[i] = y
	}
	if !(v[1] < v[2]) {
		return fmt.Errorf("pulse %q: want T0 < T1", s)
	}
	*p = append(*p, pulse{v[0], v[1], v[2]})
	return nil
}

// Breakpoints returns the switching times of the pulses (for
// ode.Settings.Breakpoints, so that no step straddles a jump).
func (p pulses) Breakpoints() []float64 {
	var b []float64
	for _, q := range p {
		b = append(b, q.T0, q.T1)
	}
	return b
}

// Input returns the time-dependent drive of the pulses (nil if none). It
// does not allocate.
func (p pulses) Input() func(t float64) float64 {
	if len(p) == 0 {
		return nil
	}
	ps := append(pulses(nil), p...)
	return func(t float64) float64 {
		s := 0.0
		for _, q := range ps {
			if t >= q.T0 && t < q.T1 {
				s += q.Amp
			}
		}
		return s
	}
}

// steppers maps the --method names to constructors: fixed-step methods use
// dt, adaptive ones rtol (and atol = rtol·1e-3).
var steppers = map[string]func(dt, rtol float64) ode.Stepper{
	"euler":  func(dt, _ float64) ode.Stepper { return ode.NewEuler(dt) },
	"heun":   func(dt, _ float64) ode.Stepper { return ode.NewHeun(dt) },
	"rk4":    func(dt, _ float64) ode.Stepper { return ode.NewRK4(dt) },
	"dopri5": func(_, rtol float64) ode.Stepper { return ode.NewDoPri5(rtol, 1e-3*rtol) },
}

// adaptiveMethods lists the --method names whose step is error-controlled.
var adaptiveMethods = map[string]bool{"dopri5": true}

func methodNames() string {
	var ns []string
	for n := range steppers {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return strings.Join(ns, "|")
}

// newStepper returns the stepper for --method with a clear usage error for
// unknown names or invalid dt/rtol.
func newStepper(method string, dt, rtol float64) (ode.Stepper, error) {
	mk, ok := steppers[method]
	if !ok {
		return nil, usageErr("--method %q unknown, want one of %s", method, methodNames())
	}
	if adaptiveMethods[method] {
		if !(rtol > 0 && rtol < 1) {
			return nil, usageErr("--rtol = %v, want 0 < rtol < 1", rtol)
		}
	} else if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, usageErr("--dt = %v, want finite > 0", dt)
	}
	return mk(dt, rtol), nil
}

// finiteFlags checks that the named float flags are finite.
func finiteFlags(vals map[string]float64) error {
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if v := vals[n]; math.IsNaN(v) || math.IsInf(v, 0) {
			return usageErr("--%s = %v, want a finite number", n, v)
		}
	}
	return nil
}
