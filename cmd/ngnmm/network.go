package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
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

Flags:
  --connectome NAME  registered dataset (default aal90)
  --model ei|mpr     node model (default ei)
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
  --noise σ          additive noise on the v variables (default 0)
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
  --out-signals F    CSV of the averaged coupling variable (t in ms, one column per region)
  --out-fc F         CSV of the FC matrix of those signals
  --out-bold F       CSV of the BOLD signals (t in ms)

Output (JSON):
  mean_rate_hz          network- and time-averaged rate per population (Hz):
                        {"E","I"} for ei, {"r"} for mpr (r in kHz × 1000)
  order_parameter_mean  time average of the Kuramoto order parameter R(t) of the
                        averaged coupling variable (Hilbert phases; 5 % dropped at
                        each end)
  metastability         standard deviation of R(t)
  fc_mean               mean Pearson FC (upper triangle) of the averaged signals
  fc_sc                 correlation of that FC with the weights (upper triangle)
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
		Run: func(args []string, _ io.Writer) error {
			return usageErr("want a subcommand: simulate (see 'ngnmm help network simulate')")
		},
	})
}

func runNetworkSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("network simulate")
	conn := fs.String("connectome", "aal90", "")
	model := fs.String("model", "ei", "")
	norm := fs.String("norm", "", "")
	eps := fs.Float64("eps", math.NaN(), "")
	ie := fs.Float64("IE", 15, "")
	ii := fs.Float64("II", 0, "")
	mpr := nmm.DefaultMPR()
	fs.Float64Var(&mpr.EtaBar, "eta", mpr.EtaBar, "")
	fs.Float64Var(&mpr.J, "J", mpr.J, "")
	fs.Float64Var(&mpr.Delta, "delta", mpr.Delta, "")
	fs.Float64Var(&mpr.Tau, "tau", mpr.Tau, "")
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
	switch *model {
	case "ei":
		if err := notApplicable(set, "--model ei", "eta", "J", "delta", "tau"); err != nil {
			return err
		}
	case "mpr":
		if err := notApplicable(set, "--model mpr", "IE", "II"); err != nil {
			return err
		}
	default:
		return usageErr("--model %q, want ei or mpr", *model)
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
		*norm = map[string]string{"ei": "row", "mpr": "max"}[*model]
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
	// the node's parameters, checked before the connectome is loaded
	ei := nmm.DefaultEI()
	ei.IE, ei.II = *ie, *ii
	switch *model {
	case "ei":
		if err := ei.Validate(); err != nil {
			return usageErr("%v (flags --IE, --II)", err)
		}
	case "mpr":
		if err := mpr.Validate(); err != nil {
			return usageErr("%v (flags --tau, --delta, --eta, --J)", err)
		}
	}
	if _, err := data.Lookup(*conn); err != nil {
		return usageErr("--connectome: %v", err)
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
	cfg := &network.Config{G: *eps, Workers: *workers}
	if *speed > 0 {
		if con.Lengths == nil {
			return usageErr("--speed: connectome %s has no tract lengths", *conn)
		}
		cfg.Lengths, cfg.Speed = con.Lengths, *speed
	}
	var node nmm.Coupled
	var y0node []float64
	var rateVars []int
	var rateNames []string
	boldVar := 0
	switch *model {
	case "ei":
		m := ei
		// homogeneous state: the lowest-rate equilibrium of the self-coupled node
		self := m
		self.Eps = *eps
		fps, err := self.FixedPoints()
		if err != nil {
			return fmt.Errorf("no homogeneous equilibrium for the initial state: %v", err)
		}
		if len(fps) == 0 {
			return fmt.Errorf("no homogeneous equilibrium for the initial state at IE = %g, II = %g, eps = %g", *ie, *ii, *eps)
		}
		y0node = fps[0].Y
		node = &m
		rateVars, rateNames = []int{nmm.EIrE, nmm.EIrI}, []string{"E", "I"}
		boldVar = nmm.EIrE
		if *noise > 0 {
			cfg.Sigma = []float64{0, *noise, 0, 0, *noise, 0}
		}
	case "mpr":
		m := mpr
		node = &m
		// low-activity equilibrium of the uncoupled node as the homogeneous state
		y0node = []float64{m.Delta / (2 * math.Pi * m.Tau * 2), -2}
		rateVars, rateNames = []int{0}, []string{"r"}
		if *noise > 0 {
			cfg.Sigma = []float64{0, *noise}
		}
	}
	net, err := network.New(network.Homogeneous(node, n), wc.Weights, cfg)
	if err != nil {
		return usageErr("%v", err)
	}
	y0 := net.Synchronous(y0node)
	for i := range y0 {
		y0[i] += *icNoise * rng.NormFloat64()
	}
	opt := network.RunOptions{T: *T, Transient: *transient, Dt: *dt, Method: meth, Rand: rng,
		Average: max(1, int(math.Round(*average / *dt))), RateVars: rateVars, RateScale: 1000}
	if *withBold {
		b := bold.DefaultBalloon()
		opt.BOLD, opt.BOLDVar, opt.BOLDScale, opt.TR, opt.TimeScale = &b, boldVar, 1, *tr, 1e-3
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
		"mean_rate_hz": rates, "order_parameter_mean": res.OrderMean, "metastability": res.Metastability,
		"fc_mean": res.FCMean, "steps": res.Stats.Steps, "wall_seconds": wall,
	}
	if *model == "ei" {
		out["IE"], out["II"] = *ie, *ii
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
	if err := write(*outSig, func(w io.Writer) error { return writeSeriesCSV(w, res.Signals[0], con.Labels) }); err != nil {
		return err
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
