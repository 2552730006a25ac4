package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/ngnmm/ngnmm/nmm/shotnoise"
)

func init() {
	register(&command{
		Name:    "shotnoise theory",
		Summary: "finite-size shot-noise spectra S0 and S_R of a QIF network (CSV f,S0,S_R)",
		Help: `Shot-noise theory (Klinshov & Kirillov, Phys. Rev. E 106, L062302 (2022);
derivation in docs/models.md § Shot noise) for an all-to-all QIF network of N neurons
with Lorentzian excitabilities (centre η̄, half-width Δ) at the stable
stationary state (r0, v0) of its MPR mean field:
  S0(f)  = (2π²τ²/N) Σ_n |f|³/n⁴ g(π²τ²f²/n²), g shifted to η̄ + I + J τ r0
           (the shot-noise source: uncoupled neurons with the mean recurrent
           input)
  S_R(f) = S0(f)/|1 − J τ χ(2πf)|²,  χ(ω) = 2r0/((iωτ − 2v0)² + 4π²τ²r0²)
           (the network's rate spectrum: amplified near the MPR focus
           frequency, suppressed near f = r0).

Flags:
  --J, --eta, --delta, --tau, --I   model parameters (defaults 10, 0, 1, 1, 0:
                                    Klinshov & Kirillov 2022, Fig. 1)
  --N      network size (default 10000)
  --fmax   highest frequency (1/time unit of τ; default 5)
  --df     frequency step (default 0.01); rows at f = df, 2df, …, ≤ fmax
  --r0     select the stationary state closest to this rate when the mean
           field is bistable (default: the highest-rate stable state)

Output (CSV): comment lines "# …" stating the convention, r0, v0, the floor
and the focus frequency, then the header f,S0,S_R and one row per frequency.
Both spectra are ONE-SIDED power spectral densities (2 × the two-sided
density; what scipy.signal.welch returns by default) of the population rate,
unit (1/τ)²·τ; their high-frequency floor is 2 r0/N.`,
		Run: runShotnoiseTheory,
	})
	register(&command{
		Name:    "shotnoise simulate",
		Summary: "stochastic MPR model with finite-size shot noise (CSV t,R,r,v)",
		Help: `Stochastic MPR model (docs/models.md § Shot noise; Klinshov & Kirillov 2022), τ = 1:
  dr/dt = Δ/π + 2 r v,   dv/dt = v² + η̄ + I + J (r + ξ) − π² r²,   R = r + ξ
ξ is Gaussian shot noise with the two-sided spectrum S0 of the network's source
(see 'ngnmm help shotnoise theory'), synthesised for the whole run (spectral
synthesis); R estimates the binned rate of a network of N neurons. Starts at
the stationary state.

Flags:
  --J, --eta, --delta, --I, --N   as for 'shotnoise theory' (defaults 10, 0, 1, 0, 10000)
  --r0         select the stationary state (bistable case), as for 'shotnoise theory'
  --T          recorded duration (τ; default 100)
  --transient  discarded lead time (τ; default 0)
  --dt         RK4 step (τ; default 0.005)
  --bin        output bin (τ; default 0.01, a multiple of --dt)
  --seed       random seed (default 1)

Output (CSV with header): t,R,r,v — bin centre (τ, from the end of the
transient on), the network-rate estimate R = r + ξ and the mean-field rate r
(bin averages, 1/τ), and v (dimensionless).`,
		Run: runShotnoiseSimulate,
	})
	register(&command{
		Name:    "shotnoise",
		Summary: "finite-size shot noise: see 'ngnmm help shotnoise theory|simulate'",
		Help: `Subcommands:
  shotnoise theory     spectra S0 and S_R (CSV f,S0,S_R)
  shotnoise simulate   stochastic MPR time series (CSV t,R,r,v)`,
		Run: groupRun("theory or simulate", "shotnoise"),
	})
}

func runShotnoiseTheory(args []string, stdout io.Writer) error {
	fs := newFlags("shotnoise theory")
	j := fs.Float64("J", 10, "J")
	eta := fs.Float64("eta", 0, "η̄")
	delta := fs.Float64("delta", 1, "Δ")
	tau := fs.Float64("tau", 1, "τ")
	cur := fs.Float64("I", 0, "I")
	n := fs.Int("N", 10000, "N")
	fmax := fs.Float64("fmax", 5, "highest frequency")
	df := fs.Float64("df", 0.01, "frequency step")
	r0 := fs.Float64("r0", 0, "stationary state selector")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*df > 0) || !(*fmax >= *df) {
		return usageErr("--df = %v, --fmax = %v: want 0 < df ≤ fmax", *df, *fmax)
	}
	if *fmax / *df > 1e6 {
		return usageErr("--fmax/--df = %v rows, want ≤ 10⁶", *fmax / *df)
	}
	if w := shotnoiseTheoryWork(*fmax, *df, *tau); !(w <= maxWork/100) {
		return usageErr("--fmax = %g with --df = %g: ≈ %.3g series terms, more than the limit %.0e (lower --fmax or raise --df)", *fmax, *df, w, maxWork/100)
	}
	th, err := shotnoise.NewTheory(*n, *tau, *eta, *delta, *j, *cur, *r0)
	if err != nil {
		return usageErr("%v", err)
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "# one-sided power spectral densities (2 × two-sided) of the population rate, unit (1/τ)²·τ")
	fmt.Fprintf(w, "# S0 = uncoupled shot-noise source with η̄ → η̄ + I + J τ r0; S_R = S0/|1 − J τ χ|² (network)\n")
	fmt.Fprintf(w, "# r0=%g v0=%g floor(one-sided)=2r0/N=%g focus_frequency=%g\n", th.R0, th.V0, 2*th.Floor(), th.FocusFrequency())
	fmt.Fprintln(w, "f,S0,S_R")
	nrows := int(math.Floor(*fmax / *df * (1 + 1e-12)))
	buf := make([]byte, 0, 80)
	for k := 1; k <= nrows; k++ {
		f := float64(k) * *df
		s0 := th.S0(f)
		buf = strconv.AppendFloat(buf[:0], f, 'g', 12, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, 2*s0, 'g', 10, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, 2*s0*th.LoopGain(f), 'g', 10, 64)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	return w.Flush()
}

func runShotnoiseSimulate(args []string, stdout io.Writer) error {
	fs := newFlags("shotnoise simulate")
	j := fs.Float64("J", 10, "J")
	eta := fs.Float64("eta", 0, "η̄")
	delta := fs.Float64("delta", 1, "Δ")
	cur := fs.Float64("I", 0, "I")
	n := fs.Int("N", 10000, "N")
	r0 := fs.Float64("r0", 0, "stationary state selector")
	T := fs.Float64("T", 100, "duration")
	tr := fs.Float64("transient", 0, "transient")
	dt := fs.Float64("dt", 0.005, "step")
	bin := fs.Float64("bin", 0.01, "bin")
	seed := fs.Uint64("seed", 1, "seed")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*T > 0) || *tr < 0 || !(*dt > 0) || !(*bin >= *dt) {
		return usageErr("--T = %v, --transient = %v, --dt = %v, --bin = %v: want T > 0, transient ≥ 0, 0 < dt ≤ bin", *T, *tr, *dt, *bin)
	}
	if (*T+*tr) / *dt > 5e7 {
		return usageErr("(--T + --transient)/--dt = %v steps, want ≤ 5·10⁷", (*T+*tr) / *dt)
	}
	if (*T+*tr) / *dt < 2 {
		return usageErr("--dt = %v: (--T + --transient)/--dt = %v steps, want ≥ 2 (the noise synthesis needs two)", *dt, (*T+*tr) / *dt)
	}
	if *T < *bin {
		return usageErr("--T = %v, want ≥ --bin = %v (at least one output bin)", *T, *bin)
	}
	if err := checkMemory("dt", *dt, shotnoiseSimulateMemory((*T+*tr) / *dt, *T / *bin)); err != nil {
		return err
	}
	th, err := shotnoise.NewTheory(*n, 1, *eta, *delta, *j, *cur, *r0)
	if err != nil {
		return usageErr("%v", err)
	}
	m := &shotnoise.StochasticMPR{Theory: th, Dt: *dt, Bin: *bin}
	ts, err := m.Simulate(*T, *tr, rand.New(rand.NewPCG(*seed, 0x5407)))
	if err != nil {
		if ts == nil {
			return usageErr("%v", err)
		}
		return err
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "t,R,r,v")
	buf := make([]byte, 0, 96)
	for i, t := range ts.T {
		buf = strconv.AppendFloat(buf[:0], t-*tr, 'g', 12, 64)
		for _, x := range ts.Row(i) {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	return w.Flush()
}
