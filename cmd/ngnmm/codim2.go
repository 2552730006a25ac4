package main

import (
	"io"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/cycle"
)

func init() {
	register(&command{
		Name:    "model continuation2",
		Summary: "Hopf and fold curves of a registered model in two parameters, with cusp, Bogdanov–Takens and generalised Hopf points (JSON)",
		Help:    modelFlagsHelp() + helpContinuation2,
		Run:     runModelContinuation2,
	})
	register(&command{
		Name:    "ei continuation2",
		Summary: "Hopf and fold curves of the E–I node in two parameters (JSON)",
		Help:    eiModelHelp + helpContinuation2,
		Run:     runEIContinuation2,
	})
}

// helpContinuation2 is the common part of the continuation2 help texts.
const helpContinuation2 = `

Flags:
  --param, --from, --to     first parameter and its range
  --param2, --from2, --to2  second parameter and its range
  --points                  approximate number of points per branch (default 200)
  --cycles                  also continue the periodic orbits born at the Hopf
                            points on q = --from2 and q = --to2 and every fold of
                            cycles, period doubling and torus point on them in
                            (--param, --param2) (cycle.ContinueCycleBifurcation;
                            seconds to minutes)

At q = --from2 and at q = --to2 the equilibrium branch in --param is
followed from --from to --to; each Hopf and fold point on it is continued in
(--param, --param2) inside the box (continuation.HopfCurve: f = 0,
Re λ = 0 for the critical pair; continuation.FoldCurve: f = 0,
det ∂f/∂y = 0). Curves that cross neither q = --from2 nor q = --to2 inside
the range of --param are not found.

Output (JSON; P, Q the names of --param and --param2):
  {"param":P,"param2":Q,
   "curves":[{"kind":"hopf"|"fold"|"fold-of-cycles"|"period-doubling"|"torus",
              "stop":"…","stopped":"…","range_covered":bool,
              "points":[{P:…,Q:…,"frequency_hz":…}]}],
   "codim2":[{"kind":"cusp"|"bogdanov-takens"|"generalised-hopf",P:…,Q:…}],
   "errors":["why a curve could not be started", …]}
  A curve that cannot be started is listed in "errors" and the others are
  still computed. stop is why a curve ended ("bound", "max points",
  "bogdanov-takens", "step size"); stopped says it in words ("range
  covered" for a curve that left the box or ended at a Bogdanov–Takens
  point) and range_covered is true for those.
  frequency of Hopf points and of the cycles on cycle bifurcation curves in Hz
  for models in ms ("frequency_hz"), else in 1/time unit ("frequency"); fold
  points have no frequency.`

// codim2Flags are the flags of the continuation2 commands.
type codim2Flags struct {
	param, param2        *string
	from, to, from2, to2 *float64
	points               *int
	cycles               *bool
}

func addCodim2Flags(fs interface {
	String(string, string, string) *string
	Float64(string, float64, string) *float64
	Int(string, int, string) *int
	Bool(string, bool, string) *bool
}, param string) *codim2Flags {
	return &codim2Flags{param: fs.String("param", param, "first parameter"), param2: fs.String("param2", "", "second parameter"),
		from: fs.Float64("from", math.NaN(), "start of the first range"), to: fs.Float64("to", math.NaN(), "end of the first range"),
		from2: fs.Float64("from2", math.NaN(), "start of the second range"), to2: fs.Float64("to2", math.NaN(), "end of the second range"),
		points: fs.Int("points", 200, "points per branch"), cycles: fs.Bool("cycles", false, "also cycle bifurcation curves")}
}

func runModelContinuation2(args []string, stdout io.Writer) error {
	fs := newFlags("model continuation2")
	ms := addModelFlags(fs)
	cf := addCodim2Flags(fs, "")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	return codim2Run(s, m, cf, stdout)
}

func runEIContinuation2(args []string, stdout io.Writer) error {
	fs := newFlags("ei continuation2")
	m := eiFlags(fs)
	cf := addCodim2Flags(fs, "IE")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := validateEI(m); err != nil {
		return err
	}
	return codim2Run(&nmm.EISpec, m, cf, stdout)
}

// codim2Run checks the flags, computes the curves and writes the JSON.
func codim2Run(s *nmm.Spec, m nmm.Model, cf *codim2Flags, stdout io.Writer) error {
	for _, f := range []struct {
		name string
		v    string
	}{{"--param", *cf.param}, {"--param2", *cf.param2}} {
		if s.Param(f.v) == nil {
			return usageErr("%s %q: want one of %s", f.name, f.v, joinNames(s.ParamNames()))
		}
	}
	if *cf.param == *cf.param2 {
		return usageErr("--param2 = --param = %q, want two parameters", *cf.param)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"--from", *cf.from}, {"--to", *cf.to}, {"--from2", *cf.from2}, {"--to2", *cf.to2}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return usageErr("%s is required (no default)", f.name)
		}
	}
	if err := checkRange(*cf.from, *cf.to, *cf.points); err != nil {
		return err
	}
	if *cf.from2 == *cf.to2 {
		return usageErr("--from2 = --to2 = %v, want a non-empty range", *cf.from2)
	}
	sys := cloneModel(m)
	set := func(c nmm.Model, p, q float64) {
		_ = s.Set(c, *cf.param, p)
		_ = s.Set(c, *cf.param2, q)
	}
	prob := continuation.Problem2{Sys: sys, Set: func(p, q float64) { set(sys, p, q) }}
	eq := func(p, q float64) ([]float64, error) {
		c := cloneModel(m)
		set(c, p, q)
		fps, err := equilibria(s, c)
		if err != nil || len(fps) == 0 {
			return nil, usageErr("no equilibrium at %s = %v, %s = %v", *cf.param, p, *cf.param2, q)
		}
		return fps[0].Y, nil
	}
	lo, hi := math.Min(*cf.from, *cf.to), math.Max(*cf.from, *cf.to)
	res, err := cycle.Codim2(prob, eq, cycle.Codim2Settings{PMin: lo, PMax: hi, Q0: *cf.from2, Q1: *cf.to2, Ds: (hi - lo) / float64(*cf.points), Cycles: *cf.cycles})
	if err != nil {
		return err
	}
	return writeJSON(stdout, codim2Obj(s, *cf.param, *cf.param2, res))
}

// codim2Obj is the JSON object of the continuation2 commands.
func codim2Obj(s *nmm.Spec, p, q string, res *cycle.Codim2Result) map[string]any {
	type obj = map[string]any
	fk, fs, _ := timeKeys(s)
	curves, pts := []obj{}, []obj{}
	for _, c := range res.Curves {
		points := []obj{}
		for _, x := range c.Points {
			o := obj{p: x.P, q: x.Q}
			if c.Kind != cycle.Curve2Fold {
				o[fk] = fs * x.Omega / (2 * math.Pi)
			}
			points = append(points, o)
		}
		o := obj{"kind": string(c.Kind), "stop": c.Stop, "points": points}
		putStopped(o, c.Stop)
		curves = append(curves, o)
	}
	for _, x := range res.Points {
		pts = append(pts, obj{"kind": string(x.Kind), p: x.P, q: x.Q})
	}
	errs := []string{}
	errs = append(errs, res.Errors...)
	return obj{"param": p, "param2": q, "curves": curves, "codim2": pts, "errors": errs}
}
