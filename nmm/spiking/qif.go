package spiking

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// Scheme selects how neurons are integrated (see the package overview).
type Scheme int

const (
	// Theta is the exact θ-neuron (Möbius) propagator: any step size, no
	// threshold cut-off; the default.
	Theta Scheme = iota
	// Reset is the MPR 2015 threshold/reset scheme (Euler, ±V_p, refractory
	// 2τ/V_p, spike registered mid-refractory).
	Reset
)

// String returns "theta" or "reset".
func (s Scheme) String() string {
	switch s {
	case Theta:
		return "theta"
	case Reset:
		return "reset"
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}

// Sampling selects how the excitabilities η_j are drawn from the Lorentzian.
type Sampling int

const (
	// Quantiles uses the deterministic quantiles
	// η_j = η̄ + Δ tan[π/2 (2j−N−1)/(N+1)], j = 1..N (MPR 2015); the default.
	Quantiles Sampling = iota
	// Cauchy draws η_j independently from the Lorentzian with the
	// simulation's random source (quenched O(N^−½) fluctuations and
	// outliers, docs/models.md § QIF network).
	Cauchy
)

// QIF is a network of N quadratic integrate-and-fire neurons (equations in
// the package documentation). Time is in the unit of Tau.
type QIF struct {
	N      int     // number of neurons; ≥ 1
	Tau    float64 // τ, membrane time constant; > 0
	EtaBar float64 // η̄, centre of the Lorentzian excitability density; finite
	Delta  float64 // Δ, its half-width; ≥ 0
	J      float64 // J, synaptic weight (> 0 excitatory): each spike adds J/N (J/K) to V
	I      float64 // I, constant external current (dimensionless); finite
	// Input is an optional common time-dependent current added to I, as in
	// nmm.MPR (nil: none); it is evaluated at the middle of each step and
	// must be deterministic.
	Input func(t float64) float64
	// Eta, if not nil, gives the N excitabilities explicitly (EtaBar, Delta
	// and Sampling are then ignored).
	Eta []float64
	// Sampling selects quantiles (default) or random Cauchy samples.
	Sampling Sampling
	// InDegree K > 0 connects each neuron to K distinct random presynaptic
	// neurons (no self-connections; 1 ≤ K < N), each spike adding J/K;
	// 0 means all-to-all coupling J/N (self-coupling included, as in MPR).
	InDegree int
}

// Validate checks the parameters.
func (q *QIF) Validate() error {
	switch {
	case q.N < 1:
		return fmt.Errorf("spiking: QIF parameter N = %d, want ≥ 1", q.N)
	case !(q.Tau > 0) || math.IsInf(q.Tau, 0):
		return fmt.Errorf("spiking: QIF parameter Tau = %v, want finite > 0", q.Tau)
	case !finite(q.EtaBar):
		return fmt.Errorf("spiking: QIF parameter EtaBar = %v, want finite", q.EtaBar)
	case !(q.Delta >= 0) || math.IsInf(q.Delta, 0):
		return fmt.Errorf("spiking: QIF parameter Delta = %v, want finite ≥ 0", q.Delta)
	case !finite(q.J):
		return fmt.Errorf("spiking: QIF parameter J = %v, want finite", q.J)
	case !finite(q.I):
		return fmt.Errorf("spiking: QIF parameter I = %v, want finite", q.I)
	case q.Eta != nil && len(q.Eta) != q.N:
		return fmt.Errorf("spiking: QIF parameter Eta has length %d, want N = %d", len(q.Eta), q.N)
	case q.Sampling != Quantiles && q.Sampling != Cauchy:
		return fmt.Errorf("spiking: QIF parameter Sampling = %d, want Quantiles or Cauchy", int(q.Sampling))
	case q.InDegree < 0 || (q.InDegree > 0 && q.InDegree >= q.N):
		return fmt.Errorf("spiking: QIF parameter InDegree = %d, want 0 (all-to-all) or 1 ≤ K < N = %d", q.InDegree, q.N)
	}
	for j, e := range q.Eta {
		if !finite(e) {
			return fmt.Errorf("spiking: QIF parameter Eta[%d] = %v, want finite", j, e)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// LorentzQuantiles writes the deterministic Lorentzian quantiles
// η_j = η̄ + Δ tan[π/2 (2j−N−1)/(N+1)], j = 1..N (MPR 2015), into dst
// (allocated if nil; len(dst) is N) and returns it.
func LorentzQuantiles(dst []float64, n int, etaBar, delta float64) []float64 {
	if len(dst) != n {
		dst = make([]float64, n)
	}
	for j := range dst {
		dst[j] = etaBar + delta*math.Tan(math.Pi/2*float64(2*(j+1)-n-1)/float64(n+1))
	}
	return dst
}

// Options are the numerical settings of a simulation.
type Options struct {
	// Scheme is Theta (default) or Reset.
	Scheme Scheme
	// Dt is the time step (unit of τ), > 0. 0 means 10⁻³ τ for Theta and
	// 10⁻⁴ τ for Reset. Reset requires Dt·Vp/τ ≤ 1 (Euler stability at
	// the reset value).
	Dt float64
	// Bin is the width of the rate bins (unit of τ); it is rounded to a
	// whole number of steps (at least one). 0 means 0.01 τ.
	Bin float64
	// Vp is the threshold of the Reset scheme (reset to −Vp); 0 means 100.
	Vp float64
	// Workers is the number of goroutines updating neurons (0: chosen from
	// N, one per core but at most one per 4096 neurons). Results do not
	// depend on it.
	Workers int
	// RasterNeurons M > 0 records the spike times of M neurons evenly
	// spread over the index range (neurons ⌊iN/M⌋, i = 0..M−1, so that
	// with quantiles they span the η distribution); see [Sim.Raster].
	RasterNeurons int
	// MedianVoltage adds the median of the V_j, taken at the end of each
	// bin, to the samples (costs O(N) per bin).
	MedianVoltage bool
	// V0, if not nil, gives the N initial voltages. Otherwise the initial
	// voltages are Lorentzian quantiles of centre InitV and half-width
	// π τ InitRate in random order — the MPR state (r, v) = (InitRate,
	// InitV), independent of η. InitRate = 0 means 1/(π τ) with InitV = 0,
	// i.e. independent uniform θ phases.
	V0              []float64
	InitRate, InitV float64
	// Progress receives (simulated time, requested time) during Run.
	Progress progress.Func
	// Context cancels Run (nil: never).
	Context context.Context
}

// Spike is one recorded spike.
type Spike struct {
	T      float64 // spike time (end of the step, or registration time for Reset)
	Neuron int     // neuron index 0..N−1
}

// Sample is one rate bin.
type Sample struct {
	T    float64 // bin centre
	Rate float64 // spikes in the bin / (N · bin width), unit 1/τ-time
	V    float64 // median voltage at the end of the bin (NaN if not requested)
}

// errRand reports a missing random source.
func errRand(what string) error {
	return fmt.Errorf("spiking: %s needs a random source, got nil *rand.Rand", what)
}

// newEta returns the excitabilities of q.
func newEta(q *QIF, rng *rand.Rand) ([]float64, error) {
	if q.Eta != nil {
		return append([]float64(nil), q.Eta...), nil
	}
	if q.Sampling == Quantiles {
		return LorentzQuantiles(nil, q.N, q.EtaBar, q.Delta), nil
	}
	if rng == nil {
		return nil, errRand("Cauchy sampling")
	}
	eta := make([]float64, q.N)
	for j := range eta {
		u := rng.Float64()
		for u == 0 {
			u = rng.Float64()
		}
		eta[j] = q.EtaBar + q.Delta*math.Tan(math.Pi*(u-0.5))
	}
	return eta, nil
}

// randomGraph returns, in CSR form, the postsynaptic targets of each neuron
// for in-degree k: every neuron receives k distinct presynaptic partners
// (≠ itself), drawn with Floyd's algorithm.
func randomGraph(n, k int, rng *rand.Rand) (start, post []int32) {
	pre := make([]int32, n*k)
	mark := make([]int32, n)
	outdeg := make([]int32, n+1)
	m := n - 1 // candidates: all but the neuron itself
	for j := 0; j < n; j++ {
		stamp := int32(j + 1)
		row := pre[j*k : (j+1)*k]
		for i, r := 0, m-k; r < m; i, r = i+1, r+1 {
			t := rng.IntN(r + 1)
			if mark[t] == stamp {
				t = r
			}
			mark[t] = stamp
			src := t
			if src >= j {
				src++
			}
			row[i] = int32(src)
			outdeg[src+1]++
		}
	}
	start = make([]int32, n+1)
	for i := 1; i <= n; i++ {
		start[i] = start[i-1] + outdeg[i]
	}
	fill := append([]int32(nil), start[:n]...)
	post = make([]int32, n*k)
	for j := 0; j < n; j++ {
		for _, src := range pre[j*k : (j+1)*k] {
			post[fill[src]] = int32(j)
			fill[src]++
		}
	}
	return start, post
}

// StationaryVoltages returns initial voltages in which every neuron of an
// uncoupled network with constant input a_j = eta[j] + c is at a uniformly
// distributed point of its own time-phase: V_j = √a_j tan ψ_j with ψ_j
// uniform on (−π/2, π/2) for a_j > 0 (the stationary state of a periodic
// neuron), and V_j = −√(−a_j) (the stable rest point) for a_j ≤ 0. Started
// there an uncoupled network is statistically stationary from t = 0 (unlike
// uniform θ phases, whose common non-uniformity is a coherent transient).
func StationaryVoltages(eta []float64, c float64, rng *rand.Rand) []float64 {
	v := make([]float64, len(eta))
	for j, e := range eta {
		a := e + c
		if a > 0 {
			v[j] = math.Sqrt(a) * math.Tan(math.Pi*(rng.Float64()-0.5))
		} else {
			v[j] = -math.Sqrt(-a)
		}
	}
	return v
}
