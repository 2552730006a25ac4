package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm/sweep"
	"github.com/ngnmm/ngnmm/studies/fit"
)

func init() {
	register(&command{
		Name:    "fit",
		Summary: "fit a network model's BOLD FC (and FCD) to HCP subjects: grid or Nelder–Mead on training subjects, reported on held-out ones with baselines",
		Help: `Usage: ngnmm fit --train hcp-ID,... [--test hcp-ID,...] --param NAME=LO:HI [--param ...]
                 [--model ei] [--objective fc|fc+fcd] [--optimizer grid|neldermead]
                 [--seeds K] [--grid N] [--max-evals M] [protocol flags] [sweep flags]

Simulates the model on each subject's own structural connectivity (row-normalised)
with delays from its tract lengths, turns the rates into BOLD (Balloon–Windkessel,
the transient discarded) and compares its FC (Pearson r of the upper triangles) and
FCD distribution (KS distance) with the subject's empirical ones (studies/fit,
docs/fit.md). The objective (mean over training subjects × seeds) is fc_r, or
fc_r − fcd_ks with --objective fc+fcd; the best point is chosen on the training
subjects only and reported on the held-out --test subjects beside the baselines of
those subjects: SC→FC r, the tract-length null, the training group's FC and the
split-half noise ceiling.
  --model NAME        node model (default ei; a coupled model with a rate in kHz)
  --train LIST        training subjects (comma-separated hcp-* datasets; required)
  --test LIST         held-out subjects (default none)
  --param NAME=LO:HI  a fitted parameter and its range (repeatable; the coupling
                      parameter, eps of ei, is the global coupling)
  --optimizer grid    N equally spaced values per --param (--grid N, default 5), each
                      point with K seeds (--seeds, default 2) on training and test
                      subjects; a sweep (shardable, resumable, --out)
  --optimizer neldermead  gonum's Nelder–Mead on the box (mapped by sin), at most
                      --max-evals points (default 40), then the test subjects at the
                      optimum; not shardable
  --seed S            base seed (default 1): seed k of subject j draws its noise from
                      PCG(S, k·2³² + 2j [+1 for test]) at every point (common random
                      numbers), so that a job depends only on its index
Protocol flags (defaults: fit.DefaultProtocol):
  --T S (600) simulated BOLD after --transient S (20) in s; --dt MS (0.05) Heun step;
  --speed M/S (10) conduction speed (0: no delays); --noise SIGMA (0.05);
  --window W (30) --step S (5) FCD windows in TRs.
` + sweepFlagsHelp + `
With --optimizer grid and --out, FILE is a header {"sweep": "fit", "model", "params",
"train", "test", "objective", "protocol", "grid"} then one job per line: idx, params
(the point), seed (replica), train and test (a score per subject: fc_r, fcd_ks,
mean_rate_hz, synchrony). Without --out the grid runs in memory.
Standard output: {"best": {"params", "train", "test", "regime": {"mean_rate_hz",
"synchrony"}}, "baselines": {"subjects", "sc_fc_r", "sc_fc_r_sd", "distance_fc_r",
"distance_fc_r_sd", "group_fc_r", "noise_ceiling", "noise_ceiling_sd"},
"evaluations": [{"params", "train", "test"}], "model", "objective", "optimizer"}
(train/test: fc_r, fc_r_sd, fcd_ks, fcd_ks_sd, mean_rate_hz, synchrony, n over
subjects × seeds), with "out", "jobs", "computed", "missing" after --out; "best" is
null while jobs are missing (a shard: merge, then run again with --resume on the
merged FILE, which computes nothing).`,
		Run: runFit,
	})
	registerSweep(&sweepKind{
		Command: "fit",
		Match:   func(h map[string]json.RawMessage) bool { return string(h["sweep"]) == `"fit"` },
		Merge:   mergeWith(fitFormat),
	})
}

// fitProtocol is the protocol as stored in a fit file's header.
type fitProtocol struct {
	T         float64 `json:"T"`
	Transient float64 `json:"transient"`
	Dt        float64 `json:"dt"`
	Speed     float64 `json:"speed"`
	Noise     float64 `json:"noise"`
	Window    int     `json:"window"`
	Step      int     `json:"step"`
}

type fitHeader struct {
	Sweep     string      `json:"sweep"`
	Model     string      `json:"model"`
	Params    []string    `json:"params"`
	Train     []string    `json:"train"`
	Test      []string    `json:"test"`
	Objective string      `json:"objective"`
	Protocol  fitProtocol `json:"protocol"`
	Grid      sweep.Grid  `json:"grid"`
}

// fitJob is one seed at one grid point.
type fitJob struct {
	Idx int `json:"idx"`
	fit.Eval
}

func fitFormat(h fitHeader) (*sweep.Format[fitHeader, fitJob], error) {
	return sweepFormat("fit", h.Sweep, h, h.Grid, -1, h.Params, func(r fitJob) int { return r.Idx },
		func(j sweep.Job, r fitJob) error {
			if fmt.Sprint(r.X) != fmt.Sprint(j.Values) || r.Replica != j.Replica {
				return fmt.Errorf("(params, seed) = (%v, %d), want (%v, %d)", r.X, r.Replica, j.Values, j.Replica)
			}
			if len(r.Train) != len(h.Train) || len(r.Test) != len(h.Test) {
				return fmt.Errorf("%d train and %d test scores, want %d and %d", len(r.Train), len(r.Test), len(h.Train), len(h.Test))
			}
			return nil
		})
}

// boxFlags is the repeatable --param NAME=LO:HI.
type boxFlags struct {
	names  []string
	lo, hi []float64
}

func (b *boxFlags) String() string { return strings.Join(b.names, ",") }

func (b *boxFlags) Set(s string) error {
	name, r, ok := strings.Cut(s, "=")
	a, c, ok2 := strings.Cut(r, ":")
	lo, e1 := strconv.ParseFloat(a, 64)
	hi, e2 := strconv.ParseFloat(c, 64)
	if !ok || !ok2 || !paramName.MatchString(name) || e1 != nil || e2 != nil {
		return fmt.Errorf("want NAME=LO:HI, got %q", s)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.Abs(lo) > maxFlagMagnitude || math.Abs(hi) > maxFlagMagnitude || lo > hi {
		return fmt.Errorf("%q: want finite LO ≤ HI", s)
	}
	for _, n := range b.names {
		if n == name {
			return fmt.Errorf("%s given twice", name)
		}
	}
	b.names, b.lo, b.hi = append(b.names, name), append(b.lo, lo), append(b.hi, hi)
	return nil
}

// subjectList parses a comma-separated list of datasets with BOLD and
// tract lengths (checked in the registry before anything is loaded).
func subjectList(flagName, s string, required bool) ([]string, error) {
	if s == "" {
		if required {
			return nil, usageErr("--%s is required (e.g. --%s hcp-101309,hcp-102816)", flagName, flagName)
		}
		return []string{}, nil
	}
	names := strings.Split(s, ",")
	if len(names) > 100 {
		return nil, usageErr("--%s: %d subjects, want ≤ 100", flagName, len(names))
	}
	for _, n := range names {
		if _, err := data.Lookup(n); err != nil {
			return nil, usageErr("--%s: %v", flagName, err)
		}
		if !strings.HasPrefix(n, "hcp-") {
			return nil, usageErr("--%s: %s has no BOLD and tract lengths (want an hcp-* dataset)", flagName, n)
		}
	}
	return names, nil
}

// maxFitNodeSteps bounds the work of one fit command: node-steps of all
// simulations (about 10⁻⁷ CPU s each, so 10¹³ ≈ 12 CPU days).
const maxFitNodeSteps = 1e13

func runFit(args []string, stdout io.Writer) error {
	fs := newFlags("fit")
	model := fs.String("model", "ei", "node model")
	trainS := fs.String("train", "", "training subjects")
	testS := fs.String("test", "", "held-out subjects")
	var box boxFlags
	fs.Var(&box, "param", "NAME=LO:HI")
	objS := fs.String("objective", "fc", "fc or fc+fcd")
	optS := fs.String("optimizer", "grid", "grid or neldermead")
	seeds := fs.Int("seeds", 2, "seeds per point")
	gridN := fs.Int("grid", 5, "points per parameter (grid)")
	maxEvals := fs.Int("max-evals", 40, "points (neldermead)")
	seed := fs.Uint64("seed", 1, "base seed")
	p := fit.DefaultProtocol()
	fs.Float64Var(&p.T, "T", p.T, "BOLD (s)")
	fs.Float64Var(&p.Transient, "transient", p.Transient, "transient (s)")
	fs.Float64Var(&p.Dt, "dt", p.Dt, "step (ms)")
	fs.Float64Var(&p.Speed, "speed", p.Speed, "conduction speed (m/s)")
	fs.Float64Var(&p.Noise, "noise", p.Noise, "noise σ")
	fs.IntVar(&p.Window, "window", p.Window, "FCD window (TRs)")
	fs.IntVar(&p.Step, "step", p.Step, "FCD step (TRs)")
	sf := addSweepFlags(fs, false)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	train, err := subjectList("train", *trainS, true)
	if err != nil {
		return err
	}
	test, err := subjectList("test", *testS, false)
	if err != nil {
		return err
	}
	if len(box.names) == 0 {
		return usageErr("--param NAME=LO:HI is required (e.g. --param eps=0:20 --param IE=2:8)")
	}
	obj, err := fit.ParseObjective(*objS)
	if err != nil {
		return usageErr("--objective %q: want fc or fc+fcd", *objS)
	}
	if *optS != "grid" && *optS != "neldermead" {
		return usageErr("--optimizer %q: want grid or neldermead", *optS)
	}
	if *seeds < 1 || *seeds > 1000 {
		return usageErr("--seeds = %d, want 1 … 1000", *seeds)
	}
	if *gridN < 1 || *gridN > 1000 {
		return usageErr("--grid = %d, want 1 … 1000", *gridN)
	}
	if *maxEvals < 1 || *maxEvals > 100000 {
		return usageErr("--max-evals = %d, want 1 … 100000", *maxEvals)
	}
	if err := p.Validate(); err != nil {
		return usageErr("protocol (--T, --transient, --dt, --speed, --noise, --window, --step): %v", strings.TrimPrefix(err.Error(), "fit: "))
	}
	m, err := fit.NewModel(*model, box.names, nil)
	if err != nil {
		return usageErr("--model/--param: %v", strings.TrimPrefix(err.Error(), "fit: "))
	}
	if _, _, err := m.Node(box.lo); err != nil {
		return usageErr("--param: at the box's lower corner: %v", err)
	}
	if _, _, err := m.Node(box.hi); err != nil {
		return usageErr("--param: at the box's upper corner: %v", err)
	}
	if *optS == "neldermead" && (*sf.shard != "" || *sf.out != "" || *sf.resume) {
		return usageErr("--shard, --out and --resume: only with --optimizer grid")
	}
	cfg := &fit.Config{Model: m, Lo: box.lo, Hi: box.hi, Protocol: p, Replicas: *seeds, Seed: *seed, Objective: obj}
	g := cfg.GridAxes(*gridN)
	if err := g.Validate(); err != nil {
		return usageErr("--grid, --seeds: %v", err)
	}
	points := float64(g.Size()) / float64(*seeds)
	sims := float64(*seeds) * (points * float64(len(train)+len(test)))
	if *optS == "neldermead" {
		sims = float64(*seeds) * (float64(*maxEvals)*float64(len(train)) + float64(len(test)))
	}
	if w := sims * 94 * 1000 * (p.T + p.Transient) / p.Dt; w > maxFitNodeSteps {
		return usageErr("--T, --dt, --grid, --seeds and the subjects ask for %.3g node-steps, more than %g", w, maxFitNodeSteps)
	}
	var opt sweep.Options
	if *sf.out != "" {
		if opt, err = sf.options("fit"); err != nil {
			return err
		}
	} else if *sf.shard != "" || *sf.resume {
		return usageErr("--shard and --resume need --out")
	} else if *sf.workers < 1 || *sf.workers > 1024 {
		return usageErr("--workers = %d, want 1 … 1024", *sf.workers)
	}
	ctx := context.Background()
	if cfg.Train, err = fit.LoadSubjects(ctx, train, p); err != nil {
		return err
	}
	if cfg.Test, err = fit.LoadSubjects(ctx, test, p); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageErr("%v", err)
	}
	head := map[string]any{"model": *model, "objective": obj.String(), "optimizer": *optS}
	var evals []fit.Eval
	switch {
	case *optS == "neldermead":
		var prog func(int, fit.Point)
		if *sf.progress {
			prog = func(n int, pt fit.Point) {
				fmt.Fprintf(os.Stderr, "fit: %d/%d points, %v: fc_r %.4f\n", n, *maxEvals, pt.X, pt.Train.FCR)
			}
		}
		if evals, err = cfg.NelderMead(ctx, *maxEvals, *sf.workers, prog); err != nil {
			return err
		}
		if len(test) > 0 {
			rep := cfg.Report(evals)
			if rep.Best != nil {
				x := make([]float64, len(box.names))
				for k, n := range box.names {
					x[k] = rep.Best.Params[n]
				}
				te, err := cfg.Seeds(ctx, x, *sf.workers, false, true)
				if err != nil {
					return err
				}
				evals = append(evals, te...)
			}
		}
	case *sf.out == "":
		var prog func(float64, float64)
		if *sf.progress {
			prog = stderrProgress("fit")
		}
		if evals, err = cfg.Grid(ctx, g, *sf.workers, prog); err != nil {
			return err
		}
	default:
		f, err := fitFormat(fitHeader{Sweep: "fit", Model: *model, Params: box.names, Train: train, Test: test, Objective: obj.String(),
			Protocol: fitProtocol{T: p.T, Transient: p.Transient, Dt: p.Dt, Speed: p.Speed, Noise: p.Noise, Window: p.Window, Step: p.Step}, Grid: g})
		if err != nil {
			return err
		}
		rs, st, err := f.RunFile(ctx, *sf.out, opt, func(ctx context.Context, idx int) (fitJob, error) {
			j := g.Job(idx)
			e, err := cfg.Evaluate(ctx, j.Values, j.Replica, true, true)
			return fitJob{Idx: idx, Eval: e}, err
		})
		if err != nil {
			return sweepErr(err)
		}
		for _, r := range rs {
			evals = append(evals, r.Eval)
		}
		head["out"], head["jobs"], head["computed"], head["missing"] = *sf.out, len(rs), st.Computed, st.Jobs-len(rs)
		if st.Jobs != g.Size() || len(rs) < st.Jobs {
			rep := cfg.Report(evals)
			rep.Best = nil
			return writeFit(stdout, head, rep)
		}
	}
	return writeFit(stdout, head, cfg.Report(evals))
}

// writeFit writes the report with the command's fields head beside.
func writeFit(w io.Writer, head map[string]any, rep fit.Report) error {
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range head {
		out[k] = v
	}
	return writeJSON(w, out)
}
