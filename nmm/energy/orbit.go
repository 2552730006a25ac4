package energy

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/internal/root"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// extremaTracker steps a system and reports the zero crossings of
// g(y) = Δ/(πτ) + 2 r v (the sign of dr/dt) refined by dense output (adaptive
// steppers) or cubic Hermite interpolation (fixed-step ones). It allocates
// only in newTracker.
type extremaTracker struct {
	sys        ode.System
	st         ode.Stepper
	ad         ode.Adaptive
	g0         float64 // Δ/(πτ)
	yp, fp, fn []float64
	ybuf       []float64
	tp         float64
}

func newTracker(sys ode.System, st ode.Stepper, delta, tau float64) *extremaTracker {
	n := sys.Dim()
	tr := &extremaTracker{sys: sys, st: st, g0: delta / (math.Pi * tau),
		yp: make([]float64, n), fp: make([]float64, n), fn: make([]float64, n), ybuf: make([]float64, n)}
	if a, ok := st.(ode.Adaptive); ok {
		tr.ad = a
	}
	return tr
}

func (tr *extremaTracker) g(y []float64) float64 { return tr.g0 + 2*y[0]*y[1] }

// interp writes the state at time t ∈ [tp, tn] into tr.ybuf.
func (tr *extremaTracker) interp(t, tn float64, yn []float64) {
	if tr.ad != nil {
		tr.ad.Interpolate(tr.ybuf, t)
		return
	}
	h := tn - tr.tp
	s := (t - tr.tp) / h
	h00 := (1 + 2*s) * (1 - s) * (1 - s)
	h10 := s * (1 - s) * (1 - s)
	h01 := s * s * (3 - 2*s)
	h11 := s * s * (s - 1)
	for i := range tr.ybuf {
		tr.ybuf[i] = h00*tr.yp[i] + h10*h*tr.fp[i] + h01*yn[i] + h11*h*tr.fn[i]
	}
}

// run integrates from t0 to t1 and calls step after every step and event at
// every extremum (with tr.ybuf holding the state; copy it to keep it).
func (tr *extremaTracker) run(t0, t1 float64, y0 []float64, maxSteps int,
	step func(t float64, y []float64) error, event func(t float64, y []float64, max bool)) error {
	if err := tr.st.Init(tr.sys, t0, y0); err != nil {
		return err
	}
	copy(tr.yp, y0)
	tr.tp = t0
	tr.sys.Deriv(tr.fp, t0, tr.yp)
	gp := tr.g(tr.yp)
	if gp == 0 { // starting exactly at an extremum
		copy(tr.ybuf, y0)
		event(t0, tr.ybuf, tr.fp[1] < 0)
	}
	lim, hasLim := tr.st.(interface{ SetMaxStep(float64) })
	for n := 0; ; n++ {
		t, _ := tr.st.State()
		if t >= t1-1e-12*math.Max(1, math.Abs(t1)) {
			return nil
		}
		if n >= maxSteps {
			return ode.ErrMaxSteps
		}
		if hasLim {
			lim.SetMaxStep(t1 - t)
		}
		if err := tr.st.Step(); err != nil {
			return err
		}
		tn, yn := tr.st.State()
		if tr.ad != nil {
			tr.tp, _ = tr.ad.LastStep()
		}
		gn := tr.g(yn)
		if (gp > 0 && gn <= 0) || (gp < 0 && gn >= 0) {
			if tr.ad == nil {
				tr.sys.Deriv(tr.fn, tn, yn)
			}
			// Illinois regula falsi on the interpolant.
			tc, _ := root.Illinois(func(s float64) (float64, error) {
				tr.interp(s, tn, yn)
				return tr.g(tr.ybuf), nil
			}, tr.tp, tn, gp, gn, 1e-15*math.Max(1, math.Abs(tn)), 100)
			tr.interp(tc, tn, yn)
			event(tc, tr.ybuf, gp > 0)
		}
		if step != nil {
			if err := step(tn, yn); err != nil {
				return err
			}
		}
		copy(tr.yp, yn)
		tr.tp = tn
		if tr.ad == nil {
			tr.sys.Deriv(tr.fp, tn, yn)
		}
		gp = gn
	}
}

// OrbitStats summarises a simulated Δ = 0 orbit.
type OrbitStats struct {
	H0       float64 // energy at the start
	HDrift   float64 // max |H(t) − H0| / |H0| over the accepted steps (absolute if H0 = 0)
	Period   float64 // mean time between successive peaks (troughs if fewer than 2 peaks); NaN if fewer than 2 of either
	RMin     float64 // smallest simulated rate (interpolated troughs; the smallest step value if none)
	RMax     float64 // largest simulated rate (interpolated peaks; the largest step value if none)
	Peaks    int     // number of peaks of r found
	Troughs  int     // number of troughs of r found
	Steps    int     // accepted steps
	Duration float64 // integrated time T
}

// Orbit integrates the homogeneous (Δ = 0) MPR population with parameters
// h from (r0, v0) over [0, T] with the stepper st, and measures the energy
// drift, the period and the extreme rates (found as zero crossings of v,
// refined on the stepper's dense output or a cubic Hermite interpolant).
// obs, if not nil, receives every accepted step. Errors: those of
// [Hamiltonian.Bounded] (r0 ≤ 0; ErrUnbounded when (r0, v0) is not on a
// bounded orbit, which would blow up), integration errors.
//
// Use tight tolerances: ode.NewDoPri5(1e-12, 1e-12) conserves H to ≈1e-10
// over 100 periods.
func Orbit(h Hamiltonian, r0, v0, T float64, st ode.Stepper, obs ode.Observer) (OrbitStats, error) {
	if err := h.Validate(); err != nil {
		return OrbitStats{}, err
	}
	if err := checkState(r0, v0); err != nil {
		return OrbitStats{}, err
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return OrbitStats{}, fmt.Errorf("%w: duration T = %v, want finite > 0", ErrDomain, T)
	}
	H0, _, _, err := h.Bounded(r0, v0)
	if err != nil {
		return OrbitStats{}, err
	}
	m := &nmm.MPR{Tau: h.Tau, EtaBar: h.Eta, J: h.J}
	tr := newTracker(m, st, 0, h.Tau)
	s := OrbitStats{H0: H0, RMin: r0, RMax: r0, Duration: T}
	scale := math.Abs(H0)
	if scale == 0 {
		scale = 1
	}
	var firstPeak, lastPeak, firstTrough, lastTrough float64
	var stepMin, stepMax = r0, r0
	err = tr.run(0, T, []float64{r0, v0}, ode.DefaultMaxSteps,
		func(t float64, y []float64) error {
			s.Steps++
			if d := math.Abs(h.H(y[0], y[1])-H0) / scale; d > s.HDrift || math.IsNaN(d) {
				s.HDrift = d
			}
			stepMin, stepMax = math.Min(stepMin, y[0]), math.Max(stepMax, y[0])
			if obs != nil {
				return obs.Observe(t, y)
			}
			return nil
		},
		func(t float64, y []float64, max bool) {
			if max {
				if s.Peaks == 0 {
					firstPeak, s.RMax = t, y[0]
				}
				lastPeak = t
				s.Peaks++
				s.RMax = math.Max(s.RMax, y[0])
			} else {
				if s.Troughs == 0 {
					firstTrough, s.RMin = t, y[0]
				}
				lastTrough = t
				s.Troughs++
				s.RMin = math.Min(s.RMin, y[0])
			}
		})
	if err != nil && !errors.Is(err, ode.ErrStop) {
		return s, err
	}
	if s.Peaks == 0 {
		s.RMax = stepMax
	}
	if s.Troughs == 0 {
		s.RMin = stepMin
	}
	switch {
	case s.Peaks >= 2:
		s.Period = (lastPeak - firstPeak) / float64(s.Peaks-1)
	case s.Troughs >= 2:
		s.Period = (lastTrough - firstTrough) / float64(s.Troughs-1)
	default:
		s.Period = math.NaN()
	}
	return s, nil
}
