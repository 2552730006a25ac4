package cycle

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// Sentinel errors.
var (
	// ErrStationary reports that the trajectory settled on an equilibrium
	// (its oscillation amplitude fell below Options.AmpTol): no cycle.
	ErrStationary = errors.New("cycle: trajectory is stationary (no periodic orbit)")
	// ErrNoConvergence reports that Newton shooting did not converge.
	ErrNoConvergence = errors.New("cycle: shooting did not converge")
	// ErrInconsistent reports a trivial multiplier farther from 1 than
	// Options.TrivialTol: the integration is too coarse for the cycle.
	ErrInconsistent = errors.New("cycle: trivial Floquet multiplier differs from 1")
)

// Options are the settings of [Find] and [Continue]. The zero value (or nil)
// means the documented defaults, which suit models whose time unit is ms and
// whose fastest time constants are ≳ 0.1 time units (nmm.EI).
type Options struct {
	// Jac is the Jacobian of the system (nil: the system's own Jac method if
	// it has one, else finite differences, [NumJac]).
	Jac JacFunc
	// Dt is the RK4 step of the transient and search integrations
	// (0: 0.01).
	Dt float64
	// Transient is the time integrated and discarded before searching
	// (0: 500).
	Transient float64
	// Window is the length of one search window (0: 500). Windows are
	// integrated until the oscillation amplitude settles (at most
	// MaxWindows, 0: 20); an amplitude still decreasing over the last five
	// windows then counts as a damped oscillation (ErrStationary).
	Window     float64
	MaxWindows int
	// AmpTol: the trajectory is stationary if the range of every variable
	// over a window is below AmpTol·(1 + |mean|) (0: 1e-7).
	AmpTol float64
	// Steps is the number of RK4 steps per period in shooting and monodromy
	// (0: DefaultSteps). StepSize > 0 instead fixes the step: shooting then
	// uses ceil(T/StepSize) steps for the period guess T it starts from (the
	// step count stays fixed during the Newton iteration).
	Steps    int
	StepSize float64
	// Tol is the Newton tolerance on the return map, relative to
	// 1 + max|y| (0: 1e-10). MaxIter bounds the iterations (0: 30).
	Tol     float64
	MaxIter int
	// TrivialTol is the largest accepted |trivial multiplier − 1|
	// (0: 1e-6); larger deviations return ErrInconsistent with the orbit.
	TrivialTol float64
	// Section is the index of the variable defining the Poincaré section
	// y[Section] = level (crossed upwards) when FixSection is set; by
	// default Find uses the variable with the largest oscillation. The
	// level is the middle of the variable's range.
	Section    int
	FixSection bool
	// ReturnTol: the period guess is the time to the first later section
	// crossing within ReturnTol·(largest range) of the first one in every
	// variable, else to the closest of the next 39 (0: 1e-2). A smaller
	// value keeps a period-doubled orbit close to its period-1 parent from
	// being taken for it.
	ReturnTol float64
}

func (o *Options) withDefaults(sys ode.System) Options {
	s := settings.Of(o)
	settings.Default(&s.Dt, 0.01)
	settings.Default(&s.Transient, 500)
	settings.Default(&s.Window, 500)
	settings.Default(&s.AmpTol, 1e-7)
	settings.Default(&s.Tol, 1e-10)
	settings.Default(&s.TrivialTol, 1e-6)
	settings.Default(&s.MaxWindows, 20)
	settings.Default(&s.Steps, DefaultSteps)
	settings.Default(&s.MaxIter, 30)
	settings.Default(&s.ReturnTol, 1e-2)
	if s.Jac == nil {
		s.Jac = ode.JacOf(sys)
	}
	return s
}

// Orbit is a periodic orbit.
type Orbit struct {
	Y0     []float64 // a point of the orbit (on the Poincaré section)
	Period float64   // period T (time unit of the system)
	// Multipliers are the Floquet multipliers (eigenvalues of the monodromy
	// matrix), sorted by decreasing modulus; Exponents the Floquet exponents
	// μ = ln(multiplier)/T in the same order (1/time unit).
	Multipliers []complex128
	Exponents   []complex128
	// Trivial is the index of the multiplier closest to 1 (the one along
	// the flow); TrivialError = |Multipliers[Trivial] − 1|, which is 0 for
	// the exact flow and measures the integration error.
	Trivial      int
	TrivialError float64
	// Stable: every non-trivial multiplier has modulus < 1.
	Stable bool
	// Min and Max are the smallest and largest value of each variable along
	// the orbit (over the RK4 steps of one period).
	Min, Max []float64
	// Section and Level define the Poincaré section y[Section] = Level used
	// as the phase condition.
	Section int
	Level   float64
	// Iterations is the number of Newton iterations used.
	Iterations int
}

// Frequency returns 1/Period (in 1/time unit: kHz for time in ms).
func (o *Orbit) Frequency() float64 { return 1 / o.Period }

// Find looks for a limit cycle of sys attracting y0: it integrates a
// transient, measures the oscillation over successive windows (reporting
// [ErrStationary] when it dies out), picks the Poincaré section
// y[k] = level through the middle of the largest oscillation, estimates the
// period from the first return of the section crossing, and refines the
// orbit by Newton shooting on
//
//	φ(T, y0) − y0 = 0,   y0[k] − level = 0
//
// (φ = RK4 flow with Options.Steps steps, Jacobian from the variational
// equations). It then computes the monodromy matrix, the Floquet multipliers
// and exponents. If the trivial multiplier differs from 1 by more than
// Options.TrivialTol, the orbit is returned with an error wrapping
// [ErrInconsistent].
func Find(sys ode.System, y0 []float64, opt *Options) (*Orbit, error) {
	n := sys.Dim()
	if len(y0) != n {
		panic("cycle: Find y0 length mismatch")
	}
	o := opt.withDefaults(sys)
	rk := ode.NewRK4(o.Dt)
	if err := rk.Init(sys, 0, y0); err != nil {
		return nil, err
	}
	step := func() error { return rk.Step() }
	for k := 0; float64(k)*o.Dt < o.Transient; k++ {
		if err := step(); err != nil {
			return nil, err
		}
	}
	// Measure the amplitude window by window.
	lo, hi := make([]float64, n), make([]float64, n)
	nw := int(math.Ceil(o.Window / o.Dt))
	var prevAmp float64
	sec := o.Section
	settled := false
	decaying := 0 // consecutive windows with a smaller amplitude
	for w := 0; w < o.MaxWindows; w++ {
		_, y := rk.State()
		copy(lo, y)
		copy(hi, y)
		for range nw {
			if err := step(); err != nil {
				return nil, err
			}
			_, y := rk.State()
			for i := range n {
				lo[i] = math.Min(lo[i], y[i])
				hi[i] = math.Max(hi[i], y[i])
			}
		}
		stationary := true
		best, bi := -1.0, 0
		for i := range n {
			a := hi[i] - lo[i]
			if a > o.AmpTol*(1+math.Abs(0.5*(hi[i]+lo[i]))) {
				stationary = false
			}
			if a > best {
				best, bi = a, i
			}
		}
		if stationary {
			return nil, ErrStationary
		}
		if !o.FixSection {
			sec = bi
		}
		amp := hi[sec] - lo[sec]
		if w > 0 && math.Abs(amp-prevAmp) <= 1e-3*amp {
			settled = true
			break
		}
		if w > 0 && amp < prevAmp {
			decaying++
		} else {
			decaying = 0
		}
		prevAmp = amp
	}
	if !settled && decaying >= 5 {
		return nil, fmt.Errorf("%w: damped oscillation (amplitude still decaying after %d windows)", ErrStationary, o.MaxWindows)
	}
	if sec < 0 || sec >= n {
		return nil, fmt.Errorf("cycle: Options.Section = %d, want 0..%d", sec, n-1)
	}
	level := 0.5 * (lo[sec] + hi[sec])
	// Record upward crossings of the section over one more window.
	type crossing struct {
		t float64
		y []float64
	}
	var cr []crossing
	t0, yprev := rk.State()
	yp := append([]float64(nil), yprev...)
	tp := t0
	for range 2 * nw {
		if err := step(); err != nil {
			return nil, err
		}
		t, y := rk.State()
		if yp[sec] < level && y[sec] >= level {
			a := (level - yp[sec]) / (y[sec] - yp[sec])
			yc := make([]float64, n)
			for i := range n {
				yc[i] = yp[i] + a*(y[i]-yp[i])
			}
			cr = append(cr, crossing{tp + a*(t-tp), yc})
		}
		copy(yp, y)
		tp = t
		if len(cr) >= 40 {
			break
		}
	}
	if len(cr) < 2 {
		if !settled {
			return nil, ErrStationary
		}
		return nil, fmt.Errorf("%w: fewer than two section crossings", ErrNoConvergence)
	}
	// First return: the first later crossing close to the first one.
	scale := 0.0
	for i := range n {
		scale = math.Max(scale, hi[i]-lo[i])
	}
	ret, bestD := 1, math.Inf(1)
	for j := 1; j < len(cr); j++ {
		d := 0.0
		for i := range n {
			d = math.Max(d, math.Abs(cr[j].y[i]-cr[0].y[i]))
		}
		if d < o.ReturnTol*scale {
			ret = j
			break
		}
		if d < bestD {
			bestD, ret = d, j
		}
	}
	T := cr[ret].t - cr[0].t
	orb, err := Refine(sys, cr[0].y, T, sec, &o)
	if err != nil && !settled && errors.Is(err, ErrNoConvergence) {
		return nil, fmt.Errorf("%w (the oscillation had not settled: possibly %v)", err, ErrStationary)
	}
	return orb, err
}

// Refine refines an approximate periodic orbit through y0 with period
// guess T by Newton shooting, with the phase condition
// y[section] = y0[section]; then computes its Floquet multipliers (see
// [Find]).
func Refine(sys ode.System, y0 []float64, T float64, section int, opt *Options) (*Orbit, error) {
	n := sys.Dim()
	o := opt.withDefaults(sys)
	if section < 0 || section >= n {
		return nil, fmt.Errorf("cycle: section variable %d, want 0..%d", section, n-1)
	}
	if o.StepSize > 0 {
		if !(T > 0) || math.IsInf(T/o.StepSize, 0) || T/o.StepSize > 1e8 {
			return nil, fmt.Errorf("cycle: period guess %v with Options.StepSize %v, want 0 < T/StepSize ≤ 1e8", T, o.StepSize)
		}
		o.Steps = int(math.Ceil(T/o.StepSize - 1e-9))
	}
	in := newIntegrator(sys, o.Jac, o.Steps)
	level := y0[section]
	y := append([]float64(nil), y0...)
	A := mat.NewDense(n+1, n+1, nil)
	b := mat.NewVecDense(n+1, nil)
	f := make([]float64, n)
	var dx mat.VecDense
	converged := false
	it := 0
	for ; it < o.MaxIter; it++ {
		if err := in.flow(y, T, true); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoConvergence, err)
		}
		res, ymax := 0.0, 0.0
		for i := range n {
			res = math.Max(res, math.Abs(in.y[i]-y[i]))
			ymax = math.Max(ymax, math.Abs(y[i]))
		}
		if res <= o.Tol*(1+ymax) && it > 0 {
			converged = true
			break
		}
		sys.Deriv(f, T, in.y[:n])
		shootingRows(A, in, f, n)
		for i := range n {
			b.SetVec(i, -(in.y[i] - y[i]))
		}
		for j := range n + 1 {
			A.Set(n, j, 0)
		}
		A.Set(n, section, 1)
		b.SetVec(n, -(y[section] - level))
		if err := dx.SolveVec(A, b); err != nil {
			return nil, fmt.Errorf("%w: singular shooting matrix: %v", ErrNoConvergence, err)
		}
		// damp steps that would change the period by more than 20 %
		lam := 1.0
		if dT := dx.AtVec(n); math.Abs(dT) > 0.2*T {
			lam = 0.2 * T / math.Abs(dT)
		}
		for i := range n {
			y[i] += lam * dx.AtVec(i)
		}
		T += lam * dx.AtVec(n)
		if !(T > 0) {
			return nil, fmt.Errorf("%w: period became %v", ErrNoConvergence, T)
		}
	}
	if !converged {
		return nil, fmt.Errorf("%w after %d iterations", ErrNoConvergence, it)
	}
	// The last flow call was at the converged (y, T) with the variational
	// equations: in.y holds Φ(T).
	orb := &Orbit{Y0: y, Period: T, Section: section, Level: level, Iterations: it,
		Min: append([]float64(nil), in.min...), Max: append([]float64(nil), in.max...)}
	if err := orb.floquet(in); err != nil {
		return nil, err
	}
	if orb.TrivialError > o.TrivialTol {
		return orb, fmt.Errorf("%w: |μ−1| = %.3g > %.3g (increase Options.Steps)", ErrInconsistent, orb.TrivialError, o.TrivialTol)
	}
	return orb, nil
}

// floquet sets the multipliers, exponents and stability from the
// variational part of in.y.
func (o *Orbit) floquet(in *integrator) error {
	n := in.n
	M := mat.NewDense(n, n, nil)
	in.va.Matrix(M, in.y)
	mu, err := Multipliers(M)
	if err != nil {
		return err
	}
	o.Multipliers = mu
	o.Exponents = Exponents(mu, o.Period)
	o.Trivial = trivialIndex(mu)
	o.TrivialError = cmplx.Abs(mu[o.Trivial] - 1)
	o.Stable = true
	for i, m := range mu {
		if i != o.Trivial && cmplx.Abs(m) >= 1 {
			o.Stable = false
		}
	}
	return nil
}
