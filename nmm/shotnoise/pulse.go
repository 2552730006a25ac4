package shotnoise

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/spiking"
)

// Pulse is the out-of-equilibrium protocol of Montbrió, Pazó & Roxin
// (2015), Fig. 2(a): a QIF network (τ = 1, Lorentzian η of centre EtaBar
// and half-width Delta, all-to-all weight J, deterministic quantiles)
// starts in its low-activity state, a step current Amp is switched on at
// t = On and off at t = Off, and the rate is recorded from Start to End.
// [Pulse.Run] repeats the protocol over Seeds realisations for the finite
// network (spiking.Sim, exact θ scheme) and for the stochastic mean field
// ([StochasticMPR]) of the same N, and returns both ensembles
// (docs/models.md § Shot noise, "Out of equilibrium").
//
// The shot noise of the stochastic mean field is piecewise stationary: on
// each interval of constant drive (before, during and after the pulse) ξ
// is synthesised with the source spectrum S0 of the stable state the mean
// field relaxes to on that interval (before: the lowest-rate state; during
// and after: the stable state closest in rate to the previous interval's),
// so its variance follows the rate up to the relaxation transients of a
// few τ after each switch.
type Pulse struct {
	N                int     // network size (≥ 1)
	EtaBar, Delta, J float64 // model (MPR Fig. 2: −5, 1, 15)
	Amp, On, Off     float64 // step current Amp on On < t < Off (Fig. 2: 3, 0, 30)
	Start, End       float64 // recorded interval (Start ≤ On < Off ≤ End)
	// Transient is the time the network and the mean field spend in the
	// constant pre-pulse drive before Start (0: none).
	Transient float64
	// Bin is the rate bin (0: 0.05); Window, a whole number of bins, the
	// width of the time windows of the ensemble statistics (0: Bin).
	Bin, Window float64
	// NetDt and SDEDt are the steps of the network (0: 10⁻³) and of the
	// stochastic mean field (0: 0.005); Bin must be a multiple of both.
	NetDt, SDEDt float64
	Seeds        int // realisations of each ensemble (≥ 2)
	// Sampling of the network's η: spiking.Quantiles (default, the same
	// η in every realisation) or spiking.Cauchy (independent Lorentzian
	// samples drawn anew in every realisation).
	Sampling spiking.Sampling
	// Progress receives (completed runs, 2·Seeds).
	Progress progress.Func
}

// MPRFig2Pulse returns the MPR 2015 Fig. 2(a) protocol for n neurons
// and the given number of seeds: η̄ = −5, Δ = 1, J = 15, I = 3 on
// 0 < t < 30, recorded on −10 < t < 40 after a transient of 5 τ, rate
// bins of 0.05 τ and windows of 1 τ.
func MPRFig2Pulse(n, seeds int) *Pulse {
	return &Pulse{N: n, EtaBar: -5, Delta: 1, J: 15, Amp: 3, On: 0, Off: 30,
		Start: -10, End: 40, Transient: 5, Bin: 0.05, Window: 1, Seeds: seeds}
}

// Ensemble holds ensemble statistics of a binned rate over realisations,
// on consecutive time windows of a protocol.
//
// For window w with bins b and realisations s = 1..m, a_s is the window
// average of realisation s and
//
//	Mean = ⟨a_s⟩,  MeanSE = sd(a_s)/√m,
//	Var  = ⟨v_s⟩,  v_s = m/(m−1) · avg_b (x_sb − x̄_b)²,  VarSE = sd(v_s)/√m,
//
// so Var is the across-realisation variance of the binned rate averaged
// over the window's bins, and both standard errors come from the spread
// between realisations (valid whatever the correlation between bins).
type Ensemble struct {
	T            []float64 // window centres
	Mean, MeanSE []float64 // rate mean and its standard error
	Var, VarSE   []float64 // binned-rate variance and its standard error
	Seeds        int       // number of realisations m
}

// PulseResult is the outcome of [Pulse.Run].
type PulseResult struct {
	Network, SDE Ensemble
	// NetworkRates and SDERates are the binned rates of every realisation
	// (bin Bin, the first bin starting at Start).
	NetworkRates, SDERates [][]float64
	Start, Bin             float64
	// Theories are the shot-noise theories of the SDE on the three drive
	// intervals (before, during, after the pulse).
	Theories [3]*Theory
}

func (p *Pulse) defaults() (bin, win, ndt, sdt float64, err error) {
	bin, win, ndt, sdt = p.Bin, p.Window, p.NetDt, p.SDEDt
	bin, ndt, sdt = defaultSteps(bin, ndt, sdt)
	if win == 0 {
		win = bin
	}
	whole := wholeMultiple
	switch {
	case p.N < 1:
		err = fmt.Errorf("shotnoise: Pulse N = %d, want ≥ 1", p.N)
	case p.Seeds < 2 || p.Seeds > 1<<20:
		err = fmt.Errorf("shotnoise: Pulse Seeds = %d, want 2…2²⁰", p.Seeds)
	case !(p.Start <= p.On && p.On < p.Off && p.Off <= p.End) || math.IsInf(p.Start, 0) || math.IsInf(p.End, 0):
		err = fmt.Errorf("shotnoise: Pulse times Start, On, Off, End = %v, %v, %v, %v, want finite Start ≤ On < Off ≤ End", p.Start, p.On, p.Off, p.End)
	case !(p.Transient >= 0) || math.IsInf(p.Transient, 0):
		err = fmt.Errorf("shotnoise: Pulse Transient = %v, want finite ≥ 0", p.Transient)
	case !(ndt > 0) || !(sdt > 0) || !whole(bin, ndt) || !whole(bin, sdt) || !whole(win, bin):
		err = fmt.Errorf("shotnoise: Pulse Bin = %v, Window = %v, NetDt = %v, SDEDt = %v: want Window a multiple of Bin, Bin of both steps", bin, win, ndt, sdt)
	case !whole(p.End-p.Start, win):
		err = fmt.Errorf("shotnoise: Pulse End − Start = %v is not a multiple of Window = %v", p.End-p.Start, win)
	case p.Transient > 0 && !whole(p.Transient, bin):
		err = fmt.Errorf("shotnoise: Pulse Transient = %v is not a multiple of Bin = %v", p.Transient, bin)
	case p.Sampling != spiking.Quantiles && p.Sampling != spiking.Cauchy:
		err = fmt.Errorf("shotnoise: Pulse Sampling = %d, want spiking.Quantiles or spiking.Cauchy", int(p.Sampling))
	case !finite(p.Amp):
		err = fmt.Errorf("shotnoise: Pulse Amp = %v, want finite", p.Amp)
	}
	if err == nil && (p.End-p.Start+p.Transient)/min(ndt, sdt) > 1e9 {
		err = fmt.Errorf("shotnoise: Pulse run of %v τ at step %v: more than 10⁹ steps", p.End-p.Start+p.Transient, min(ndt, sdt))
	}
	return
}

// defaultSteps returns the rate bin (0: 0.05) and the network (0: 10⁻³)
// and SDE (0: 0.005) steps of [Pulse] and [Switching].
func defaultSteps(bin, ndt, sdt float64) (float64, float64, float64) {
	if bin == 0 {
		bin = 0.05
	}
	if ndt == 0 {
		ndt = 1e-3
	}
	if sdt == 0 {
		sdt = 0.005
	}
	return bin, ndt, sdt
}

// wholeMultiple reports whether a is a whole multiple k ≥ 1 of b (to 10⁻⁹).
func wholeMultiple(a, b float64) bool {
	k := math.Round(a / b)
	return k >= 1 && math.Abs(k*b-a) <= 1e-9*a
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// input is the pulse current at time t.
func (p *Pulse) input(t float64) float64 {
	if t > p.On && t < p.Off {
		return p.Amp
	}
	return 0
}

// theories returns the shot-noise theories of the three drive intervals.
func (p *Pulse) theories() ([3]*Theory, error) {
	var th [3]*Theory
	var err error
	if th[0], err = NewTheory(p.N, 1, p.EtaBar, p.Delta, p.J, 0, math.SmallestNonzeroFloat64); err != nil {
		return th, err
	}
	if th[1], err = NewTheory(p.N, 1, p.EtaBar, p.Delta, p.J, p.Amp, th[0].R0); err != nil {
		return th, err
	}
	if th[2], err = NewTheory(p.N, 1, p.EtaBar, p.Delta, p.J, 0, th[1].R0); err != nil {
		return th, err
	}
	return th, nil
}

// Run simulates the protocol Seeds times for the network and for the
// stochastic mean field. rng supplies all randomness: one pair of seeds
// per realisation is drawn from it first (network, SDE), so the results
// do not depend on the number of threads.
func (p *Pulse) Run(rng *rand.Rand) (*PulseResult, error) {
	bin, win, ndt, sdt, err := p.defaults()
	if err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, fmt.Errorf("shotnoise: Pulse.Run needs a random source, got nil")
	}
	th, err := p.theories()
	if err != nil {
		return nil, err
	}
	m := p.Seeds
	nb := int(math.Round((p.End - p.Start) / bin))
	if float64(m)*float64(nb)*16 > 4e9 {
		return nil, fmt.Errorf("shotnoise: Pulse needs %d × %d bins (> 4 GB)", m, nb)
	}
	seeds := make([][2]uint64, m)
	for s := range seeds {
		seeds[s] = [2]uint64{rng.Uint64(), rng.Uint64()}
	}
	net := make([][]float64, m)
	sde := make([][]float64, m)
	t0 := p.Start - p.Transient
	for s := 0; s < m; s++ {
		if net[s], err = p.network(th[0], seeds[s][0], t0, bin, ndt, nb); err != nil {
			return nil, err
		}
		p.Progress.Report(float64(2*s+1), float64(2*m))
		if sde[s], err = p.sde(th, seeds[s][1], t0, bin, sdt, nb); err != nil {
			return nil, err
		}
		p.Progress.Report(float64(2*s+2), float64(2*m))
	}
	wb := int(math.Round(win / bin))
	res := &PulseResult{Theories: th, NetworkRates: net, SDERates: sde, Start: p.Start, Bin: bin}
	res.Network = ensemble(net, p.Start, bin, wb)
	res.SDE = ensemble(sde, p.Start, bin, wb)
	return res, nil
}

// network runs one realisation of the QIF network from the mean field's
// low state at time t0 and returns its nb rate bins after Start.
func (p *Pulse) network(low *Theory, seed uint64, t0, bin, dt float64, nb int) ([]float64, error) {
	q := spiking.QIF{N: p.N, Tau: 1, EtaBar: p.EtaBar, Delta: p.Delta, J: p.J,
		Input: func(t float64) float64 { return p.input(t0 + t) }}
	return networkRates(q, p.Sampling, low, seed, p.Start-t0, bin, dt, nb)
}

// networkRates simulates network q from the stationary state of theory
// low ([newNetwork]) and returns nb rate bins after a transient.
func networkRates(q spiking.QIF, sampling spiking.Sampling, low *Theory, seed uint64, transient, bin, dt float64, nb int) ([]float64, error) {
	sim, err := newNetwork(q, sampling, low, seed, bin, dt)
	if err != nil {
		return nil, err
	}
	if err := sim.Run(transient, nil); err != nil {
		return nil, fmt.Errorf("shotnoise: %w", err)
	}
	out := make([]float64, 0, nb)
	err = sim.Run(float64(nb)*bin, func(s spiking.Sample) error {
		if len(out) < nb {
			out = append(out, s.Rate)
		}
		return nil
	})
	if err == nil && len(out) != nb {
		err = fmt.Errorf("shotnoise: network gave %d bins, want %d", len(out), nb)
	}
	return out, err
}

// newNetwork prepares network q (its Eta drawn here: quantiles, or Cauchy
// samples from the realisation's generator seeded with seed) in the
// stationary state of theory th: every firing neuron at a uniformly random
// time-phase of its drive η_j + J r0 (spiking.StationaryVoltages).
func newNetwork(q spiking.QIF, sampling spiking.Sampling, th *Theory, seed uint64, bin, dt float64) (*spiking.Sim, error) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	eta := spiking.LorentzQuantiles(nil, q.N, q.EtaBar, q.Delta)
	if sampling == spiking.Cauchy {
		for j := range eta {
			eta[j] = q.EtaBar + q.Delta*math.Tan(math.Pi*(rng.Float64()-0.5))
		}
	}
	q.Eta = eta
	opt := spiking.Options{Dt: dt, Bin: bin, V0: spiking.StationaryVoltages(eta, q.J*th.R0, rng)}
	sim, err := spiking.New(q, opt, rng)
	if err != nil {
		return nil, fmt.Errorf("shotnoise: %w", err)
	}
	return sim, nil
}

// sde runs one realisation of the stochastic mean field from the low state
// at time t0 and returns its nb bins of R = r + ξ after Start.
func (p *Pulse) sde(th [3]*Theory, seed uint64, t0, bin, dt float64, nb int) ([]float64, error) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	cut := []float64{t0, p.On, p.Off, p.End}
	n := int(math.Round((p.End - t0) / dt))
	xi := make([]float64, 0, n)
	for k := 0; k < 3; k++ {
		ns := int(math.Round((cut[k+1]-t0)/dt)) - len(xi)
		if ns == 0 {
			continue
		}
		seg, err := (&StochasticMPR{Theory: th[k]}).Noise(max(ns, 2), dt, rng)
		if err != nil {
			return nil, err
		}
		xi = append(xi, seg[:ns]...)
	}
	m := &StochasticMPR{Theory: th[0]}
	spb := int(math.Round(bin / dt))
	ntr := int(math.Round((p.Start-t0)/bin)) * spb
	kOn, kOff := int(math.Round((p.On-t0)/dt)), int(math.Round((p.Off-t0)/dt))
	noise := func(k int, r float64) float64 {
		i := 0
		if k >= kOff {
			i = 2
		} else if k >= kOn {
			i = 1
		}
		return math.Sqrt(max(r, 0)/th[i].R0) * xi[k]
	}
	ts, err := m.integrate(xi[:len(xi)/spb*spb], ntr, spb, dt, bin, t0, p.input, noise, th[0].R0, th[0].V0)
	if err != nil {
		return nil, err
	}
	R := ts.Col(nil, 0)
	if len(R) < nb {
		return nil, fmt.Errorf("shotnoise: stochastic MPR gave %d bins, want %d", len(R), nb)
	}
	return R[:nb], nil
}

// ensemble computes the window statistics of [Ensemble] from m series of
// equal length (bins of width bin from start), wb bins per window.
func ensemble(x [][]float64, start, bin float64, wb int) Ensemble {
	m := len(x)
	nb := len(x[0])
	nw := nb / wb
	e := Ensemble{Seeds: m}
	a := make([]float64, m)
	v := make([]float64, m)
	fm := float64(m)
	for w := 0; w < nw; w++ {
		clear(a)
		clear(v)
		for b := w * wb; b < (w+1)*wb; b++ {
			mean := 0.0
			for s := range x {
				mean += x[s][b]
			}
			mean /= fm
			for s := range x {
				a[s] += x[s][b] / float64(wb)
				d := x[s][b] - mean
				v[s] += d * d * fm / (fm - 1) / float64(wb)
			}
		}
		ma, sa := meanSE(a)
		mv, sv := meanSE(v)
		e.T = append(e.T, start+(float64(w)+0.5)*float64(wb)*bin)
		e.Mean, e.MeanSE = append(e.Mean, ma), append(e.MeanSE, sa)
		e.Var, e.VarSE = append(e.Var, mv), append(e.VarSE, sv)
	}
	return e
}

// meanSE returns the mean of x and its standard error sd(x)/√len(x).
func meanSE(x []float64) (mean, se float64) {
	mean, sd := stat.MeanStdDev(x, nil)
	return mean, sd / math.Sqrt(float64(len(x)))
}

// Interval returns the statistics of [Ensemble] of both ensembles over
// the single window [a, b) (rounded to whole bins): pooling a stationary
// interval into one window gives standard errors that remain valid however
// the windows inside it are correlated.
func (r *PulseResult) Interval(a, b float64) (net, sde Ensemble, err error) {
	i := int(math.Round((a - r.Start) / r.Bin))
	j := int(math.Round((b - r.Start) / r.Bin))
	if len(r.NetworkRates) == 0 || i < 0 || j <= i || j > len(r.NetworkRates[0]) {
		return net, sde, fmt.Errorf("shotnoise: interval [%v, %v) outside the recorded bins", a, b)
	}
	cut := func(x [][]float64) [][]float64 {
		y := make([][]float64, len(x))
		for s := range x {
			y[s] = x[s][i:j]
		}
		return y
	}
	t0 := r.Start + float64(i)*r.Bin
	return ensemble(cut(r.NetworkRates), t0, r.Bin, j-i), ensemble(cut(r.SDERates), t0, r.Bin, j-i), nil
}

// QuantileBias returns the finite-N bias of the stationary rate of a
// network whose excitabilities are the N deterministic Lorentzian
// quantiles (spiking.LorentzQuantiles) rather than the Lorentzian itself:
// the quantiles truncate the tail (|η| ≲ N Δ/π), so the uncoupled rate at
// the stationary drive a_j = η_j + I + J r0,
//
//	r_q = (1/N) Σ_j √max(a_j, 0) / π,
//
// differs from r0 by O(N^−½), and the recurrent loop amplifies this static
// source error like the shot noise at f = 0:
//
//	b = (r_q − r0) / (1 − J χ(0))
//
// (τ = 1 units; docs/models.md § Shot noise, "Out of equilibrium").
func (t *Theory) QuantileBias() float64 {
	eta := spiking.LorentzQuantiles(nil, t.N, t.EtaBar, t.Delta)
	r0 := t.R0 * t.Tau
	rq := 0.0
	for _, e := range eta {
		if a := e + t.I + t.J*r0; a > 0 {
			rq += math.Sqrt(a)
		}
	}
	rq /= math.Pi * float64(t.N)
	return (rq - r0) / real(1-complex(t.J, 0)*t.Chi(0)) / t.Tau
}

// Z returns, window by window, the standardised differences of the means
// and of the variances of two ensembles on the same windows:
// (a − b)/√(SE_a² + SE_b²).
func Z(a, b *Ensemble) (zMean, zVar []float64, err error) {
	if len(a.T) != len(b.T) {
		return nil, nil, fmt.Errorf("shotnoise: ensembles have %d and %d windows", len(a.T), len(b.T))
	}
	for w := range a.T {
		zMean = append(zMean, (a.Mean[w]-b.Mean[w])/math.Hypot(a.MeanSE[w], b.MeanSE[w]))
		zVar = append(zVar, (a.Var[w]-b.Var[w])/math.Hypot(a.VarSE[w], b.VarSE[w]))
	}
	return zMean, zVar, nil
}
