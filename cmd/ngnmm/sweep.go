package main

// The sweep contract of the command line (issue 17): every sweep command
// takes --out FILE, --shard i/n, --resume and --workers, writes a
// sweep.Format file, and registers a sweepKind so that 'ngnmm merge' merges
// its shard files and 'ngnmm slurm' runs it as a job array.

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

// sweepKind is a sweep command's file format, as seen by 'ngnmm merge' and
// 'ngnmm slurm'.
type sweepKind struct {
	Command string // the command, e.g. "msf map"
	// Resumes is true if the command resumes an existing --out by default
	// (msf map); the others need --resume.
	Resumes bool
	// Match reports whether a file header (shard removed) is one of this
	// command's files.
	Match func(h map[string]json.RawMessage) bool
	// Merge validates and merges the part files (whose first header is raw)
	// into out.
	Merge func(raw json.RawMessage, out string, parts []string, allowMissing bool) (n, missing int, err error)
}

var sweepKinds = map[string]*sweepKind{}

func registerSweep(k *sweepKind) {
	if _, dup := sweepKinds[k.Command]; dup {
		panic("ngnmm: duplicate sweep " + k.Command)
	}
	sweepKinds[k.Command] = k
}

// mergeWith returns a sweepKind.Merge that decodes the header into H and
// merges with the format built from it.
func mergeWith[H, R any](format func(H) (*sweep.Format[H, R], error)) func(json.RawMessage, string, []string, bool) (int, int, error) {
	return func(raw json.RawMessage, out string, parts []string, allow bool) (int, int, error) {
		var h H
		if err := json.Unmarshal(raw, &h); err != nil {
			return 0, 0, usageErr("part %s: header: %v", parts[0], err)
		}
		f, err := format(h)
		if err != nil {
			return 0, 0, usageErr("part %s: %v", parts[0], err)
		}
		return f.MergeFiles(out, parts, allow)
	}
}

// sweepFlags are the flags every sweep command shares.
type sweepFlags struct {
	out, shard *string
	resume     *bool
	workers    *int
	progress   *bool
}

func addSweepFlags(fs *flag.FlagSet, resumeDefault bool) *sweepFlags {
	return &sweepFlags{
		out:      fs.String("out", "", "output file (JSON lines)"),
		shard:    fs.String("shard", "", "i/n or env/n"),
		resume:   fs.Bool("resume", resumeDefault, "continue an existing --out"),
		workers:  fs.Int("workers", runtime.NumCPU(), "goroutines"),
		progress: fs.Bool("progress", false, "report progress on standard error"),
	}
}

const sweepFlagsHelp = `Sweep flags (every sweep command; see docs/cluster.md):
  --out FILE     JSON-lines output (required): a header line, then one result per job
  --shard i/n    compute only the jobs with index ≡ i (mod n); "env/n" takes i from
                 SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX
  --resume       continue an existing FILE of the same sweep and shard (every line is
                 validated; a tampered or foreign file is refused)
  --workers N    goroutines (default: number of CPUs; results do not depend on it)
  --progress     report jobs done on standard error
'ngnmm merge --out FILE PART...' joins shard files into the bytes of the unsharded
FILE; 'ngnmm slurm' runs the command as a SLURM job array.`

// options checks the sweep flags and returns the run options.
func (s *sweepFlags) options(name string) (sweep.Options, error) {
	if *s.out == "" {
		return sweep.Options{}, usageErr("--out is required (see 'ngnmm help %s')", name)
	}
	sh, err := parseShard(*s.shard)
	if err != nil {
		return sweep.Options{}, err
	}
	if *s.workers < 1 || *s.workers > 1024 {
		return sweep.Options{}, usageErr("--workers = %d, want 1 … 1024", *s.workers)
	}
	if err := sweep.CheckOutput(*s.out); err != nil {
		return sweep.Options{}, usageErr("--out: %v", err)
	}
	o := sweep.Options{Shard: sh, Workers: *s.workers, Resume: *s.resume}
	if *s.progress {
		o.Progress = stderrProgress(name)
	}
	return o, nil
}

// sweepErr turns output errors (bad --out, foreign or tampered file) into
// usage errors naming --out.
func sweepErr(err error) error {
	var oe *sweep.OutputError
	if errors.As(err, &oe) {
		return usageErr("%v", oe.Err)
	}
	return err
}

// stderrProgress prints "name: done/total jobs" on standard error at most
// once a second and at the end.
func stderrProgress(name string) progress.Func {
	var mu sync.Mutex
	var last time.Time
	return func(done, total float64) {
		mu.Lock()
		defer mu.Unlock()
		if done < total && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintf(os.Stderr, "%s: %.0f/%.0f jobs\n", name, done, total)
	}
}

// parseShard parses --shard (see sweep.ParseShard) into a usage error.
func parseShard(s string) (sweep.Shard, error) {
	sh, err := sweep.ParseShard(s)
	if err != nil {
		return sh, usageErr("--shard %v", err)
	}
	return sh, nil
}

func init() {
	register(&command{
		Name:    "merge",
		Summary: "merge the shard files of any sweep command into the file of an unsharded run",
		Help: `Usage: ngnmm merge --out FILE PART... [--allow-missing]

The parts are the --out files of one sweep command run with --shard i/n (msf map,
or any other sweep command listed by 'ngnmm help slurm'). Every line of every part is
validated against the sweep's grid; the parts must be of the same sweep. FILE
is written atomically and equals, byte for byte, the --out file of the same
command run without --shard. Missing jobs are an error (exit 1) unless
--allow-missing; with --if-complete they are not (FILE is not written, exit 0,
"out": null): the merge step of 'ngnmm slurm' scripts.
Standard output: {"out", "sweep", "jobs", "missing"}.`,
		Run: runMerge,
	})
	register(&command{
		Name:    "slurm",
		Summary: "print an sbatch script that runs a sweep command as a SLURM job array and merges the shards",
		Help: `Usage: ngnmm slurm --shards N --out FILE [--cpus-per-task K] [--partition P]
                   [--time T] [--job-name NAME] [--mem M] -- SWEEP-COMMAND [its flags]

Prints on standard output a bash script for sbatch: a job array of N tasks, task i
running 'ngnmm SWEEP-COMMAND [flags] --shard i/N --out FILE.part-i-of-N --resume
--workers K' (K = --cpus-per-task, default 1; the logs go to FILE.part-i-of-N.log).
When a task has finished its shard it merges all parts into FILE if every part is
complete ('ngnmm merge --if-complete'), so that the last task to end writes FILE;
after 'sbatch --wait script.sh' FILE equals what 'ngnmm SWEEP-COMMAND [flags] --out
FILE' alone writes. A task that failed or was killed is resumed by submitting the
script again (finished shards compute nothing) or just its index
('sbatch --array=i script.sh'). The script calls the ngnmm binary that printed it
(override with NGNMM=/path/to/ngnmm in the environment of sbatch).
Sweep commands: ` + sweepCommandList + `.`,
		Run: runSlurm,
	})
}

// sweepNames lists the registered sweep commands.
func sweepNames() string {
	var ns []string
	for n := range sweepKinds {
		ns = append(ns, "'"+n+"'")
	}
	sort.Strings(ns)
	return strings.Join(ns, ", ")
}

// splitParts parses flags that may come before or after positional part
// files.
func splitParts(fs *flag.FlagSet, args []string) ([]string, error) {
	var parts []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return nil, usageErr("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			return parts, nil
		}
		parts = append(parts, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}

func runMerge(args []string, stdout io.Writer) error {
	fs := newFlags("merge")
	out := fs.String("out", "", "output file")
	allow := fs.Bool("allow-missing", false, "allow missing jobs")
	ifComplete := fs.Bool("if-complete", false, "do nothing (exit 0) if jobs are missing")
	parts, err := splitParts(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(parts) == 0 {
		return usageErr("usage: ngnmm merge --out FILE PART...")
	}
	f, err := os.Open(parts[0])
	if err != nil {
		return usageErr("part %s: %v", parts[0], err)
	}
	hl, err := sweep.ReadHeader(f)
	f.Close()
	if err != nil {
		return usageErr("part %s: %v", parts[0], err)
	}
	var m map[string]json.RawMessage
	json.Unmarshal(hl.Raw, &m)
	delete(m, "shard")
	var kind *sweepKind
	for _, k := range sweepKinds {
		if k.Match(m) {
			kind = k
		}
	}
	if kind == nil {
		return usageErr("part %s: not the file of a sweep command (%s)", parts[0], sweepNames())
	}
	n, missing, err := kind.Merge(hl.Raw, *out, parts, *allow)
	res := map[string]any{"out": *out, "sweep": kind.Command, "jobs": n, "missing": missing}
	if *ifComplete && errors.Is(err, sweep.ErrMissing) {
		res["out"] = nil // not written: the parts are not complete yet
		return writeJSON(stdout, res)
	}
	if err != nil {
		return sweepErr(err)
	}
	return writeJSON(stdout, res)
}

// sweepFormat is the sweep.Format of the sweep command name over g: its
// header h (with "sweep" field got) must name the command and have the grid
// shape (axes, at most maxSeeds replicas; sweep.Grid.Expect); check compares
// a job line with its job.
func sweepFormat[H, J any](name, got string, h H, g sweep.Grid, maxSeeds int, axes []string,
	index func(J) int, check func(sweep.Job, J) error) (*sweep.Format[H, J], error) {
	if got != name {
		return nil, fmt.Errorf("not a %s header", name)
	}
	if err := g.Expect(maxSeeds, axes...); err != nil {
		return nil, fmt.Errorf("not a %s header: %w", name, err)
	}
	return &sweep.Format[H, J]{Header: h, Size: g.Size(), Index: index,
		Check: func(idx int, r J) error { return check(g.Job(idx), r) }}, nil
}

// parseRegions parses --regions A:B over the n regions of connectome conn
// ("": all).
func parseRegions(s string, n int, conn string) (lo, hi int, err error) {
	if s == "" {
		return 0, n - 1, nil
	}
	a, b, ok := strings.Cut(s, ":")
	var e1, e2 error
	lo, e1 = strconv.Atoi(a)
	hi, e2 = strconv.Atoi(b)
	if !ok || e1 != nil || e2 != nil || lo < 0 || hi < lo || hi >= n {
		return 0, 0, usageErr("--regions %q: want A:B with 0 ≤ A ≤ B < %d (regions of %s)", s, n, conn)
	}
	return lo, hi, nil
}
