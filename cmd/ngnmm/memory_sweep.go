package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/sweep"
	"github.com/ngnmm/ngnmm/studies/memory"
)

func init() {
	register(&command{
		Name:    "memory lifetimes",
		Summary: "escape times of the persistent state over a noise grid × runs, as a sweep (shardable, resumable; JSON lines)",
		Help: `Flags:
  --sigma A:B:n  noise amplitudes (n equally spaced values from A to B; required)
  --runs R       runs (seeds) per noise amplitude (default 100)
  --J, --delta, --eta, --tmax, --dt, --seed  as in 'ngnmm help memory lifetime'
` + sweepFlagsHelp + `

Job idx = i·R + run for noise value i; job idx draws its noise from PCG(seed, idx),
so every job's result is the same however the sweep is split. Each run starts at
the upper equilibrium of the MPR population and ends when r falls below the
saddle's rate (or is censored at tmax).
FILE: a header {"sweep", "J", "delta", "eta", "dt", "tmax", "grid"} then one job per line:
  idx, i (noise index), run, sigma, time (escape time, τ; tmax if censored), censored.
Standard output: {"out", "jobs", "computed", "missing", "sigma": [{"sigma", "runs",
"censored", "mean_tau", "stderr_tau"}]} over the results of FILE (mean_tau as in
'memory lifetime': maximum-likelihood with censoring, null if every run is censored).`,
		Run: runMemoryLifetimes,
	})
	registerSweep(&sweepKind{
		Command: "memory lifetimes",
		Match:   func(h map[string]json.RawMessage) bool { return string(h["sweep"]) == `"memory lifetimes"` },
		Merge:   mergeWith(lifetimeFormat),
	})
}

// lifetimeHeader identifies a memory lifetimes sweep.
type lifetimeHeader struct {
	Sweep string     `json:"sweep"`
	J     float64    `json:"J"`
	Delta float64    `json:"delta"`
	Eta   float64    `json:"eta"`
	Dt    float64    `json:"dt"`
	TMax  float64    `json:"tmax"`
	Grid  sweep.Grid `json:"grid"`
}

// lifetimeJob is one run of a memory lifetimes sweep.
type lifetimeJob struct {
	Idx      int     `json:"idx"`
	I        int     `json:"i"`
	Run      int     `json:"run"`
	Sigma    float64 `json:"sigma"`
	Time     float64 `json:"time"`
	Censored bool    `json:"censored"`
}

func lifetimeFormat(h lifetimeHeader) (*sweep.Format[lifetimeHeader, lifetimeJob], error) {
	return sweepFormat("memory lifetimes", h.Sweep, h, h.Grid, -1, []string{"sigma"}, func(r lifetimeJob) int { return r.Idx },
		func(j sweep.Job, r lifetimeJob) error {
			if r.I != j.Point[0] || r.Run != j.Replica || r.Sigma != j.Values[0] {
				return fmt.Errorf("(i, run, sigma) = (%d, %d, %v), want (%d, %d, %v)", r.I, r.Run, r.Sigma, j.Point[0], j.Replica, j.Values[0])
			}
			if !(r.Time > 0 && r.Time <= h.TMax+h.Dt) || (r.Censored && r.Time != h.TMax) {
				return fmt.Errorf("time %v (censored %v) outside (0, tmax = %v]", r.Time, r.Censored, h.TMax)
			}
			return nil
		})
}

func runMemoryLifetimes(args []string, stdout io.Writer) error {
	fs := newFlags("memory lifetimes")
	j := fs.Float64("J", 15, "")
	delta := fs.Float64("delta", 1, "")
	eta := fs.Float64("eta", -5, "")
	sigmaS := fs.String("sigma", "", "A:B:n")
	runs := fs.Int("runs", 100, "")
	tmax := fs.Float64("tmax", 1000, "")
	dt := fs.Float64("dt", 0.002, "")
	seed := fs.Uint64("seed", 1, "")
	sf := addSweepFlags(fs, false)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if *sigmaS == "" {
		return usageErr("--sigma is required (see 'ngnmm help memory lifetimes')")
	}
	ax, err := parseAxis("sigma", *sigmaS)
	if err != nil {
		return err
	}
	if ax.Lo < 0 || ax.Hi < 0 {
		return usageErr("--sigma %q: want values ≥ 0", *sigmaS)
	}
	if err := checkLifetimeRuns(*runs, *dt, *tmax); err != nil {
		return err
	}
	o, err := sf.options("memory lifetimes")
	if err != nil {
		return err
	}
	m := nmm.MPR{Tau: 1, Delta: *delta, J: *j, EtaBar: *eta}
	if err := m.Validate(); err != nil {
		return usageErr("%v", err)
	}
	g := sweep.Grid{Axes: []sweep.Axis{ax}, Seeds: *runs, Seed: *seed}
	if err := g.Validate(); err != nil {
		return usageErr("--sigma, --runs: %v", err)
	}
	type system struct {
		sys     ode.StochasticSystem
		y0      []float64
		escaped func(float64, []float64) bool
	}
	systems := make([]system, ax.N)
	for i := range systems {
		s := &systems[i]
		s.sys, s.y0, s.escaped, err = memory.MPRLifetimeSystem(m, ax.Value(i))
		if errors.Is(err, memory.ErrNotBistable) {
			return usageErr("--J = %g, --delta = %g, --eta = %g: %v", *j, *delta, *eta, err)
		}
		if err != nil {
			return usageErr("--sigma = %g: %v", ax.Value(i), err)
		}
	}
	f, err := lifetimeFormat(lifetimeHeader{Sweep: "memory lifetimes", J: *j, Delta: *delta, Eta: *eta, Dt: *dt, TMax: *tmax, Grid: g})
	if err != nil {
		return err
	}
	rs, st, err := f.RunFile(context.Background(), *sf.out, o, func(ctx context.Context, idx int) (lifetimeJob, error) {
		jb := g.Job(idx)
		s := systems[jb.Point[0]]
		t, err := memory.EscapeTime(ctx, s.sys, s.y0, s.escaped, *dt, *tmax, jb.RNG())
		r := lifetimeJob{Idx: idx, I: jb.Point[0], Run: jb.Replica, Sigma: jb.Values[0], Time: t}
		if math.IsInf(t, 1) {
			r.Time, r.Censored = *tmax, true
		}
		return r, err
	})
	if err != nil {
		return sweepErr(err)
	}
	stats := lifetimeStats(ax, rs)
	return writeJSON(stdout, map[string]any{"out": *sf.out, "jobs": len(rs), "computed": st.Computed, "missing": st.Jobs - len(rs), "sigma": stats})
}

// lifetimeStat is the summary of one noise level of a lifetimes sweep.
type lifetimeStat struct {
	Sigma    float64  `json:"sigma"`
	Runs     int      `json:"runs"`
	Censored int      `json:"censored"`
	Mean     *float64 `json:"mean_tau"`   // null if no run escaped
	StdErr   *float64 `json:"stderr_tau"` // null if no run escaped
}

// lifetimeStats summarises the runs rs per noise level of the axis ax
// (memory.CensoredMean).
func lifetimeStats(ax sweep.Axis, rs []lifetimeJob) []lifetimeStat {
	stats := make([]lifetimeStat, ax.N)
	sums := make([]float64, ax.N)
	for i := range stats {
		stats[i].Sigma = ax.Value(i)
	}
	for _, r := range rs {
		s := &stats[r.I]
		s.Runs++
		sums[r.I] += r.Time
		if r.Censored {
			s.Censored++
		}
	}
	for i := range stats {
		if stats[i].Runs > stats[i].Censored {
			mean, se := memory.CensoredMean(sums[i], stats[i].Runs, stats[i].Censored)
			stats[i].Mean, stats[i].StdErr = &mean, &se
		}
	}
	return stats
}

// checkLifetimeRuns checks --runs, --dt and --tmax.
func checkLifetimeRuns(runs int, dt, tmax float64) error {
	if runs < 1 || runs > 1_000_000 {
		return usageErr("--runs = %d, want 1 … 10⁶", runs)
	}
	if !(dt > 0) || !(tmax > dt) {
		return usageErr("--dt = %g, --tmax = %g: want 0 < dt < tmax", dt, tmax)
	}
	if tmax/dt > 1e9 {
		return usageErr("--tmax/--dt = %g steps per run, want ≤ 10⁹", tmax/dt)
	}
	return nil
}
