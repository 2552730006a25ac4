package cycle

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// OrbitSettings are the settings of [OrbitDiagram]. Transient, Duration and
// Dt have no defaults: they are in the system's time unit.
type OrbitSettings struct {
	Var       int     // index of the variable whose local maxima are recorded
	Transient float64 // time discarded before recording, per parameter value (≥ 0)
	Duration  float64 // recording time per parameter value (> 0)
	Dt        float64 // RK4 step (> 0)
	// Follow starts each parameter value from the end state of the previous
	// one (the attractor followed along the parameter, as in a sweep up or
	// down); false starts every value from y0.
	Follow bool
	// MaxPeaks bounds the maxima kept per value (0: 10 000).
	MaxPeaks int
	// Context cancels the computation (nil: never).
	Context context.Context
	// Progress receives (values done, values) (nil: none).
	Progress progress.Func
}

// OrbitColumn is one column of an orbit diagram: the local maxima of the
// variable on the attractor at parameter value P, in time order.
type OrbitColumn struct {
	P      float64
	Maxima []float64
}

// Branches returns the number of distinct values among the maxima, two
// maxima counting as one when they differ by at most tol: 1 on a period-1
// cycle, 2 after a period doubling, …; many on a chaotic or quasiperiodic
// attractor; 0 on an equilibrium (no maxima).
func (c OrbitColumn) Branches(tol float64) int {
	m := slices.Clone(c.Maxima)
	slices.Sort(m)
	n := 0
	for i, v := range m {
		if i == 0 || v-m[i-1] > tol {
			n++
		}
	}
	return n
}

// OrbitDiagram returns the orbit (bifurcation) diagram of the family of
// systems build(p), p ∈ ps: for each p, the system is integrated with RK4
// (ode.RK4) from y0 (or, with Follow, from the previous end state) over
// Transient + Duration, and the local maxima of variable Var after the
// transient are located as the downward zeros of its derivative on the
// step's Hermite interpolant (ode.Crossings). A period-doubling route shows
// as one branch splitting into 2, 4, … ([OrbitColumn.Branches]).
func OrbitDiagram(build func(p float64) (ode.System, error), ps []float64, y0 []float64, s *OrbitSettings) ([]OrbitColumn, error) {
	if s == nil {
		return nil, fmt.Errorf("cycle: OrbitDiagram needs settings (Var, Transient, Duration, Dt)")
	}
	if !(s.Dt > 0) || !(s.Duration > 0) || !(s.Transient >= 0) || math.IsInf(s.Transient+s.Duration, 0) {
		return nil, fmt.Errorf("cycle: OrbitDiagram Dt = %v, Duration = %v, Transient = %v, want Dt > 0, Duration > 0, Transient ≥ 0, finite", s.Dt, s.Duration, s.Transient)
	}
	steps := (s.Transient + s.Duration) / s.Dt
	if steps > 1e9 {
		return nil, fmt.Errorf("cycle: OrbitDiagram (Transient + Duration)/Dt = %.3g steps per value, limit 1e9", steps)
	}
	maxPeaks := s.MaxPeaks
	if maxPeaks <= 0 {
		maxPeaks = 10000
	}
	y := slices.Clone(y0)
	out := make([]OrbitColumn, 0, len(ps))
	for i, p := range ps {
		if s.Context != nil {
			if err := s.Context.Err(); err != nil {
				return out, err
			}
		}
		sys, err := build(p)
		if err != nil {
			return out, fmt.Errorf("cycle: OrbitDiagram at p = %v: %w", p, err)
		}
		if sys.Dim() != len(y0) || s.Var < 0 || s.Var >= len(y0) {
			return out, fmt.Errorf("cycle: OrbitDiagram: system of dimension %d, y0 of length %d, Var = %d", sys.Dim(), len(y0), s.Var)
		}
		if !s.Follow {
			copy(y, y0)
		}
		k, t0 := s.Var, s.Transient
		col := OrbitColumn{P: p}
		st := ode.NewRK4(s.Dt)
		cr := ode.NewCrossings(sys, st, func(_ float64, _, f []float64) float64 { return f[k] })
		err = cr.Run(0, s.Transient+s.Duration, y, int(steps)+2, nil, func(t float64, yy []float64, down bool) {
			if down && t >= t0 && len(col.Maxima) < maxPeaks {
				col.Maxima = append(col.Maxima, yy[k])
			}
		})
		if err != nil {
			return out, fmt.Errorf("cycle: OrbitDiagram at p = %v: %w", p, err)
		}
		_, yEnd := st.State()
		copy(y, yEnd)
		out = append(out, col)
		s.Progress.Report(float64(i+1), float64(len(ps)))
	}
	return out, nil
}
