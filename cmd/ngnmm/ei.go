package main

import (
	"flag"
	"io"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
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
		Help:    helpEiFixedpoints,
		Run:     runEIFixedPoints,
	})
	register(&command{
		Name:    "ei cycle",
		Summary: "the limit cycle (PING gamma) of the E–I node: frequency, Floquet multipliers (JSON)",
		Help:    helpEiCycle,
		Run:     runEICycle,
	})
	register(&command{
		Name:    "ei continuation",
		Summary: "bifurcation diagram of the E–I node: equilibria, Hopf points (l1), periodic branches (JSON)",
		Help:    helpEiContinuation,
		Run:     runEIContinuation,
	})
	register(&command{
		Name:    "ei",
		Summary: "the E–I next-generation neural mass (PING gamma): see 'ngnmm help ei'",
		Help:    helpEi,
		Run:     groupRun("fixedpoints, cycle or continuation", "ei"),
	})
}

// helpEiFixedpoints is the help text of ngnmm ei fixedpoints.
var helpEiFixedpoints = eiModelHelp + `

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
                "unstable focus" or "non-hyperbolic"`

// helpEiCycle is the help text of ngnmm ei cycle.
var helpEiCycle = eiModelHelp + `

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
  rE_max_hz, rE_min_hz, rI_max_hz, rI_min_hz  range of the rates (Hz)`

// helpEiContinuation is the help text of ngnmm ei continuation.
var helpEiContinuation = eiModelHelp + `

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
      "bifurcations":[{"kind":"fold"|"period-doubling"|"torus","IE":…,"frequency_hz":…}],
      "stopped":"…","range_covered":bool}],
   "stopped":"range covered","range_covered":true}
  branch        equilibria in order of arclength (rates in Hz)
  hopf          Hopf points: frequency ω/2π in Hz, first Lyapunov coefficient
                (eigenvector normalised ⟨q,q⟩ = 1; < 0 supercritical)
  periodic      one branch of limit cycles per Hopf point (a branch that ends
                at another Hopf point also represents it); hopf is the index
                of its Hopf point, end why it stopped ("parameter bound",
                "amplitude vanished" (reached another Hopf point), "max
                points", "max period", "step size"); its stopped and
                range_covered as below ("amplitude vanished" covers the range)
  stopped       why the branch ended: "range covered" (it left the range), or
                "max points: …", "invalid state: …" (a rate left the model's
                domain at the smallest step), "step size: …" (the corrector
                failed at the smallest step); range_covered is true only for
                "range covered…"
The step grows up to (to − from)/points in the parameter: features closer
together than that (a pair of Hopf points) can be missed; raise --points.`

// helpEi is the help text of ngnmm ei.
var helpEi = eiModelHelp + `

Subcommands (each has its own help, e.g. 'ngnmm help ei cycle'):
  ei fixedpoints   all equilibria with eigenvalues and stability (JSON)
  ei cycle         the limit cycle: frequency, Floquet multipliers (JSON)
  ei continuation  bifurcation diagram in IE, II or eps (JSON)
  ei continuation2 Hopf and fold curves in two parameters (JSON)`

// eiFlags defines the model flags on fs and returns the node they fill: the
// E–I node of the homogeneous network, nmm.SelfCoupled with G = --eps.
func eiFlags(fs *flag.FlagSet) *nmm.SelfCoupled {
	m := nmm.DefaultEI()
	s := &nmm.SelfCoupled{Node: &m}
	fs.Float64Var(&m.IE, "IE", m.IE, "I_ext^E")
	fs.Float64Var(&m.II, "II", m.II, "I_ext^I")
	fs.Float64Var(&s.G, "eps", 0, "ε, coupling of the homogeneous network")
	return s
}

func validateEI(m *nmm.SelfCoupled) error { return validateModel(m) }

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
	return writeJSON(stdout, fixedPointsJSON(m, fps))
}

// eiNewKeys are the fields the generic model commands add to the output of
// 'ei cycle' and 'ei continuation'; the aliases drop them so that their JSON
// stays as it was.
var eiNewKeys = map[string]bool{"sE_hz": true, "sI_hz": true, "sE_max_hz": true, "sE_min_hz": true, "sI_max_hz": true,
	"sI_min_hz": true, "vE_max": true, "vE_min": true, "vI_max": true, "vI_min": true,
	"frequency": true, "period": true, "multipliers": true, "exponents": true}

// dropKeys deletes the keys in drop from every object nested in v.
func dropKeys(v any, drop map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if drop[k] {
				delete(x, k)
			} else {
				dropKeys(e, drop)
			}
		}
	case []map[string]any:
		for _, e := range x {
			dropKeys(e, drop)
		}
	}
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
	if err := checkCycleFlags(*transient, *steps); err != nil {
		return err
	}
	y0, err := cycleStart(&nmm.EISpec, m, *y0s)
	if err != nil {
		return err
	}
	out, err := cycleJSON(&nmm.EISpec, m, y0, *transient, *steps)
	if err != nil {
		return err
	}
	dropKeys(out, eiNewKeys)
	return writeJSON(stdout, out)
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
	if err := checkRange(*from, *to, *points); err != nil {
		return err
	}
	if err := validateEI(m); err != nil {
		return err
	}
	out, err := diagramJSON(&nmm.EISpec, m, *param, *from, *to, *points)
	if err != nil {
		return err
	}
	dropKeys(out, eiNewKeys)
	return writeJSON(stdout, out)
}
