package energy

import (
	"fmt"
	"math"
	"sort"

	"github.com/ngnmm/ngnmm/nmm"
)

// Landscape is an energy landscape of two mutually inhibiting MPR
// populations ([nmm.MutualInhibition]), a potential on the plane of the two
// rates whose critical points are exactly the circuit's equilibria and
// whose minima are its stable states. With R_k = τ r_k (dimensionless) and
// η_k = η̄_k + I_k + I_k(t),
//
//	L(R1, R2) = Σ_k [ π²R_k³/3 − J_k R_k²/2 + Δ_k²/(4π² R_k) − η_k R_k ] + K R1 R2.
//
// Derivation [DER]. An equilibrium has ṙ_k = 0, i.e. v_k = −Δ_k/(2πR_k)
// (the "slow manifold" v = v(R) on which the rates rest), and then v̇_k = 0
// reads F_k(R_k) = η_k − K R_j with F_k(R) = π²R² − J_k R − Δ_k²/(4π²R²).
// Since ∂L/∂R_k = F_k(R_k) − η_k + K R_j, the equilibria are the critical
// points of L, and because the cross-inhibition is symmetric (one K) the
// two conditions are the gradient of one function. The Hessian of L is
// [[F1', K], [K, F2']]; a fold (saddle-node) of the circuit is where its
// determinant vanishes. For a single population at Δ = 0, L'(R) = R² U'(R):
// L is the potential U of the Hamiltonian re-weighted by R², with the same
// minimum (centre) and maximum (saddle).
//
// Limits. L is a Lyapunov function of the overdamped reduced dynamics
// dR_k/dt = −∂L/∂R_k, not of the four-dimensional MPR circuit: the full
// trajectories oscillate around the minima (each population is a weakly
// damped near-Hamiltonian oscillator with energy H_k, see
// [Landscape.Energy]) and need not descend L monotonically. What carries
// over exactly is the set of equilibria, the saddle-node bifurcations (a
// minimum and a saddle of L merge), and hence the stimulus needed to
// switch. That minima of L are the stable states of the full model is
// checked numerically (eigenvalues of the 4×4 Jacobian) in the tests for
// the default parameters, not proven in general (a Hopf bifurcation of the
// full model would not show in L). A stimulus S_k to population k tilts the
// landscape by −S_k R_k; when it removes the occupied minimum the circuit
// switches.
type Landscape struct {
	m nmm.MutualInhibition
}

// NewLandscape returns the landscape of m (copied). It checks m and
// requires K > 0.
func NewLandscape(m *nmm.MutualInhibition) (*Landscape, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if !(m.K > 0) {
		return nil, fmt.Errorf("energy: landscape needs cross-inhibition K > 0, got %v", m.K)
	}
	return &Landscape{m: *m}, nil
}

// Model returns a pointer to the landscape's copy of the circuit
// (changing it changes the landscape).
func (l *Landscape) Model() *nmm.MutualInhibition { return &l.m }

func (l *Landscape) eta(k int, t float64) float64 {
	p := &l.m.Pop[k]
	e := p.EtaBar + p.I
	if p.Input != nil {
		e += p.Input(t)
	}
	return e
}

func fk(p *nmm.MPR, R float64) float64 {
	return math.Pi*math.Pi*R*R - p.J*R - p.Delta*p.Delta/(4*math.Pi*math.Pi*R*R)
}

func dfk(p *nmm.MPR, R float64) float64 {
	return 2*math.Pi*math.Pi*R - p.J + p.Delta*p.Delta/(2*math.Pi*math.Pi*R*R*R)
}

// L returns the landscape at rates (r1, r2) (1/time unit of τ) and time t
// (which sets the inputs); NaN for a rate ≤ 0.
func (l *Landscape) L(r1, r2, t float64) float64 {
	tau := l.m.Pop[0].Tau
	R := [2]float64{tau * r1, tau * r2}
	if !(R[0] > 0 && R[1] > 0) {
		return math.NaN()
	}
	var s float64
	for k := range R {
		p := &l.m.Pop[k]
		x := R[k]
		s += math.Pi*math.Pi*x*x*x/3 - p.J*x*x/2 + p.Delta*p.Delta/(4*math.Pi*math.Pi*x) - l.eta(k, t)*x
	}
	return s + l.m.K*R[0]*R[1]
}

// Grad returns ∂L/∂R_k (k = 1, 2) at rates (r1, r2) and time t.
func (l *Landscape) Grad(r1, r2, t float64) (g1, g2 float64) {
	tau := l.m.Pop[0].Tau
	R1, R2 := tau*r1, tau*r2
	g1 = fk(&l.m.Pop[0], R1) - l.eta(0, t) + l.m.K*R2
	g2 = fk(&l.m.Pop[1], R2) - l.eta(1, t) + l.m.K*R1
	return g1, g2
}

// Energy returns the energy H_k of population k (0 or 1) at the circuit
// state y = (r1, v1, r2, v2) and time t, with the other population's rate
// acting as an input: η_eff = η_k − K τ r_j. Along trajectories it is
// conserved only for Δ_k = 0 and a constant r_j; [Hamiltonian.Rate] with
// dη/dt = −K τ dr_j/dt gives its balance.
func (l *Landscape) Energy(k int, t float64, y []float64) float64 {
	j := 1 - k
	p := &l.m.Pop[k]
	h := Hamiltonian{Tau: p.Tau, Eta: l.eta(k, t) - l.m.K*p.Tau*y[2*j], J: p.J}
	return h.H(y[2*k], y[2*k+1])
}

// CriticalKind classifies a critical point of the landscape by the
// Hessian of L; its string ("min", "saddle", "max") is its JSON form.
type CriticalKind string

// The kinds of critical points.
const (
	Minimum CriticalKind = "min"    // a minimum of L: a stable state
	Saddle  CriticalKind = "saddle" // a saddle of L: the barrier between two minima
	Maximum CriticalKind = "max"    // a maximum of L
)

// String returns "min", "saddle" or "max".
func (k CriticalKind) String() string { return string(k) }

// Critical is a critical point of the landscape = an equilibrium of the
// circuit.
type Critical struct {
	R1, R2 float64      // rates (1/time unit of τ)
	L      float64      // landscape value
	Kind   CriticalKind // Minimum, Saddle or Maximum (by the Hessian of L)
	State  []float64    // the equilibrium (r1, v1, r2, v2), v_k = −Δ_k/(2π τ r_k)
}

// CriticalPoints returns all critical points of L at time t, sorted by R1.
// They are found by eliminating R2 = (η1 − F1(R1))/K and bracketing the
// sign changes of the remaining equation on a logarithmic grid of R1
// (4000 points between 1e-6 and the largest admissible R1), refined by
// bisection to machine precision.
func (l *Landscape) CriticalPoints(t float64) ([]Critical, error) {
	p1, p2 := &l.m.Pop[0], &l.m.Pop[1]
	e1, e2, K := l.eta(0, t), l.eta(1, t), l.m.K
	r2of := func(R1 float64) float64 { return (e1 - fk(p1, R1)) / K }
	g := func(R1 float64) float64 {
		R2 := r2of(R1)
		if !(R2 > 0) {
			return math.NaN()
		}
		return fk(p2, R2) - e2 + K*R1
	}
	// largest R1 with R2 > 0: F1(R1) < e1; F1 → ∞, so double until F1 ≥ e1.
	hi := 1.0
	for fk(p1, hi) < e1 {
		hi *= 2
		if hi > 1e12 {
			return nil, fmt.Errorf("energy: landscape critical points: no bound on R1")
		}
	}
	lo := 1e-6
	const n = 4000
	var out []Critical
	add := func(R1 float64) { out = append(out, l.critical(R1, r2of(R1), t)) }
	grid := func(i int) float64 { return lo * math.Pow(hi/lo, float64(i)/n) }
	var pp, p0 float64 = math.NaN(), g(lo) // g at grid points i−2, i−1
	for i := 1; i <= n; i++ {
		R := grid(i)
		gv := g(R)
		switch {
		case math.IsNaN(gv) || math.IsNaN(p0):
		case gv == 0:
			add(R)
		case (gv > 0) != (p0 > 0) && p0 != 0:
			add(bisectSign(g, grid(i-1), R))
		case !math.IsNaN(pp) && (p0-pp)*(gv-p0) < 0 && (p0 > 0) == (gv > 0):
			// a local extremum of g near grid(i−1) without a sign change:
			// two close roots (near a fold) may hide between grid points.
			a, b := grid(i-2), R
			xm := goldenExtremum(g, a, b, p0 > pp)
			if gm := g(xm); gm != 0 && (gm > 0) != (p0 > 0) {
				add(bisectSign(g, a, xm))
				add(bisectSign(g, xm, b))
			}
		}
		pp, p0 = p0, gv
	}
	sort.Slice(out, func(i, j int) bool { return out[i].R1 < out[j].R1 })
	return out, nil
}

// goldenExtremum returns the location of the maximum (max = true) or
// minimum of f on [a, b] by golden-section search.
func goldenExtremum(f func(float64) float64, a, b float64, max bool) float64 {
	sgn := 1.0
	if max {
		sgn = -1
	}
	const gr = 0.6180339887498949
	c, d := b-gr*(b-a), a+gr*(b-a)
	fc, fd := sgn*f(c), sgn*f(d)
	for i := 0; i < 200 && b-a > 1e-15*b; i++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - gr*(b-a)
			fc = sgn * f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + gr*(b-a)
			fd = sgn * f(d)
		}
	}
	return 0.5 * (a + b)
}

// bisectSign finds a sign change of f in [a, b].
func bisectSign(f func(float64) float64, a, b float64) float64 {
	fa := f(a)
	for i := 0; i < 200; i++ {
		m := 0.5 * (a + b)
		if m <= a || m >= b {
			break
		}
		fm := f(m)
		if fm == 0 {
			return m
		}
		if (fm > 0) == (fa > 0) {
			a, fa = m, fm
		} else {
			b = m
		}
	}
	return 0.5 * (a + b)
}

func (l *Landscape) critical(R1, R2, t float64) Critical {
	p1, p2 := &l.m.Pop[0], &l.m.Pop[1]
	tau := p1.Tau
	a, d, K := dfk(p1, R1), dfk(p2, R2), l.m.K
	det, tr := a*d-K*K, a+d
	kind := Saddle
	switch {
	case det > 0 && tr > 0:
		kind = Minimum
	case det > 0 && tr < 0:
		kind = Maximum
	}
	r1, r2 := R1/tau, R2/tau
	return Critical{R1: r1, R2: r2, L: l.L(r1, r2, t), Kind: kind,
		State: []float64{r1, -p1.Delta / (2 * math.Pi * R1), r2, -p2.Delta / (2 * math.Pi * R2)}}
}

// Minima returns the minima of L at time t (the stable states), sorted by
// R1.
func (l *Landscape) Minima(t float64) ([]Critical, error) {
	cs, err := l.CriticalPoints(t)
	if err != nil {
		return nil, err
	}
	var out []Critical
	for _, c := range cs {
		if c.Kind == Minimum {
			out = append(out, c)
		}
	}
	return out, nil
}

// Barrier returns the landscape barrier L(saddle) − L(minimum) that keeps
// population k (0 or 1) suppressed — i.e. of the minimum with the smaller
// rate r_k — under an extra constant stimulus s to population k, at time t.
// ok is false when that minimum does not exist (the stimulus has switched
// the circuit).
func (l *Landscape) Barrier(k int, s, t float64) (barrier float64, ok bool, err error) {
	if k != 0 && k != 1 {
		return 0, false, fmt.Errorf("energy: population index %d, want 0 or 1", k)
	}
	c := *l
	c.m.Pop[k].I += s
	cs, err := c.CriticalPoints(t)
	if err != nil {
		return 0, false, err
	}
	rate := func(c Critical) float64 {
		if k == 0 {
			return c.R1
		}
		return c.R2
	}
	// the suppressed minimum: the minimum with the smallest r_k, provided
	// another minimum exists with larger r_k (else the state is unique)
	var mins, saddles []Critical
	for _, x := range cs {
		switch x.Kind {
		case Minimum:
			mins = append(mins, x)
		case Saddle:
			saddles = append(saddles, x)
		}
	}
	if len(mins) < 2 || len(saddles) == 0 {
		return 0, false, nil
	}
	lowest := mins[0]
	for _, x := range mins[1:] {
		if rate(x) < rate(lowest) {
			lowest = x
		}
	}
	// the adjacent saddle: the saddle with the smallest r_k above the minimum
	var sad *Critical
	for i := range saddles {
		if rate(saddles[i]) > rate(lowest) && (sad == nil || rate(saddles[i]) < rate(*sad)) {
			sad = &saddles[i]
		}
	}
	if sad == nil {
		return 0, false, nil
	}
	return sad.L - lowest.L, true, nil
}

// SwitchThreshold returns the smallest constant stimulus to population k
// (0 or 1) that removes the minimum in which k is suppressed (the barrier
// vanishes at a saddle-node): a sustained stimulus above it switches the
// circuit, one below it does not. It bisects on the stimulus in [0, smax]
// to relative precision 1e-10. Errors if the circuit is not bistable at
// s = 0 or smax does not switch it.
func (l *Landscape) SwitchThreshold(k int, smax float64) (float64, error) {
	_, ok, err := l.Barrier(k, 0, 0)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("energy: the circuit is not bistable (no suppressed state of population %d)", k+1)
	}
	if _, ok, _ := l.Barrier(k, smax, 0); ok {
		return 0, fmt.Errorf("energy: a stimulus of %v does not switch population %d", smax, k+1)
	}
	a, b := 0.0, smax
	for b-a > 1e-10*smax {
		m := 0.5 * (a + b)
		if _, ok, _ := l.Barrier(k, m, 0); ok {
			a = m
		} else {
			b = m
		}
	}
	return 0.5 * (a + b), nil
}
