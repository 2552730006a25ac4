package main

import (
	"errors"
	"io"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/studies/memory"
	"github.com/ngnmm/ngnmm/studies/seizure"
)

func init() {
	register(&command{
		Name:    "memory range",
		Summary: "bistable range of η̄ of an MPR population from the folds of the equilibrium branch (JSON)",
		Help: `Flags:
  --J        synaptic weight (default 15, MPR 2015 Fig. 2)
  --delta    Δ, half-width of the excitability distribution (default 1)
  --eta-min  lower end of the continuation in η̄ (default -10)
  --eta-max  upper end (default 0)

The branch of equilibria of the MPR model (τ = 1) is continued in η̄ by
pseudo-arclength continuation; the bistable range lies between its two
saddle-node (fold) points.

Output (JSON): {"lo":…,"hi":…,"folds":[{"eta":…,"r":…,"v":…},…]}
  lo, hi  the bistable range of η̄ (two stable equilibria for lo < η̄ < hi)
  folds   the fold points: η̄ and the degenerate equilibrium (r in 1/τ, v)
Exit status 2 (a usage error naming the flags) if there are fewer than two
folds in [eta-min, eta-max] (e.g. J/√Δ below the cusp value 7.796).`,
		Run: runMemoryRange,
	})
	register(&command{
		Name:    "memory lifetime",
		Summary: "mean lifetime of the persistent (high) state of a bistable MPR population under noise (JSON)",
		Help: `Flags:
  --J, --delta, --eta  MPR parameters (defaults 15, 1, -5: MPR 2015 Fig. 2)
  --sigma    noise amplitude on v: dv = f_v dt + σ dW (default 0.5)
  --runs     independent runs (default 100)
  --tmax     censoring time (τ; default 1000)
  --dt       stochastic Heun step (τ; default 0.002)
  --seed     run i draws from PCG(seed, i) (default 1)
  --workers  goroutines (default 1; results do not depend on it)

Each run starts at the upper equilibrium and ends when r falls below the
saddle's rate. Parameters without two stable equilibria are a usage error
(exit 2).

Output (JSON): {"sigma":…,"runs":…,"censored":…,"mean_tau":…,"stderr_tau":…}
  mean_tau    maximum-likelihood mean lifetime (exponential with censoring), τ;
              null if every run is censored (no escape before tmax)
  stderr_tau  mean_tau/√(runs − censored); null if every run is censored`,
		Run: runMemoryLifetime,
	})
	register(&command{
		Name:    "seizure regime",
		Summary: "bistable rest/large-cycle interval of the homogeneous E–I state (subcritical Hopf + fold of cycles) (JSON)",
		Help: `Flags:
  --eps     ε, global coupling of the network (default 25)
  --ie-min  lower end of the bifurcation diagram in I_ext^E (default 6)
  --ie-max  upper end (default 9)

The bifurcation diagram of the homogeneous network state (the E–I node of
Delicado, Huguet & Clusella 2025 with self-coupling ε) is computed in I_ext^E;
the first subcritical Hopf point (l1 > 0) whose cycle branch has a fold of
cycles bounds, with that fold, the interval in which a stable equilibrium
coexists with a stable large-amplitude cycle.

Output (JSON): {"eps":…,"hopf_ie":…,"hopf_l1":…,"hopf_hz":…,"fold_ie":…,"lo":…,"hi":…}
  hopf_ie, hopf_l1, hopf_hz  the subcritical Hopf point, its first Lyapunov
                             coefficient and frequency (Hz)
  fold_ie                    I_ext^E of the fold of cycles
  lo, hi                     the bistable interval of I_ext^E
No such Hopf point in [ie-min, ie-max] at this ε: usage error (exit 2).`,
		Run: runSeizureRegime,
	})
}

func runMemoryRange(args []string, stdout io.Writer) error {
	fs := newFlags("memory range")
	j := fs.Float64("J", 15, "")
	delta := fs.Float64("delta", 1, "")
	lo := fs.Float64("eta-min", -10, "")
	hi := fs.Float64("eta-max", 0, "")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*lo < *hi) {
		return usageErr("memory range: --eta-min=%g must be below --eta-max=%g", *lo, *hi)
	}
	m := nmm.MPR{Tau: 1, Delta: *delta, J: *j, EtaBar: *lo}
	if err := m.Validate(); err != nil {
		return usageErr("%v", err)
	}
	r, err := memory.MPRBistableRange(m, *lo, *hi)
	if errors.Is(err, memory.ErrNotBistable) {
		return usageErr("--J = %g, --delta = %g, --eta-min = %g, --eta-max = %g: %v", *j, *delta, *lo, *hi, err)
	}
	if err != nil {
		return err
	}
	type fold struct {
		Eta float64 `json:"eta"`
		R   float64 `json:"r"`
		V   float64 `json:"v"`
	}
	out := struct {
		Lo    float64 `json:"lo"`
		Hi    float64 `json:"hi"`
		Folds []fold  `json:"folds"`
	}{Lo: r.Lo, Hi: r.Hi}
	for _, f := range r.Folds {
		out.Folds = append(out.Folds, fold{f.P, f.Y[0], f.Y[1]})
	}
	return writeJSON(stdout, out)
}

func runMemoryLifetime(args []string, stdout io.Writer) error {
	fs := newFlags("memory lifetime")
	j := fs.Float64("J", 15, "")
	delta := fs.Float64("delta", 1, "")
	eta := fs.Float64("eta", -5, "")
	sigma := fs.Float64("sigma", 0.5, "")
	runs := fs.Int("runs", 100, "")
	tmax := fs.Float64("tmax", 1000, "")
	dt := fs.Float64("dt", 0.002, "")
	seed := fs.Uint64("seed", 1, "")
	workers := fs.Int("workers", 1, "")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if *runs < 1 || *runs > 1000000 {
		return usageErr("memory lifetime: --runs=%d, want 1..1000000", *runs)
	}
	if !(*dt > 0) || !(*tmax > *dt) {
		return usageErr("memory lifetime: --dt=%g, --tmax=%g: want 0 < dt < tmax", *dt, *tmax)
	}
	if !(*sigma >= 0) {
		return usageErr("memory lifetime: --sigma=%g, want ≥ 0", *sigma)
	}
	if err := checkSteps("dt", *tmax, *dt); err != nil {
		return err
	}
	if err := checkWork("runs", float64(*runs), float64(*runs)**tmax / *dt); err != nil {
		return err
	}
	m := nmm.MPR{Tau: 1, Delta: *delta, J: *j, EtaBar: *eta}
	if err := m.Validate(); err != nil {
		return usageErr("%v", err)
	}
	if *workers < 1 || *workers > 1024 {
		return usageErr("memory lifetime: --workers=%d, want 1..1024", *workers)
	}
	r, err := memory.MPRLifetimes(m, *sigma, memory.LifetimeOptions{Dt: *dt, TMax: *tmax, Runs: *runs, Seed: *seed, Workers: *workers})
	if errors.Is(err, memory.ErrNotBistable) {
		return usageErr("--J = %g, --delta = %g, --eta = %g: %v", *j, *delta, *eta, err)
	}
	if err != nil {
		return err
	}
	// every run censored: the ML mean lifetime is unbounded (null in JSON)
	num := func(v float64) *float64 {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return &v
	}
	return writeJSON(stdout, struct {
		Sigma    float64  `json:"sigma"`
		Runs     int      `json:"runs"`
		Censored int      `json:"censored"`
		Mean     *float64 `json:"mean_tau"`
		StdErr   *float64 `json:"stderr_tau"`
	}{*sigma, *runs, r.Censored, num(r.Mean), num(r.StdErr)})
}

func runSeizureRegime(args []string, stdout io.Writer) error {
	fs := newFlags("seizure regime")
	eps := fs.Float64("eps", 25, "")
	lo := fs.Float64("ie-min", 6, "")
	hi := fs.Float64("ie-max", 9, "")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*lo < *hi) {
		return usageErr("seizure regime: --ie-min=%g must be below --ie-max=%g", *lo, *hi)
	}
	r, err := seizure.FindBistableEI(nmm.DefaultEI(), *eps, *lo, *hi)
	if errors.Is(err, seizure.ErrNoBistability) {
		return usageErr("--eps = %g, --ie-min = %g, --ie-max = %g: %v", *eps, *lo, *hi, err)
	}
	if err != nil {
		return err
	}
	return writeJSON(stdout, struct {
		Eps    float64 `json:"eps"`
		HopfIE float64 `json:"hopf_ie"`
		HopfL1 float64 `json:"hopf_l1"`
		HopfHz float64 `json:"hopf_hz"`
		FoldIE float64 `json:"fold_ie"`
		Lo     float64 `json:"lo"`
		Hi     float64 `json:"hi"`
	}{*eps, r.Hopf.P, r.Hopf.L1, hz(r.Hopf.Frequency()), r.FoldIE, r.Lo, r.Hi})
}
