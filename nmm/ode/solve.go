package ode

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Solve integrates sys from t0 to t1 starting at y0 with the stepper st and
// passes states to obs (which may be nil).
//
// Sampling. With SampleEvery = 0 the observer sees the initial state (unless
// Settings.Transient > 0) and the state after every step (every accepted
// step of an adaptive stepper) from t0+Transient on. With SampleEvery > 0 it
// sees the states at the sample times ts_k = t0 + Transient + k·SampleEvery,
// k = 0, 1, …, up to t1 (inclusive, to within rounding): an [Adaptive]
// stepper interpolates its dense output at exactly ts_k (the steps are not
// shortened for sampling), a fixed-step stepper passes the state after the
// step nearest to ts_k together with that step's time (so SampleEvery should
// be a multiple of the step; a SampleEvery shorter than the step yields every
// step once).
//
// Landing. The steppers of this package land exactly on t1 (the last step is
// shortened, or for DoPri5 stretched by at most 1 %) and on every breakpoint
// of Settings.Breakpoints, across which they restart (see [Settings]).
//
// Stopping. An observer error stops the run: Solve returns it, or nil if it
// is (or wraps) [ErrStop]. Settings.Context cancels the run (its error is
// returned), Settings.MaxSteps limits the number of steps ([ErrMaxSteps]).
// Settings.Progress receives (t − t0, t1 − t0) about every 0.5 % of the run
// and at its end.
//
// On any error Solve returns the statistics so far together with the error;
// the observer has then seen every sample up to the failure (the partial
// trajectory is kept by a recording observer such as nmm.TimeSeries).
func Solve(sys System, st Stepper, t0, t1 float64, y0 []float64, s *Settings, obs Observer) (Stats, error) {
	var set Settings
	if s != nil {
		set = *s
	}
	switch {
	case math.IsNaN(t0) || math.IsInf(t0, 0):
		return Stats{}, fmt.Errorf("ode: start time t0 = %v, want finite", t0)
	case math.IsNaN(t1) || math.IsInf(t1, 0) || t1 < t0:
		return Stats{}, fmt.Errorf("ode: end time t1 = %v, want finite ≥ t0 = %v", t1, t0)
	case !(set.SampleEvery >= 0) || math.IsInf(set.SampleEvery, 0):
		return Stats{}, fmt.Errorf("ode: SampleEvery = %v, want finite ≥ 0", set.SampleEvery)
	case !(set.Transient >= 0) || math.IsInf(set.Transient, 0):
		return Stats{}, fmt.Errorf("ode: Transient = %v, want finite ≥ 0", set.Transient)
	case set.MaxSteps < 0:
		return Stats{}, fmt.Errorf("ode: MaxSteps = %d, want ≥ 0 (0: DefaultMaxSteps)", set.MaxSteps)
	}
	if set.SampleEvery > 0 && (t1-t0)/set.SampleEvery > 1e12 {
		return Stats{}, fmt.Errorf("ode: SampleEvery = %v gives more than 1e12 samples on [%v, %v]", set.SampleEvery, t0, t1)
	}
	maxSteps := set.MaxSteps
	if maxSteps == 0 {
		maxSteps = DefaultMaxSteps
	}
	if err := st.Init(sys, t0, y0); err != nil {
		return Stats{}, err
	}

	// Pieces: ends[i] are the ends of the smooth pieces, the last is t1.
	discStart, discEnd := false, false
	var ends []float64
	for _, b := range set.Breakpoints {
		switch {
		case b == t0:
			discStart = true
		case b == t1:
			discEnd = true
		case b > t0 && b < t1:
			ends = append(ends, b)
		}
	}
	slices.Sort(ends)
	ends = slices.Compact(append(ends, t1))
	piece := 0

	seg, _ := st.(segmenter)
	limiter, _ := st.(interface{ SetMaxStep(float64) })
	var prior Stats // statistics of a foreign stepper before re-Init at breakpoints
	stats := func() Stats {
		var s Stats
		if ss, ok := st.(Statser); ok {
			s = ss.Stats()
		}
		s.Steps += prior.Steps
		s.Rejected += prior.Rejected
		s.Evals += prior.Evals
		return s
	}
	startPiece := func() {
		if seg != nil {
			seg.segment(ends[piece], piece < len(ends)-1 || discEnd)
		}
	}
	if seg != nil && discStart {
		seg.restart()
	}
	startPiece()

	// tol absorbs rounding in comparisons of times.
	tol := 64 * 0x1p-52 * math.Max(math.Abs(t0), math.Abs(t1))
	if tol == 0 {
		tol = 0x1p-1000
	}
	// A stepper from another package may accumulate rounding in its time
	// (t += dt): it counts as having reached an end within 1e-9 relative.
	tolForeign := math.Max(tol, 1e-9*math.Max(math.Abs(t1), t1-t0))
	tStart := t0 + set.Transient
	every := set.SampleEvery
	var ad Adaptive
	if a, ok := st.(Adaptive); ok {
		ad = a
	}
	var buf []float64
	if ad != nil && every > 0 {
		buf = make([]float64, len(y0))
	}
	emit := func(t float64, y []float64) error {
		if obs == nil {
			return nil
		}
		return obs.Observe(t, y)
	}
	k := 0 // index of the next sample
	sampleAt := func(k int) float64 { return tStart + float64(k)*every }
	if set.Transient == 0 {
		_, y := st.State()
		if err := emit(t0, y); err != nil {
			return stats(), stopErr(err)
		}
		k = 1
	}
	var done <-chan struct{}
	if set.Context != nil {
		done = set.Context.Done()
	}
	lastReport := t0
	var yRestart []float64
	for n := 0; ; {
		t, y := st.State()
		end := ends[piece]
		atEnd := t >= end
		if seg == nil {
			atEnd = t >= end-tolForeign
		}
		if atEnd {
			if piece == len(ends)-1 {
				break
			}
			piece++
			if seg != nil {
				seg.restart()
			} else {
				// A foreign stepper is restarted by Init from the current state.
				yRestart = append(yRestart[:0], y...)
				prior = stats()
				if err := st.Init(sys, t, yRestart); err != nil {
					return prior, err
				}
			}
			startPiece()
			continue
		}
		if n >= maxSteps {
			return stats(), fmt.Errorf("%w (%d) at t = %g", ErrMaxSteps, maxSteps, t)
		}
		if done != nil {
			select {
			case <-done:
				return stats(), set.Context.Err()
			default:
			}
		}
		if seg == nil && limiter != nil {
			limiter.SetMaxStep(end - t)
		}
		if err := st.Step(); err != nil {
			return stats(), err
		}
		n++
		tn, yn := st.State()
		if set.Progress != nil && (tn-lastReport >= (t1-t0)/200 || tn >= t1) {
			set.Progress(math.Min(tn, t1)-t0, t1-t0)
			lastReport = tn
		}
		if tn < tStart-tol {
			continue
		}
		switch {
		case every == 0:
			if err := emit(tn, yn); err != nil {
				return stats(), stopErr(err)
			}
		case ad != nil:
			for {
				ts := sampleAt(k)
				if ts > tn+tol {
					break
				}
				if ts > tn {
					ts = tn
				}
				ad.Interpolate(buf, ts)
				if err := emit(ts, buf); err != nil {
					return stats(), stopErr(err)
				}
				k++
			}
		default:
			// fixed step: the step nearest to each sample time is observed once
			h := tn - t
			emitted := false
			for sampleAt(k) <= tn+0.5*h+tol {
				if !emitted {
					if err := emit(tn, yn); err != nil {
						return stats(), stopErr(err)
					}
					emitted = true
				}
				k++
			}
		}
	}
	if set.Progress != nil && lastReport < t1 {
		set.Progress(t1-t0, t1-t0)
	}
	return stats(), nil
}

// stopErr maps an observer's ErrStop to nil.
func stopErr(err error) error {
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}
