package main

import (
	"flag"
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
		// Below ≈ 100 machine epsilons no step meets the tolerance (the
		// step-size control ends in h = NaN), so refuse it here.
		if !(rtol >= 1e-14 && rtol < 1) {
			return nil, usageErr("--rtol = %v, want 1e-14 ≤ rtol < 1", rtol)
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

// maxFlagMagnitude bounds every float flag a user sets: larger values are
// not meaningful for these models (rates, currents, couplings and times in
// units of τ or ms) and overflow the computations (squares of rates, Jacobian
// entries) into Inf or NaN.
const maxFlagMagnitude = 1e9

// parseChecked is [parseFlags] followed by a check of every float flag the
// user set: it must be finite and at most [maxFlagMagnitude] in magnitude.
// (Flags whose default is NaN, meaning "not given", are only checked when
// given.)
func parseChecked(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok || err != nil {
			return
		}
		v, ok := g.Get().(float64)
		if !ok {
			return
		}
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			err = usageErr("--%s = %v, want a finite number", f.Name, v)
		case math.Abs(v) > maxFlagMagnitude:
			err = usageErr("--%s = %v, want |%s| ≤ %g", f.Name, v, f.Name, float64(maxFlagMagnitude))
		}
	})
	return err
}

// finiteFlag returns a usage error if the flag value v is not finite.
func finiteFlag(name string, v float64) error {
	return finiteFlags(map[string]float64{name: v})
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// notApplicable returns a usage error for the first of the named flags that
// was given although it has no effect in the selected mode (e.g. "--model
// mpr"), so that a misspelt intent is not silently ignored.
func notApplicable(set map[string]bool, mode string, names ...string) error {
	for _, n := range names {
		if set[n] {
			return usageErr("--%s does not apply to %s", n, mode)
		}
	}
	return nil
}
