package seizure

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/graph"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// Config describes a seizure-spread simulation.
type Config struct {
	Node nmm.EI     // node parameters (IE in the bistable regime)
	Eps  float64    // global coupling ε
	W    *mat.Dense // row-normalised weights (row = target)
	// Focal stimulus: Amplitude is added to the network input c of the
	// focal regions (it enters both voltage equations as τ·c, see nmm.EI)
	// for Start ≤ t < End (ms).
	Start, End, Amplitude float64
	T                     float64 // simulated time (ms); > End
	Dt                    float64 // RK4 step (ms; 0: 0.02)
	Sample                float64 // sampling interval of the rates (ms; 0: 0.5)
	// Sigma is an optional additive noise per node variable (len 6; nil:
	// none, a deterministic run); with noise the run needs a random
	// generator.
	Sigma []float64
	// Theta is the onset threshold as a fraction of the rest rate (0: 0.5).
	Theta float64
}

// DefaultConfig returns a point of the bistable regime of the homogeneous
// Delicado–Huguet–Clusella (2025, arXiv:2512.03907) network, where folds of
// cycles make rest and a large oscillation coexist (ε ≈ 15–25 in their
// bifurcation analysis): ε = 25, I_ext^E = 7.2 (inside the bistable interval
// (7.116, 7.642) between the subcritical Hopf point and the fold of cycles
// that FindBistableEI finds), a stimulus of amplitude −3 from 100 to 600 ms, 1
// s simulated with RK4, dt = 0.02 ms. W must be set by the caller.
func DefaultConfig() Config {
	n := nmm.DefaultEI()
	n.IE = 7.2
	return Config{Node: n, Eps: 25, Start: 100, End: 600, Amplitude: -3, T: 1000, Dt: 0.02, Sample: 0.5}
}

func (c *Config) defaults() error {
	settings.Default(&c.Dt, 0.02)
	settings.Default(&c.Sample, 0.5)
	settings.Default(&c.Theta, 0.5)
	if c.W == nil {
		return fmt.Errorf("seizure: Config.W is nil")
	}
	if !(c.Start >= 0 && c.End > c.Start && c.T > c.End) {
		return fmt.Errorf("seizure: stimulus [%g, %g) and T=%g, want 0 ≤ Start < End < T", c.Start, c.End, c.T)
	}
	if !(c.Theta > 0) {
		return fmt.Errorf("seizure: Theta=%g, want > 0", c.Theta)
	}
	return nil
}

// Simulate runs the network from the homogeneous rest state (RestState)
// with the stimulus on the regions foci and returns the E rate of every
// region (kHz), sampled every cfg.Sample ms, and the rest rate rE*. rng is
// needed only with noise.
func Simulate(ctx context.Context, cfg Config, foci []int, rng *rand.Rand) (*nmm.TimeSeries, float64, error) {
	if err := cfg.defaults(); err != nil {
		return nil, 0, err
	}
	n, _ := cfg.W.Dims()
	for _, f := range foci {
		if f < 0 || f >= n {
			return nil, 0, fmt.Errorf("seizure: focus %d, want 0 ≤ focus < %d", f, n)
		}
	}
	rest, err := RestState(cfg.Node, cfg.Eps)
	if err != nil {
		return nil, 0, err
	}
	node := cfg.Node
	net, err := network.New(network.Homogeneous(&node, n), cfg.W, &network.Config{
		G: cfg.Eps, Sigma: cfg.Sigma,
		Stimuli: []network.Stimulus{{Nodes: foci, Start: cfg.Start, End: cfg.End, Amplitude: cfg.Amplitude}},
	})
	if err != nil {
		return nil, 0, err
	}
	ts, sel, err := network.Record(net, nmm.EIrE, "rE", "kHz", "ms", int(cfg.T/cfg.Sample)+2)
	if err != nil {
		return nil, 0, err
	}
	y0, err := brain.Start(net, rest, 0, nil)
	if err != nil {
		return nil, 0, err
	}
	_, err = network.Simulate(net, 0, cfg.T, y0, &network.Options{
		Method: network.RK4, Dt: cfg.Dt, Rand: rng,
		Settings: &ode.Settings{SampleEvery: cfg.Sample, Context: ctx},
	}, sel)
	return ts, rest[nmm.EIrE], err
}

// Onsets returns the onset time of every column of ts (relative to start;
// +Inf if never) by the threshold rule of the package documentation:
// the first sample at t ≥ start with |x − rest| > theta·|rest|.
func Onsets(ts *nmm.TimeSeries, rest, theta, start float64) []float64 {
	on := make([]float64, ts.Cols())
	thr := theta * math.Abs(rest)
	for j := range on {
		on[j] = math.Inf(1)
		for i, t := range ts.T {
			if t >= start && math.Abs(ts.At(i, j)-rest) > thr {
				on[j] = t - start
				break
			}
		}
	}
	return on
}

// Spread summarises the recruitment from a focus.
type Spread struct {
	Foci  []int
	Onset []float64 // onset time of every region (ms after the stimulus start; +Inf: not recruited)
	// Order lists the recruited regions by increasing onset (ties by
	// index), foci included.
	Order     []int
	Recruited int // number of recruited regions, foci included
	// PathLength is the shortest-path length (Σ 1/W over the path) from the
	// nearest focus.
	PathLength []float64
	// Spearman and Pearson are the correlations of onset time and path
	// length over the recruited non-focal regions (NaN if fewer than 3).
	Spearman, Pearson float64
}

// Analyze computes the recruitment order and the onset–path-length
// correlation from onset times and the weights w (row = target).
func Analyze(onset []float64, w mat.Matrix, foci []int) (*Spread, error) {
	n := len(onset)
	s := &Spread{Foci: append([]int(nil), foci...), Onset: onset, Spearman: math.NaN(), Pearson: math.NaN()}
	s.PathLength = make([]float64, n)
	for i := range s.PathLength {
		s.PathLength[i] = math.Inf(1)
	}
	isFocus := make([]bool, n)
	for _, f := range foci {
		d, err := graph.PathLengths(w, f, nil)
		if err != nil {
			return nil, err
		}
		for i := range d {
			s.PathLength[i] = math.Min(s.PathLength[i], d[i])
		}
		isFocus[f] = true
	}
	var x, y []float64
	for i, t := range onset {
		if math.IsInf(t, 1) {
			continue
		}
		s.Order = append(s.Order, i)
		if !isFocus[i] && !math.IsInf(s.PathLength[i], 1) {
			x = append(x, s.PathLength[i])
			y = append(y, t)
		}
	}
	sort.SliceStable(s.Order, func(a, b int) bool { return onset[s.Order[a]] < onset[s.Order[b]] })
	s.Recruited = len(s.Order)
	if len(x) >= 3 {
		s.Spearman = graph.Spearman(x, y)
		s.Pearson = graph.Pearson(x, y)
	}
	return s, nil
}

// Run simulates the stimulus on foci and analyses the spread; it also
// returns the rates.
func Run(ctx context.Context, cfg Config, foci []int, rng *rand.Rand) (*Spread, *nmm.TimeSeries, error) {
	if err := cfg.defaults(); err != nil {
		return nil, nil, err
	}
	ts, rest, err := Simulate(ctx, cfg, foci, rng)
	if err != nil {
		return nil, ts, err
	}
	s, err := Analyze(Onsets(ts, rest, cfg.Theta, cfg.Start), cfg.W, foci)
	return s, ts, err
}

// Foci stimulates each candidate focus in turn (one simulation per focus,
// run on workers goroutines) and returns the spreads in the order of foci.
// With noise, the run for focus foci[i] draws from rand.NewPCG(seed, i), so
// the results do not depend on workers. progress receives (runs done, runs).
func Foci(ctx context.Context, cfg Config, foci []int, seed uint64, workers int, prog progress.Func) ([]*Spread, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	return network.Sweep(ctx, len(foci), workers, prog, func(ctx context.Context, i int) (*Spread, error) {
		var rng *rand.Rand
		if cfg.Sigma != nil {
			rng = rand.New(rand.NewPCG(seed, uint64(i)))
		}
		s, _, err := Run(ctx, cfg, []int{foci[i]}, rng)
		return s, err
	})
}
