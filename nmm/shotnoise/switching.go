package shotnoise

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/spiking"
	"github.com/ngnmm/ngnmm/studies/memory"
)

// Switching measures finite-size-induced switching between the two stable
// states of a bistable QIF network and of its stochastic mean field with
// the same N ([Switching.Run]; docs/models.md § Shot noise, "Bistable
// switching"). For the MPR 2015 Fig. 2 parameters η̄ = −5, Δ = 1, J = 15
// ([MPRBistableSwitching]) the stable node r = 0.0811 and the stable focus
// r = 1.0306 are separated by the saddle r = 0.4730.
//
// Each realisation starts in one stable state (the network with every
// firing neuron at a random time-phase, spiking.StationaryVoltages; the
// SDE at the state) and runs until it switches or until T (censored). The
// rate, binned at Bin and averaged over blocks of Smooth, has switched
// when a block average crosses the midpoint between the saddle and the
// other state. Both escapes are measured: from the high state (falling
// below the low threshold) and from the low state (rising above the high
// threshold).
//
// The shot noise of the stochastic mean field depends on the basin: while
// r is below the saddle it has the source spectrum S0 of the low state,
// above it that of the high state (two independent syntheses), each scaled
// by √(r/r_state) as in [Pulse].
type Switching struct {
	N                int     // network size (≥ 1)
	EtaBar, Delta, J float64 // a bistable parameter set
	T                float64 // maximum duration of each realisation
	Runs             int     // realisations per model and starting state (≥ 1)
	// Bin (0: 0.05) and Smooth (0: 0.5, a multiple of Bin) set the rate
	// the classifier sees; NetDt (0: 10⁻³) and SDEDt (0: 0.005) the steps.
	Bin, Smooth, NetDt, SDEDt float64
	// Sampling of the network's η (spiking.Quantiles or spiking.Cauchy,
	// new samples in every realisation).
	Sampling spiking.Sampling
	// Progress receives (completed runs, 4·Runs).
	Progress progress.Func
}

// MPRBistableSwitching returns the switching experiment at the MPR 2015
// Fig. 2 parameters (η̄ = −5, Δ = 1, J = 15) for n neurons, runs
// realisations of at most T each.
func MPRBistableSwitching(n, runs int, T float64) *Switching {
	return &Switching{N: n, EtaBar: -5, Delta: 1, J: 15, T: T, Runs: runs}
}

// Escapes are the escape times of one model from one state: Times of the
// realisations that switched (sorted), Censored the number that had not
// switched by T, and Mean, MeanSE the maximum-likelihood mean lifetime of
// an exponential distribution with right censoring (memory.CensoredMean;
// +Inf if none switched).
type Escapes struct {
	Times        []float64
	Censored     int
	Mean, MeanSE float64
}

// SwitchingResult is the outcome of [Switching.Run].
type SwitchingResult struct {
	// FromHigh and FromLow are the escapes from the high and from the
	// low state, [0] the network, [1] the stochastic mean field.
	FromHigh, FromLow [2]Escapes
	// Theories are the shot-noise theories of the low and high states.
	Theories [2]*Theory
	Saddle   float64 // unstable stationary rate
	// LowThreshold and HighThreshold are the classifier's thresholds.
	LowThreshold, HighThreshold float64
	// KSHigh and KSLow are the two-sample Kolmogorov–Smirnov statistics
	// sup|F_network − F_SDE| of the uncensored escape times (NaN if a
	// sample is empty).
	KSHigh, KSLow float64
}

// saddleRate returns the unstable stationary rate between the stable
// rates lo < hi (τ = 1): the root of π²r² − J r − Δ²/(4π²r²) = η in
// (lo, hi), by bisection.
func saddleRate(eta, delta, j, lo, hi float64) float64 {
	F := func(r float64) float64 { return math.Pi*math.Pi*r*r - j*r - delta*delta/(4*math.Pi*math.Pi*r*r) - eta }
	a, b := lo*(1+1e-6), hi*(1-1e-6)
	fa := F(a)
	for it := 0; it < 200 && b-a > 1e-15*b; it++ {
		m := 0.5 * (a + b)
		if fm := F(m); (fm > 0) == (fa > 0) {
			a, fa = m, fm
		} else {
			b = m
		}
	}
	return 0.5 * (a + b)
}

var errSwitched = errors.New("switched")

// Run simulates Runs realisations of the network and of the stochastic
// mean field from each state. rng supplies all randomness (four seeds per
// realisation, drawn first), so results do not depend on thread counts.
func (s *Switching) Run(rng *rand.Rand) (*SwitchingResult, error) {
	bin, smooth, ndt, sdt := s.Bin, s.Smooth, s.NetDt, s.SDEDt
	bin, ndt, sdt = defaultSteps(bin, ndt, sdt)
	if smooth == 0 {
		smooth = 0.5
	}
	whole := wholeMultiple
	switch {
	case s.N < 1:
		return nil, fmt.Errorf("shotnoise: Switching N = %d, want ≥ 1", s.N)
	case s.Runs < 1 || s.Runs > 1<<16:
		return nil, fmt.Errorf("shotnoise: Switching Runs = %d, want 1…65536", s.Runs)
	case !(s.T > 0) || math.IsInf(s.T, 0) || !whole(s.T, smooth):
		return nil, fmt.Errorf("shotnoise: Switching T = %v, want finite > 0, a multiple of Smooth = %v", s.T, smooth)
	case !(ndt > 0) || !(sdt > 0) || !whole(bin, ndt) || !whole(bin, sdt) || !whole(smooth, bin):
		return nil, fmt.Errorf("shotnoise: Switching Bin = %v, Smooth = %v, NetDt = %v, SDEDt = %v: want Smooth a multiple of Bin, Bin of both steps", bin, smooth, ndt, sdt)
	case s.T/min(ndt, sdt) > 1e9:
		return nil, fmt.Errorf("shotnoise: Switching T = %v at step %v: more than 10⁹ steps", s.T, min(ndt, sdt))
	case s.Sampling != spiking.Quantiles && s.Sampling != spiking.Cauchy:
		return nil, fmt.Errorf("shotnoise: Switching Sampling = %d, want spiking.Quantiles or spiking.Cauchy", int(s.Sampling))
	case rng == nil:
		return nil, fmt.Errorf("shotnoise: Switching.Run needs a random source, got nil")
	}
	lo, err := NewTheory(s.N, 1, s.EtaBar, s.Delta, s.J, 0, math.SmallestNonzeroFloat64)
	if err != nil {
		return nil, err
	}
	hi, err := NewTheory(s.N, 1, s.EtaBar, s.Delta, s.J, 0, 0)
	if err != nil {
		return nil, err
	}
	if hi.R0 <= lo.R0 {
		return nil, fmt.Errorf("shotnoise: Switching: η̄ = %v, Δ = %v, J = %v is not bistable", s.EtaBar, s.Delta, s.J)
	}
	res := &SwitchingResult{Theories: [2]*Theory{lo, hi}, Saddle: saddleRate(s.EtaBar, s.Delta, s.J, lo.R0, hi.R0)}
	res.LowThreshold = 0.5 * (lo.R0 + res.Saddle)
	res.HighThreshold = 0.5 * (hi.R0 + res.Saddle)
	seeds := make([][4]uint64, s.Runs)
	for k := range seeds {
		seeds[k] = [4]uint64{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64()}
	}
	w := int(math.Round(smooth / bin))
	var times [2][2][]float64 // [from high, from low][network, SDE]
	done := 0
	for k := 0; k < s.Runs; k++ {
		for from, th := range []*Theory{hi, lo} {
			crossed := func(m float64) bool { return m < res.LowThreshold }
			if from == 1 {
				crossed = func(m float64) bool { return m > res.HighThreshold }
			}
			tn, err := s.networkEscape(th, seeds[k][2*from], bin, ndt, w, crossed)
			if err != nil {
				return nil, err
			}
			ts, err := s.sdeEscape(lo, hi, th, res.Saddle, seeds[k][2*from+1], bin, sdt, w, crossed)
			if err != nil {
				return nil, err
			}
			times[from][0] = append(times[from][0], tn)
			times[from][1] = append(times[from][1], ts)
			done += 2
			s.Progress.Report(float64(done), float64(4*s.Runs))
		}
	}
	esc := func(x []float64) Escapes {
		var e Escapes
		sum := 0.0
		for _, t := range x {
			if math.IsInf(t, 1) {
				e.Censored++
				sum += s.T
				continue
			}
			e.Times = append(e.Times, t)
			sum += t
		}
		slices.Sort(e.Times)
		e.Mean, e.MeanSE = memory.CensoredMean(sum, len(x), e.Censored)
		return e
	}
	for m := 0; m < 2; m++ {
		res.FromHigh[m] = esc(times[0][m])
		res.FromLow[m] = esc(times[1][m])
	}
	res.KSHigh = KS(res.FromHigh[0].Times, res.FromHigh[1].Times)
	res.KSLow = KS(res.FromLow[0].Times, res.FromLow[1].Times)
	return res, nil
}

// networkEscape runs the network from state th until a block average of w
// bins satisfies crossed (returns the end time of that block) or until T
// (+Inf).
func (s *Switching) networkEscape(th *Theory, seed uint64, bin, dt float64, w int, crossed func(float64) bool) (float64, error) {
	q := spiking.QIF{N: s.N, Tau: 1, EtaBar: s.EtaBar, Delta: s.Delta, J: s.J}
	sim, err := newNetwork(q, s.Sampling, th, seed, bin, dt)
	if err != nil {
		return 0, err
	}
	sum, nb, esc := 0.0, 0, math.Inf(1)
	err = sim.Run(s.T, func(p spiking.Sample) error {
		sum += p.Rate
		nb++
		if nb%w == 0 {
			if crossed(sum / float64(w)) {
				esc = float64(nb) * bin
				return errSwitched
			}
			sum = 0
		}
		return nil
	})
	if err != nil && !errors.Is(err, errSwitched) {
		return 0, fmt.Errorf("shotnoise: %w", err)
	}
	return esc, nil
}

// sdeEscape runs the stochastic mean field from state start (basin-
// dependent noise, see [Switching]) for T and returns the end time of the
// first block of w bins whose average satisfies crossed (+Inf if none).
func (s *Switching) sdeEscape(lo, hi, start *Theory, saddle float64, seed uint64, bin, dt float64, w int, crossed func(float64) bool) (float64, error) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	spb := int(math.Round(bin / dt))
	n := int(math.Round(s.T/bin)) * spb
	xl, err := (&StochasticMPR{Theory: lo}).Noise(n, dt, rng)
	if err != nil {
		return 0, err
	}
	xh, err := (&StochasticMPR{Theory: hi}).Noise(n, dt, rng)
	if err != nil {
		return 0, err
	}
	noise := func(k int, r float64) float64 {
		if r < saddle {
			return math.Sqrt(max(r, 0)/lo.R0) * xl[k]
		}
		return math.Sqrt(r/hi.R0) * xh[k]
	}
	ts, err := (&StochasticMPR{Theory: lo}).integrate(xl, 0, spb, dt, bin, 0, nil, noise, start.R0, start.V0)
	if err != nil {
		return 0, err
	}
	R := ts.Col(nil, 0)
	for b := 0; (b+1)*w <= len(R); b++ {
		m := 0.0
		for _, v := range R[b*w : (b+1)*w] {
			m += v
		}
		if crossed(m / float64(w)) {
			return float64((b+1)*w) * bin, nil
		}
	}
	return math.Inf(1), nil
}

// KS returns the two-sample Kolmogorov–Smirnov statistic sup|F_a − F_b| of
// the samples a and b (NaN if either is empty).
func KS(a, b []float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return math.NaN()
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return stat.KolmogorovSmirnov(a, nil, b, nil)
}
