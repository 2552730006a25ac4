package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/msf"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

func init() {
	register(&command{
		Name:    "msf",
		Summary: "master stability function (dispersion relation) of the synchronous state of an E–I network",
		Help: `Flags: --IE I_ext^E (default 12), --eps ε global coupling (finite; default 8),
--II I_ext^I (default 0), --connectome NAME (registered dataset, row-normalised; default aal90),
--dt RK4 step in ms (default 0.02).

E–I nodes of Delicado, Huguet & Clusella (2025) with docs/models.md § E–I node parameters,
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
so that 'ngnmm msf merge' (or 'ngnmm merge') of the shard files equals the unsharded
FILE byte for byte. Every line of an existing FILE is validated against the grid (a
tampered or foreign file is refused, exit 2); --resume=false refuses an existing FILE;
--progress reports points done on standard error. 'ngnmm slurm' runs the map as a
SLURM job array (docs/cluster.md).
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
			FrequencyHz: hz(math.Abs(imag(md.Leading())) / (2 * math.Pi))}
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

func runMSFMap(args []string, stdout io.Writer) error {
	fs := newFlags("msf map")
	ieS := fs.String("IE", "", "A:B:n")
	epsS := fs.String("eps", "", "A:B:n")
	sf := addSweepFlags(fs, true)
	conn := fs.String("connectome", "aal90", "connectome")
	ii := fs.Float64("II", 0, "I_ext^I")
	dt := fs.Float64("dt", 0.04, "RK4 step (ms)")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if *ieS == "" || *epsS == "" || *sf.out == "" {
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
	o, err := sf.options("msf map")
	if err != nil {
		return err
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
	cfg := msf.EIMap(m, ie, eps, lam, o.Workers)
	cfg.Options = &msf.Options{Dt: *dt}
	f := msf.MapFormat(msf.MapID{Map: fmt.Sprintf("ei II=%g dt=%g %s", *ii, *dt, *conn), Grid: cfg.Grid})
	if _, err := f.Existing(*sf.out, o); err != nil {
		return sweepErr(err)
	}
	pts, st, err := f.RunFile(context.Background(), *sf.out, o, func(_ context.Context, idx int) (msf.Point, error) {
		return cfg.AnalysePoint(idx), nil
	})
	if err != nil {
		return sweepErr(err)
	}
	states := map[string]int{}
	for _, p := range pts {
		states[p.State]++
	}
	return writeJSON(stdout, map[string]any{"out": *sf.out, "points": len(pts), "computed": st.Computed, "missing": st.Jobs - len(pts), "states": states})
}

func runMSFMerge(args []string, stdout io.Writer) error {
	fs := newFlags("msf merge")
	out := fs.String("out", "", "output file")
	allow := fs.Bool("allow-missing", false, "allow missing points")
	// flags may come before or after the part files
	parts, err := splitParts(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(parts) == 0 {
		return usageErr("usage: ngnmm msf merge --out FILE PART...")
	}
	n, missing, err := mapKind.Merge(nil, *out, parts, *allow)
	if err != nil {
		return sweepErr(err)
	}
	return writeJSON(stdout, map[string]any{"out": *out, "points": n, "missing": missing})
}

// mapKind is the sweep kind of msf map files: headers {"map", "grid"}.
var mapKind = &sweepKind{
	Command: "msf map",
	Resumes: true,
	Match: func(h map[string]json.RawMessage) bool {
		_, ok := h["map"]
		return ok
	},
	Merge: func(_ json.RawMessage, out string, parts []string, allow bool) (int, int, error) {
		hs := make([]msf.MapHeader, len(parts))
		for k, p := range parts {
			f, err := os.Open(p)
			if err != nil {
				return 0, 0, usageErr("part %s: %v", p, err)
			}
			hl, err := sweep.ReadHeader(f)
			f.Close()
			if err == nil {
				err = json.Unmarshal(hl.Raw, &hs[k])
			}
			if err == nil {
				err = hs[k].Grid.Validate()
			}
			if err != nil {
				return 0, 0, usageErr("part %s: not a map file: %v", p, err)
			}
			if hs[k].Map != hs[0].Map || hs[k].Grid != hs[0].Grid {
				return 0, 0, usageErr("part %s is a different map (%q %+v, want %q %+v)", p, hs[k].Map, hs[k].Grid, hs[0].Map, hs[0].Grid)
			}
		}
		f := msf.MapFormat(msf.MapID{Map: hs[0].Map, Grid: hs[0].Grid})
		n, missing, err := f.MergeFiles(out, parts, allow)
		if errors.Is(err, sweep.ErrMissing) {
			err = fmt.Errorf("%d of %d points are %w (run the missing shards, or pass --allow-missing)", missing, f.Size, sweep.ErrMissing)
		}
		return n, missing, err
	},
}

func init() { registerSweep(mapKind) }
