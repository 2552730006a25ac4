package memory

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// ErrNotBistable reports a branch of equilibria with fewer than two folds in
// the searched range.
var ErrNotBistable = errors.New("memory: no bistable range (fewer than two folds)")

// Range is a bistable parameter interval with the folds that bound it.
type Range struct {
	Lo, Hi float64 // the interval (Lo < Hi) where two stable equilibria coexist
	// Folds are the saddle-node points found on the branch, in order of
	// the parameter.
	Folds []continuation.SpecialPoint
	// Branch is the continued equilibrium branch (for plotting).
	Branch *continuation.Branch
}

// BistableRange continues the equilibrium branch of prob through y0 (an
// approximate equilibrium at p0) over [pmin, pmax] and returns the interval
// between its two folds (saddle-node points): for an S-shaped branch whose
// lower and upper parts are stable, the range of bistability. It returns
// ErrNotBistable if the branch has fewer than two folds. The continuation
// starts at p0 towards increasing p and, if needed, is repeated towards
// decreasing p, so p0 may lie anywhere in [pmin, pmax].
func BistableRange(prob continuation.Problem, y0 []float64, p0, pmin, pmax float64) (*Range, error) {
	set := &continuation.Settings{PMin: pmin, PMax: pmax, Ds: 0.01, DsMax: (pmax - pmin) / 200}
	up, err := continuation.Equilibria(prob, y0, p0, set)
	if err != nil {
		return nil, fmt.Errorf("memory: continuation: %w", err)
	}
	folds := append([]continuation.SpecialPoint(nil), up.Folds...)
	br := up
	if len(folds) < 2 {
		set.Ds = -0.01
		down, err := continuation.Equilibria(prob, y0, p0, set)
		if err != nil {
			return nil, fmt.Errorf("memory: continuation: %w", err)
		}
		folds = append(folds, down.Folds...)
		if len(down.Folds) > len(up.Folds) {
			br = down
		}
	}
	if len(folds) < 2 {
		return &Range{Folds: folds, Branch: br}, ErrNotBistable
	}
	sort.Slice(folds, func(i, j int) bool { return folds[i].P < folds[j].P })
	return &Range{Lo: folds[0].P, Hi: folds[len(folds)-1].P, Folds: folds, Branch: br}, nil
}

// MPRBistableRange returns the range of η̄ in [pmin, pmax] in which the MPR
// model m (other parameters fixed) has two stable equilibria, from the folds
// of the equilibrium branch (BistableRange). For J = 15, Δ = 1 it is
// (−5.74353, −3.13613) (docs/reference-values.md § MPR).
func MPRBistableRange(m nmm.MPR, pmin, pmax float64) (*Range, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	m.Input = nil
	mm := m
	mm.EtaBar = pmin
	fps, err := mm.FixedPoints()
	if err != nil || len(fps) == 0 {
		return nil, fmt.Errorf("memory: no equilibrium at η̄=%g: %v", pmin, err)
	}
	prob := continuation.Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
	return BistableRange(prob, fps[0].Y, pmin, pmin, pmax)
}

// Task is a delayed-response protocol: a constant background during
// Fixation, a cue (input CueAmp) for Cue time units, a Delay with only the
// background, during which the memory must persist, an erasing input
// (EraseAmp, usually negative) for Erase time units, and a final period
// After. All durations are ≥ 0 (model time unit).
type Task struct {
	Fixation, Cue, Delay, Erase, After float64
	CueAmp, EraseAmp                   float64
}

// DefaultTask returns the delayed-response protocol of Montbrió, Pazó & Roxin
// (2015), Fig. 2, for the dimensionless MPR model (τ = 1, J = 15, η̄ = −5),
// with an erasing input added: fixation 20, cue 3 for 20 τ (the figure uses 30
// τ), delay 60, erase −3 for 5 τ, then 30. After a 20 τ cue the rate stays
// above 0.79 during the delay (the saddle's rate is 0.473); a 5 τ cue ends
// mid-transient and the rate dips to 0.52, where weak noise already loses the
// memory.
func DefaultTask() Task {
	return Task{Fixation: 20, Cue: 20, Delay: 60, Erase: 5, After: 30, CueAmp: 3, EraseAmp: -3}
}

// Validate checks the durations.
func (k Task) Validate() error {
	for _, d := range []struct {
		name string
		v    float64
	}{{"Fixation", k.Fixation}, {"Cue", k.Cue}, {"Delay", k.Delay}, {"Erase", k.Erase}, {"After", k.After}} {
		if !(d.v >= 0) || math.IsInf(d.v, 0) {
			return fmt.Errorf("memory: Task.%s=%g, want a finite duration ≥ 0", d.name, d.v)
		}
	}
	if math.IsNaN(k.CueAmp) || math.IsInf(k.CueAmp, 0) || math.IsNaN(k.EraseAmp) || math.IsInf(k.EraseAmp, 0) {
		return fmt.Errorf("memory: Task amplitudes CueAmp=%g, EraseAmp=%g must be finite", k.CueAmp, k.EraseAmp)
	}
	return nil
}

// Times returns the epoch boundaries: cue on, cue off, erase on, erase off,
// end of the trial.
func (k Task) Times() (cueOn, cueOff, eraseOn, eraseOff, end float64) {
	cueOn = k.Fixation
	cueOff = cueOn + k.Cue
	eraseOn = cueOff + k.Delay
	eraseOff = eraseOn + k.Erase
	end = eraseOff + k.After
	return
}

// Breakpoints returns the times where the input jumps (for
// ode.Settings.Breakpoints).
func (k Task) Breakpoints() []float64 {
	a, b, c, d, _ := k.Times()
	return []float64{a, b, c, d}
}

// Input returns the task input I(t): CueAmp during the cue, EraseAmp during
// the erasing epoch, 0 otherwise. It does not allocate.
func (k Task) Input() func(t float64) float64 {
	a, b, c, d, _ := k.Times()
	ca, ea := k.CueAmp, k.EraseAmp
	return func(t float64) float64 {
		switch {
		case t >= a && t < b:
			return ca
		case t >= c && t < d:
			return ea
		}
		return 0
	}
}

// NoisyMPR is an MPR population with additive white noise in the voltage
// equation:
//
//	τ dr = [Δ/(π τ) + 2 r v] dt / τ
//	τ dv = [v² + η̄ + I + I(t) + J τ r − (π τ r)²] dt / τ + σ dW
//
// i.e. dv = f_v dt + Sigma dW. The noise stands for the finite-size
// fluctuations and background input that make a memory state finite-lived.
// It implements ode.StochasticSystem.
type NoisyMPR struct {
	nmm.MPR
	Sigma float64 // σ, noise amplitude of v (v per √time unit); ≥ 0
}

// Diffusion implements ode.StochasticSystem: (0, σ).
func (m *NoisyMPR) Diffusion(dst []float64, _ float64, _ []float64) {
	dst[0] = 0
	dst[1] = m.Sigma
}

// Validate checks the parameters.
func (m *NoisyMPR) Validate() error {
	if !(m.Sigma >= 0) || math.IsInf(m.Sigma, 0) {
		return fmt.Errorf("memory: Sigma=%g, want a finite value ≥ 0", m.Sigma)
	}
	return m.MPR.Validate()
}

// States are the three equilibria of a bistable MPR population.
type States struct {
	Low, Saddle, High []float64 // (r, v) of the lower stable, the saddle and the upper stable equilibrium
}

// MPRStates returns the equilibria of m (without its Input) if it is
// bistable (three equilibria), or an error wrapping ErrNotBistable.
func MPRStates(m nmm.MPR) (States, error) {
	m.Input = nil
	fps, err := m.FixedPoints()
	if err != nil {
		return States{}, err
	}
	if len(fps) != 3 {
		return States{}, fmt.Errorf("%w: %d equilibria at η̄=%g, J=%g", ErrNotBistable, len(fps), m.EtaBar, m.J)
	}
	return States{Low: fps[0].Y, Saddle: fps[1].Y, High: fps[2].Y}, nil
}

// RunTask simulates the task on the MPR population m (its Input is replaced
// by the task input), starting in the low state, with noise sigma (0:
// deterministic RK4; > 0: stochastic Heun with rng, required), step dt, and
// returns r and v sampled every sample time units.
func RunTask(m nmm.MPR, k Task, sigma, dt, sample float64, rng *rand.Rand) (*nmm.TimeSeries, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	if !(dt > 0) {
		return nil, fmt.Errorf("memory: dt=%g, want > 0", dt)
	}
	st, err := MPRStates(m)
	if err != nil {
		return nil, err
	}
	m.Input = k.Input()
	nm := &NoisyMPR{MPR: m, Sigma: sigma}
	if err := nm.Validate(); err != nil {
		return nil, err
	}
	var stepper ode.Stepper
	if sigma > 0 {
		if rng == nil {
			return nil, errors.New("memory: RunTask with noise needs a random generator")
		}
		stepper = ode.NewHeunSDE(dt, rng)
	} else {
		stepper = ode.NewRK4(dt)
	}
	ts := nmm.NewTimeSeries(m.Vars(), m.Units())
	ts.TimeUnit = "τ"
	_, _, _, _, end := k.Times()
	_, err = ode.Solve(nm, stepper, 0, end, append([]float64(nil), st.Low...),
		&ode.Settings{SampleEvery: sample, Breakpoints: k.Breakpoints()}, ts)
	return ts, err
}

// Outcome scores a task run against the saddle's rate.
type Outcome struct {
	Stored bool // r above the saddle rate at the end of the cue
	Held   bool // r above the saddle rate throughout the delay
	Erased bool // r below the saddle rate at the end of the trial
}

// Correct reports a stored, held and erased memory.
func (o Outcome) Correct() bool { return o.Stored && o.Held && o.Erased }

// Evaluate scores the run ts (columns r, v, as RunTask returns) of task k
// with the threshold rThr (typically the saddle's rate): the memory is
// stored if r > rThr at the last sample of the cue, held if r > rThr at every
// sample of the delay, and erased if r < rThr at the last sample.
func Evaluate(ts *nmm.TimeSeries, k Task, rThr float64) Outcome {
	_, cueOff, eraseOn, _, _ := k.Times()
	var o Outcome
	o.Held = true
	last := -1
	for i, t := range ts.T {
		r := ts.At(i, 0)
		if t <= cueOff {
			last = i
		}
		if t > cueOff && t < eraseOn && r <= rThr {
			o.Held = false
		}
	}
	if last >= 0 {
		o.Stored = ts.At(last, 0) > rThr
	}
	if n := ts.Len(); n > 0 {
		o.Erased = ts.At(n-1, 0) < rThr
	}
	o.Held = o.Held && o.Stored
	return o
}

// LifetimeOptions are the options of Lifetimes.
type LifetimeOptions struct {
	Dt      float64 // stochastic Heun step (model time unit); > 0
	TMax    float64 // a run that has not escaped by TMax is censored at TMax; > 0
	Runs    int     // number of independent runs; ≥ 1
	Seed    uint64  // run i uses rand.NewPCG(Seed, i)
	Workers int     // goroutines (≤ 0: 1)
	// Context cancels the runs (nil: never); Progress receives (runs done,
	// Runs) (nil: none).
	Context  context.Context
	Progress progress.Func
}

// LifetimeResult holds the escape times of repeated noisy runs.
type LifetimeResult struct {
	Times    []float64 // escape time of each run (TMax if censored)
	Censored int       // runs that did not escape by TMax
	// Mean is the maximum-likelihood mean lifetime of an exponential
	// escape-time distribution with right censoring, Σ Times / (Runs −
	// Censored) (+Inf if no run escaped); without censoring it is the
	// sample mean. StdErr = Mean/√(Runs − Censored).
	Mean, StdErr float64
}

// Lifetimes integrates opt.Runs independent realisations of sys (dy = f dt +
// g dW, stochastic Heun with step Dt) from y0 until escaped(t, y) reports
// that the state has left the basin of the memory (e.g. r below the
// saddle's rate), or until TMax, and returns the escape times. sys is shared
// by the workers: its Deriv and Diffusion must be safe for concurrent use
// (true for the models of package nmm without a stateful Input). Run i draws
// its noise from rand.New(rand.NewPCG(Seed, i)), so the result is
// reproducible and independent of Workers.
func Lifetimes(sys ode.StochasticSystem, y0 []float64, escaped func(t float64, y []float64) bool, opt LifetimeOptions) (*LifetimeResult, error) {
	if !(opt.Dt > 0) || !(opt.TMax > opt.Dt) || math.IsInf(opt.TMax, 0) {
		return nil, fmt.Errorf("memory: Dt=%g, TMax=%g, want 0 < Dt < TMax < ∞", opt.Dt, opt.TMax)
	}
	if opt.Runs < 1 {
		return nil, fmt.Errorf("memory: Runs=%d, want ≥ 1", opt.Runs)
	}
	if len(y0) != sys.Dim() {
		return nil, fmt.Errorf("memory: len(y0)=%d, want Dim()=%d", len(y0), sys.Dim())
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	times, err := network.Sweep(ctx, opt.Runs, opt.Workers, opt.Progress, func(ctx context.Context, i int) (float64, error) {
		t, err := EscapeTime(ctx, sys, y0, escaped, opt.Dt, opt.TMax, rand.New(rand.NewPCG(opt.Seed, uint64(i))))
		if err != nil {
			return 0, fmt.Errorf("run %d: %w", i, err)
		}
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	r := &LifetimeResult{Times: times}
	var sum float64
	for i, t := range times {
		if math.IsInf(t, 1) {
			r.Censored++
			times[i] = opt.TMax
		}
		sum += times[i]
	}
	r.Mean, r.StdErr = CensoredMean(sum, opt.Runs, r.Censored)
	return r, nil
}

// CensoredMean is the maximum-likelihood mean lifetime of an exponential
// escape-time distribution with right censoring: sum is the total of the
// runs' escape times (a censored run counted at TMax), of which censored
// did not escape; mean = sum/(runs − censored), its standard error
// mean/√(runs − censored), both +Inf if no run escaped.
func CensoredMean(sum float64, runs, censored int) (mean, stderr float64) {
	k := runs - censored
	if k <= 0 {
		return math.Inf(1), math.Inf(1)
	}
	mean = sum / float64(k)
	return mean, mean / math.Sqrt(float64(k))
}

// EscapeTime integrates one realisation of sys from y0 (stochastic Heun,
// step dt, noise from rng) until escaped(t, y) and returns t, or +Inf if it
// has not escaped by tmax (censored): one run of [Lifetimes], e.g. one job
// of a sweep.
func EscapeTime(ctx context.Context, sys ode.StochasticSystem, y0 []float64, escaped func(t float64, y []float64) bool, dt, tmax float64, rng *rand.Rand) (float64, error) {
	if !(dt > 0) || !(tmax > dt) || math.IsInf(tmax, 0) {
		return 0, fmt.Errorf("memory: Dt=%g, TMax=%g, want 0 < Dt < TMax < ∞", dt, tmax)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	st := ode.NewHeunSDE(dt, rng)
	if err := st.Init(sys, 0, y0); err != nil {
		return 0, err
	}
	for k := 1; ; k++ {
		if k%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if err := st.Step(); err != nil {
			return 0, err
		}
		t, y := st.State()
		for j, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("%w: t=%g, variable %d", ode.ErrNonFinite, t, j)
			}
		}
		if escaped(t, y) {
			return t, nil
		}
		if t >= tmax {
			return math.Inf(1), nil
		}
	}
}

// MPRLifetimeSystem returns the noisy MPR population of [MPRLifetimes], its
// start (the upper equilibrium) and its escape test (r below the saddle's
// rate).
func MPRLifetimeSystem(m nmm.MPR, sigma float64) (ode.StochasticSystem, []float64, func(float64, []float64) bool, error) {
	st, err := MPRStates(m)
	if err != nil {
		return nil, nil, nil, err
	}
	m.Input = nil
	nm := &NoisyMPR{MPR: m, Sigma: sigma}
	if err := nm.Validate(); err != nil {
		return nil, nil, nil, err
	}
	rs := st.Saddle[0]
	return nm, st.High, func(_ float64, y []float64) bool { return y[0] < rs }, nil
}

// MPRLifetimes returns the lifetimes of the high (memory) state of the
// bistable MPR population m with voltage noise sigma: runs start at the
// upper equilibrium and end when r falls below the saddle's rate.
func MPRLifetimes(m nmm.MPR, sigma float64, opt LifetimeOptions) (*LifetimeResult, error) {
	sys, y0, escaped, err := MPRLifetimeSystem(m, sigma)
	if err != nil {
		return nil, err
	}
	return Lifetimes(sys, y0, escaped, opt)
}
