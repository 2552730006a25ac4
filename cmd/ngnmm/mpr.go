package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
)

const mprModelHelp = `Model (Montbrió, Pazó, Roxin, Phys. Rev. X 5, 021028 (2015)):
  τ dr/dt = Δ/(πτ) + 2 r v
  τ dv/dt = v² + η̄ + I + I(t) + J τ r − (π τ r)²
r is the population firing rate (1/time unit of τ; τ = 1: dimensionless
time in units of τ, τ in ms: r in kHz), v the mean membrane potential
(dimensionless). Defaults are MPR 2015 Fig. 2 (bistable).

Model flags:
  --tau   τ, membrane time constant (time unit), > 0        (default 1)
  --delta Δ, half-width of the Lorentzian excitabilities, ≥ 0 (default 1)
  --eta   η̄, centre of the excitabilities                   (default -5)
  --J     J, synaptic weight (> 0 excitatory)                (default 15)
  --I     I, constant external current                       (default 0)`

func init() {
	register(&command{
		Name:    "mpr fixedpoints",
		Summary: "all equilibria of the MPR model with eigenvalues and stability (JSON)",
		Help:    helpMprFixedpoints,
		Run:     runMPRFixedPoints,
	})
	register(&command{
		Name:    "mpr simulate",
		Summary: "integrate the MPR model, optionally with current pulses (CSV t,r,v)",
		Help:    helpMprSimulate,
		Run:     runMPRSimulate,
	})
	register(&command{
		Name:    "mpr continuation",
		Summary: "continue the MPR equilibria in eta, I or J; folds and Hopf points (JSON)",
		Help:    helpMprContinuation,
		Run:     runMPRContinuation,
	})
	register(&command{
		Name:    "mpr",
		Summary: "the Montbrió–Pazó–Roxin model: see 'ngnmm help mpr'",
		Help:    helpMpr,
		Run:     groupRun("fixedpoints, simulate or continuation", "mpr"),
	})
	// document the methods available at run time
	for _, c := range commands {
		c.Help = strings.ReplaceAll(c.Help, "{{methods}}", methodNames())
	}
}

// helpMprFixedpoints is the help text of ngnmm mpr fixedpoints.
var helpMprFixedpoints = mprModelHelp + `

Flags: the model flags; --csv prints CSV r,v,stable,kind,eigenvalues instead.

Output (JSON): {"fixed_points":[{"r":…,"v":…,"eigenvalues":[[re,im],…],"stable":bool,"kind":"…"}]}
  fixed_points  every equilibrium, sorted by increasing r (exact: all positive
                roots of the fixed-point quartic; none is missed)
  r             rate at the equilibrium (1/time unit of τ)
  v             mean membrane potential (dimensionless)
  eigenvalues   eigenvalues of the Jacobian, [real, imaginary] (1/time unit of
                τ), by decreasing real part; Im/(2π) is the frequency of the
                damped oscillation around a focus
  stable        true if all real parts are negative
  kind          "stable node", "stable focus", "saddle", "unstable node",
                "unstable focus", "centre" or "non-hyperbolic"`

// helpMprSimulate is the help text of ngnmm mpr simulate.
var helpMprSimulate = mprModelHelp + `

Flags:
  --r0, --v0  initial state (default: the lowest-rate equilibrium at I, i.e.
              the low-activity state)
  --T         duration (time unit of τ; default 100)
  --dt        step of fixed-step methods (time unit of τ; default 0.001)
  --method    integrator: ` + "{{methods}}" + ` (default rk4)
  --rtol      relative tolerance of adaptive methods (default 1e-9; atol = rtol·1e-3)
  --pulse     AMP:T0:T1, add the current AMP on T0 ≤ t < T1 (repeatable;
              the integrators land exactly on T0 and T1); MPR 2015 Fig. 2:
              --pulse 3:0:30
  --sample    output interval (time unit of τ; default 0.01; 0: every step);
              fixed-step methods need a multiple of --dt

Output (CSV with header): t,r,v
  t  time (time unit of τ), r  rate (1/time unit of τ), v  mean potential
A non-finite state stops the run: the rows so far are printed and the
error names the time and the variable (exit status 1).`

// helpMprContinuation is the help text of ngnmm mpr continuation.
var helpMprContinuation = mprModelHelp + `

Flags:
  --param       continuation parameter: eta, I or J (default eta)
  --from, --to  parameter range; the branch starts at --from (defaults:
                eta -8…0, I -3…5, J 0…30) and is followed by pseudo-arclength
                continuation around folds until it leaves the range
  --start       low|high: start on the lowest- or highest-rate equilibrium
                at --from (default low)
  --ds          initial arclength step (default (to−from)/200)
  --max-points  maximum number of branch points (default 10000)
  --csv         print the branch as CSV PARAM,r,v,stable,kind instead

Output (JSON; PARAM is the value of --param):
  {"param":"eta","branch":[{"eta":…,"r":…,"v":…,"stable":bool,"kind":"…"}],
   "saddle_nodes":[{"eta":…,"r":…,"v":…}],"hopf":[{"eta":…,"r":…,"v":…,"omega":…}],
   "stopped":"range covered","range_covered":true}
  branch        equilibria in order of arclength: parameter value, r (1/time
                unit of τ), v (dimensionless), stability and kind (as in
                'ngnmm help mpr fixedpoints')
  saddle_nodes  fold points (refined to ~1e-12), in order along the branch
  hopf          Hopf points with angular frequency omega (rad per time unit of
                τ); always empty for this model (no Hopf for Δ > 0)
  stopped       why the branch ended: "range covered" (it left the range), or
                "max points: …", "invalid state: …" (a rate left the model's
                domain at the smallest step), "step size: …" (the corrector
                failed at the smallest step); range_covered is true only for
                "range covered…"
A step that ends outside the domain is retried with half the step (a long
step can land on the negative-rate continuation of the branch past a fold).`

// helpMpr is the help text of ngnmm mpr.
var helpMpr = mprModelHelp + `

Subcommands (each has its own help, e.g. 'ngnmm help mpr simulate'):
  mpr fixedpoints   all equilibria with eigenvalues and stability (JSON)
  mpr simulate      time series t,r,v (CSV), with current pulses
  mpr continuation  branch of equilibria in eta, I or J with folds (JSON)`

func pairs(ev []complex128) [][2]float64 {
	out := make([][2]float64, len(ev))
	for i, l := range ev {
		out[i] = [2]float64{real(l), imag(l)}
	}
	return out
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// runMPRFixedPoints is 'model fixedpoints --model mpr' with the parameters
// as flags.
func runMPRFixedPoints(args []string, stdout io.Writer) error {
	return fixedPointsCmd("mpr fixedpoints", "mpr", args, stdout)
}

// runMPRSimulate is 'model simulate --model mpr' with the parameters as
// flags and the initial state as --r0, --v0 (each defaulting to the lowest
// equilibrium's).
func runMPRSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("mpr simulate")
	ms := aliasFlags(fs, "mpr")
	r0 := fs.Float64("r0", math.NaN(), "initial rate")
	v0 := fs.Float64("v0", math.NaN(), "initial potential")
	sf := addSimFlags(fs)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	st, err := sf.stepper(setFlags(fs))
	if err != nil {
		return err
	}
	y0 := []float64{*r0, *v0}
	if math.IsNaN(*r0) || math.IsNaN(*v0) {
		fps, err := equilibria(s, m)
		if err != nil {
			return err
		}
		if len(fps) == 0 {
			return usageErr("no equilibrium to start from: give --r0 and --v0")
		}
		for i := range y0 {
			if math.IsNaN(y0[i]) {
				y0[i] = fps[0].Y[i]
			}
		}
	}
	if y0[0] < 0 {
		return usageErr("--r0 = %v, want ≥ 0 (a firing rate)", y0[0])
	}
	return sf.run(stdout, s, m, st, y0)
}

func runMPRContinuation(args []string, stdout io.Writer) error {
	fs := newFlags("mpr continuation")
	ms := aliasFlags(fs, "mpr")
	param := fs.String("param", "eta", "eta, I or J")
	from := fs.Float64("from", math.NaN(), "start of the parameter range")
	to := fs.Float64("to", math.NaN(), "end of the parameter range")
	start := fs.String("start", "low", "low|high")
	ds := fs.Float64("ds", 0, "initial step")
	maxPoints := fs.Int("max-points", 10000, "maximum number of points")
	csv := fs.Bool("csv", false, "print CSV")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	def, ok := map[string][2]float64{"eta": {-8, 0}, "I": {-3, 5}, "J": {0, 30}}[*param]
	if !ok {
		return usageErr("--param %q unknown, want eta, I or J", *param)
	}
	if math.IsNaN(*from) {
		*from = def[0]
	}
	if math.IsNaN(*to) {
		*to = def[1]
	}
	if *from == *to {
		return usageErr("--from = --to = %v, want a non-empty range", *from)
	}
	if *start != "low" && *start != "high" {
		return usageErr("--start %q unknown, want low or high", *start)
	}
	if *maxPoints < 2 {
		return usageErr("--max-points = %d, want ≥ 2", *maxPoints)
	}
	ms.sets[*param] = *from
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	br, err := equilibriumBranch(s, m, *param, *from, *to, *ds, *maxPoints, *start == "high")
	if err != nil && (br == nil || !errors.Is(err, continuation.ErrStepSize)) {
		return err
	}
	if *csv {
		if werr := writeBranchCSV(stdout, m, *param, br); werr != nil {
			return werr
		}
		return err
	}
	// A branch that ended at the minimum step says so in "stopped" and
	// "range_covered": the JSON is the answer (exit 0).
	return writeJSON(stdout, branchJSON(m, *param, br, br.Stop))
}

// equilibriumBranch continues the lowest (high: highest) equilibrium of m
// at from in param towards to by pseudo-arclength (initial step ds, default
// (to−from)/200), with every rate positive.
func equilibriumBranch(s *nmm.Spec, m nmm.Model, param string, from, to, ds float64, maxPoints int, high bool) (*continuation.Branch, error) {
	fps, err := equilibria(s, m)
	if err != nil {
		return nil, err
	}
	if len(fps) == 0 {
		return nil, usageErr("no equilibrium at --from = %v", from)
	}
	y0 := fps[0].Y
	if high {
		y0 = fps[len(fps)-1].Y
	}
	set, err := s.Setter(m, param)
	if err != nil {
		return nil, usageErr("--param: %v", err)
	}
	if ds == 0 {
		ds = (to - from) / 200
	}
	settings := &continuation.Settings{PMin: math.Min(from, to), PMax: math.Max(from, to), MaxPoints: maxPoints,
		Ds: math.Copysign(math.Abs(ds), to-from), Valid: positiveRates(m)}
	return continuation.Equilibria(continuation.Problem{Sys: m, Set: set}, y0, from, settings)
}

// writeBranchCSV writes the branch as PARAM,VARS,stable,kind.
func writeBranchCSV(stdout io.Writer, m nmm.Model, param string, br *continuation.Branch) error {
	keys, sc := varKeys(m, "")
	w := bufio.NewWriter(stdout)
	fmt.Fprintf(w, "%s,%s,stable,kind\n", param, strings.Join(keys, ","))
	for _, p := range br.Points {
		fmt.Fprintf(w, "%s,", fnum(p.P))
		for i := range keys {
			fmt.Fprintf(w, "%s,", fnum(sc[i]*p.Y[i]))
		}
		fmt.Fprintf(w, "%t,%s\n", p.Stable, p.Kind)
	}
	return w.Flush()
}

// branchJSON is the {"param","branch","saddle_nodes","hopf","stopped",
// "range_covered"} object of an equilibrium branch (hopf with the angular
// frequency omega) that ended for the reason stop (see [stopped]).
func branchJSON(m nmm.Model, param string, br *continuation.Branch, stop string) any {
	type obj = map[string]any
	out := struct {
		Param        string `json:"param"`
		Branch       []obj  `json:"branch"`
		SaddleNodes  []obj  `json:"saddle_nodes"`
		Hopf         []obj  `json:"hopf"`
		Stopped      string `json:"stopped"`
		RangeCovered bool   `json:"range_covered"`
	}{Param: param, Branch: []obj{}, SaddleNodes: []obj{}, Hopf: []obj{}}
	out.Stopped, out.RangeCovered = stopped(stop)
	for _, p := range br.Points {
		o := obj{param: p.P, "stable": p.Stable, "kind": p.Kind}
		putState(o, m, p.Y, "")
		out.Branch = append(out.Branch, o)
	}
	for _, f := range br.Folds {
		o := obj{param: f.P}
		putState(o, m, f.Y, "")
		out.SaddleNodes = append(out.SaddleNodes, o)
	}
	for _, h := range br.Hopfs {
		o := obj{param: h.P, "omega": h.Omega}
		putState(o, m, h.Y, "")
		out.Hopf = append(out.Hopf, o)
	}
	return out
}
