package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm/sweep"
)

func init() {
	register(&command{
		Name:    "grid",
		Summary: "run any JSON command over a parameter grid × seeds, as a sweep (e.g. network simulate; shardable, resumable)",
		Help: `Usage: ngnmm grid --param NAME=A:B:n [--param ...] [--seeds R --seed S] [sweep flags]
                  -- COMMAND [its flags]

Runs 'ngnmm COMMAND [its flags] --NAME v ...' at every point of the grid (n equally
spaced values from A to B per --param; the last --param varies fastest), R times
per point with --seed set to the job's seed (R = --seeds; without it COMMAND's
own --seed is kept), and stores each run's JSON output. Example, the FC fit of
network simulate over couplings and drives:
  ngnmm grid --param eps=0:30:16 --param IE=10:16:7 --out fit.jsonl -- \
      network simulate --connectome aal90 --T 60000 --bold
Job idx = point·R + replica; its seed is S + idx (so that every split of the sweep
gives the same runs). The field wall_seconds of the output is dropped (it is not
reproducible); COMMAND must not write files (--out-* flags) in a sweep.
` + sweepFlagsHelp + `
FILE: a header {"sweep": "grid", "command", "args", "grid"} then one job per line:
  idx, values (the parameters, in --param order), seed (with --seeds), result (the
  command's JSON, keys sorted) or error (a failed run).
A usage error of COMMAND stops the sweep (exit 2). Standard output: {"out", "jobs",
"computed", "missing", "errors"}.`,
		Run: runGrid,
	})
	registerSweep(&sweepKind{
		Command: "grid",
		Match:   func(h map[string]json.RawMessage) bool { return string(h["sweep"]) == `"grid"` },
		Merge:   mergeWith(gridFormat),
	})
}

var paramName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// paramFlags is the repeatable --param NAME=A:B:n.
type paramFlags []sweep.Axis

func (p *paramFlags) String() string { return fmt.Sprint(len(*p)) }

func (p *paramFlags) Set(s string) error {
	name, ax, ok := strings.Cut(s, "=")
	if !ok || !paramName.MatchString(name) {
		return fmt.Errorf("want NAME=A:B:n, got %q", s)
	}
	a, err := parseAxis(name, ax)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "usage: "))
	}
	*p = append(*p, a)
	return nil
}

type gridHeader struct {
	Sweep   string     `json:"sweep"`
	Command string     `json:"command"`
	Args    []string   `json:"args"`
	Grid    sweep.Grid `json:"grid"`
}

type gridJob struct {
	Idx    int             `json:"idx"`
	Values []float64       `json:"values"`
	Seed   *uint64         `json:"seed,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// gridSeed is the seed of job idx (with --seeds).
func gridSeed(g sweep.Grid, idx int) uint64 { return g.Seed + uint64(idx) }

func gridFormat(h gridHeader) (*sweep.Format[gridHeader, gridJob], error) {
	g := h.Grid
	if h.Sweep != "grid" || h.Command == "" {
		return nil, errors.New("not a grid header")
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return &sweep.Format[gridHeader, gridJob]{
		Header: h,
		Size:   g.Size(),
		Index:  func(r gridJob) int { return r.Idx },
		Check: func(idx int, r gridJob) error {
			j := g.Job(idx)
			if fmt.Sprint(r.Values) != fmt.Sprint(j.Values) {
				return fmt.Errorf("values %v, want %v", r.Values, j.Values)
			}
			if (r.Seed != nil) != (g.Seeds > 0) || (r.Seed != nil && *r.Seed != gridSeed(g, idx)) {
				return fmt.Errorf("seed is not the job's")
			}
			if (r.Result == nil) == (r.Error == "") {
				return errors.New("want exactly one of result and error")
			}
			return nil
		},
	}, nil
}

func runGrid(args []string, stdout io.Writer) error {
	dash := len(args)
	for k, a := range args {
		if a == "--" {
			dash = k
			break
		}
	}
	fs := newFlags("grid")
	var params paramFlags
	fs.Var(&params, "param", "NAME=A:B:n")
	seeds := fs.Int("seeds", 0, "runs per point")
	seed := fs.Uint64("seed", 1, "base seed")
	sf := addSweepFlags(fs, false)
	if err := parseChecked(fs, args[:dash]); err != nil {
		return err
	}
	if dash >= len(args)-1 {
		return usageErr("usage: ngnmm grid --param NAME=A:B:n ... --out FILE -- COMMAND [flags]")
	}
	cmd, rest := lookup(args[dash+1:])
	if cmd == nil {
		return usageErr("unknown command %q after --", strings.Join(args[dash+1:], " "))
	}
	if sweepKinds[cmd.Name] != nil || cmd.Name == "slurm" || cmd.Name == "merge" || strings.HasSuffix(cmd.Name, "merge") {
		return usageErr("%s is itself a sweep or file command; run it directly", cmd.Name)
	}
	if len(params) == 0 {
		return usageErr("--param NAME=A:B:n is required")
	}
	for _, a := range rest {
		if strings.HasPrefix(a, "--out") || strings.HasPrefix(a, "-out") {
			return usageErr("%s %s: a sweep's runs must not write files", cmd.Name, a)
		}
	}
	if *seeds < 0 || *seeds > 1_000_000 {
		return usageErr("--seeds = %d, want 0 … 10⁶", *seeds)
	}
	g := sweep.Grid{Axes: params, Seeds: *seeds}
	if *seeds > 0 {
		g.Seed = *seed
	}
	if err := g.Validate(); err != nil {
		return usageErr("--param: %v", err)
	}
	opt, err := sf.options("grid")
	if err != nil {
		return err
	}
	f, err := gridFormat(gridHeader{Sweep: "grid", Command: cmd.Name, Args: append([]string{}, rest...), Grid: g})
	if err != nil {
		return err
	}
	nerr := 0
	rs, st, err := f.RunFile(context.Background(), *sf.out, opt, func(_ context.Context, idx int) (gridJob, error) {
		jb := g.Job(idx)
		a := append([]string{}, rest...)
		for k, ax := range g.Axes {
			a = append(a, "--"+ax.Name, strconv.FormatFloat(jb.Values[k], 'g', -1, 64))
		}
		r := gridJob{Idx: idx, Values: jb.Values}
		if g.Seeds > 0 {
			s := gridSeed(g, idx)
			r.Seed = &s
			a = append(a, "--seed", strconv.FormatUint(s, 10))
		}
		var out bytes.Buffer
		if err := cmd.Run(a, &out); err != nil {
			if errors.Is(err, errUsage) {
				return r, err
			}
			r.Error = strings.ReplaceAll(err.Error(), "\n", " ")
			return r, nil
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			return r, usageErr("%s does not print one JSON object (%v)", cmd.Name, err)
		}
		delete(m, "wall_seconds")
		b, err := json.Marshal(m)
		if err != nil {
			return r, err
		}
		r.Result = b
		return r, nil
	})
	if err != nil {
		if errors.Is(err, errUsage) {
			return usageErr("%s: %v", cmd.Name, strings.TrimPrefix(err.Error(), "usage: "))
		}
		return sweepErr(err)
	}
	for _, r := range rs {
		if r.Error != "" {
			nerr++
		}
	}
	return writeJSON(stdout, map[string]any{"out": *sf.out, "jobs": len(rs), "computed": st.Computed, "missing": st.Jobs - len(rs), "errors": nerr})
}
