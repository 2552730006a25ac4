package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// modelFlagsHelp documents --model and --set; the parameter list is the
// registry's (see 'ngnmm models').
func modelFlagsHelp() string {
	var b strings.Builder
	b.WriteString("Model flags:\n  --model NAME       registered model: " + modelList() + " (default mpr)\n")
	b.WriteString("  --set NAME=VALUE   set a parameter (repeatable); the parameters of each model\n")
	b.WriteString("                     with unit and default (full table: 'ngnmm models'):\n")
	for _, s := range nmm.Models() {
		var ps []string
		for i := range s.Params {
			p := &s.Params[i]
			ps = append(ps, fmt.Sprintf("%s=%g", p.Name, s.Default(p)))
		}
		fmt.Fprintf(&b, "    %s (time in %s): %s\n", s.Name, s.TimeUnit, strings.Join(ps, " "))
	}
	b.WriteString("State variables are reported in the model's units, rates in kHz as NAME_hz\nin Hz.")
	return b.String()
}

func init() {
	register(&command{
		Name:    "model fixedpoints",
		Summary: "all equilibria of a registered model with eigenvalues and stability (JSON)",
		Help:    helpModelFixedpoints,
		Run:     runModelFixedPoints,
	})
	register(&command{
		Name:    "model simulate",
		Summary: "integrate a registered model, optionally with current pulses (CSV t,VARS)",
		Help:    helpModelSimulate,
		Run:     runModelSimulate,
	})
	register(&command{
		Name:    "model cycle",
		Summary: "the limit cycle of a registered model: period, frequency, Floquet multipliers (JSON)",
		Help:    helpModelCycle,
		Run:     runModelCycle,
	})
	register(&command{
		Name:    "model continuation",
		Summary: "bifurcation diagram of a registered model in one parameter (JSON)",
		Help:    helpModelContinuation,
		Run:     runModelContinuation,
	})
	register(&command{
		Name:    "model",
		Summary: "generic commands over the model registry: see 'ngnmm help model'",
		Help:    helpModel,
		Run:     groupRun("fixedpoints, simulate, cycle or continuation", "model"),
	})
}

// helpModelFixedpoints is the help text of ngnmm model fixedpoints.
var helpModelFixedpoints = modelFlagsHelp() + `

Output (JSON): {"fixed_points":[{VAR:…,…,"eigenvalues":[[re,im],…],"stable":bool,"kind":"…"}]}
  one key per state variable (VAR, or VAR_hz for rates in Hz); eigenvalues
  of the Jacobian in 1/time unit of the model, by decreasing real part;
  kind as in 'ngnmm help mpr fixedpoints'. Only models with exact equilibria
  (mpr, ei) are accepted.`

// helpModelSimulate is the help text of ngnmm model simulate.
var helpModelSimulate = modelFlagsHelp() + `

Flags:
  --y0        initial state, comma-separated in the model's units (default:
              the lowest equilibrium of models with exact equilibria)
  --T         duration (time unit of the model; default 100)
  --dt        step of fixed-step methods (default 0.001)
  --method    integrator: ` + methodNames() + ` (default rk4)
  --rtol      relative tolerance of adaptive methods (default 1e-9)
  --pulse     AMP:T0:T1, add the current AMP on T0 ≤ t < T1 to the model's
              drive (repeatable; models with a drive: mpr, ei, mpr-adapt)
  --sample    output interval (default 0.01; 0: every step)

Output (CSV with header): t and one column per state variable, named and
scaled as in 'ngnmm help model fixedpoints' (time in the time unit of the
model: ms or τ).`

// helpModelCycle is the help text of ngnmm model cycle.
var helpModelCycle = modelFlagsHelp() + `

Flags:
  --y0         initial state (default: a point near the first unstable
               equilibrium, else the first equilibrium)
  --transient  time integrated before searching (time unit; default 500)
  --steps      RK4 steps per period for shooting and monodromy (default 2000)

Output (JSON):
  {"state":"periodic"|"stationary","period":…,"frequency":…,"multipliers":[[re,im],…],
   "exponents":[[re,im],…],"stable":bool,"trivial_multiplier_error":…,VAR_max:…,VAR_min:…}
  period, frequency  in the model's time unit and its inverse; models in ms
               also give frequency_hz, period_ms, floquet, floquet_exponents
               (the fields of 'ngnmm ei cycle')
  VAR_max, VAR_min  range of each state variable (rates: VAR_max_hz in Hz);
               for "stationary" the equilibrium the trajectory settled on`

// helpModelContinuation is the help text of ngnmm model continuation.
var helpModelContinuation = modelFlagsHelp() + `

Flags:
  --param       the parameter to continue (a name of --set)
  --from, --to  parameter range (--from default: the parameter's value)
  --points      approximate number of equilibria on the branch (default 200)

Output (JSON), as 'ngnmm help ei continuation' with every state variable:
  {"param":P,"branch":[{P:…,VAR:…,"stable":bool,"kind":"…"}],"saddle_nodes":[…],
   "hopf":[{P:…,"frequency":…,"first_lyapunov":…,"criticality":"…",VAR:…}],
   "periodic":[{"hopf":i,"end":"…","points":[…],"bifurcations":[…],"stopped":"…","range_covered":bool}],
   "stopped":"…","range_covered":bool}
  frequency in 1/time unit (models in ms: frequency_hz in Hz, period_ms)`

// helpModel is the help text of ngnmm model.
var helpModel = modelFlagsHelp() + `

Subcommands: model fixedpoints, model simulate, model cycle, model continuation,
model continuation2.`

// paramSets is the repeatable --set NAME=VALUE flag.
type paramSets map[string]float64

func (p paramSets) String() string { return fmt.Sprint(map[string]float64(p)) }

// Set parses NAME=VALUE with a finite VALUE of magnitude ≤ maxFlagMagnitude.
func (p paramSets) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxFlagMagnitude {
		return fmt.Errorf("%s: want a finite number of magnitude ≤ %g, got %q", name, float64(maxFlagMagnitude), val)
	}
	p[name] = v
	return nil
}

// modelSel holds --model and --set, or, for the model-specific commands
// (mpr …, ei …), the one model whose registry parameters are flags of their
// own (--tau, --eta, …).
type modelSel struct {
	name  string
	sets  paramSets
	alias *flag.FlagSet // non-nil: parameters are the flags of alias
}

func addModelFlags(fs *flag.FlagSet) *modelSel {
	ms := &modelSel{sets: paramSets{}}
	fs.StringVar(&ms.name, "model", "mpr", "registered model")
	fs.Var(ms.sets, "set", "NAME=VALUE parameter (repeatable)")
	return ms
}

// aliasFlags defines one flag per registry parameter of the model name
// (flag name = parameter name, default = the registry's default).
func aliasFlags(fs *flag.FlagSet, name string) *modelSel {
	s, err := nmm.Lookup(name)
	if err != nil {
		panic(err) // a programming error caught by every test
	}
	ms := &modelSel{name: name, sets: paramSets{}, alias: fs}
	for i := range s.Params {
		p := &s.Params[i]
		fs.Float64(p.Name, s.Default(p), p.Symbol+", "+p.Doc)
	}
	return ms
}

// build returns the selected model with its parameters set and validated;
// errors are usage errors naming --model or --set NAME (alias: --NAME).
func (ms *modelSel) build() (*nmm.Spec, nmm.Model, error) {
	s, err := nmm.Lookup(ms.name)
	if err != nil {
		return nil, nil, usageErr("--model: %s", strings.TrimPrefix(err.Error(), "nmm: "))
	}
	flagOf := func(p string) string { return "--set " + p }
	vals := paramSets{}
	if ms.alias != nil {
		flagOf = func(p string) string { return "--" + p }
		ms.alias.Visit(func(f *flag.Flag) {
			if s.Param(f.Name) != nil {
				vals[f.Name] = f.Value.(flag.Getter).Get().(float64)
			}
		})
	}
	for n, v := range ms.sets { // --set, or a value the command sets (mpr continuation's --from)
		vals[n] = v
	}
	m := s.New()
	if s.Coupling() != nil {
		// the single-node analyses of a model with a coupling parameter
		// are of its homogeneous-network node (coupling 0 unless set)
		sc, err := s.SelfCoupled(m, 0)
		if err != nil {
			return nil, nil, err
		}
		m = sc
	}
	for n, v := range vals {
		if err := s.Set(m, n, v); err != nil {
			return nil, nil, usageErr("--set: %s", strings.TrimPrefix(err.Error(), "nmm: "))
		}
	}
	if err := validateAs(m, flagOf); err != nil {
		return nil, nil, err
	}
	return s, m, nil
}

// validateAs validates m; a *nmm.ParamError becomes a usage error naming
// the flag flagOf(parameter name).
func validateAs(m nmm.Model, flagOf func(param string) string) error {
	err := validate(m)
	if err == nil {
		return nil
	}
	var pe *nmm.ParamError
	if errors.As(err, &pe) {
		return usageErr("%s (flag %s)", strings.TrimPrefix(err.Error(), "nmm: "), flagOf(pe.Name))
	}
	return usageErr("%s", strings.TrimPrefix(err.Error(), "nmm: "))
}

// varKeys returns the JSON/CSV names of m's state variables and the factors
// that convert them to the reported units (kHz → Hz: NAME_hz, ×1000).
func varKeys(m nmm.Model, infix string) ([]string, []float64) {
	units := m.Units()
	keys := make([]string, m.Dim())
	scales := make([]float64, m.Dim())
	for i, v := range m.Vars() {
		sc, suf := nmm.DisplayScale(units[i])
		keys[i], scales[i] = v+infix+suf, sc
	}
	return keys, scales
}

// putState adds the state y to o under the reported names.
func putState(o map[string]any, m nmm.Model, y []float64, infix string) {
	keys, sc := varKeys(m, infix)
	for i, k := range keys {
		o[k] = sc[i] * y[i]
	}
}

// timeKeys returns the names and factor of a frequency and a period in the
// model's time unit: in ms, frequency_hz (×1000) and period_ms.
func timeKeys(s *nmm.Spec) (freq string, fscale float64, period string) {
	if s.TimeUnit == "ms" {
		return "frequency_hz", hz(1), "period_ms"
	}
	return "frequency", 1, "period"
}

// equilibria returns the exact equilibria of m, or a usage error for a
// model without them.
func equilibria(s *nmm.Spec, m nmm.Model) ([]nmm.FixedPoint, error) {
	eq, ok := m.(nmm.Equilibria)
	if !ok {
		return nil, usageErr("--model %s has no exact equilibria (give --y0)", s.Name)
	}
	return eq.FixedPoints()
}

// fixedPointsJSON is the {"fixed_points":[…]} object of m's equilibria.
func fixedPointsJSON(m nmm.Model, fps []nmm.FixedPoint) any {
	keys, sc := varKeys(m, "")
	list := []orderedObj{}
	for _, fp := range fps {
		o := orderedObj{}
		for i, k := range keys {
			o = append(o, kv{k, sc[i] * fp.Y[i]})
		}
		o = append(o, kv{"eigenvalues", pairs(fp.Eigenvalues)}, kv{"stable", fp.Stable}, kv{"kind", fp.Kind})
		list = append(list, o)
	}
	return struct {
		FixedPoints []orderedObj `json:"fixed_points"`
	}{list}
}

// writeFixedPointsCSV writes VARS,stable,kind,eigenvalues (re+imi, space
// separated), one equilibrium a row.
func writeFixedPointsCSV(stdout io.Writer, m nmm.Model, fps []nmm.FixedPoint) error {
	keys, sc := varKeys(m, "")
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, strings.Join(keys, ",")+",stable,kind,eigenvalues")
	for _, fp := range fps {
		var ev []string
		for _, l := range fp.Eigenvalues {
			ev = append(ev, fnum(real(l))+"+"+fnum(imag(l))+"i")
		}
		for i := range keys {
			fmt.Fprintf(w, "%s,", fnum(sc[i]*fp.Y[i]))
		}
		fmt.Fprintf(w, "%t,%s,%s\n", fp.Stable, fp.Kind, strings.Join(ev, " "))
	}
	return w.Flush()
}

func runModelFixedPoints(args []string, stdout io.Writer) error {
	return fixedPointsCmd("model fixedpoints", "", args, stdout)
}

// fixedPointsCmd is 'model fixedpoints' (alias "") or the fixed-points
// command of the model alias (flags named after its parameters).
func fixedPointsCmd(name, alias string, args []string, stdout io.Writer) error {
	fs := newFlags(name)
	ms := selFlags(fs, alias)
	csv := fs.Bool("csv", false, "print CSV")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	fps, err := equilibria(s, m)
	if err != nil {
		return err
	}
	if *csv {
		return writeFixedPointsCSV(stdout, m, fps)
	}
	return writeJSON(stdout, fixedPointsJSON(m, fps))
}

// selFlags is [addModelFlags] (alias "") or [aliasFlags].
func selFlags(fs *flag.FlagSet, alias string) *modelSel {
	if alias == "" {
		return addModelFlags(fs)
	}
	return aliasFlags(fs, alias)
}

// parseVec parses n comma-separated finite numbers (the flag is named for
// the error).
func parseVec(flagName, s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, usageErr("--%s %q: want %d comma-separated numbers", flagName, s, n)
	}
	y := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxFlagMagnitude {
			return nil, usageErr("--%s %q: component %d is not a finite number", flagName, s, i+1)
		}
		y[i] = v
	}
	return y, nil
}

// initialState is --y0, or (empty) the lowest equilibrium of the model.
func initialState(s *nmm.Spec, m nmm.Model, y0 string) ([]float64, error) {
	if y0 != "" {
		return parseVec("y0", y0, m.Dim())
	}
	fps, err := equilibria(s, m)
	if err != nil {
		return nil, err
	}
	if len(fps) == 0 {
		return nil, usageErr("no equilibrium to start from: give --y0")
	}
	return append([]float64(nil), fps[0].Y...), nil
}

// simFlags are the integration flags of the simulate commands.
type simFlags struct {
	T, dt, rtol, sample *float64
	method              *string
	ps                  pulses
}

func addSimFlags(fs *flag.FlagSet) *simFlags {
	f := &simFlags{T: fs.Float64("T", 100, "duration"), dt: fs.Float64("dt", 1e-3, "step"),
		method: fs.String("method", "rk4", "integrator"), rtol: fs.Float64("rtol", 1e-9, "relative tolerance"),
		sample: fs.Float64("sample", 0.01, "output interval")}
	fs.Var(&f.ps, "pulse", "AMP:T0:T1 current pulse (repeatable)")
	return f
}

func runModelSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("model simulate")
	ms := addModelFlags(fs)
	y0s := fs.String("y0", "", "initial state")
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
	y0, err := initialState(s, m, *y0s)
	if err != nil {
		return err
	}
	return sf.run(stdout, s, m, st, y0)
}

// stepper checks --T, --sample, the step or tolerance and the limits, and
// returns the stepper; set are the flags given.
func (f *simFlags) stepper(set map[string]bool) (ode.Stepper, error) {
	T, sample, dt, method := *f.T, *f.sample, *f.dt, *f.method
	if !(T > 0) {
		return nil, usageErr("--T = %v, want > 0", T)
	}
	if sample < 0 {
		return nil, usageErr("--sample = %v, want ≥ 0", sample)
	}
	st, err := newStepper(method, dt, *f.rtol)
	if err != nil {
		return nil, err
	}
	if err := f.limits(set); err != nil {
		return nil, err
	}
	if !adaptiveMethods[method] && sample > 0 {
		k := sample / dt
		if k < 1-1e-9 || math.Abs(k-math.Round(k)) > 1e-6*k {
			return nil, usageErr("--sample = %v must be a multiple of --dt = %v for --method %s", sample, dt, method)
		}
	}
	return st, nil
}

// limits refuses flags without effect for the method and runs beyond the
// step and row limits.
func (f *simFlags) limits(set map[string]bool) error {
	T, sample, dt, method := *f.T, *f.sample, *f.dt, *f.method
	if adaptiveMethods[method] {
		if err := notApplicable(set, "--method "+method+" (its step is set by --rtol)", "dt"); err != nil {
			return err
		}
	} else {
		if err := notApplicable(set, "--method "+method+" (fixed step --dt)", "rtol"); err != nil {
			return err
		}
		if err := checkSteps("dt", T, dt); err != nil {
			return err
		}
		if sample == 0 {
			return checkRows("dt", dt, T/dt)
		}
	}
	if sample > 0 {
		return checkRows("sample", sample, T/sample)
	}
	return nil
}

// run sets the pulses as m's drive, integrates m from y0 and writes the CSV
// t,VARS (reported units).
func (f *simFlags) run(stdout io.Writer, s *nmm.Spec, m nmm.Model, st ode.Stepper, y0 []float64) error {
	if len(f.ps) > 0 {
		if err := s.SetInput(m, f.ps.Input()); err != nil {
			return usageErr("--pulse: %s", strings.TrimPrefix(err.Error(), "nmm: "))
		}
	}
	keys, sc := varKeys(m, "")
	inDomain := domainCheck(m, *f.dt, adaptiveMethods[*f.method])
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "t,"+strings.Join(keys, ","))
	buf := make([]byte, 0, 160)
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		if err := inDomain(t, y); err != nil {
			return err
		}
		// 12 significant digits hide the round-off of accumulated steps
		buf = strconv.AppendFloat(buf[:0], t, 'g', 12, 64)
		for i, x := range y {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, sc[i]*x, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		_, err := w.Write(buf)
		return err
	})
	_, err := ode.Solve(m, st, 0, *f.T, y0, &ode.Settings{SampleEvery: *f.sample, Breakpoints: f.ps.Breakpoints()}, obs)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// domainCheck returns the check of a sampled state: finite, with every
// rate (a variable in kHz or 1/τ) ≥ 0. Leaving the domain is an error
// naming the state and time; with a fixed step, a usage error naming --dt.
func domainCheck(m nmm.Model, dt float64, adaptive bool) func(t float64, y []float64) error {
	var rates []string
	isRate := rateVars(m)
	for i, v := range m.Vars() {
		if isRate[i] {
			rates = append(rates, v)
		}
	}
	if len(rates) == 0 {
		return func(float64, []float64) error { return nil }
	}
	dom := strings.Join(rates, ", ") + " ≥ 0, finite"
	return func(t float64, y []float64) error {
		ok := true
		for i, x := range y {
			if math.IsNaN(x) || math.IsInf(x, 0) || (isRate[i] && !(x >= 0)) {
				ok = false
			}
		}
		if ok {
			return nil
		}
		var st []string
		for i, v := range m.Vars() {
			st = append(st, fmt.Sprintf("%s = %g", v, y[i]))
		}
		if adaptive {
			return fmt.Errorf("%s at t = %g: the state left the model's domain (%s)", strings.Join(st, ", "), t, dom)
		}
		return usageErr("--dt = %g: %s at t = %g leave the model's domain (%s); lower --dt", dt, strings.Join(st, ", "), t, dom)
	}
}

// cloneModel returns a copy of the model struct m points to.
func cloneModel(m nmm.Model) nmm.Model {
	if sc, ok := m.(*nmm.SelfCoupled); ok {
		return &nmm.SelfCoupled{Node: cloneModel(sc.Node).(nmm.Coupled), G: sc.G}
	}
	v := reflect.New(reflect.TypeOf(m).Elem())
	v.Elem().Set(reflect.ValueOf(m).Elem())
	return v.Interface().(nmm.Model)
}

// family returns the one-parameter family of m in parameter param.
func family(s *nmm.Spec, m nmm.Model, param string) (cycle.Family, error) {
	if s.Param(param) == nil {
		return nil, usageErr("--param %q unknown, want one of %s", param, strings.Join(s.ParamNames(), ", "))
	}
	return func(p float64) (ode.System, cycle.JacFunc) {
		c := cloneModel(m)
		_ = s.Set(c, param, p)
		if j, ok := c.(nmm.Jacobian); ok {
			return c, j.Jac
		}
		return c, nil
	}, nil
}

// kv and orderedObj write a JSON object with its keys in a given order.
type kv struct {
	k string
	v any
}

type orderedObj []kv

// MarshalJSON writes the pairs in order.
func (o orderedObj) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, p := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, p.k)
		b = append(b, ':')
		vb, err := jsonMarshal(p.v)
		if err != nil {
			return nil, err
		}
		b = append(b, vb...)
	}
	return append(b, '}'), nil
}

// hz converts a frequency in kHz (1/ms, the time unit of the E–I models) to
// Hz by the registry's display scale.
func hz(fkHz float64) float64 {
	sc, _ := nmm.DisplayScale("kHz")
	return sc * fkHz
}
