package energy

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// newTracker returns the extremum locator of the rate r = y[0] of an MPR
// population: the zeros of g = Δ/(πτ) + 2 r v, the sign of dr/dt
// (ode.Crossings, refined on dense output or the step's Hermite
// interpolant).
func newTracker(sys ode.System, st ode.Stepper, delta, tau float64) *ode.Crossings {
	g0 := delta / (math.Pi * tau)
	return ode.NewCrossings(sys, st, func(_ float64, y, _ []float64) float64 { return g0 + 2*y[0]*y[1] })
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
	err = tr.Run(0, T, []float64{r0, v0}, ode.DefaultMaxSteps,
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
