package ode

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

type sample struct {
	t float64
	y []float64
}

func record(out *[]sample) Observer {
	return ObserverFunc(func(t float64, y []float64) error {
		*out = append(*out, sample{t, append([]float64(nil), y...)})
		return nil
	})
}

func allSteppers() []Stepper {
	return []Stepper{NewEuler(0.01), NewHeun(0.01), NewRK4(0.01), NewDoPri5(1e-8, 1e-10)}
}

// TestSolveSampling checks the sample times of the uniform sampling, with
// and without transient, for fixed-step and adaptive steppers.
func TestSolveSampling(t *testing.T) {
	cases := []struct {
		transient, every, t1 float64
		want                 []float64
	}{
		{0, 0.1, 1, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}},
		{0.25, 0.1, 1, []float64{0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95}},
		{0.3, 0.35, 1.4, []float64{0.3, 0.65, 1.0, 1.35}},
		{2, 0.1, 1, nil},
	}
	for _, c := range cases {
		for _, st := range allSteppers() {
			var got []sample
			if _, err := Solve(oscillator{}, st, 0, c.t1, []float64{1, 0}, &Settings{Transient: c.transient, SampleEvery: c.every}, record(&got)); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Errorf("%T transient=%v every=%v: %d samples, want %d", st, c.transient, c.every, len(got), len(c.want))
				continue
			}
			// adaptive: exact sample times; fixed (dt = 0.01): the nearest step
			tol := 1e-12
			if _, ok := st.(Adaptive); !ok {
				tol = 0.005 + 1e-12
			}
			for i, s := range got {
				if math.Abs(s.t-c.want[i]) > tol {
					t.Errorf("%T sample %d at t=%v, want %v ± %g", st, i, s.t, c.want[i], tol)
				}
				if d := maxAbsDiff(s.y, oscExact(s.t)); d > 1e-2 {
					t.Errorf("%T sample %d at t=%v: state off by %g", st, i, s.t, d)
				}
			}
		}
	}
}

// TestSolveEveryStep: SampleEvery = 0 observes the initial state and every
// (accepted) step.
func TestSolveEveryStep(t *testing.T) {
	for _, st := range allSteppers() {
		var got []sample
		stats, err := Solve(oscillator{}, st, 0, 1, []float64{1, 0}, nil, record(&got))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != stats.Steps+1 || got[0].t != 0 || got[len(got)-1].t != 1 {
			t.Errorf("%T: %d samples from %v to %v for %d steps, want steps+1 from 0 to 1", st, len(got), got[0].t, got[len(got)-1].t, stats.Steps)
		}
		for i := 1; i < len(got); i++ {
			if !(got[i].t > got[i-1].t) {
				t.Fatalf("%T: times not increasing at %d", st, i)
			}
		}
	}
}

func TestSolveStop(t *testing.T) {
	for _, st := range allSteppers() {
		n := 0
		stats, err := Solve(oscillator{}, st, 0, 10, []float64{1, 0}, &Settings{SampleEvery: 0.1}, ObserverFunc(func(t float64, y []float64) error {
			n++
			if n == 5 {
				return ErrStop
			}
			return nil
		}))
		if err != nil || n != 5 {
			t.Errorf("%T: ErrStop: err=%v samples=%d, want nil, 5", st, err, n)
		}
		if tn, _ := st.State(); tn > 0.5 || stats.Steps == 0 {
			t.Errorf("%T: stopped at t=%v after %d steps", st, tn, stats.Steps)
		}
		// any other error is returned
		boom := errors.New("boom")
		_, err = Solve(oscillator{}, st, 0, 10, []float64{1, 0}, nil, ObserverFunc(func(t float64, y []float64) error { return boom }))
		if !errors.Is(err, boom) {
			t.Errorf("%T: observer error got=%v, want boom", st, err)
		}
	}
}

func TestSolveContext(t *testing.T) {
	for _, st := range allSteppers() {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		_, err := Solve(oscillator{}, st, 0, 10, []float64{1, 0}, &Settings{Context: ctx, SampleEvery: 0.1}, ObserverFunc(func(t float64, y []float64) error {
			n++
			if n == 3 {
				cancel()
			}
			return nil
		}))
		if !errors.Is(err, context.Canceled) || n != 3 {
			t.Errorf("%T: cancel: err=%v samples=%d, want context.Canceled, 3", st, err, n)
		}
		cancel()
	}
}

func TestSolveProgress(t *testing.T) {
	for _, st := range allSteppers() {
		var calls int
		var last, total float64
		_, err := Solve(oscillator{}, st, 1, 11, []float64{1, 0}, &Settings{Progress: func(done, tot float64) {
			if done < last {
				t.Errorf("%T: progress went back from %v to %v", st, last, done)
			}
			calls++
			last, total = done, tot
		}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if last != 10 || total != 10 || calls < 2 || calls > 202 {
			t.Errorf("%T: progress calls=%d last=(%v, %v), want ≤202 calls ending (10, 10)", st, calls, last, total)
		}
	}
}

func TestSolveMaxSteps(t *testing.T) {
	for _, st := range allSteppers() {
		stats, err := Solve(oscillator{}, st, 0, 10, []float64{1, 0}, &Settings{MaxSteps: 7}, nil)
		if !errors.Is(err, ErrMaxSteps) || stats.Steps != 7 {
			t.Errorf("%T: err=%v steps=%d, want ErrMaxSteps after 7", st, err, stats.Steps)
		}
	}
}

func TestSolveBadArgs(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		t0, t1 float64
		s      Settings
	}{
		{0, -1, Settings{}}, {nan, 1, Settings{}}, {0, nan, Settings{}}, {0, math.Inf(1), Settings{}},
		{0, 1, Settings{SampleEvery: -1}}, {0, 1, Settings{SampleEvery: nan}},
		{0, 1, Settings{Transient: -1}}, {0, 1, Settings{MaxSteps: -1}},
	} {
		if _, err := Solve(oscillator{}, NewRK4(0.1), c.t0, c.t1, []float64{1, 0}, &c.s, nil); err == nil {
			t.Errorf("t0=%v t1=%v %+v: no error", c.t0, c.t1, c.s)
		}
	}
	// t1 == t0: only the initial state
	var got []sample
	if _, err := Solve(oscillator{}, NewDoPri5(1e-6, 1e-9), 2, 2, []float64{1, 0}, nil, record(&got)); err != nil || len(got) != 1 || got[0].t != 2 {
		t.Errorf("t1 == t0: err=%v samples=%v", err, got)
	}
}

// blowup: y' = y², y(0) = 1 has y = 1/(1−t), infinite at t = 1; the
// right-hand side returns NaN for t > 0.5 when nan is set.
type blowup struct{ nan bool }

func (blowup) Dim() int       { return 1 }
func (blowup) Vars() []string { return []string{"u"} }
func (b blowup) Deriv(dst []float64, t float64, y []float64) {
	dst[0] = y[0] * y[0]
	if b.nan && t > 0.5 {
		dst[0] = math.NaN()
	}
}

// TestSolveNonFinite: a non-finite state stops the run with an error naming
// the variable and the time; the samples before it are kept.
func TestSolveNonFinite(t *testing.T) {
	for _, st := range []Stepper{NewEuler(0.01), NewHeun(0.01), NewRK4(0.01), NewDoPri5(1e-8, 1e-10)} {
		var got []sample
		_, err := Solve(blowup{nan: true}, st, 0, 2, []float64{1}, &Settings{SampleEvery: 0.1}, record(&got))
		if !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "u = ") || !strings.Contains(err.Error(), "t = 0.5") {
			t.Errorf("%T: got err=%v, want ErrNonFinite naming u at t = 0.5…", st, err)
		}
		if len(got) != 6 || math.Abs(got[5].y[0]-2) > 0.05 {
			t.Errorf("%T: %d samples before the failure, want 6 (t = 0…0.5, last y≈2)", st, len(got))
		}
	}
	// genuine blow-up without NaN in f: fixed steps overflow to Inf …
	_, err := Solve(blowup{}, NewRK4(0.01), 0, 2, []float64{1}, nil, nil)
	if !errors.Is(err, ErrNonFinite) {
		t.Errorf("RK4 blow-up: got %v, want ErrNonFinite", err)
	}
	// … the adaptive step shrinks towards the singularity at t = 1
	_, err = Solve(blowup{}, NewDoPri5(1e-8, 1e-10), 0, 2, []float64{1}, nil, nil)
	if !errors.Is(err, ErrStepSize) && !errors.Is(err, ErrNonFinite) {
		t.Errorf("DoPri5 blow-up: got %v, want ErrStepSize or ErrNonFinite", err)
	}
	// a non-finite initial state or derivative is reported at once
	if _, err := Solve(blowup{}, NewDoPri5(1e-8, 1e-10), 0, 2, []float64{math.NaN()}, nil, nil); !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN y0: got %v", err)
	}
	if _, err := Solve(blowup{nan: true}, NewDoPri5(1e-8, 1e-10), 1, 2, []float64{1}, nil, nil); !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN f(y0): got %v", err)
	}
}

// step: f = +1 for t < 1 (or ≤ 1), −1 afterwards; y(0) = 0 → y(1) = 1, y(2) = 0.
type stepRHS struct{ closed bool }

func (stepRHS) Dim() int { return 1 }
func (s stepRHS) Deriv(dst []float64, t float64, y []float64) {
	if t < 1 || (s.closed && t == 1) {
		dst[0] = 1
	} else {
		dst[0] = -1
	}
}

// TestSolveBreakpoints: with the discontinuity at t = 1 declared, every
// stepper lands on it and integrates the piecewise-constant right-hand side
// exactly, whichever side the jump's time belongs to; the fixed-step grid
// (dt = 0.3) restarts at the breakpoint.
func TestSolveBreakpoints(t *testing.T) {
	for _, closed := range []bool{false, true} {
		for _, st := range []Stepper{NewEuler(0.3), NewHeun(0.3), NewRK4(0.3), NewDoPri5(1e-10, 1e-12)} {
			var got []sample
			stats, err := Solve(stepRHS{closed}, st, 0, 2, []float64{0}, &Settings{Breakpoints: []float64{5, 1, -1, 1, 0, 2}}, record(&got))
			if err != nil {
				t.Fatal(err)
			}
			var at1 bool
			for _, s := range got {
				want := s.t
				if s.t > 1 {
					want = 2 - s.t
				}
				if math.Abs(s.y[0]-want) > 1e-14 {
					t.Errorf("closed=%v %T: y(%v) got=%v, want=%v", closed, st, s.t, s.y[0], want)
				}
				at1 = at1 || s.t == 1
			}
			if !at1 {
				t.Errorf("closed=%v %T: no step landed on the breakpoint t = 1", closed, st)
			}
			if _, ok := st.(*RK4); ok && stats.Steps != 8 {
				t.Errorf("RK4 dt=0.3 on [0,1]∪[1,2]: %d steps, want 8", stats.Steps)
			}
		}
	}
}

// hidden wraps a stepper, hiding its package-internal methods: Solve's path
// for steppers from other packages (landing to within rounding, restart by
// Init at breakpoints).
type hidden struct {
	Stepper
	inits int
}

func (h *hidden) Init(sys System, t0 float64, y0 []float64) error {
	h.inits++
	return h.Stepper.Init(sys, t0, y0)
}

func (h *hidden) Stats() Stats { return h.Stepper.(Statser).Stats() }

func TestSolveForeignStepper(t *testing.T) {
	var got []sample
	st := &hidden{Stepper: NewRK4(0.01)}
	stats, err := Solve(oscillator{}, st, 0, 2, []float64{1, 0}, &Settings{SampleEvery: 0.5, Breakpoints: []float64{1}}, record(&got))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || st.inits != 2 || stats.Steps != 200 {
		t.Fatalf("%d samples, %d Init calls, %d steps; want 5, 2, 200", len(got), st.inits, stats.Steps)
	}
	for i, s := range got {
		if math.Abs(s.t-0.5*float64(i)) > 1e-12 || maxAbsDiff(s.y, oscExact(s.t)) > 1e-9 {
			t.Errorf("sample %d: (%v, %v), want (%v, %v)", i, s.t, s.y, 0.5*float64(i), oscExact(s.t))
		}
	}
}

// TestSolveTransientEveryStep: with SampleEvery = 0 and a transient, the
// initial state is not observed and the first observed step ends at or
// after t0 + Transient.
func TestSolveTransientEveryStep(t *testing.T) {
	for _, st := range allSteppers() {
		var got []sample
		stats, err := Solve(oscillator{}, st, 1, 2, []float64{1, 0}, &Settings{Transient: 0.5}, record(&got))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].t < 1.5 || got[len(got)-1].t != 2 || len(got) >= stats.Steps {
			t.Errorf("%T: %d samples from %v for %d steps", st, len(got), got[0].t, stats.Steps)
		}
	}
	if _, err := Solve(oscillator{}, NewRK4(0.1), 0, 1e6, []float64{1, 0}, &Settings{SampleEvery: 1e-7}, nil); err == nil {
		t.Error("1e13 samples: no error")
	}
}

// sloppy is a foreign fixed-step stepper that accumulates its time (t += dt).
type sloppy struct {
	t, dt float64
	y     []float64
	n     int
}

func (s *sloppy) Init(sys System, t0 float64, y0 []float64) error {
	s.t, s.y, s.n = t0, append([]float64(nil), y0...), 0
	return nil
}
func (s *sloppy) Step() error                 { s.t += s.dt; s.n++; return nil }
func (s *sloppy) State() (float64, []float64) { return s.t, s.y }

// TestSolveForeignRounding: a foreign stepper whose time drifts by rounding
// still stops after the intended number of steps.
func TestSolveForeignRounding(t *testing.T) {
	st := &sloppy{dt: 0.1}
	if _, err := Solve(oscillator{}, st, 0, 1000, []float64{1, 0}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if st.n != 10000 {
		t.Errorf("%d steps (t = %.17g), want 10000", st.n, st.t)
	}
}
