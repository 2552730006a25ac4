package energy

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Trace integrates the MPR model m (any Δ ≥ 0, optional time-dependent
// Input) from (r0, v0) over [0, T] with the stepper st, sampling every
// `every` time units (0: every step), and records the energy balance. The
// returned time series has the columns
//
//	r, v   the state
//	H      the energy with the current η(t) = η̄ + I + Input(t)
//	dHdt   the formula of [Hamiltonian.Rate] with dη/dt = dInput(t)
//	Hpred  H(0) + ∫ dHdt dt (trapezoidal rule on the samples)
//
// dInput is the time derivative of m.Input (nil: 0). Without input and with
// Δ = 0 the energy is conserved; with Δ > 0 it decays towards the focus
// value. Errors: m.Validate, ErrDomain for r0 ≤ 0, integration errors (the
// partial series is returned with them).
func Trace(m *nmm.MPR, dInput func(t float64) float64, r0, v0, T float64, st ode.Stepper, every float64) (*nmm.TimeSeries, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := checkState(r0, v0); err != nil {
		return nil, err
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return nil, fmt.Errorf("%w: duration T = %v, want finite > 0", ErrDomain, T)
	}
	ts := nmm.NewTimeSeries([]string{"r", "v", "H", "dHdt", "Hpred"},
		[]string{"1/τ", "dimensionless", "dimensionless", "1/τ", "dimensionless"})
	ts.Attrs["model"] = "MPR"
	var prevT, prevRate, hpred float64
	first := true
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		h := Of(m, t)
		var de float64
		if dInput != nil {
			de = dInput(t)
		}
		H := h.H(y[0], y[1])
		rate := h.Rate(y[0], y[1], m.Delta, de)
		if first {
			hpred, first = H, false
		} else {
			hpred += 0.5 * (t - prevT) * (rate + prevRate)
		}
		prevT, prevRate = t, rate
		ts.T = append(ts.T, t)
		ts.Data = append(ts.Data, y[0], y[1], H, rate, hpred)
		return nil
	})
	_, err := ode.Solve(m, st, 0, T, []float64{r0, v0}, &ode.Settings{SampleEvery: every}, obs)
	return ts, err
}
