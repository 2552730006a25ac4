package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/fc"
	"github.com/ngnmm/ngnmm/nmm/network"
)

func init() {
	register(&command{
		Name:    "network simulate",
		Summary: "whole-brain network of E–I or MPR nodes on a real connectome: rates, synchrony, FC, BOLD (JSON)",
		Help: `Simulates N copies of a node model coupled through a registered connectome
(see 'ngnmm data list'): c_n = ε Σ_m W[n][m] x_m(t − L[n][m]/speed), with x
the node's coupling variable (sE for ei, r for mpr). Times are in ms.

Models:
  ei   E–I NG-NMM of Delicado, Huguet & Clusella, arXiv:2512.03907 (2025),
       docs/models.md § E–I node (nmm.DefaultEI: τE = τI = 8 ms, τsE = 1, τsI = 5 ms,
       η = −5, Δ = 1, JEE = JII = 5, JEI = JIE = 13); c enters vE and vI.
  mpr  Montbrió–Pazó–Roxin node (nmm.MPR; --tau in ms); c enters v as τc.
  Every other registered model with a coupling variable works the same way
  (its parameters by --set; rates r… reported as mean_rate_hz entries).
The initial state is the lowest equilibrium of the self-coupled node (the
homogeneous state, nmm/brain) perturbed by --ic-noise.

Flags:
  --connectome NAME  registered dataset (default aal90)
  --model NAME       node model: a registered model with a coupling variable
                     (see 'ngnmm models'; default ei)
  --set NAME=VALUE   set a model parameter (repeatable; names as in 'ngnmm models')
  --norm row|max|instrength|none
                     weight normalisation (default: row for ei — zero
                     diagonal, rows sum to 1 as in the paper — max for mpr)
  --eps ε            global coupling (default 9 for ei, 0.01 for mpr)
  --IE               E drive I_ext^E of the ei model (default 15)
  --II               I drive I_ext^I of the ei model (default 0)
  --eta, --J, --delta, --tau   mpr parameters (defaults −5, 15, 1, 1 ms)
                     (--IE/--II with mpr, or the mpr flags with ei, are refused)
  --T                duration after the transient (ms, default 1000)
  --transient        discarded lead time (ms, default 100); with --bold use
                     ≥ 10000 so that the haemodynamic response to the onset of
                     activity has settled (BOLD is integrated through it)
  --dt               step (ms, default 0.01)
  --method           rk4|heun|euler (default rk4)
  --seed             random seed of the initial condition and noise (default 1)
  --noise σ          additive noise on the variables the network input enters
                     (vE, vI for ei; v for mpr) (default 0)
  --ic-noise         s.d. of the N(0, s²) perturbation of every variable of the
                     homogeneous initial state (default 0.01, as the authors' scripts)
  --speed            conduction speed (mm/ms); 0: no delays (default 0); needs a
                     connectome with tract lengths (tvb*, hcp-*)
  --workers n        goroutines of the delayed-input gather (default 1; 2 halves
                     the wall time on tvb998 with delays)
  --average          averaging window of the recorded signals (ms, default 1)
  --bold             also simulate BOLD (Balloon–Windkessel, Friston 2003) from
                     the E rate (ei) or r (mpr) in kHz (so that the inflow stays
                     physiological: f − 1 = z/γ at rest)
  --tr               BOLD sampling interval (s, default 0.72)
  --out-signals F    CSV of the averaged coupling variable (t in ms, one column per
                     region), written as the run goes (renamed onto F at the end)
  --out-fc F         CSV of the FC matrix of those signals
  --out-bold F       CSV of the BOLD signals (t in ms)

Output (JSON):
  mean_rate_hz          network- and time-averaged rate per population (Hz; for a
                        model without rate variables its coupling variable in
                        its own unit, e.g. E of wc):
                        {"E","I"} for ei, {"r"} for mpr (r in kHz × 1000)
  order_parameter_mean  time average of the Kuramoto order parameter R(t) of the
                        averaged coupling variable (Hilbert phases; 5 % dropped at
                        each end)
  metastability         standard deviation of R(t)
  fc_mean               mean Pearson FC (upper triangle) of the averaged signals
                        (these three are null when undefined: fewer than 2
                        averaged samples)
  fc_sc                 correlation of that FC with the weights (upper triangle)
  signals_streamed      true when the averaged signals (and the Hilbert phases of
                        R(t)) would need more than 256 MiB (NGNMM_STREAM_BUDGET,
                        bytes): they are then not held in memory, the FC is
                        accumulated online and order_parameter_mean and
                        metastability are null (they need the whole signal)
  bold                  (with --bold) samples, tr_s, fc_mean, fc_sc and, for
                        connectomes with an empirical FC, fc_empirical (correlation
                        with its upper triangle, after Fisher z of ours if theirs is z)
  and the settings: connectome, model, nodes, normalisation, eps, T_ms,
  transient_ms, dt_ms, method, seed, noise, speed_mm_per_ms; steps, wall_seconds,
  outputs (files written).`,
		Run: runNetworkSimulate,
	})
	register(&command{
		Name:    "network",
		Summary: "whole-brain networks: see 'ngnmm help network simulate'",
		Help:    "Subcommands:\n  network simulate   simulate a whole-brain network on a registered connectome (JSON)",
		Run:     groupRun("simulate", "network simulate"),
	})
}

func runNetworkSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("network simulate")
	conn := fs.String("connectome", "aal90", "")
	model := fs.String("model", "ei", "")
	norm := fs.String("norm", "", "")
	eps := fs.Float64("eps", math.NaN(), "")
	legacy := map[string]*float64{}
	for _, n := range []string{"IE", "II", "eta", "J", "delta", "tau"} {
		legacy[n] = fs.Float64(n, 0, "")
	}
	sets := paramSets{}
	fs.Var(sets, "set", "NAME=VALUE parameter (repeatable)")
	T := fs.Float64("T", 1000, "")
	transient := fs.Float64("transient", 100, "")
	dt := fs.Float64("dt", 0.01, "")
	method := fs.String("method", "rk4", "")
	seed := fs.Uint64("seed", 1, "")
	noise := fs.Float64("noise", 0, "")
	icNoise := fs.Float64("ic-noise", 0.01, "")
	speed := fs.Float64("speed", 0, "")
	average := fs.Float64("average", 1, "")
	workers := fs.Int("workers", 1, "")
	withBold := fs.Bool("bold", false, "")
	tr := fs.Float64("tr", 0.72, "")
	outSig := fs.String("out-signals", "", "")
	outFC := fs.String("out-fc", "", "")
	outBold := fs.String("out-bold", "", "")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	set := setFlags(fs)
	spec, node, err := networkNode(*model, set, legacy, sets)
	if err != nil {
		return err
	}
	switch *norm {
	case "", "row", "max", "instrength", "none":
	default:
		return usageErr("--norm %q, want row, max, instrength or none", *norm)
	}
	if *workers < 1 || *workers > 64 {
		return usageErr("--workers = %d, want 1…64", *workers)
	}
	if *norm == "" {
		*norm = "row"
		if *model == "mpr" {
			*norm = "max"
		}
	}
	if math.IsNaN(*eps) {
		*eps = map[string]float64{"ei": 9, "mpr": 0.01}[*model]
	}
	meth, err := network.ParseMethod(*method)
	if err != nil {
		return usageErr("--method: %v", err)
	}
	for _, c := range []struct {
		name string
		v    float64
		ok   bool
	}{
		{"--T", *T, *T > 0}, {"--transient", *transient, *transient >= 0}, {"--dt", *dt, *dt > 0},
		{"--noise", *noise, *noise >= 0}, {"--ic-noise", *icNoise, *icNoise >= 0}, {"--speed", *speed, *speed >= 0},
		{"--average", *average, *average >= *dt}, {"--tr", *tr, *tr > 0}, {"--eps", *eps, !math.IsInf(*eps, 0)},
	} {
		if !c.ok || math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return usageErr("%s = %v: want a finite value (T, dt, tr > 0; transient, noise, ic-noise, speed ≥ 0; average ≥ dt)", c.name, c.v)
		}
	}
	if (*T+*transient) / *dt > 1e9 {
		return usageErr("--T/--dt: %g steps, more than 1e9", (*T+*transient) / *dt)
	}
	if *outBold != "" && !*withBold {
		return usageErr("--out-bold needs --bold")
	}
	if set["tr"] && !*withBold {
		return usageErr("--tr needs --bold")
	}
	if err := checkOutputs(output{"out-signals", *outSig}, output{"out-fc", *outFC}, output{"out-bold", *outBold}); err != nil {
		return err
	}
	budget, err := streamBudget()
	if err != nil {
		return err
	}
	ds, err := data.Lookup(*conn)
	if err != nil {
		return usageErr("--connectome: %v", err)
	}
	stream, err := networkLimits(ds.Regions, 1, *T, *transient, *dt, *average, *withBold, *tr, *outSig != "", budget)
	if err != nil {
		return err
	}
	con, err := data.Load(context.Background(), *conn)
	if err != nil {
		return err
	}
	var wc *data.Connectome
	switch *norm {
	case "row":
		wc, err = con.RowNormalized()
	case "max":
		wc, err = con.MaxNormalized()
	case "instrength":
		wc, err = con.InStrengthNormalized()
	case "none":
		wc = con
	}
	if err != nil {
		return err
	}
	n := con.N()
	rng := rand.New(rand.NewPCG(*seed, 0x6e6574776f726b)) // stream "network"
	sc := &brain.Scenario{Weights: wc.Weights, Node: node, G: *eps, Noise: *noise, Workers: *workers}
	if *speed > 0 {
		if con.Lengths == nil {
			return usageErr("--speed: connectome %s has no tract lengths", *conn)
		}
		sc.Lengths, sc.Speed = con.Lengths, *speed
	}
	net, y0, err := sc.Build(*icNoise, rng)
	if err != nil {
		return fmt.Errorf("%v (%s)", err, paramSummary(spec, node, *eps))
	}
	rateVars, rateNames, rateScale := rateVariables(node)
	boldVar := rateVars[0]
	opt := network.RunOptions{T: *T, Transient: *transient, Dt: *dt, Method: meth, Rand: rng,
		Average: max(1, int(math.Round(*average / *dt))), RateVars: rateVars, RateScale: rateScale}
	if *withBold {
		b := bold.DefaultBalloon()
		opt.BOLD, opt.BOLDVar, opt.BOLDScale, opt.TR, opt.TimeScale = &b, boldVar, 1, *tr, 1e-3
	}
	// The averaged signals go to --out-signals as they are produced (a
	// temporary file renamed at the end); beyond the memory budget they are
	// not held (opt.Stream).
	opt.Stream = stream
	sigFile, err := openAtomic(*outSig, "--out-signals")
	if err != nil {
		return err
	}
	defer sigFile.discard()
	var sigCSV *network.CSVWriter
	if sigFile != nil {
		sigCSV = network.NewCSVWriter(sigFile.tmp, con.Labels)
		opt.Sink = sigCSV
	}
	start := time.Now()
	res, err := network.Run(net, y0, opt)
	if err != nil {
		return err
	}
	wall := time.Since(start).Seconds()
	rates := map[string]float64{}
	for k, nm := range rateNames {
		rates[nm] = res.MeanRate[k]
	}
	out := map[string]any{
		"connectome": *conn, "model": *model, "nodes": n, "normalisation": *norm, "eps": *eps,
		"T_ms": *T, "transient_ms": *transient, "dt_ms": *dt, "method": meth.String(), "seed": *seed,
		"noise": *noise, "speed_mm_per_ms": *speed,
		"mean_rate_hz": rates, "order_parameter_mean": nil, "metastability": nil,
		"fc_mean": nil, "steps": res.Stats.Steps, "wall_seconds": wall, "signals_streamed": stream,
	}
	// Undefined statistics are null, never 0: FC needs ≥ 2 averaged samples,
	// R(t) at least one after the 5 % edges are dropped.
	if res.FC != nil {
		out["fc_mean"] = res.FCMean
	}
	if len(res.Order) > 0 {
		out["order_parameter_mean"], out["metastability"] = res.OrderMean, res.Metastability
	}
	if *model == "ei" {
		out["IE"], _ = spec.Get(node, "IE")
		out["II"], _ = spec.Get(node, "II")
	}
	if res.FC != nil {
		if s, err := fc.Similarity(res.FC, wc.Weights); err == nil {
			out["fc_sc"] = s
		}
	}
	if *withBold {
		b := map[string]any{"samples": res.BOLD.Len(), "tr_s": *tr}
		if res.BOLDFC != nil {
			b["fc_mean"] = fc.Mean(res.BOLDFC)
			if s, err := fc.Similarity(res.BOLDFC, wc.Weights); err == nil {
				b["fc_sc"] = s
			}
			if con.FC != nil {
				sim := mat.Matrix(res.BOLDFC)
				if con.FCFisherZ {
					sim = fc.FisherZ(res.BOLDFC)
				}
				if s, err := fc.Similarity(sim, con.FC); err == nil {
					b["fc_empirical"] = s
				}
			}
		}
		out["bold"] = b
	}
	var outputs []string
	write := func(path string, f func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		fh, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := f(fh); err != nil {
			fh.Close()
			return err
		}
		outputs = append(outputs, path)
		return fh.Close()
	}
	if sigFile != nil {
		if err := sigFile.finish(sigCSV.Flush()); err != nil {
			return err
		}
		outputs = append(outputs, *outSig)
	}
	if err := write(*outBold, func(w io.Writer) error {
		if res.BOLD == nil {
			return usageErr("--out-bold needs --bold")
		}
		return writeSeriesCSV(w, res.BOLD, con.Labels)
	}); err != nil {
		return err
	}
	if err := write(*outFC, func(w io.Writer) error {
		if res.FC == nil {
			return fmt.Errorf("no FC (fewer than 2 samples)")
		}
		c := network.NewCSVWriter(w, nil)
		r, _ := res.FC.Dims()
		for i := 0; i < r; i++ {
			if err := c.Observe(float64(i), res.FC.RawRowView(i)); err != nil {
				return err
			}
		}
		return c.Flush()
	}); err != nil {
		return err
	}
	out["outputs"] = outputs
	return writeJSON(stdout, out)
}

func writeSeriesCSV(w io.Writer, ts *nmm.TimeSeries, labels []string) error {
	c := network.NewCSVWriter(w, labels)
	for i := 0; i < ts.Len(); i++ {
		if err := c.Observe(ts.T[i], ts.Row(i)); err != nil {
			return err
		}
	}
	return c.Flush()
}

// networkDefaults are the parameters in which network simulate's defaults
// differ from the registry's (the E–I network of the paper is driven).
var networkDefaults = map[string]map[string]float64{"ei": {"IE": 15}}

// networkNode builds the node of --model: the registry's defaults, then
// networkDefaults, then the model-specific flags given (each must be a
// parameter of the model), then --set.
func networkNode(model string, given map[string]bool, legacy map[string]*float64, sets paramSets) (*nmm.Spec, nmm.Coupled, error) {
	spec, err := nmm.Lookup(model)
	if err != nil {
		return nil, nil, usageErr("--model: %s", strings.TrimPrefix(err.Error(), "nmm: "))
	}
	m := spec.New()
	node, ok := m.(nmm.Coupled)
	if !ok {
		return nil, nil, usageErr("--model %s has no coupling variable (not a network node)", model)
	}
	for n, v := range networkDefaults[model] {
		_ = spec.Set(m, n, v)
	}
	names := make([]string, 0, len(legacy))
	for n := range legacy {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !given[n] {
			continue
		}
		if spec.Param(n) == nil {
			return nil, nil, usageErr("--%s does not apply to --model %s", n, model)
		}
		_ = spec.Set(m, n, *legacy[n])
	}
	for n, v := range sets {
		if p := spec.Param(n); p != nil && p.Coupling {
			return nil, nil, usageErr("--set %s: the coupling of a network is --eps", n)
		}
		if err := spec.Set(m, n, v); err != nil {
			return nil, nil, usageErr("--set: %s", strings.TrimPrefix(err.Error(), "nmm: "))
		}
	}
	err = validateAs(m, func(p string) string {
		if _, isSet := sets[p]; legacy[p] != nil && !isSet {
			return "--" + p
		}
		return "--set " + p
	})
	return spec, node, err
}

// paramSummary names the drive parameters and the coupling for an error.
func paramSummary(spec *nmm.Spec, m nmm.Model, eps float64) string {
	var ps []string
	for _, n := range []string{"IE", "II", "eta", "I"} {
		if v, err := spec.Get(m, n); err == nil {
			ps = append(ps, fmt.Sprintf("%s = %g", n, v))
		}
	}
	return strings.Join(append(ps, fmt.Sprintf("eps = %g", eps)), ", ")
}

// rateVariables returns the indices and output names of the rate variables
// of a node — the variables r… in a rate unit (rE → "E", r → "r"), reported
// in Hz when in kHz — or, for a model without rates, its coupling variable
// in its own unit.
func rateVariables(m nmm.Model) ([]int, []string, float64) {
	var idx []int
	var names []string
	units := m.Units()
	for i, v := range m.Vars() {
		if strings.HasPrefix(v, "r") && (units[i] == "kHz" || units[i] == "1/τ") {
			idx = append(idx, i)
			name := strings.TrimPrefix(v, "r")
			if name == "" {
				name = "r"
			}
			names = append(names, name)
		}
	}
	if len(idx) == 0 {
		cv := m.(nmm.Coupled).CouplingVar()
		return []int{cv}, []string{m.Vars()[cv]}, 1
	}
	// rates of τ-unit models with τ in ms are in kHz, as the E–I rates
	return idx, names, 1000
}
