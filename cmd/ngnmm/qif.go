package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/spiking"
)

func init() {
	register(&command{
		Name:    "qif",
		Summary: "simulate a QIF spiking network (MPR microscopic model); windowed mean rates (JSON)",
		Help: `Network (Montbrió, Pazó, Roxin, Phys. Rev. X 5, 021028 (2015)):
  τ dV_j/dt = V_j² + η_j + I + I(t) + J τ R(t),  j = 1..N,
a spike at V = +∞ (reset to −∞) adds J/N to every V. η_j are the
deterministic Lorentzian quantiles η̄ + Δ tan[π/2 (2j−N−1)/(N+1)] (or random
Cauchy samples with --cauchy). Defaults: MPR 2015 Fig. 2 network (J = 15,
η̄ = −5, Δ = 1, N = 10⁴; add --pulse 3:0:30 for its protocol).

Flags:
  --N        number of neurons (default 10000)
  --tau      τ, membrane time constant (time unit; default 1)
  --eta      η̄, centre of the excitabilities (default -5)
  --delta    Δ, half-width of the excitabilities, ≥ 0 (default 1)
  --J        J, synaptic weight (default 15)
  --I        constant current (default 0)
  --pulse    AMP:T0:T1, current AMP on T0 ≤ t < T1 (repeatable)
  --T        duration (time unit of τ; default 40)
  --dt       time step (default 0.001 τ for theta, 0.0001 τ for reset)
  --scheme   theta (exact θ-neuron propagator) | reset (MPR 2015: Euler,
             threshold ±vp, refractory 2τ/vp, spike registered mid-refractory)
  --vp       threshold of the reset scheme (default 100)
  --bin      width of the rate bins (time unit of τ; default 0.01; rounded to
             a multiple of --dt)
  --window   A:B, report the mean rate over bins with centre in [A, B)
             (repeatable)
  --indegree K > 0: sparse random coupling, K presynaptic partners per
             neuron, weight J/K (default 0: all-to-all)
  --cauchy   draw η_j at random instead of the quantiles
  --r0, --v0 initial MPR state (r, v) from which the V_j are drawn
             (Lorentzian of centre v, half-width π τ r, independent of η);
             default: the lowest-rate mean-field equilibrium at I (low state)
  --seed     random seed (initial voltages, Cauchy samples, graph; default 1)
  --workers  goroutines (default: all cores; results do not depend on it)
  --csv      FILE: also write the binned rate as CSV t,r (t = bin centre)

Output (JSON):
  {"rate_mean":…, "windows":[{"from":A,"to":B,"rate_mean":…}], "N":…,
   "scheme":"theta", "dt":…, "bin":…, "spikes":…, "wall_seconds":…}
  rate_mean     mean population rate over the whole run (1/time unit of τ):
                spikes / (N · T)
  windows       one entry per --window, in the order given: the mean of the
                binned rate over bins whose centre lies in [from, to)
  bin           actual bin width; spikes: total spike count
  wall_seconds  wall-clock time of the simulation`,
		Run: runQIF,
	})
}

// window is a repeatable A:B flag.
type windows [][2]float64

func (w *windows) String() string {
	var s []string
	for _, x := range *w {
		s = append(s, fmt.Sprintf("%g:%g", x[0], x[1]))
	}
	return strings.Join(s, ",")
}

func (w *windows) Set(s string) error {
	f := strings.Split(s, ":")
	if len(f) != 2 {
		return fmt.Errorf("want A:B, got %q", s)
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) || !(a < b) {
		return fmt.Errorf("want A:B with finite A < B, got %q", s)
	}
	*w = append(*w, [2]float64{a, b})
	return nil
}

type jsonWindow struct {
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	RateMean float64 `json:"rate_mean"`
}

func runQIF(args []string, stdout io.Writer) error {
	fs := newFlags("qif")
	q := spiking.QIF{}
	fs.IntVar(&q.N, "N", 10000, "neurons")
	fs.Float64Var(&q.Tau, "tau", 1, "τ")
	fs.Float64Var(&q.EtaBar, "eta", -5, "η̄")
	fs.Float64Var(&q.Delta, "delta", 1, "Δ")
	fs.Float64Var(&q.J, "J", 15, "J")
	fs.Float64Var(&q.I, "I", 0, "I")
	fs.IntVar(&q.InDegree, "indegree", 0, "in-degree")
	cauchy := fs.Bool("cauchy", false, "random η")
	T := fs.Float64("T", 40, "duration")
	dt := fs.Float64("dt", 0, "step")
	scheme := fs.String("scheme", "theta", "theta|reset")
	vp := fs.Float64("vp", 100, "threshold")
	bin := fs.Float64("bin", 0.01, "bin")
	r0 := fs.Float64("r0", math.NaN(), "initial rate")
	v0 := fs.Float64("v0", math.NaN(), "initial potential")
	seed := fs.Uint64("seed", 1, "seed")
	workers := fs.Int("workers", 0, "workers")
	csvFile := fs.String("csv", "", "CSV file")
	var ps pulses
	fs.Var(&ps, "pulse", "AMP:T0:T1")
	var ws windows
	fs.Var(&ws, "window", "A:B")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if err := checkQIFRun(*T, *dt, *bin, ws); err != nil {
		return err
	}
	if *cauchy {
		q.Sampling = spiking.Cauchy
	}
	opt := spiking.Options{Dt: *dt, Bin: *bin, Vp: *vp, Workers: *workers}
	switch *scheme {
	case "theta":
		opt.Scheme = spiking.Theta
	case "reset":
		opt.Scheme = spiking.Reset
	default:
		return usageErr("--scheme %q unknown, want theta or reset", *scheme)
	}
	q.Input = ps.Input()
	if err := q.Validate(); err != nil {
		return usageErr("%v", err)
	}
	if opt.Scheme == spiking.Theta && setFlags(fs)["vp"] {
		return usageErr("--vp does not apply to --scheme theta (no threshold: spikes at θ = π)")
	}
	effDt, dtFlag := *dt, "dt"
	if effDt == 0 {
		effDt, dtFlag = 1e-3*q.Tau, "tau"
		if opt.Scheme == spiking.Reset {
			effDt = 1e-4 * q.Tau
		}
	}
	if err := qifLimits(q.N, q.InDegree, *T, effDt, *bin, dtFlag); err != nil {
		return err
	}
	if err := checkOutputs(output{"csv", *csvFile}); err != nil {
		return err
	}
	if err := qifStart(q, r0, v0); err != nil {
		return err
	}
	opt.InitRate, opt.InitV = *r0, *v0
	if opt.InitRate == 0 {
		opt.InitRate = 1e-300 // a rate of exactly 0 would mean uniform phases
	}
	sim, err := spiking.New(q, opt, rand.New(rand.NewPCG(*seed, 0x5eed)))
	if err != nil {
		return usageErr("%v", err)
	}
	start := time.Now()
	sums, cnts, err := qifRun(sim, *T, ws, *csvFile)
	wall := time.Since(start).Seconds()
	if err != nil {
		return err
	}
	out := struct {
		RateMean    float64      `json:"rate_mean"`
		Windows     []jsonWindow `json:"windows"`
		N           int          `json:"N"`
		Scheme      string       `json:"scheme"`
		Dt          float64      `json:"dt"`
		Bin         float64      `json:"bin"`
		Spikes      int64        `json:"spikes"`
		WallSeconds float64      `json:"wall_seconds"`
	}{
		RateMean: float64(sim.Spikes()) / (float64(q.N) * sim.Time()),
		Windows:  []jsonWindow{}, N: q.N, Scheme: *scheme, Dt: sim.Dt(), Bin: sim.Bin(),
		Spikes: sim.Spikes(), WallSeconds: wall,
	}
	for i, w := range ws {
		if cnts[i] == 0 {
			return usageErr("--window %g:%g contains no bin centre within 0 … %g", w[0], w[1], sim.Time())
		}
		out.Windows = append(out.Windows, jsonWindow{From: w[0], To: w[1], RateMean: sums[i] / float64(cnts[i])})
	}
	return writeJSON(stdout, out)
}

// qifStart fills an initial state not given (NaN) from the low equilibrium
// of the MPR mean field of q, else uniform phases (r = 1/(πτ), v = 0), and
// checks it.
func qifStart(q spiking.QIF, r0, v0 *float64) error {
	if math.IsNaN(*r0) || math.IsNaN(*v0) {
		m := nmm.MPR{Tau: q.Tau, Delta: q.Delta, EtaBar: q.EtaBar, J: q.J, I: q.I}
		if m.Delta > 0 {
			fps, err := m.FixedPoints()
			if err != nil {
				return err
			}
			if len(fps) > 0 {
				if math.IsNaN(*r0) {
					*r0 = fps[0].Y[0]
				}
				if math.IsNaN(*v0) {
					*v0 = fps[0].Y[1]
				}
			}
		}
		if math.IsNaN(*r0) || math.IsNaN(*v0) {
			*r0, *v0 = 1/(math.Pi*q.Tau), 0 // uniform phases
		}
	}
	if err := finiteFlags(map[string]float64{"r0": *r0, "v0": *v0}); err != nil {
		return err
	}
	if *r0 < 0 {
		return usageErr("--r0 = %v, want ≥ 0", *r0)
	}
	return nil
}

// qifRun runs sim for T, writing the binned rate t,r to csvFile (if given),
// and returns the sum and count of the bins in each window.
func qifRun(sim *spiking.Sim, T float64, ws windows, csvFile string) ([]float64, []int, error) {
	var cw *bufio.Writer
	if csvFile != "" {
		f, err := os.Create(csvFile)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		cw = bufio.NewWriter(f)
		fmt.Fprintln(cw, "t,r")
	}
	sums := make([]float64, len(ws))
	cnts := make([]int, len(ws))
	buf := make([]byte, 0, 64)
	err := sim.Run(T, func(s spiking.Sample) error {
		for i, w := range ws {
			if s.T >= w[0] && s.T < w[1] {
				sums[i] += s.Rate
				cnts[i]++
			}
		}
		if cw != nil {
			buf = strconv.AppendFloat(buf[:0], s.T, 'g', 12, 64)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, s.Rate, 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := cw.Write(buf); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && cw != nil {
		err = cw.Flush()
	}
	return sums, cnts, err
}

// checkQIFRun checks --T, --dt, --bin and the windows.
func checkQIFRun(T, dt, bin float64, ws windows) error {
	if !(T > 0) {
		return usageErr("--T = %v, want > 0", T)
	}
	if dt < 0 {
		return usageErr("--dt = %v, want > 0 (or 0 for the scheme's default)", dt)
	}
	if !(bin > 0) || bin > T {
		return usageErr("--bin = %v, want 0 < bin ≤ --T = %v", bin, T)
	}
	if dt > bin {
		return usageErr("--dt = %v, want ≤ --bin = %v", dt, bin)
	}
	for _, w := range ws {
		if w[0] >= T || w[1] <= 0 {
			return usageErr("--window %g:%g lies outside the run 0 … --T = %g", w[0], w[1], T)
		}
	}
	return nil
}
