package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

const eiModelHelp = `Model (E–I next-generation neural mass, Delicado, Huguet & Clusella,
arXiv:2512.03907 (2025); times in ms, rates in kHz internally, reported in Hz):
  τE  drE/dt = ΔE/(π τE) + 2 rE vE
  τE  dvE/dt = vE² + ηE + IE − (π τE rE)² + τE JEE sE − τE JEI sI + τE ε sE
  τsE dsE/dt = −sE + rE
  τI  drI/dt = ΔI/(π τI) + 2 rI vI
  τI  dvI/dt = vI² + ηI + II − (π τI rI)² + τI JIE sE − τI JII sI + τI ε sE
  τsI dsI/dt = −sI + rI
with τE = τI = 8 ms, τsE = 1 ms, τsI = 5 ms, ηE = ηI = −5, ΔE = ΔI = 1,
JEE = JII = 5, JEI = JIE = 13. ε is the self-coupling of the homogeneous
network (the synchronous state of a row-normalised network with global
coupling ε); ε = 0 is the isolated node.

Model flags:
  --IE   I_ext^E, drive of the E population (default 0)
  --II   I_ext^I, drive of the I population (default 0)
  --eps  ε, homogeneous-network self-coupling (default 0)`

func init() {
	register(&command{
		Name:    "ei fixedpoints",
		Summary: "all equilibria of the E–I node with eigenvalues and stability (JSON)",
		Help: eiModelHelp + `

Output (JSON): {"fixed_points":[{"rE_hz":…,"vE":…,"sE_hz":…,"rI_hz":…,"vI":…,"sI_hz":…,
                 "eigenvalues":[[re,im],…],"stable":bool,"kind":"…"}]}
  fixed_points  every equilibrium, sorted by increasing rE (found on a fine
                logarithmic grid of rE after reducing to two equations)
  rE_hz, rI_hz  population rates (Hz); sE_hz, sI_hz synaptic variables (Hz)
  vE, vI        mean membrane potentials (dimensionless)
  eigenvalues   eigenvalues of the Jacobian, [real, imaginary] in 1/ms, by
                decreasing real part; |Im|/(2π)·1000 is a frequency in Hz
  stable        true if all real parts are negative
  kind          "stable node", "stable focus", "saddle", "unstable node",
                "unstable focus" or "non-hyperbolic"`,
		Run: runEIFixedPoints,
	})
	register(&command{
		Name:    "ei cycle",
		Summary: "the limit cycle (PING gamma) of the E–I node: frequency, Floquet multipliers (JSON)",
		Help: eiModelHelp + `

Flags: the model flags and
  --y0         initial state rE,vE,sE,rI,vI,sI (rates in kHz; default
               0.05,-1,0.05,0.05,-1,0.05)
  --transient  time integrated before searching (ms; default 500)
  --steps      RK4 steps per period for shooting and monodromy (default 2000)

The trajectory is integrated (RK4, dt = 0.01 ms) until its oscillation
settles or dies out; a Poincaré section crossing gives the period guess, and
Newton shooting refines the cycle to 1e-10.

Output (JSON):
  {"state":"periodic"|"stationary","frequency_hz":…,"period_ms":…,
   "floquet":[[re,im],…],"floquet_exponents":[[re,im],…],"stable":bool,
   "trivial_multiplier_error":…,"rE_max_hz":…,"rE_min_hz":…,"rI_max_hz":…,"rI_min_hz":…}
  state          "stationary" if the oscillation died out (then frequency_hz,
                 period_ms are 0, the Floquet lists empty and the rE/rI
                 fields give the final state)
  frequency_hz   1000/period_ms
  floquet        Floquet multipliers, by decreasing modulus (one is 1)
  floquet_exponents  ln(multiplier)/period (1/ms)
  trivial_multiplier_error  |multiplier closest to 1 − 1| (accuracy check)
  rE_max_hz, rE_min_hz, rI_max_hz, rI_min_hz  range of the rates (Hz)`,
		Run: runEICycle,
	})
	register(&command{
		Name:    "ei continuation",
		Summary: "bifurcation diagram of the E–I node: equilibria, Hopf points (l1), periodic branches (JSON)",
		Help: eiModelHelp + `

Flags: the model flags and
  --param       continuation parameter: IE, II or eps (default IE)
  --from, --to  parameter range (default 0…20)
  --points      approximate number of equilibria on the branch (default 200)

The equilibrium branch (starting at the equilibrium at --from) is followed by
pseudo-arclength continuation; Hopf points are located on it and their first
Lyapunov coefficient computed (Kuznetsov's formula); the periodic orbits born
at each Hopf point are continued by shooting until they leave the range or
vanish at another Hopf point.

Output (JSON; PARAM is the value of --param):
  {"param":"IE","branch":[{"IE":…,"rE_hz":…,"vE":…,"rI_hz":…,"vI":…,"stable":bool,"kind":"…"}],
   "saddle_nodes":[{"IE":…,"rE_hz":…}],
   "hopf":[{"IE":…,"frequency_hz":…,"first_lyapunov":…,"criticality":"supercritical"|"subcritical","rE_hz":…,"rI_hz":…}],
   "periodic":[{"hopf":i,"end":"…","points":[{"IE":…,"frequency_hz":…,"period_ms":…,
      "rE_max_hz":…,"rE_min_hz":…,"rI_max_hz":…,"rI_min_hz":…,"stable":bool,"floquet":[[re,im],…]}],
      "bifurcations":[{"kind":"fold"|"period-doubling"|"torus","IE":…,"frequency_hz":…}]}]}
  branch        equilibria in order of arclength (rates in Hz)
  hopf          Hopf points: frequency ω/2π in Hz, first Lyapunov coefficient
                (eigenvector normalised ⟨q,q⟩ = 1; < 0 supercritical)
  periodic      one branch of limit cycles per Hopf point (a branch that ends
                at another Hopf point also represents it); hopf is the index
                of its Hopf point, end why it stopped ("parameter bound",
                "amplitude vanished" (reached another Hopf point), "max
                points", "max period", "step size")`,
		Run: runEIContinuation,
	})
	register(&command{
		Name:    "ei",
		Summary: "the E–I next-generation neural mass (PING gamma): see 'ngnmm help ei'",
		Help: eiModelHelp + `

Subcommands (each has its own help, e.g. 'ngnmm help ei cycle'):
  ei fixedpoints   all equilibria with eigenvalues and stability (JSON)
  ei cycle         the limit cycle: frequency, Floquet multipliers (JSON)
  ei continuation  bifurcation diagram in IE, II or eps (JSON)`,
		Run: func(args []string, _ io.Writer) error {
			if len(args) > 0 {
				return usageErr("unknown subcommand %q: want fixedpoints, cycle or continuation", args[0])
			}
			return usageErr("want a subcommand: fixedpoints, cycle or continuation (see 'ngnmm help ei')")
		},
	})
}

// eiFlags defines the model flags on fs and returns the model they fill.
func eiFlags(fs *flag.FlagSet) *nmm.EI {
	m := nmm.DefaultEI()
	fs.Float64Var(&m.IE, "IE", m.IE, "I_ext^E")
	fs.Float64Var(&m.II, "II", m.II, "I_ext^I")
	fs.Float64Var(&m.Eps, "eps", m.Eps, "ε, self-coupling")
	return &m
}

func validateEI(m *nmm.EI) error { return validateModel(m) }

func runEIFixedPoints(args []string, stdout io.Writer) error {
	fs := newFlags("ei fixedpoints")
	m := eiFlags(fs)
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := validateEI(m); err != nil {
		return err
	}
	fps, err := m.FixedPoints()
	if err != nil {
		return err
	}
	type fp struct {
		RE          float64      `json:"rE_hz"`
		VE          float64      `json:"vE"`
		SE          float64      `json:"sE_hz"`
		RI          float64      `json:"rI_hz"`
		VI          float64      `json:"vI"`
		SI          float64      `json:"sI_hz"`
		Eigenvalues [][2]float64 `json:"eigenvalues"`
		Stable      bool         `json:"stable"`
		Kind        string       `json:"kind"`
	}
	out := struct {
		FixedPoints []fp `json:"fixed_points"`
	}{FixedPoints: []fp{}}
	for _, f := range fps {
		y := f.Y
		out.FixedPoints = append(out.FixedPoints, fp{RE: 1000 * y[0], VE: y[1], SE: 1000 * y[2], RI: 1000 * y[3], VI: y[4], SI: 1000 * y[5],
			Eigenvalues: pairs(f.Eigenvalues), Stable: f.Stable, Kind: f.Kind})
	}
	return writeJSON(stdout, out)
}

func parseState(s string) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 6 {
		return nil, usageErr("--y0 %q: want 6 comma-separated numbers rE,vE,sE,rI,vI,sI", s)
	}
	y := make([]float64, 6)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, usageErr("--y0 %q: component %d is not a finite number", s, i+1)
		}
		y[i] = v
	}
	return y, nil
}

func runEICycle(args []string, stdout io.Writer) error {
	fs := newFlags("ei cycle")
	m := eiFlags(fs)
	y0s := fs.String("y0", "0.05,-1,0.05,0.05,-1,0.05", "initial state")
	transient := fs.Float64("transient", 500, "transient (ms)")
	steps := fs.Int("steps", cycle.DefaultSteps, "RK4 steps per period")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := validateEI(m); err != nil {
		return err
	}
	if *transient < 0 {
		return usageErr("--transient = %v, want ≥ 0", *transient)
	}
	if *transient > 1e6 {
		return usageErr("--transient = %v ms, want ≤ 10⁶ ms (RK4 at dt = 0.01 ms)", *transient)
	}
	if *steps < 100 {
		return usageErr("--steps = %d, want ≥ 100", *steps)
	}
	y0, err := parseState(*y0s)
	if err != nil {
		return err
	}
	o, err := cycle.Find(m, y0, &cycle.Options{Transient: math.Max(*transient, 1e-9), Steps: *steps})
	if errors.Is(err, cycle.ErrStationary) {
		// report the state the trajectory settled on
		st := ode.NewRK4(0.01)
		y := append([]float64(nil), y0...)
		if _, err := ode.Solve(m, st, 0, *transient+2000, y, nil, ode.ObserverFunc(func(t float64, s []float64) error {
			copy(y, s)
			return nil
		})); err != nil {
			return err
		}
		// report the nearest equilibrium (the trajectory may still be
		// converging slowly, e.g. just below a Hopf point)
		stable := true
		if fps, err := m.FixedPoints(); err == nil {
			best := math.Inf(1)
			for _, f := range fps {
				d := 0.0
				for i := range y {
					d = math.Max(d, math.Abs(f.Y[i]-y[i]))
				}
				if d < best && d < 0.1 {
					best, stable = d, f.Stable
					copy(y, f.Y)
				}
			}
		}
		return writeJSON(stdout, map[string]any{"state": "stationary", "frequency_hz": 0.0, "period_ms": 0.0,
			"floquet": [][2]float64{}, "floquet_exponents": [][2]float64{}, "stable": stable, "trivial_multiplier_error": 0.0,
			"rE_max_hz": 1000 * y[0], "rE_min_hz": 1000 * y[0], "rI_max_hz": 1000 * y[3], "rI_min_hz": 1000 * y[3]})
	}
	if err != nil {
		return err
	}
	return writeJSON(stdout, map[string]any{"state": "periodic", "frequency_hz": 1000 / o.Period, "period_ms": o.Period,
		"floquet": pairs(o.Multipliers), "floquet_exponents": pairs(o.Exponents), "stable": o.Stable,
		"trivial_multiplier_error": o.TrivialError,
		"rE_max_hz":                1000 * o.Max[nmm.EIrE], "rE_min_hz": 1000 * o.Min[nmm.EIrE],
		"rI_max_hz": 1000 * o.Max[nmm.EIrI], "rI_min_hz": 1000 * o.Min[nmm.EIrI]})
}

// eiFamily returns the one-parameter family of the E–I node in param.
func eiFamily(base nmm.EI, param string) cycle.Family {
	return func(p float64) (ode.System, cycle.JacFunc) {
		m := base
		switch param {
		case "IE":
			m.IE = p
		case "II":
			m.II = p
		case "eps":
			m.Eps = p
		}
		return &m, m.Jac
	}
}

func runEIContinuation(args []string, stdout io.Writer) error {
	fs := newFlags("ei continuation")
	m := eiFlags(fs)
	param := fs.String("param", "IE", "IE, II or eps")
	from := fs.Float64("from", 0, "start of the parameter range")
	to := fs.Float64("to", 20, "end of the parameter range")
	points := fs.Int("points", 200, "number of equilibria")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if *param != "IE" && *param != "II" && *param != "eps" {
		return usageErr("--param %q unknown, want IE, II or eps", *param)
	}
	if *from == *to {
		return usageErr("--from = --to = %v, want a non-empty range", *from)
	}
	if *points < 10 || *points > 100000 {
		return usageErr("--points = %d, want 10…100000", *points)
	}
	if err := validateEI(m); err != nil {
		return err
	}
	fam := eiFamily(*m, *param)
	sys, _ := fam(*from)
	m0 := sys.(*nmm.EI)
	fps, err := m0.FixedPoints()
	if err != nil {
		return err
	}
	if len(fps) == 0 {
		return usageErr("no equilibrium at --from = %v", *from)
	}
	d, err := cycle.BifurcationDiagram(fam, fps[0].Y, *from, *to, &cycle.DiagramSettings{Points: *points,
		Valid: func(y []float64) bool { return y[0] > 0 && y[3] > 0 }})
	if err != nil {
		return err
	}
	type obj = map[string]any
	out := struct {
		Param       string `json:"param"`
		Branch      []obj  `json:"branch"`
		SaddleNodes []obj  `json:"saddle_nodes"`
		Hopf        []obj  `json:"hopf"`
		Periodic    []obj  `json:"periodic"`
	}{Param: *param, Branch: []obj{}, SaddleNodes: []obj{}, Hopf: []obj{}, Periodic: []obj{}}
	for _, p := range d.Equilibria.Points {
		out.Branch = append(out.Branch, obj{*param: p.P, "rE_hz": 1000 * p.Y[0], "vE": p.Y[1], "rI_hz": 1000 * p.Y[3], "vI": p.Y[4],
			"stable": p.Stable, "kind": p.Kind})
	}
	for _, f := range d.Equilibria.Folds {
		out.SaddleNodes = append(out.SaddleNodes, obj{*param: f.P, "rE_hz": 1000 * f.Y[0], "rI_hz": 1000 * f.Y[3]})
	}
	for _, h := range d.Hopf {
		crit := "supercritical"
		if h.L1 > 0 {
			crit = "subcritical"
		}
		out.Hopf = append(out.Hopf, obj{*param: h.P, "frequency_hz": 1000 * h.Frequency(), "first_lyapunov": h.L1,
			"criticality": crit, "rE_hz": 1000 * h.X[0], "rI_hz": 1000 * h.X[3]})
	}
	for i, br := range d.Cycles {
		pts := []obj{}
		for _, p := range br.Points {
			pts = append(pts, obj{*param: p.P, "frequency_hz": 1000 / p.Period, "period_ms": p.Period,
				"rE_max_hz": 1000 * p.Max[nmm.EIrE], "rE_min_hz": 1000 * p.Min[nmm.EIrE],
				"rI_max_hz": 1000 * p.Max[nmm.EIrI], "rI_min_hz": 1000 * p.Min[nmm.EIrI],
				"stable": p.Stable, "floquet": pairs(p.Multipliers)})
		}
		bifs := []obj{}
		for _, b := range br.Bifurcations {
			bifs = append(bifs, obj{"kind": b.Kind, *param: b.P, "frequency_hz": 1000 / b.Period})
		}
		out.Periodic = append(out.Periodic, obj{"hopf": d.CycleHopf[i], "end": br.End, "points": pts, "bifurcations": bifs})
	}
	for i, e := range d.CycleErrors {
		if e != nil {
			return fmt.Errorf("periodic branch from Hopf point %d: %w", i, e)
		}
	}
	return writeJSON(stdout, out)
}
