package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/ngnmm/ngnmm/nmm/sweep"
	"github.com/ngnmm/ngnmm/studies/lesion"
)

func init() {
	register(&command{
		Name:    "lesion scan",
		Summary: "virtual lesion of every region of the noisy E–I network, as a sweep (shardable, resumable; JSON lines)",
		Help: `Flags:
  --connectome NAME  registered connectome (default aal90)
  --regions A:B      lesion regions A … B (0-based, inclusive; default: all)
  --IE, --eps        node drive I_ext^E and global coupling ε (default 3.8, 8: noisy rest
                     below the Hopf bifurcation of the homogeneous state)
  --T, --transient   simulated time after the transient, and the transient (ms; 2000, 200)
  --dt               stochastic Heun step (ms; default 0.05)
  --seed             seed of every simulation (common random numbers; default 1)
` + sweepFlagsHelp + `

Job idx lesions region A + idx: the region is disconnected (row and column zero,
the other rows re-normalised) and the network re-simulated with the same noise as
the intact network (simulated once per process). Measures over the remaining
regions (studies/lesion): distance ‖FC_k − FC_0‖_F, fit_intact (correlation of
the FCs' upper triangles), sync (mean Kuramoto order parameter), delta_sync.
FILE: a header {"sweep", "connectome", "IE", "eps", "T", "transient", "dt", "seed",
"grid"} then one lesion per line: idx, region, distance, fit_intact, sync,
delta_sync (null if not finite).
Standard output: {"out", "jobs", "computed", "missing", "ranking"}: the regions of
FILE by decreasing distance.`,
		Run: runLesionScan,
	})
	registerSweep(&sweepKind{
		Command: "lesion scan",
		Match:   func(h map[string]json.RawMessage) bool { return string(h["sweep"]) == `"lesion scan"` },
		Merge:   mergeWith(lesionFormat),
	})
}

type lesionHeader struct {
	Sweep      string     `json:"sweep"`
	Connectome string     `json:"connectome"`
	IE         float64    `json:"IE"`
	Eps        float64    `json:"eps"`
	T          float64    `json:"T"`
	Transient  float64    `json:"transient"`
	Dt         float64    `json:"dt"`
	Seed       uint64     `json:"seed"`
	Grid       sweep.Grid `json:"grid"`
}

type lesionJob struct {
	Idx       int      `json:"idx"`
	Region    int      `json:"region"`
	Distance  *float64 `json:"distance"`
	FitIntact *float64 `json:"fit_intact"`
	Sync      *float64 `json:"sync"`
	DeltaSync *float64 `json:"delta_sync"`
}

// jsonFinite maps a non-finite value (NaN, ±Inf) to nil (JSON null).
func jsonFinite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func lesionFormat(h lesionHeader) (*sweep.Format[lesionHeader, lesionJob], error) {
	return sweepFormat("lesion scan", h.Sweep, h, h.Grid, 1, []string{"region"}, func(r lesionJob) int { return r.Idx },
		func(j sweep.Job, r lesionJob) error {
			if float64(r.Region) != j.Values[0] {
				return fmt.Errorf("region %d, want %v", r.Region, j.Values[0])
			}
			return nil
		})
}

func runLesionScan(args []string, stdout io.Writer) error {
	fs := newFlags("lesion scan")
	conn := fs.String("connectome", "aal90", "")
	regionsS := fs.String("regions", "", "A:B")
	o := lesion.DefaultEIOptions()
	ie := fs.Float64("IE", o.Node.IE, "")
	eps := fs.Float64("eps", o.Eps, "")
	T := fs.Float64("T", o.T, "")
	tr := fs.Float64("transient", o.Transient, "")
	dt := fs.Float64("dt", o.Dt, "")
	seed := fs.Uint64("seed", 1, "")
	sf := addSweepFlags(fs, false)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*dt > 0) || *dt > 1 {
		return usageErr("--dt = %v ms, want in (0, 1]", *dt)
	}
	if !(*T > 0) || *tr < 0 || (*T+*tr) / *dt > 1e8 {
		return usageErr("--T = %v, --transient = %v, --dt = %v: want T > 0, transient ≥ 0, (T + transient)/dt ≤ 10⁸", *T, *tr, *dt)
	}
	if err := checkConnectome(*conn); err != nil {
		return err
	}
	opt, err := sf.options("lesion scan")
	if err != nil {
		return err
	}
	o.Node.IE, o.Eps, o.T, o.Transient, o.Dt = *ie, *eps, *T, *tr, *dt
	if err := o.Node.Validate(); err != nil {
		return usageErr("%v (flag --IE)", err)
	}
	sim, err := lesion.EISimulator(o)
	if err != nil {
		return usageErr("%v (flags --IE, --eps)", err)
	}
	c, err := loadW(*conn)
	if err != nil {
		return err
	}
	n, _ := c.Weights.Dims()
	lo, hi, err := parseRegions(*regionsS, n, *conn)
	if err != nil {
		return err
	}
	g := sweep.Grid{Axes: []sweep.Axis{{Name: "region", Lo: float64(lo), Hi: float64(hi), N: hi - lo + 1}}}
	f, err := lesionFormat(lesionHeader{Sweep: "lesion scan", Connectome: *conn, IE: *ie, Eps: *eps, T: *T, Transient: *tr, Dt: *dt, Seed: *seed, Grid: g})
	if err != nil {
		return err
	}
	cfg := lesion.Config{W: c.Weights, Simulate: sim, Seed: *seed}
	var once sync.Once
	var base *lesion.Baseline
	var baseErr error
	rs, st, err := f.RunFile(context.Background(), *sf.out, opt, func(ctx context.Context, idx int) (lesionJob, error) {
		once.Do(func() { base, baseErr = lesion.Intact(ctx, cfg) })
		if baseErr != nil {
			return lesionJob{}, fmt.Errorf("intact network: %w", baseErr)
		}
		k := lo + idx
		e, err := lesion.Lesion(ctx, cfg, base, k)
		return lesionJob{Idx: idx, Region: k, Distance: jsonFinite(e.Distance), FitIntact: jsonFinite(e.FitIntact),
			Sync: jsonFinite(e.Sync), DeltaSync: jsonFinite(e.DeltaSync)}, err
	})
	if err != nil {
		return sweepErr(err)
	}
	effects := make([]lesion.Effect, len(rs))
	for i, r := range rs {
		effects[i] = lesion.Effect{Region: r.Region, Distance: math.Inf(-1)}
		if r.Distance != nil {
			effects[i].Distance = *r.Distance
		}
	}
	return writeJSON(stdout, map[string]any{"out": *sf.out, "jobs": len(rs), "computed": st.Computed, "missing": st.Jobs - len(rs), "ranking": lesion.Ranking(effects)})
}
