package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/sweep"
	"github.com/ngnmm/ngnmm/studies/seizure"
)

func init() {
	register(&command{
		Name:    "seizure foci",
		Summary: "seizure spread from every candidate focus of the bistable E–I network, as a sweep (shardable, resumable; JSON lines)",
		Help: `Flags:
  --connectome NAME   registered connectome (default aal90)
  --regions A:B       candidate foci A … B (0-based, inclusive; default: all)
  --IE, --eps         node drive and global coupling (default 7.2, 25: bistable rest / large
                      cycle, see 'ngnmm seizure regime')
  --amplitude         focal stimulus added to the network input (default -3)
  --stim-start, --stim-end  stimulus interval (ms; default 100, 600)
  --T                 simulated time (ms; default 1000, > stim-end)
  --dt                RK4 step (ms; default 0.02)
  --noise σ           additive noise on vE and vI (default 0: deterministic)
  --seed              job idx draws its noise from PCG(seed, idx) (default 1)
` + sweepFlagsHelp + `

Job idx stimulates region A + idx from the homogeneous rest state and records
which regions are recruited and when (onsets as defined by studies/seizure:
threshold 0.5 × the rest rate).
FILE: a header {"sweep", "connectome", "IE", "eps", "amplitude", "stim_start",
"stim_end", "T", "dt", "noise", "seed", "grid"} then one focus per line:
  idx, focus, recruited (regions, focus included), order (recruited regions by
  onset), spearman, pearson (onset time vs path length from the focus over the
  recruited regions; null if fewer than 3).
Standard output: {"out", "jobs", "computed", "missing"}.`,
		Run: runSeizureFoci,
	})
	registerSweep(&sweepKind{
		Command: "seizure foci",
		Match:   func(h map[string]json.RawMessage) bool { return string(h["sweep"]) == `"seizure foci"` },
		Merge:   mergeWith(fociFormat),
	})
}

type fociHeader struct {
	Sweep      string     `json:"sweep"`
	Connectome string     `json:"connectome"`
	IE         float64    `json:"IE"`
	Eps        float64    `json:"eps"`
	Amplitude  float64    `json:"amplitude"`
	Start      float64    `json:"stim_start"`
	End        float64    `json:"stim_end"`
	T          float64    `json:"T"`
	Dt         float64    `json:"dt"`
	Noise      float64    `json:"noise"`
	Seed       uint64     `json:"seed"`
	Grid       sweep.Grid `json:"grid"`
}

type fociJob struct {
	Idx       int      `json:"idx"`
	Focus     int      `json:"focus"`
	Recruited int      `json:"recruited"`
	Order     []int    `json:"order"`
	Spearman  *float64 `json:"spearman"`
	Pearson   *float64 `json:"pearson"`
}

func fociFormat(h fociHeader) (*sweep.Format[fociHeader, fociJob], error) {
	return sweepFormat("seizure foci", h.Sweep, h, h.Grid, 1, []string{"focus"}, func(r fociJob) int { return r.Idx },
		func(j sweep.Job, r fociJob) error {
			if float64(r.Focus) != j.Values[0] {
				return fmt.Errorf("focus %d, want %v", r.Focus, j.Values[0])
			}
			if r.Recruited != len(r.Order) {
				return fmt.Errorf("recruited %d but %d regions in order", r.Recruited, len(r.Order))
			}
			return nil
		})
}

func runSeizureFoci(args []string, stdout io.Writer) error {
	fs := newFlags("seizure foci")
	conn := fs.String("connectome", "aal90", "")
	regionsS := fs.String("regions", "", "A:B")
	cfg := seizure.DefaultConfig()
	ie := fs.Float64("IE", cfg.Node.IE, "")
	eps := fs.Float64("eps", cfg.Eps, "")
	amp := fs.Float64("amplitude", cfg.Amplitude, "")
	start := fs.Float64("stim-start", cfg.Start, "")
	end := fs.Float64("stim-end", cfg.End, "")
	T := fs.Float64("T", cfg.T, "")
	dt := fs.Float64("dt", cfg.Dt, "")
	noise := fs.Float64("noise", 0, "")
	seed := fs.Uint64("seed", 1, "")
	sf := addSweepFlags(fs, false)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*dt > 0) || *dt > 1 {
		return usageErr("--dt = %v ms, want in (0, 1]", *dt)
	}
	if !(*start >= 0 && *end > *start && *T > *end) || *T / *dt > 1e8 {
		return usageErr("--stim-start = %v, --stim-end = %v, --T = %v: want 0 ≤ stim-start < stim-end < T, T/dt ≤ 10⁸", *start, *end, *T)
	}
	if *noise < 0 {
		return usageErr("--noise = %v, want ≥ 0", *noise)
	}
	if err := checkConnectome(*conn); err != nil {
		return err
	}
	opt, err := sf.options("seizure foci")
	if err != nil {
		return err
	}
	cfg.Node.IE, cfg.Eps, cfg.Amplitude, cfg.Start, cfg.End, cfg.T, cfg.Dt = *ie, *eps, *amp, *start, *end, *T, *dt
	if err := cfg.Node.Validate(); err != nil {
		return usageErr("%v (flag --IE)", err)
	}
	if *noise > 0 {
		cfg.Sigma = []float64{0, *noise, 0, 0, *noise, 0}
	}
	c, err := loadW(*conn)
	if err != nil {
		return err
	}
	cfg.W = c.Weights
	n, _ := c.Weights.Dims()
	lo, hi, err := parseRegions(*regionsS, n, *conn)
	if err != nil {
		return err
	}
	g := sweep.Grid{Axes: []sweep.Axis{{Name: "focus", Lo: float64(lo), Hi: float64(hi), N: hi - lo + 1}}, Seed: *seed}
	f, err := fociFormat(fociHeader{Sweep: "seizure foci", Connectome: *conn, IE: *ie, Eps: *eps, Amplitude: *amp,
		Start: *start, End: *end, T: *T, Dt: *dt, Noise: *noise, Seed: *seed, Grid: g})
	if err != nil {
		return err
	}
	rs, st, err := f.RunFile(context.Background(), *sf.out, opt, func(ctx context.Context, idx int) (fociJob, error) {
		jb := g.Job(idx)
		var rng *rand.Rand
		if cfg.Sigma != nil {
			rng = jb.RNG()
		}
		k := lo + idx
		s, _, err := seizure.Run(ctx, cfg, []int{k}, rng)
		if err != nil {
			return fociJob{}, err
		}
		return fociJob{Idx: idx, Focus: k, Recruited: s.Recruited, Order: append([]int{}, s.Order...),
			Spearman: jsonFinite(s.Spearman), Pearson: jsonFinite(s.Pearson)}, nil
	})
	if err != nil {
		return sweepErr(err)
	}
	return writeJSON(stdout, map[string]any{"out": *sf.out, "jobs": len(rs), "computed": st.Computed, "missing": st.Jobs - len(rs)})
}
