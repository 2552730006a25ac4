// Package lesion is a study above the toolkit: it reproduces the virtual
// lesion experiments of Honey & Sporns (2008) and Alstott et al. (2009) on
// the Delicado–Huguet–Clusella (2025) E–I network. It runs virtual lesion
// studies on a brain network: each region in turn is disconnected, the
// network is re-simulated, and the change of functional connectivity (FC)
// and of global synchrony measures the region's importance; the ranking is
// compared with structural centralities.
//
// # Overview
//
// A lesion of region k removes its row and column of the weight matrix (all
// its connections, in and out) and re-applies the row normalisation of the
// model, W[n][m] = C[n][m] / Σ_{m'≠n, m'≠k} C[n][m'], so that every remaining
// row again sums to 1 (the normalisation of Delicado, Huguet & Clusella 2025,
// docs/models.md § E–I network; it keeps the homogeneous manifold of the lesioned network):
// the other regions lose the input from k but their total input weight is
// unchanged. A row that had input only from k stays zero.
//
// Run simulates the lesioned networks with the region still present but
// disconnected (Disconnect): its row and column are zero, so it neither
// receives nor sends input, while the random streams of the other regions are
// exactly those of the intact run. Every simulation — intact and lesioned —
// uses the same seed (common random numbers), so a difference between two
// FCs is due to the lesion, not to a different noise realisation; in
// particular lesioning a region without connections changes nothing (tested).
// FC and synchrony are computed over the N−1 remaining regions.
//
// Measures per lesion: the Frobenius distance ‖FC_k − FC_0‖_F between the
// lesioned and the intact FC, the fit (Pearson correlation of the upper
// triangles) of FC_k to an empirical FC and to the intact FC, and the global
// synchrony: the time average of the Kuramoto order parameter of the
// signals' Hilbert phases (package fc).
//
// # References
//
//   - C. J. Honey, O. Sporns, Dynamical consequences of lesions in cortical
//     networks, Hum. Brain Mapp. 29, 802–809 (2008).
//   - J. Alstott, M. Breakspear, P. Hagmann, L. Cammoun, O. Sporns, Modeling
//     the impact of lesions in the human brain, PLoS Comput. Biol. 5,
//     e1000408 (2009).
//   - R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025) (model
//     and normalisation).
package lesion

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/fc"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// RowNormalize returns a copy of w with a zero diagonal and every non-zero
// row divided by its sum (rows without input stay zero). Weights must be
// finite and ≥ 0.
func RowNormalize(w mat.Matrix) (*mat.Dense, error) {
	n, c := w.Dims()
	if n != c || n == 0 {
		return nil, fmt.Errorf("lesion: weights %d×%d, want square", n, c)
	}
	out := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		var s float64
		for j := 0; j < n; j++ {
			v := w.At(i, j)
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("lesion: W[%d][%d]=%g, want a finite value ≥ 0", i, j, v)
			}
			if i != j {
				s += v
			}
		}
		if s == 0 {
			continue
		}
		for j := 0; j < n; j++ {
			if i != j {
				out.Set(i, j, w.At(i, j)/s)
			}
		}
	}
	return out, nil
}

// Disconnect returns the row-normalised weights of the network with region k
// lesioned but kept as an isolated node: row k and column k are zero and the
// other rows are re-normalised to sum 1 (see the package documentation).
func Disconnect(w mat.Matrix, k int) (*mat.Dense, error) {
	n, _ := w.Dims()
	if k < 0 || k >= n {
		return nil, fmt.Errorf("lesion: region %d, want 0 ≤ k < %d", k, n)
	}
	c := mat.DenseCopyOf(w)
	for i := 0; i < n; i++ {
		c.Set(i, k, 0)
		c.Set(k, i, 0)
	}
	return RowNormalize(c)
}

// Remove returns the (N−1)×(N−1) row-normalised weights of the network
// without region k (its row and column deleted, the rows re-normalised).
// Disconnect is the same network with k kept as an isolated node.
func Remove(w mat.Matrix, k int) (*mat.Dense, error) {
	d, err := Disconnect(w, k)
	if err != nil {
		return nil, err
	}
	return subMatrix(d, k), nil
}

// subMatrix deletes row and column k.
func subMatrix(a mat.Matrix, k int) *mat.Dense {
	n, _ := a.Dims()
	out := mat.NewDense(n-1, n-1, nil)
	for i, ii := 0, 0; i < n; i++ {
		if i == k {
			continue
		}
		for j, jj := 0, 0; j < n; j++ {
			if j == k {
				continue
			}
			out.Set(ii, jj, a.At(i, j))
			jj++
		}
		ii++
	}
	return out
}

// Simulator simulates the network with (row-normalised) weights w and
// returns the T×N region signals (one column per region, e.g. the E rates),
// drawing all its randomness from rng. It is called concurrently from
// several goroutines and must not share mutable state between calls.
type Simulator func(ctx context.Context, w *mat.Dense, rng *rand.Rand) (*mat.Dense, error)

// Config are the settings of Run.
type Config struct {
	// W are the structural weights (N×N, row = target, ≥ 0); Run
	// row-normalises them (RowNormalize) for the intact network.
	W mat.Matrix
	// Simulate runs one network.
	Simulate Simulator
	// Seed: every simulation uses rand.New(rand.NewPCG(Seed, 0)) (common
	// random numbers, see the package documentation).
	Seed uint64
	// Regions to lesion (nil: all, 0..N−1).
	Regions []int
	// Empirical is an optional empirical FC (N×N, correlations or Fisher z;
	// nil: none); Fit compares the lesioned FC with it.
	Empirical mat.Matrix
	// Workers is the number of goroutines (≤ 0: 1). Results do not depend
	// on it.
	Workers int
	// Progress receives (simulations done, simulations) (nil: none).
	Progress progress.Func
}

// Effect is the outcome of one lesion.
type Effect struct {
	Region int
	// Distance is ‖FC_k − FC_0‖_F over the remaining regions (strict upper
	// and lower triangles; the diagonal is 1 in both).
	Distance float64
	// FitIntact is the Pearson correlation of the upper triangles of FC_k
	// and FC_0 (remaining regions); Fit that of FC_k and the empirical FC
	// (NaN without one).
	FitIntact, Fit float64
	// Sync is the global synchrony (mean Kuramoto order parameter of the
	// remaining regions), DeltaSync = Sync − the intact value over the same
	// regions.
	Sync, DeltaSync float64
}

// Result is a virtual lesion study.
type Result struct {
	Intact     *mat.Dense // FC of the intact network (N×N)
	IntactFit  float64    // fit of the intact FC to the empirical FC (NaN without one)
	IntactSync float64    // global synchrony of the intact network (all N regions)
	Effects    []Effect   // one per lesioned region, in the order of Config.Regions
}

// ErrSimulation wraps a failed simulation.
var ErrSimulation = errors.New("lesion: simulation failed")

// Run simulates the intact network and every lesion (in parallel, cfg.Workers
// goroutines) and returns the FC changes. The result is reproducible for a
// fixed seed and independent of Workers. (For a study split over processes,
// e.g. a SLURM job array: [Intact] once per process and [Lesion] per region,
// which give the same numbers.)
func Run(ctx context.Context, cfg Config) (*Result, error) {
	n, regions, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	// job 0: intact; job i: lesion regions[i−1]
	res, err := network.Sweep(ctx, len(regions)+1, cfg.Workers, cfg.Progress, func(ctx context.Context, i int) (simOut, error) {
		if i == 0 {
			return cfg.simulate(ctx, n, -1)
		}
		return cfg.simulate(ctx, n, regions[i-1])
	})
	if err != nil {
		return nil, err
	}
	b := cfg.baseline(res[0])
	r := &Result{Intact: b.FC, IntactFit: b.Fit, IntactSync: b.Sync}
	for i, k := range regions {
		r.Effects = append(r.Effects, cfg.effect(b, res[i+1], k))
	}
	return r, nil
}

// Baseline is the intact network of a lesion study.
type Baseline struct {
	FC   *mat.Dense // FC of the intact network (N×N)
	Fit  float64    // fit of FC to the empirical FC (NaN without one)
	Sync float64    // global synchrony (all N regions)
	out  simOut
}

// Intact simulates the intact network of cfg: the baseline of [Lesion].
func Intact(ctx context.Context, cfg Config) (*Baseline, error) {
	n, _, err := cfg.check()
	if err != nil {
		return nil, err
	}
	o, err := cfg.simulate(ctx, n, -1)
	if err != nil {
		return nil, err
	}
	return cfg.baseline(o), nil
}

// Lesion simulates the network of cfg with region k disconnected and returns
// its effect against the intact network b (the same numbers as the effect of
// k in [Run]).
func Lesion(ctx context.Context, cfg Config, b *Baseline, k int) (Effect, error) {
	n, _, err := cfg.check()
	if err != nil {
		return Effect{}, err
	}
	if k < 0 || k >= n {
		return Effect{}, fmt.Errorf("lesion: region %d, want 0 ≤ k < %d", k, n)
	}
	o, err := cfg.simulate(ctx, n, k)
	if err != nil {
		return Effect{}, err
	}
	return cfg.effect(b, o, k), nil
}

// check validates cfg and returns N and the regions to lesion.
func (cfg *Config) check() (int, []int, error) {
	if cfg.Simulate == nil {
		return 0, nil, errors.New("lesion: Config.Simulate is nil")
	}
	if cfg.W == nil {
		return 0, nil, errors.New("lesion: Config.W is nil")
	}
	n, c := cfg.W.Dims()
	if n != c || n < 2 {
		return 0, nil, fmt.Errorf("lesion: W is %d×%d, want square with N ≥ 2", n, c)
	}
	regions := cfg.Regions
	if regions == nil {
		regions = make([]int, n)
		for i := range regions {
			regions[i] = i
		}
	}
	for _, k := range regions {
		if k < 0 || k >= n {
			return 0, nil, fmt.Errorf("lesion: region %d, want 0 ≤ k < %d", k, n)
		}
	}
	if cfg.Empirical != nil {
		if r, c := cfg.Empirical.Dims(); r != n || c != n {
			return 0, nil, fmt.Errorf("lesion: empirical FC %d×%d, want %d×%d", r, c, n, n)
		}
	}
	return n, regions, nil
}

type simOut struct {
	fc    *mat.Dense
	phase *mat.Dense
}

// simulate runs the intact network (k < 0) or the one with k disconnected.
func (cfg *Config) simulate(ctx context.Context, n, k int) (simOut, error) {
	var w *mat.Dense
	var err error
	if k < 0 {
		w, err = RowNormalize(cfg.W)
	} else {
		w, err = Disconnect(cfg.W, k)
	}
	if err != nil {
		return simOut{}, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	x, err := cfg.Simulate(ctx, w, rand.New(rand.NewPCG(cfg.Seed, 0)))
	if err != nil {
		return simOut{}, fmt.Errorf("%w: %w", ErrSimulation, err)
	}
	if _, c := x.Dims(); c != n {
		return simOut{}, fmt.Errorf("%w: %d signals, want %d", ErrSimulation, c, n)
	}
	f, err := fc.Matrix(nil, x)
	if err != nil {
		return simOut{}, err
	}
	return simOut{f, fc.Phases(x)}, nil
}

func (cfg *Config) baseline(o simOut) *Baseline {
	b := &Baseline{FC: o.fc, Fit: math.NaN(), Sync: syncOf(o.phase, -1), out: o}
	if cfg.Empirical != nil {
		b.Fit, _ = fc.Similarity(o.fc, cfg.Empirical)
	}
	return b
}

// effect compares lesion k's simulation with the baseline.
func (cfg *Config) effect(b *Baseline, o simOut, k int) Effect {
	fk := subMatrix(o.fc, k)
	f0 := subMatrix(b.out.fc, k)
	e := Effect{Region: k, Fit: math.NaN()}
	var d mat.Dense
	d.Sub(fk, f0)
	e.Distance = mat.Norm(&d, 2)
	e.FitIntact, _ = fc.Similarity(fk, f0)
	if cfg.Empirical != nil {
		e.Fit, _ = fc.Similarity(fk, subMatrix(cfg.Empirical, k))
	}
	e.Sync = syncOf(o.phase, k)
	e.DeltaSync = e.Sync - syncOf(b.out.phase, k)
	return e
}

// syncOf is the time average of the Kuramoto order parameter of the phase
// columns other than skip (−1: all).
func syncOf(ph *mat.Dense, skip int) float64 {
	t, n := ph.Dims()
	if t == 0 {
		return math.NaN()
	}
	var tot float64
	for i := 0; i < t; i++ {
		var sr, si float64
		m := 0
		for j := 0; j < n; j++ {
			if j == skip {
				continue
			}
			p := ph.At(i, j)
			sr += math.Cos(p)
			si += math.Sin(p)
			m++
		}
		tot += math.Hypot(sr, si) / float64(m)
	}
	return tot / float64(t)
}

// Ranking returns the regions of effects ordered by decreasing Distance (the
// most disruptive lesion first); ties keep the order of effects.
func Ranking(effects []Effect) []int {
	idx := make([]int, len(effects))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return effects[idx[a]].Distance > effects[idx[b]].Distance })
	out := make([]int, len(idx))
	for i, j := range idx {
		out[i] = effects[j].Region
	}
	return out
}
