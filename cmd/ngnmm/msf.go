package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/msf"
)

func init() {
	register(&command{
		Name:    "msf",
		Summary: "master stability function (dispersion relation) of the synchronous state of an E–I network",
		Help: `Flags: --IE I_ext^E (default 12), --eps ε global coupling (finite; default 8),
--II I_ext^I (default 0), --connectome NAME (registered dataset, row-normalised; default aal90),
--dt RK4 step in ms (default 0.02).

E–I nodes of Delicado, Huguet & Clusella (2025) with science.md §3.1 parameters,
coupled through ε Σ_m W_nm s_E^m with the row-normalised connectome W. The synchronous
state is found from low rates (transient 500 ms) and refined (Newton); each mode
(eigenvalue Λ of W) grows with the eigenvalues (stationary state) or Floquet
exponents μ = ln(multiplier)/T (periodic state) of the mode equations.
Output (JSON):
  state            "periodic" or "stationary" (no state found: error, exit 1)
  frequency_hz     frequency of the synchronous cycle (Hz; 0 if stationary)
  uniform          exponents of the uniform mode Λ = 1, [[re, im], …] (1/ms), by decreasing re
  modes            per eigenvalue of W (decreasing): {"lambda", "re", "im"} = Λ and the
                   leading exponent (1/ms; im in rad/ms); "lambda_im" if Λ is complex
  max_transverse   the most unstable transverse mode {"lambda", "re", "im", "frequency_hz"}
                   (frequency_hz = |im|/2π·1000: growth modulation frequency)
  unstable_modes   number of transverse modes with re > 1e-6 /ms`,
		Run: runMSF,
	})
	register(&command{
		Name:    "msf map",
		Summary: "(I_ext^E, ε) stability map of the synchronous state (parallel, resumable, shardable)",
		Help: `Flags: --IE A:B:n and --eps A:B:n (n equally spaced values from A to B; required),
--out FILE (required), --shard i/n (compute the points with index ≡ i mod n; "env/n" reads
the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX), --workers N (default: number
of CPUs), --connectome NAME (default aal90), --II I_ext^I (default 0), --dt RK4 step in ms
(default 0.04).

FILE is JSON lines: a header {"map", "grid", "shard"} then one point per line:
  idx, i, j, x (I_ext^E), y (ε), state ("stationary"|"periodic"|"none"),
  frequency (kHz), uniform (largest non-trivial uniform Re μ, 1/ms),
  transverse (largest transverse Re μ, 1/ms), lambda (its Λ), im (its |Im μ|, rad/ms),
  unstable_modes, error (if any).
Points are appended as they finish; an existing FILE of the same map and shard is
resumed (its points are skipped). When all points are done FILE is rewritten sorted,
so that 'ngnmm msf merge' of the shard files equals the unsharded FILE byte for byte.
Standard output: {"out", "points", "computed", "missing", "states": {state: count}}.`,
		Run: runMSFMap,
	})
	register(&command{
		Name:    "msf merge",
		Summary: "merge shard files of a stability map into one map file",
		Help: `Usage: ngnmm msf merge --out FILE PART... [--allow-missing]

Joins the points of the shard files (same map and grid) and writes the complete,
sorted map to FILE. Missing points are an error unless --allow-missing.
Standard output: {"out", "points", "missing"}.`,
		Run: runMSFMerge,
	})
}

// checkConnectome returns a usage error if name is not a registered dataset
// (call it with the other flag checks, before anything is loaded).
func checkConnectome(name string) error {
	if _, err := data.Lookup(name); err != nil {
		return usageErr("--connectome %q: %v", name, err)
	}
	return nil
}

// loadW loads a registered connectome and row-normalises it.
func loadW(name string) (*data.Connectome, error) {
	if err := checkConnectome(name); err != nil {
		return nil, err
	}
	c, err := data.Load(context.Background(), name)
	if err != nil {
		return nil, err
	}
	return c.RowNormalized()
}

// connectomeEigen returns the eigenvalues of the row-normalised registered
// connectome name (usage error if it is not registered).
func connectomeEigen(name string) ([]complex128, error) {
	c, err := loadW(name)
	if err != nil {
		return nil, err
	}
	lam, _, err := msf.Eigen(c.Weights)
	return lam, err
}

type msfMode struct {
	Lambda   float64  `json:"lambda"`
	LambdaIm *float64 `json:"lambda_im,omitempty"`
	Re       float64  `json:"re"`
	Im       float64  `json:"im"`
}

type msfMax struct {
	Lambda      float64  `json:"lambda"`
	LambdaIm    *float64 `json:"lambda_im,omitempty"`
	Re          float64  `json:"re"`
	Im          float64  `json:"im"`
	FrequencyHz float64  `json:"frequency_hz"`
}

type msfOut struct {
	State         string       `json:"state"`
	FrequencyHz   float64      `json:"frequency_hz"`
	Uniform       [][2]float64 `json:"uniform"`
	Modes         []msfMode    `json:"modes"`
	MaxTransverse *msfMax      `json:"max_transverse"`
	UnstableModes int          `json:"unstable_modes"`
}

// jsonNum maps −Inf (a zero Floquet multiplier) to the most negative finite
// number so that the output stays valid JSON.
func jsonNum(v float64) float64 {
	if math.IsInf(v, -1) {
		return -math.MaxFloat64
	}
	return v
}

func runMSF(args []string, stdout io.Writer) error {
	fs := newFlags("msf")
	ie := fs.Float64("IE", 12, "I_ext^E")
	eps := fs.Float64("eps", 8, "ε")
	ii := fs.Float64("II", 0, "I_ext^I")
	conn := fs.String("connectome", "aal90", "connectome")
	dt := fs.Float64("dt", 0.02, "RK4 step (ms)")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*dt > 0) || *dt > 1 {
		return usageErr("--dt = %v ms, want in (0, 1]", *dt)
	}
	m := nmm.DefaultEI()
	m.IE, m.II = *ie, *ii
	if err := m.Validate(); err != nil {
		return usageErr("%v (flags --IE, --II)", err)
	}
	lam, err := connectomeEigen(*conn)
	if err != nil {
		return err
	}
	p, y0 := msf.ForEI(m, *eps)
	opt := &msf.Options{Dt: *dt}
	st, err := p.FindState(y0, opt)
	if err != nil {
		return usageErr("%v", err)
	}
	if st.Kind == msf.None {
		return fmt.Errorf("no synchronous state at IE = %g, eps = %g: %s", *ie, *eps, st.Note)
	}
	a, err := p.Analyze(st, opt)
	if err != nil {
		return err
	}
	d, err := a.Dispersion(lam)
	if err != nil {
		return err
	}
	out := msfOut{State: st.Kind.String(), UnstableModes: d.Unstable}
	if st.Kind == msf.Periodic {
		out.FrequencyHz = 1000 / st.Period
	}
	for _, u := range d.Uniform {
		out.Uniform = append(out.Uniform, [2]float64{jsonNum(real(u)), imag(u)})
	}
	for _, md := range d.Modes {
		mo := msfMode{Lambda: real(md.Lambda), Re: jsonNum(real(md.Leading())), Im: imag(md.Leading())}
		if li := imag(md.Lambda); li != 0 {
			mo.LambdaIm = &li
		}
		out.Modes = append(out.Modes, mo)
	}
	if d.MaxTransverse >= 0 {
		md := d.Modes[d.MaxTransverse]
		mx := &msfMax{Lambda: real(md.Lambda), Re: jsonNum(real(md.Leading())), Im: imag(md.Leading()),
			FrequencyHz: math.Abs(imag(md.Leading())) / (2 * math.Pi) * 1000}
		if li := imag(md.Lambda); li != 0 {
			mx.LambdaIm = &li
		}
		out.MaxTransverse = mx
	}
	return writeJSON(stdout, out)
}

// parseAxis parses "A:B:n".
func parseAxis(name, s string) (msf.Axis, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return msf.Axis{}, usageErr("--%s %q, want A:B:n", name, s)
	}
	lo, err1 := strconv.ParseFloat(parts[0], 64)
	hi, err2 := strconv.ParseFloat(parts[1], 64)
	n, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return msf.Axis{}, usageErr("--%s %q, want A:B:n (numbers A, B and an integer n)", name, s)
	}
	for _, v := range []float64{lo, hi} {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxFlagMagnitude {
			return msf.Axis{}, usageErr("--%s %q: A and B must be finite with |A|, |B| ≤ %g", name, s, float64(maxFlagMagnitude))
		}
	}
	ax := msf.Axis{Name: name, Lo: lo, Hi: hi, N: n}
	if err := ax.Validate(); err != nil {
		return ax, usageErr("--%s: %v", name, err)
	}
	return ax, nil
}

// parseShard parses "i/n" or "env/n" (index from SLURM_ARRAY_TASK_ID or
// JOB_COMPLETION_INDEX).
func parseShard(s string) (msf.Shard, error) {
	if s == "" {
		return msf.Shard{}, nil
	}
	parts := strings.Split(s, "/")
	if len(parts) != 2 {
		return msf.Shard{}, usageErr("--shard %q, want i/n", s)
	}
	is := parts[0]
	if is == "env" {
		is = os.Getenv("SLURM_ARRAY_TASK_ID")
		if is == "" {
			is = os.Getenv("JOB_COMPLETION_INDEX")
		}
		if is == "" {
			return msf.Shard{}, usageErr("--shard env/n: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
		}
	}
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return msf.Shard{}, usageErr("--shard %q, want i/n with integers", s)
	}
	sh := msf.Shard{Index: i, Count: n}
	if err := sh.Validate(); err != nil {
		return sh, usageErr("--shard: %v", err)
	}
	return sh, nil
}

func readMapFile(path string) (msf.MapHeader, []msf.Point, error) {
	f, err := os.Open(path)
	if err != nil {
		return msf.MapHeader{}, nil, err
	}
	defer f.Close()
	return msf.ReadMap(f)
}

// writeMapFile writes a complete map atomically (temporary file + rename).
func writeMapFile(path string, h msf.MapHeader, pts []msf.Point) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".msfmap-*")
	if err != nil {
		return err
	}
	if err := msf.WriteMap(tmp, h, pts); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func sameShard(a, b *msf.Shard) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func runMSFMap(args []string, stdout io.Writer) error {
	fs := newFlags("msf map")
	ieS := fs.String("IE", "", "A:B:n")
	epsS := fs.String("eps", "", "A:B:n")
	out := fs.String("out", "", "output file")
	shardS := fs.String("shard", "", "i/n")
	workers := fs.Int("workers", runtime.NumCPU(), "goroutines")
	conn := fs.String("connectome", "aal90", "connectome")
	ii := fs.Float64("II", 0, "I_ext^I")
	dt := fs.Float64("dt", 0.04, "RK4 step (ms)")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if *ieS == "" || *epsS == "" || *out == "" {
		return usageErr("--IE, --eps and --out are required (see 'ngnmm help msf map')")
	}
	ie, err := parseAxis("IE", *ieS)
	if err != nil {
		return err
	}
	eps, err := parseAxis("eps", *epsS)
	if err != nil {
		return err
	}
	sh, err := parseShard(*shardS)
	if err != nil {
		return err
	}
	if *workers < 1 || *workers > 1024 {
		return usageErr("--workers = %d, want 1 … 1024", *workers)
	}
	if !(*dt > 0) || *dt > 1 {
		return usageErr("--dt = %v ms, want in (0, 1]", *dt)
	}
	m := nmm.DefaultEI()
	m.II = *ii
	if err := m.Validate(); err != nil {
		return usageErr("%v (flag --II)", err)
	}
	lam, err := connectomeEigen(*conn)
	if err != nil {
		return err
	}
	cfg := msf.EIMap(m, ie, eps, lam, *workers)
	cfg.Options = &msf.Options{Dt: *dt}
	h := msf.MapHeader{Map: fmt.Sprintf("ei II=%g dt=%g %s", *ii, *dt, *conn), Grid: cfg.Grid}
	if sh.Count > 1 {
		h.Shard = &sh
	}
	// resume
	var pts []msf.Point
	done := map[int]bool{}
	if _, err := os.Stat(*out); err == nil {
		oh, op, err := readMapFile(*out)
		if err != nil {
			return usageErr("--out %s exists and is not a map file: %v", *out, err)
		}
		if oh.Map != h.Map || oh.Grid != h.Grid || !sameShard(oh.Shard, h.Shard) {
			return usageErr("--out %s holds a different map or shard (%q); remove it or choose another file", *out, oh.Map)
		}
		for _, p := range op {
			if sh.Has(p.Index) {
				pts = append(pts, p)
				done[p.Index] = true
			}
		}
		// rewrite cleanly (drops a truncated last line) before appending
		if err := writeMapFile(*out, h, pts); err != nil {
			return err
		}
	} else if err := writeMapFile(*out, h, nil); err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	computed := 0
	runErr := msf.RunMap(context.Background(), cfg, sh, func(i int) bool { return done[i] }, func(p msf.Point) error {
		pts = append(pts, p)
		computed++
		return msf.AppendPoint(f, p)
	}, nil)
	if err := f.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return runErr
	}
	if err := writeMapFile(*out, h, pts); err != nil {
		return err
	}
	total := 0
	for idx := 0; idx < cfg.Grid.Size(); idx++ {
		if sh.Has(idx) {
			total++
		}
	}
	states := map[string]int{}
	for _, p := range pts {
		states[p.State]++
	}
	return writeJSON(stdout, map[string]any{"out": *out, "points": len(pts), "computed": computed, "missing": total - len(pts), "states": states})
}

func runMSFMerge(args []string, stdout io.Writer) error {
	fs := newFlags("msf merge")
	out := fs.String("out", "", "output file")
	allow := fs.Bool("allow-missing", false, "allow missing points")
	// flags may come before or after the part files
	var parts []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return usageErr("msf merge: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		parts = append(parts, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *out == "" || len(parts) == 0 {
		return usageErr("usage: ngnmm msf merge --out FILE PART...")
	}
	var hs []msf.MapHeader
	var ps [][]msf.Point
	for _, p := range parts {
		h, pts, err := readMapFile(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return usageErr("part %s: %v", p, err)
			}
			return fmt.Errorf("part %s: %w", p, err)
		}
		hs, ps = append(hs, h), append(ps, pts)
	}
	h, pts, missing, err := msf.MergeMaps(hs, ps)
	if err != nil {
		return usageErr("%v", err)
	}
	if missing > 0 && !*allow {
		return fmt.Errorf("%d of %d points are missing (run the missing shards, or pass --allow-missing)", missing, h.Grid.Size())
	}
	if err := writeMapFile(*out, h, pts); err != nil {
		return err
	}
	return writeJSON(stdout, map[string]any{"out": *out, "points": len(pts), "missing": missing})
}
