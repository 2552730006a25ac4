package spiking

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// EIOptions are the settings of [SimulateEI].
type EIOptions struct {
	// NE and NI are the sizes of the E and I populations (0: 10000 each).
	NE, NI int
	// Dt is the time step (ms; 0: 0.01). Sample is the output interval
	// (ms; 0: 0.1), rounded to a whole number of steps; the rates are
	// averaged over it.
	Dt, Sample float64
	// Transient is the time simulated and discarded before recording
	// (ms; default 0).
	Transient float64
	// Workers per population (0: 1).
	Workers int
	// Progress receives (simulated time, Transient + T) in ms, every 1000
	// steps and at the end (nil: none).
	Progress progress.Func
}

// SimulateEI simulates the spiking network behind the E–I neural mass
// [nmm.EI]: NE excitatory and NI inhibitory quadratic integrate-and-fire
// neurons (Lorentzian excitabilities by deterministic quantiles, centres
// EtaE, EtaI, half-widths DeltaE, DeltaI), all-to-all coupled through
// first-order synapses driven by the population rates:
//
//	τE dV_j/dt = V_j² + η_j + IE + τE (JEE sE − JEI sI)   (j ∈ E)
//	τI dV_k/dt = V_k² + η_k + II + τI (JIE sE − JII sI)   (k ∈ I)
//	τsE dsE/dt = −sE + R_E(t),  τsI dsI/dt = −sI + R_I(t)
//
// with R_X the spike count of population X per step / (N_X dt). For
// N → ∞ the population rates obey nmm.EI exactly (Montbrió, Pazó & Roxin
// 2015). Each population is a [Sim] (θ-neuron exact propagator) with J = 0,
// the synaptic current entering as its common input; the two are advanced
// in lockstep, the synapses by the exact exponential update for the rate
// held constant over a step. Initial voltages: independent uniform θ
// phases in random order from rng, which is required (nil is an error): the
// same generator state gives the same numbers at any Workers. Returns a time series
// of rE, rI, sE, sI (kHz; rates averaged over Sample) from Transient to
// Transient + T (ms).
func SimulateEI(m nmm.EI, T float64, opt *EIOptions, rng *rand.Rand) (*nmm.TimeSeries, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	o := settings.Of(opt)
	settings.Default(&o.NE, 10000)
	settings.Default(&o.NI, 10000)
	settings.Default(&o.Dt, 0.01)
	settings.Default(&o.Sample, 0.1)
	settings.Default(&o.Workers, 1)
	if !(T > 0) || math.IsInf(T, 0) || !(o.Transient >= 0) || math.IsInf(o.Transient, 0) {
		return nil, fmt.Errorf("spiking: SimulateEI duration T = %v, transient %v, want finite T > 0, transient ≥ 0", T, o.Transient)
	}
	if !(o.Dt > 0) || !(o.Sample >= o.Dt) || math.IsInf(o.Sample, 0) {
		return nil, fmt.Errorf("spiking: SimulateEI Dt = %v, Sample = %v, want 0 < Dt ≤ Sample", o.Dt, o.Sample)
	}
	if rng == nil {
		return nil, errRand("SimulateEI")
	}
	var sE, sI float64
	eQ := QIF{N: o.NE, Tau: m.TauE, EtaBar: m.EtaE, Delta: m.DeltaE, I: m.IE,
		Input: func(float64) float64 { return m.TauE * (m.JEE*sE - m.JEI*sI) }}
	iQ := QIF{N: o.NI, Tau: m.TauI, EtaBar: m.EtaI, Delta: m.DeltaI, I: m.II,
		Input: func(float64) float64 { return m.TauI * (m.JIE*sE - m.JII*sI) }}
	so := Options{Dt: o.Dt, Bin: o.Dt, Workers: o.Workers}
	eS, err := New(eQ, so, rng)
	if err != nil {
		return nil, err
	}
	iS, err := New(iQ, so, rng)
	if err != nil {
		return nil, err
	}
	var rE, rI float64
	obsE := func(s Sample) error { rE = s.Rate; return nil }
	obsI := func(s Sample) error { rI = s.Rate; return nil }
	aE, aI := 1-math.Exp(-o.Dt/m.TauSE), 1-math.Exp(-o.Dt/m.TauSI)
	nTr := int(math.Round(o.Transient / o.Dt))
	nRec := int(math.Round(T / o.Dt))
	per := max(1, int(math.Round(o.Sample/o.Dt)))
	ts := &nmm.TimeSeries{Labels: []string{"rE", "rI", "sE", "sI"}, Units: []string{"kHz", "kHz", "kHz", "kHz"}}
	var accE, accI float64
	for k := 0; k < nTr+nRec; k++ {
		// both populations see the synaptic state of the previous step
		if err := eS.Run(o.Dt, obsE); err != nil {
			return ts, err
		}
		if err := iS.Run(o.Dt, obsI); err != nil {
			return ts, err
		}
		sE += aE * (rE - sE)
		sI += aI * (rI - sI)
		if (k+1)%1000 == 0 || k+1 == nTr+nRec {
			o.Progress.Report(float64(k+1)*o.Dt, float64(nTr+nRec)*o.Dt)
		}
		if k < nTr {
			continue
		}
		accE += rE
		accI += rI
		if j := k - nTr + 1; j%per == 0 {
			t := float64(k+1)*o.Dt - float64(per)*o.Dt/2
			if err := ts.Observe(t, []float64{accE / float64(per), accI / float64(per), sE, sI}); err != nil {
				return ts, err
			}
			accE, accI = 0, 0
		}
	}
	return ts, nil
}
