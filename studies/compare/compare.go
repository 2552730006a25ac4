// Package compare is a study above the toolkit: it measures the comparison
// of classical and next-generation neural mass models that Delicado, Huguet
// & Clusella (2025, arXiv:2512.03907) summarise in two tables (dynamical
// repertoire; cross-frequency coupling strength). For each model, over a
// documented drive range, [Classify] finds the equilibria and their
// stability (stability.FixedPoints / the model's exact equilibria), follows
// the attractors reached from a few initial states with the Lyapunov
// spectrum (lyapunov.Spectrum) and refines every periodic attractor by
// shooting (cycle.Find) for its frequency, so each regime is classified, not
// asserted:
//
//   - steady: the end state is a stable equilibrium;
//   - cycle: λ1 ≈ 0 (|λ1| ≤ ZeroTol) and shooting (cycle.Find) converges
//     to a stable periodic orbit from the end state; frequency from the shooting
//     period, with its EEG band ([Band]); when shooting fails (stiff
//     bursts) or converges to an unstable orbit (after a period doubling)
//     while λ2 < −ZeroTol, the frequency comes from the maxima of y[0];
//   - quasiperiodic: λ1 ≈ λ2 ≈ 0 and shooting finds no stable periodic
//     orbit (a torus; needs Dim ≥ 3);
//   - chaos: λ1 > ZeroTol;
//   - multistable: at least two distinct attractors at the same drive
//     (stable equilibria count as attractors by linear stability).
//
// [MeasurePAC] applies one slow-drive protocol to every model: the drive is
// modulated sinusoidally at the centre of the theta, alpha or beta band,
// and Tort's modulation index of the model's output (slow phase, gamma
// amplitude) is tested against time-shift surrogates (spectral.PAC).
//
// # References
//
//   - R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025), the
//     tables "Dynamical Repertoire Comparison" and "Cross-Frequency
//     Coupling" as summarised in the project's seed; the E–I NG-NMM.
//   - B. H. Jansen, V. G. Rit, Biol. Cybern. 73, 357 (1995).
//   - H. R. Wilson, J. D. Cowan, Biophys. J. 12, 1 (1972).
//   - A. B. L. Tort et al., J. Neurophysiol. 104, 1195 (2010).
package compare

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/lyapunov"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/spectral"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// Regime names a kind of attractor.
type Regime string

// The regimes of [Attractor].
const (
	Steady        Regime = "steady"
	Cycle         Regime = "cycle"
	Quasiperiodic Regime = "quasiperiodic"
	Chaos         Regime = "chaos"
)

// Band returns the EEG band of a frequency f (Hz): delta (< 4), theta
// (4–8), alpha (8–13), beta (13–30), gamma (30–100), high-gamma (≥ 100).
func Band(f float64) string {
	switch {
	case f < 4:
		return "delta"
	case f < 8:
		return "theta"
	case f < 13:
		return "alpha"
	case f < 30:
		return "beta"
	case f < 100:
		return "gamma"
	}
	return "high-gamma"
}

// Case is one model with its drive: Build returns the system at drive
// value d with the extra time-dependent drive input(t) (nil: none) added to
// it; the time unit must be ms.
type Case struct {
	Name      string
	DriveName string    // e.g. "p (1/s)"
	Drives    []float64 // the documented drive range, sampled
	Build     func(d float64, input func(t float64) float64) (ode.System, error)
	// FixedPoints returns every equilibrium of sys (exact or by Newton
	// from a grid).
	FixedPoints func(sys ode.System) ([]stability.FixedPoint, error)
	Starts      [][]float64               // initial states of the attractor search
	Output      func(y []float64) float64 // the observed signal (EEG-like output or E rate)
	Dt          float64                   // RK4 step (ms)
	// PACBase and PACAmp are the mean and amplitude of the modulated drive
	// of [MeasurePAC]; GammaBand the amplitude band (Hz).
	PACBase, PACAmp float64
	GammaBand       [2]float64
}

// maxSteps bounds the RK4 steps of one [Classify] or [MeasurePAC] call
// (≈ an hour on one core for the E–I node).
const maxSteps = 1e10

// Settings of [Classify].
type Settings struct {
	Transient, Duration float64 // Lyapunov transient and averaging time (ms)
	Interval            float64 // QR interval (ms)
	ZeroTol             float64 // |λ| ≤ ZeroTol counts as zero (1/ms)
}

// Attractor is one attractor found at a drive value.
type Attractor struct {
	Regime    Regime
	Exponents []float64 // the Lyapunov exponents (1/ms), K = min(3, Dim)
	FreqHz    float64   // cycles: 1000/period; otherwise 0
	// Maxima is the number of distinct maxima of y[0] per period when the
	// frequency was taken from them (0: from shooting); > 1 after period
	// doublings or for bursts.
	Maxima int
	Band   string    // cycles: Band(FreqHz)
	Y      []float64 // a point on the attractor
}

// Point is the classification at one drive value.
type Point struct {
	Drive       float64
	Equilibria  []stability.FixedPoint
	FixedPoints int // number of equilibria
	Stable      int // number of stable equilibria
	Attractors  []Attractor
	Multistable bool // ≥ 2 distinct attractors
}

// Regimes returns the distinct regimes at p (steady first).
func (p Point) Regimes() []Regime {
	var out []Regime
	for _, r := range []Regime{Steady, Cycle, Quasiperiodic, Chaos} {
		for _, a := range p.Attractors {
			if a.Regime == r {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// Classify classifies the attractors of c at every drive value (see the
// package comment).
func Classify(c Case, s Settings) ([]Point, error) {
	if !(s.Duration > 0) || !(s.Transient >= 0) || !(s.Interval > 0) || !(s.ZeroTol > 0) || !(c.Dt > 0) {
		return nil, fmt.Errorf("compare: Settings %+v, Dt %v: want Duration, Interval, ZeroTol, Dt > 0, Transient ≥ 0", s, c.Dt)
	}
	if len(c.Starts) == 0 || len(c.Drives) == 0 {
		return nil, fmt.Errorf("compare: %s: no starts or no drives", c.Name)
	}
	if steps := (s.Transient + s.Duration) / c.Dt * float64(len(c.Starts)*len(c.Drives)); steps > maxSteps {
		return nil, fmt.Errorf("compare: %s: %.3g RK4 steps in all (starts × drives × (Transient + Duration)/Dt), want ≤ %.0g", c.Name, steps, maxSteps)
	}
	out := make([]Point, 0, len(c.Drives))
	for _, d := range c.Drives {
		p, err := classifyAt(c, s, d)
		if err != nil {
			return out, fmt.Errorf("compare: %s at %s = %v: %w", c.Name, c.DriveName, d, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func classifyAt(c Case, s Settings, d float64) (Point, error) {
	sys, err := c.Build(d, nil)
	if err != nil {
		return Point{}, err
	}
	fps, err := c.FixedPoints(sys)
	if err != nil {
		return Point{}, err
	}
	p := Point{Drive: d, Equilibria: fps, FixedPoints: len(fps)}
	var stable [][]float64
	for _, f := range fps {
		if f.Stable {
			p.Stable++
			stable = append(stable, f.Y)
		}
	}
	n := sys.Dim()
	k := min(3, n)
	reached := make([]bool, len(stable))
	for _, y0 := range c.Starts {
		res, err := lyapunov.Spectrum(sys, 0, y0, &lyapunov.Options{K: k, Transient: s.Transient, Duration: s.Duration, Interval: s.Interval, Dt: c.Dt})
		if err != nil {
			return p, err
		}
		a := Attractor{Exponents: res.Exponents, Y: res.Y}
		if i := nearest(stable, res.Y, 1e-4); i >= 0 {
			if reached[i] {
				continue
			}
			reached[i] = true
			a.Regime = Steady
		} else {
			l := res.Exponents
			switch {
			case l[0] > s.ZeroTol:
				a.Regime = Chaos
			case l[0] < -s.ZeroTol:
				// contracting, still on a slow approach: the stable
				// equilibrium it approaches (none: not classified)
				i := nearest(stable, res.Y, 0.05)
				if i < 0 || reached[i] {
					continue
				}
				reached[i] = true
				a.Regime, a.Y = Steady, stable[i]
			default:
				// λ1 ≈ 0: a periodic orbit if shooting finds a stable one,
				// else a torus when λ2 ≈ 0 too.
				o, err := cycle.Find(sys, res.Y, &cycle.Options{Dt: c.Dt, Window: 2000})
				if err != nil && !errors.Is(err, cycle.ErrStationary) && !errors.Is(err, cycle.ErrInconsistent) {
					// stiff cycles (bursts) need finer shooting steps
					o, err = cycle.Find(sys, res.Y, &cycle.Options{Dt: c.Dt, Window: 2000, Steps: 10 * cycle.DefaultSteps})
				}
				switch {
				case (err == nil || errors.Is(err, cycle.ErrInconsistent)) && o != nil && o.Stable:
					a.Regime, a.FreqHz = Cycle, 1000/o.Period
					a.Band = Band(a.FreqHz)
					a.Y = o.Y0
				case errors.Is(err, cycle.ErrStationary):
					// a slow, damped approach: to a stable equilibrium,
					// else (a transient near a weakly attracting cycle
					// reached from another start) not classified
					i := nearest(stable, res.Y, 0.05)
					if i < 0 || reached[i] {
						continue
					}
					reached[i] = true
					a.Regime, a.Y = Steady, stable[i]
				case k < 3 || l[1] < -s.ZeroTol:
					// λ1 ≈ 0 > λ2: periodic by its Lyapunov spectrum, but
					// shooting failed (a stiff burst cycle) or converged to
					// an unstable orbit (the period-1 orbit after a period
					// doubling); the frequency is from the maxima of y[0].
					f, nb, ferr := maximaRate(sys, res.Y, c.Dt)
					if ferr != nil {
						return p, fmt.Errorf("shooting: %v; maxima: %w", err, ferr)
					}
					a.Regime, a.FreqHz, a.Band, a.Maxima = Cycle, f, Band(f), nb
				default:
					a.Regime = Quasiperiodic
				}
			}
		}
		if !duplicate(p.Attractors, a) {
			p.Attractors = append(p.Attractors, a)
		}
	}
	// stable equilibria not reached from the starts are attractors too
	for i, y := range stable {
		if !reached[i] {
			p.Attractors = append(p.Attractors, Attractor{Regime: Steady, Y: y})
		}
	}
	p.Multistable = len(p.Attractors) >= 2
	return p, nil
}

// maximaRate returns the frequency (Hz) of a periodic orbit through y0
// and its number of distinct maxima per period B, from the local maxima of
// y[0] over 2000 ms (cycle.OrbitDiagram): frequency = (number of
// maxima)/(B · 2 s), B ≤ 20.
func maximaRate(sys ode.System, y0 []float64, dt float64) (float64, int, error) {
	const dur = 2000.0
	col, err := cycle.OrbitDiagram(func(float64) (ode.System, error) { return sys, nil }, []float64{0}, y0,
		&cycle.OrbitSettings{Var: 0, Duration: dur, Dt: dt})
	if err != nil {
		return 0, 0, err
	}
	m := col[0].Maxima
	if len(m) < 2 {
		return 0, 0, fmt.Errorf("%d maxima in %v ms", len(m), dur)
	}
	b := col[0].Branches(1e-3 * (1 + math.Abs(m[0])))
	if b > 20 {
		return 0, 0, fmt.Errorf("%d maxima on %d branches: not a simple periodic orbit", len(m), b)
	}
	return float64(len(m)) * 1000 / (float64(b) * dur), b, nil
}

// nearest returns the index of the first equilibrium within tol (relative
// to 1 + |y|) of y in every component, or −1.
func nearest(eq [][]float64, y []float64, tol float64) int {
	for i, e := range eq {
		ok := true
		for j := range e {
			if math.Abs(e[j]-y[j]) > tol*(1+math.Abs(e[j])) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// duplicate: two cycles with frequencies within 0.1 % (0.5 Hz when counted
// from maxima, with the same number of maxima per period), or two chaotic /
// quasiperiodic attractors, or two equal steady states, count as one.
func duplicate(as []Attractor, a Attractor) bool {
	for _, b := range as {
		if a.Regime != b.Regime {
			continue
		}
		switch a.Regime {
		case Cycle:
			tol := 1e-3 * b.FreqHz
			if a.Maxima > 0 || b.Maxima > 0 {
				// counted maxima: ±1 maximum in 2 s
				tol = 0.5
			}
			if a.Maxima == b.Maxima && math.Abs(a.FreqHz-b.FreqHz) <= tol {
				return true
			}
		case Steady:
			if nearest([][]float64{b.Y}, a.Y, 1e-4) == 0 {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// Slow bands of [MeasurePAC] with the modulation frequency used for each
// (the band centre, Hz).
var SlowBands = []struct {
	Name string
	Band [2]float64
	Freq float64
}{
	{"theta", [2]float64{4, 8}, 6},
	{"alpha", [2]float64{8, 13}, 10},
	{"beta", [2]float64{13, 30}, 20},
}

// PACRow is the coupling of one model's gamma amplitude to one slow band.
type PACRow struct {
	Model, Slow string
	spectral.PACResult
}

// PACSettings of [MeasurePAC].
type PACSettings struct {
	Transient, T float64 // discarded and recorded time (ms); sampled at 1 kHz
	Surrogates   int     // time-shift surrogates (≥ 1)
}

// MeasurePAC applies the slow-drive protocol to c: for each slow band the
// drive is PACBase + PACAmp·sin(2π f t) with f the band's centre, the
// output is recorded at 1 kHz, and the modulation index of the gamma
// amplitude (c.GammaBand) by the slow phase is tested against
// s.Surrogates time-shift surrogates drawn from rng.
func MeasurePAC(c Case, s PACSettings, rng *rand.Rand) ([]PACRow, error) {
	if !(s.T > 0) || !(s.Transient >= 0) || s.Surrogates < 1 || rng == nil {
		return nil, fmt.Errorf("compare: PACSettings %+v (rng %v): want T > 0, Transient ≥ 0, Surrogates ≥ 1, a generator", s, rng != nil)
	}
	n := int(s.T) + 1
	if n > 10_000_000 {
		return nil, fmt.Errorf("compare: T = %v ms is too long (> 10⁷ samples)", s.T)
	}
	if steps := (s.Transient + s.T) / c.Dt * float64(len(SlowBands)); steps > maxSteps || s.Surrogates > 10000 {
		return nil, fmt.Errorf("compare: %s: %.3g RK4 steps, %d surrogates: want ≤ %.0g steps and ≤ 10000 surrogates", c.Name, steps, s.Surrogates, maxSteps)
	}
	var rows []PACRow
	x := make([]float64, 0, n)
	for _, b := range SlowBands {
		w := 2 * math.Pi * b.Freq / 1000
		amp := c.PACAmp
		sys, err := c.Build(c.PACBase, func(t float64) float64 { return amp * math.Sin(w*t) })
		if err != nil {
			return nil, err
		}
		x = x[:0]
		obs := ode.ObserverFunc(func(_ float64, y []float64) error {
			if len(x) < n {
				x = append(x, c.Output(y))
			}
			return nil
		})
		y0 := append([]float64(nil), c.Starts[0]...)
		if _, err := ode.Solve(sys, ode.NewRK4(c.Dt), 0, s.Transient+s.T, y0, &ode.Settings{Transient: s.Transient, SampleEvery: 1}, obs); err != nil {
			return nil, fmt.Errorf("compare: %s, %s drive: %w", c.Name, b.Name, err)
		}
		r, err := spectral.PAC(x, 1000, b.Band, c.GammaBand, &spectral.PACOptions{Surrogates: s.Surrogates, Rand: rng})
		if err != nil {
			return nil, fmt.Errorf("compare: %s, %s–gamma: %w", c.Name, b.Name, err)
		}
		rows = append(rows, PACRow{Model: c.Name, Slow: b.Name, PACResult: r})
	}
	return rows, nil
}

// coupledInput drives a coupled model through its input port.
type coupledInput struct {
	nmm.Coupled
	in func(t float64) float64
}

// withInput validates m and adds the input in (nil: none) to its port.
func withInput(m nmm.Coupled, in func(t float64) float64) (ode.System, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if in == nil {
		return m, nil
	}
	return coupledInput{m, in}, nil
}

// Deriv implements ode.System: the model with c = in(t).
func (s coupledInput) Deriv(dst []float64, t float64, y []float64) {
	s.DerivCoupled(dst, t, y, s.in(t))
}

// JansenRit is the Jansen–Rit case: standard parameters (Jansen & Rit
// 1995), drive p ∈ drives (s⁻¹; the paper's input range is 120–320 s⁻¹),
// output y1 − y2 (mV), the slow drive entering p.
func JansenRit(drives []float64) Case {
	return Case{
		Name: "jansen-rit", DriveName: "p (1/s)", Drives: drives,
		Build: func(d float64, in func(float64) float64) (ode.System, error) {
			m := nmm.DefaultJansenRit()
			m.P = d
			return withInput(&m, in)
		},
		FixedPoints: func(sys ode.System) ([]stability.FixedPoint, error) {
			return sys.(*nmm.JansenRit).FixedPoints()
		},
		Starts:  [][]float64{{0, 0, 0, 0, 0, 0}, {0.1, 25, 15, 0, 0, 0}},
		Output:  func(y []float64) float64 { return y[1] - y[2] },
		Dt:      0.1,
		PACBase: 220, PACAmp: 60, GammaBand: [2]float64{30, 100},
	}
}

// WilsonCowan is the Wilson–Cowan case: nmm.DefaultWilsonCowan with the
// inhibitory input Q, drive P ∈ drives, output E. Equilibria by Newton
// from a 12×12 grid on the unit square (E, I ∈ (0, 1) always).
func WilsonCowan(q float64, drives []float64) Case {
	return Case{
		Name: fmt.Sprintf("wilson-cowan (Q = %g)", q), DriveName: "P", Drives: drives,
		Build: func(d float64, in func(float64) float64) (ode.System, error) {
			m := nmm.DefaultWilsonCowan()
			m.P, m.Q = d, q
			return withInput(&m, in)
		},
		FixedPoints: func(sys ode.System) ([]stability.FixedPoint, error) {
			return stability.FixedPoints(sys, stability.GridSeeds([]float64{0, 0}, []float64{1, 1}, 12), nil)
		},
		Starts:  [][]float64{{0.01, 0.01}, {0.99, 0.9}, {0.4, 0.3}},
		Output:  func(y []float64) float64 { return y[0] },
		Dt:      0.05,
		PACBase: 2, PACAmp: 0.5, GammaBand: [2]float64{30, 100},
	}
}

// NGNMM is the E–I next-generation case: nmm.DefaultEI (Delicado, Huguet &
// Clusella 2025) self-coupled with ε = eps (the homogeneous network), drive
// I_ext^E ∈ drives, output r_E.
func NGNMM(eps float64, drives []float64, pacBase float64) Case {
	return Case{
		Name: fmt.Sprintf("ng-nmm E–I (ε = %g)", eps), DriveName: "I_ext^E", Drives: drives,
		Build: func(d float64, in func(float64) float64) (ode.System, error) {
			m := nmm.DefaultEI()
			m.IE, m.Input = d, in
			s := &nmm.SelfCoupled{Node: &m, G: eps}
			return s, s.Validate()
		},
		FixedPoints: func(sys ode.System) ([]stability.FixedPoint, error) {
			return sys.(*nmm.SelfCoupled).FixedPoints()
		},
		Starts:  [][]float64{{0.01, -2, 0.01, 0.01, -2, 0.01}, {0.2, 0, 0.2, 0.2, 0, 0.2}},
		Output:  func(y []float64) float64 { return y[nmm.EIrE] },
		Dt:      0.02,
		PACBase: pacBase, PACAmp: 2, GammaBand: [2]float64{30, 150},
	}
}
