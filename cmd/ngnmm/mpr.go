package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"
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
		Help: mprModelHelp + `

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
                "unstable focus", "centre" or "non-hyperbolic"`,
		Run: runMPRFixedPoints,
	})
	register(&command{
		Name:    "mpr simulate",
		Summary: "integrate the MPR model, optionally with current pulses (CSV t,r,v)",
		Help: mprModelHelp + `

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
error names the time and the variable (exit status 1).`,
		Run: runMPRSimulate,
	})
	register(&command{
		Name:    "mpr continuation",
		Summary: "continue the MPR equilibria in eta, I or J; folds and Hopf points (JSON)",
		Help: mprModelHelp + `

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
   "saddle_nodes":[{"eta":…,"r":…,"v":…}],"hopf":[{"eta":…,"r":…,"v":…,"omega":…}]}
  branch        equilibria in order of arclength: parameter value, r (1/time
                unit of τ), v (dimensionless), stability and kind (as in
                'ngnmm help mpr fixedpoints')
  saddle_nodes  fold points (refined to ~1e-12), in order along the branch
  hopf          Hopf points with angular frequency omega (rad per time unit of
                τ); always empty for this model (no Hopf for Δ > 0)`,
		Run: runMPRContinuation,
	})
	register(&command{
		Name:    "mpr",
		Summary: "the Montbrió–Pazó–Roxin model: see 'ngnmm help mpr'",
		Help: mprModelHelp + `

Subcommands (each has its own help, e.g. 'ngnmm help mpr simulate'):
  mpr fixedpoints   all equilibria with eigenvalues and stability (JSON)
  mpr simulate      time series t,r,v (CSV), with current pulses
  mpr continuation  branch of equilibria in eta, I or J with folds (JSON)`,
		Run: func(args []string, _ io.Writer) error {
			if len(args) > 0 {
				return usageErr("unknown subcommand %q: want fixedpoints, simulate or continuation", args[0])
			}
			return usageErr("want a subcommand: fixedpoints, simulate or continuation (see 'ngnmm help mpr')")
		},
	})
	// document the methods available at run time
	for _, c := range commands {
		c.Help = strings.ReplaceAll(c.Help, "{{methods}}", methodNames())
	}
}

// mprFlags defines the model flags on fs and returns the model they fill.
func mprFlags(fs *flag.FlagSet) *nmm.MPR {
	m := nmm.DefaultMPR()
	fs.Float64Var(&m.Tau, "tau", m.Tau, "τ, membrane time constant")
	fs.Float64Var(&m.Delta, "delta", m.Delta, "Δ, Lorentzian half-width")
	fs.Float64Var(&m.EtaBar, "eta", m.EtaBar, "η̄, centre of the excitabilities")
	fs.Float64Var(&m.J, "J", m.J, "J, synaptic weight")
	fs.Float64Var(&m.I, "I", m.I, "I, constant current")
	return &m
}

// validateMPR turns a model validation error into a usage error naming the flag.
func validateMPR(m *nmm.MPR) error { return validateModel(m) }

func pairs(ev []complex128) [][2]float64 {
	out := make([][2]float64, len(ev))
	for i, l := range ev {
		out[i] = [2]float64{real(l), imag(l)}
	}
	return out
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func runMPRFixedPoints(args []string, stdout io.Writer) error {
	fs := newFlags("mpr fixedpoints")
	m := mprFlags(fs)
	csv := fs.Bool("csv", false, "print CSV")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := validateMPR(m); err != nil {
		return err
	}
	fps, err := m.FixedPoints()
	if err != nil {
		return err
	}
	if *csv {
		w := bufio.NewWriter(stdout)
		fmt.Fprintln(w, "r,v,stable,kind,eigenvalues")
		for _, fp := range fps {
			var ev []string
			for _, l := range fp.Eigenvalues {
				ev = append(ev, fnum(real(l))+"+"+fnum(imag(l))+"i")
			}
			fmt.Fprintf(w, "%s,%s,%t,%s,%s\n", fnum(fp.Y[0]), fnum(fp.Y[1]), fp.Stable, fp.Kind, strings.Join(ev, " "))
		}
		return w.Flush()
	}
	return writeJSON(stdout, fixedPointsJSON(m, fps))
}

func runMPRSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("mpr simulate")
	m := mprFlags(fs)
	r0 := fs.Float64("r0", math.NaN(), "initial rate")
	v0 := fs.Float64("v0", math.NaN(), "initial potential")
	T := fs.Float64("T", 100, "duration")
	dt := fs.Float64("dt", 1e-3, "step")
	method := fs.String("method", "rk4", "integrator")
	rtol := fs.Float64("rtol", 1e-9, "relative tolerance")
	sample := fs.Float64("sample", 0.01, "output interval")
	var ps pulses
	fs.Var(&ps, "pulse", "AMP:T0:T1 current pulse (repeatable)")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := validateMPR(m); err != nil {
		return err
	}
	if !(*T > 0) {
		return usageErr("--T = %v, want > 0", *T)
	}
	if *sample < 0 {
		return usageErr("--sample = %v, want ≥ 0", *sample)
	}
	st, err := newStepper(*method, *dt, *rtol)
	if err != nil {
		return err
	}
	if set := setFlags(fs); adaptiveMethods[*method] {
		if err := notApplicable(set, "--method "+*method+" (its step is set by --rtol)", "dt"); err != nil {
			return err
		}
		if *sample > 0 {
			if err := checkRows("sample", *sample, *T / *sample); err != nil {
				return err
			}
		}
	} else {
		if err := notApplicable(set, "--method "+*method+" (fixed step --dt)", "rtol"); err != nil {
			return err
		}
		if err := checkSteps("dt", *T, *dt); err != nil {
			return err
		}
		if *sample > 0 {
			if err := checkRows("sample", *sample, *T / *sample); err != nil {
				return err
			}
		} else if err := checkRows("dt", *dt, *T / *dt); err != nil {
			return err
		}
	}
	if !adaptiveMethods[*method] && *sample > 0 {
		k := *sample / *dt
		if k < 1-1e-9 || math.Abs(k-math.Round(k)) > 1e-6*k {
			return usageErr("--sample = %v must be a multiple of --dt = %v for --method %s", *sample, *dt, *method)
		}
	}
	y0 := []float64{*r0, *v0}
	if math.IsNaN(*r0) || math.IsNaN(*v0) {
		fps, err := m.FixedPoints()
		if err != nil {
			return err
		}
		if len(fps) == 0 {
			return usageErr("no equilibrium to start from: give --r0 and --v0")
		}
		if math.IsNaN(*r0) {
			y0[0] = fps[0].Y[0]
		}
		if math.IsNaN(*v0) {
			y0[1] = fps[0].Y[1]
		}
	}
	if err := finiteFlags(map[string]float64{"r0": y0[0], "v0": y0[1]}); err != nil {
		return err
	}
	if y0[0] < 0 {
		return usageErr("--r0 = %v, want ≥ 0 (a firing rate)", y0[0])
	}
	m.Input = ps.Input()
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "t,r,v")
	buf := make([]byte, 0, 80)
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		if !(y[0] >= 0) || math.IsInf(y[0], 0) || math.IsNaN(y[1]) || math.IsInf(y[1], 0) {
			// a firing rate cannot be negative: the step left the model's domain
			if adaptiveMethods[*method] {
				return fmt.Errorf("r = %g, v = %g at t = %g: the state left the model's domain (r ≥ 0, finite)", y[0], y[1], t)
			}
			return usageErr("--dt = %g: r = %g, v = %g at t = %g leave the model's domain (r ≥ 0, finite); lower --dt", *dt, y[0], y[1], t)
		}
		// 12 significant digits hide the round-off of accumulated steps
		buf = strconv.AppendFloat(buf[:0], t, 'g', 12, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, y[0], 'g', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, y[1], 'g', -1, 64)
		buf = append(buf, '\n')
		_, err := w.Write(buf)
		return err
	})
	_, err = ode.Solve(m, st, 0, *T, y0, &ode.Settings{SampleEvery: *sample, Breakpoints: ps.Breakpoints()}, obs)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

func runMPRContinuation(args []string, stdout io.Writer) error {
	fs := newFlags("mpr continuation")
	m := mprFlags(fs)
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
	defaults := map[string][2]float64{"eta": {-8, 0}, "I": {-3, 5}, "J": {0, 30}}
	setters := map[string]func(p float64){
		"eta": func(p float64) { m.EtaBar = p },
		"I":   func(p float64) { m.I = p },
		"J":   func(p float64) { m.J = p },
	}
	def, ok := defaults[*param]
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
	set := setters[*param]
	set(*from)
	if err := validateMPR(m); err != nil {
		return err
	}
	fps, err := m.FixedPoints()
	if err != nil {
		return err
	}
	if len(fps) == 0 {
		return usageErr("no equilibrium at --from = %v", *from)
	}
	y0 := fps[0].Y
	if *start == "high" {
		y0 = fps[len(fps)-1].Y
	}
	step := *ds
	if step == 0 {
		step = (*to - *from) / 200
	}
	step = math.Copysign(math.Abs(step), *to-*from)
	settings := &continuation.Settings{PMin: math.Min(*from, *to), PMax: math.Max(*from, *to), Ds: step, MaxPoints: *maxPoints,
		Valid: func(y []float64) bool { return y[0] > 0 }}
	br, err := continuation.Equilibria(continuation.Problem{Sys: m, Set: set}, y0, *from, settings)
	if err != nil && (br == nil || !errors.Is(err, continuation.ErrStepSize)) {
		return err
	}
	if *csv {
		w := bufio.NewWriter(stdout)
		fmt.Fprintf(w, "%s,r,v,stable,kind\n", *param)
		for _, p := range br.Points {
			fmt.Fprintf(w, "%s,%s,%s,%t,%s\n", fnum(p.P), fnum(p.Y[0]), fnum(p.Y[1]), p.Stable, p.Kind)
		}
		if ferr := w.Flush(); ferr != nil {
			return ferr
		}
		return err
	}
	type obj = map[string]any
	out := struct {
		Param       string `json:"param"`
		Branch      []obj  `json:"branch"`
		SaddleNodes []obj  `json:"saddle_nodes"`
		Hopf        []obj  `json:"hopf"`
	}{Param: *param, Branch: []obj{}, SaddleNodes: []obj{}, Hopf: []obj{}}
	for _, p := range br.Points {
		out.Branch = append(out.Branch, obj{*param: p.P, "r": p.Y[0], "v": p.Y[1], "stable": p.Stable, "kind": p.Kind})
	}
	for _, f := range br.Folds {
		out.SaddleNodes = append(out.SaddleNodes, obj{*param: f.P, "r": f.Y[0], "v": f.Y[1]})
	}
	for _, h := range br.Hopfs {
		out.Hopf = append(out.Hopf, obj{*param: h.P, "r": h.Y[0], "v": h.Y[1], "omega": h.Omega})
	}
	if werr := writeJSON(stdout, out); werr != nil {
		return werr
	}
	return err
}
