package ode

import (
	"errors"
	"fmt"
	"math"
)

// Solve integrates sys from t0 to t1 starting at y0 with the stepper st and
// passes states to obs (which may be nil): the initial state (if not inside
// the transient) and then every step, or every SampleEvery.
//
// Fixed-step steppers sample at the step nearest each sample time
// (SampleEvery should be a multiple of the step); adaptive steppers
// interpolate their dense output. On error Solve returns the statistics so
// far together with the error; the observer has then seen every state up to
// the failure.
func Solve(sys System, st Stepper, t0, t1 float64, y0 []float64, s *Settings, obs Observer) (Stats, error) {
	var set Settings
	if s != nil {
		set = *s
	}
	if !(t1 >= t0) {
		return Stats{}, fmt.Errorf("ode: end time %v before start %v", t1, t0)
	}
	if set.SampleEvery < 0 || set.Transient < 0 {
		return Stats{}, fmt.Errorf("ode: negative SampleEvery or Transient")
	}
	maxSteps := set.MaxSteps
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	if err := st.Init(sys, t0, y0); err != nil {
		return Stats{}, err
	}
	stats := func() Stats {
		if ss, ok := st.(Statser); ok {
			return ss.Stats()
		}
		return Stats{}
	}
	tStart := t0 + set.Transient
	emit := func(t float64, y []float64) error {
		if obs == nil {
			return nil
		}
		return obs.Observe(t, y)
	}
	var ad Adaptive
	if a, ok := st.(Adaptive); ok {
		ad = a
	}
	// next sample time
	nextIdx := 0.0
	sampleAt := func(k float64) float64 { return tStart + k*set.SampleEvery }
	if set.SampleEvery == 0 {
		if t0 >= tStart {
			if err := emit(t0, y0); err != nil {
				return stats(), stopErr(err)
			}
		}
	} else {
		if t0 >= tStart {
			if err := emit(t0, y0); err != nil {
				return stats(), stopErr(err)
			}
			nextIdx = 1
		}
	}
	var buf []float64
	if ad != nil && set.SampleEvery > 0 {
		buf = make([]float64, sys.Dim())
	}
	const eps = 1e-9
	lastReport := t0
	for n := 0; ; n++ {
		t, _ := st.State()
		if t >= t1-eps*math.Max(1, math.Abs(t1)) {
			break
		}
		if n >= maxSteps {
			return stats(), ErrMaxSteps
		}
		if set.Context != nil {
			if err := set.Context.Err(); err != nil {
				return stats(), err
			}
		}
		if lim, ok := st.(interface{ SetMaxStep(float64) }); ok {
			lim.SetMaxStep(t1 - t)
		}
		if err := st.Step(); err != nil {
			return stats(), err
		}
		tn, yn := st.State()
		if set.Progress != nil && (tn-lastReport >= (t1-t0)/200 || tn >= t1) {
			set.Progress(tn-t0, t1-t0)
			lastReport = tn
		}
		if tn < tStart-eps*math.Max(1, math.Abs(tStart)) {
			continue
		}
		if set.SampleEvery == 0 {
			if err := emit(tn, yn); err != nil {
				return stats(), stopErr(err)
			}
			continue
		}
		if ad != nil {
			tp, _ := ad.LastStep()
			for {
				ts := sampleAt(nextIdx)
				if ts > tn+eps*math.Max(1, math.Abs(tn)) || ts > t1+eps*math.Max(1, math.Abs(t1)) {
					break
				}
				if ts < tp {
					ts = tp
				}
				ad.Interpolate(buf, ts)
				if err := emit(sampleAt(nextIdx), buf); err != nil {
					return stats(), stopErr(err)
				}
				nextIdx++
			}
			continue
		}
		// fixed step: observe when the step reaches (to within half a step) a sample time
		h := tn - t
		for sampleAt(nextIdx) <= tn+0.5*h {
			if sampleAt(nextIdx) > tn-0.5*h {
				if err := emit(tn, yn); err != nil {
					return stats(), stopErr(err)
				}
			}
			nextIdx++
		}
	}
	return stats(), nil
}

func stopErr(err error) error {
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}
