package energy

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/ngnmm/ngnmm/nmm"
)

// Sentinel errors; returned errors wrap them and name the offending value.
var (
	// ErrDomain reports a rate r ≤ 0 (or a non-finite state or parameter).
	ErrDomain = errors.New("energy: outside the domain")
	// ErrNoCentre reports parameters without a centre (U has no minimum:
	// every orbit runs into r → 0).
	ErrNoCentre = errors.New("energy: no centre")
	// ErrBelowCentre reports an energy below the centre energy (an empty
	// level set).
	ErrBelowCentre = errors.New("energy: energy below the centre energy")
	// ErrUnbounded reports an energy above the homoclinic (saddle) energy,
	// whose level set is not a bounded orbit.
	ErrUnbounded = errors.New("energy: energy above the homoclinic level, orbit unbounded")
)

// Hamiltonian is the energy of a homogeneous (Δ = 0) MPR population with
// constant effective excitability η (see the package documentation):
//
//	H(r, v) = (v² + η)/(τr) + π² τr − J ln(τr)
//
// Its zero value is not valid (Tau must be > 0).
type Hamiltonian struct {
	Tau float64 // τ, membrane time constant (time unit); > 0
	Eta float64 // η = η̄ + I (+ I(t) frozen), effective excitability; finite
	J   float64 // J, synaptic weight; finite
}

// Of returns the frozen Hamiltonian of the MPR model m at time t:
// Eta = EtaBar + I + Input(t). Δ is ignored (it breaks conservation, see
// [Hamiltonian.Rate]).
func Of(m *nmm.MPR, t float64) Hamiltonian {
	eta := m.EtaBar + m.I
	if m.Input != nil {
		eta += m.Input(t)
	}
	return Hamiltonian{Tau: m.Tau, Eta: eta, J: m.J}
}

// Validate checks the parameters.
func (h Hamiltonian) Validate() error {
	switch {
	case !(h.Tau > 0) || math.IsInf(h.Tau, 0):
		return fmt.Errorf("energy: Tau = %v, want finite > 0", h.Tau)
	case math.IsNaN(h.Eta) || math.IsInf(h.Eta, 0):
		return fmt.Errorf("energy: Eta = %v, want finite", h.Eta)
	case math.IsNaN(h.J) || math.IsInf(h.J, 0):
		return fmt.Errorf("energy: J = %v, want finite", h.J)
	}
	return nil
}

// u is the potential in the dimensionless rate R.
func (h Hamiltonian) u(R float64) float64 { return h.Eta/R + math.Pi*math.Pi*R - h.J*math.Log(R) }

// du is U'(R).
func (h Hamiltonian) du(R float64) float64 { return -h.Eta/(R*R) + math.Pi*math.Pi - h.J/R }

// H returns the energy at rate r (1/time unit of τ) and mean voltage v; NaN
// for r ≤ 0.
func (h Hamiltonian) H(r, v float64) float64 {
	R := h.Tau * r
	if !(R > 0) {
		return math.NaN()
	}
	return v*v/R + h.u(R)
}

// Eval is H with checks: it returns an error wrapping ErrDomain for r ≤ 0 or
// non-finite arguments, and the parameters' Validate error.
func (h Hamiltonian) Eval(r, v float64) (float64, error) {
	if err := h.Validate(); err != nil {
		return 0, err
	}
	if err := checkState(r, v); err != nil {
		return 0, err
	}
	return h.H(r, v), nil
}

func checkState(r, v float64) error {
	if !(r > 0) || math.IsInf(r, 0) {
		return fmt.Errorf("%w: rate r = %v, want finite > 0", ErrDomain, r)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%w: voltage v = %v, want finite", ErrDomain, v)
	}
	return nil
}

// Kinetic returns the kinetic part v²/(τr); NaN for r ≤ 0.
func (h Hamiltonian) Kinetic(r, v float64) float64 {
	R := h.Tau * r
	if !(R > 0) {
		return math.NaN()
	}
	return v * v / R
}

// Potential returns U = η/(τr) + π²τr − J ln(τr); NaN for r ≤ 0.
func (h Hamiltonian) Potential(r float64) float64 {
	R := h.Tau * r
	if !(R > 0) {
		return math.NaN()
	}
	return h.u(R)
}

// Grad returns the partial derivatives of H with respect to the
// dimensionless rate R = τr and to v:
//
//	∂H/∂R = π² − (v² + η)/R² − J/R,   ∂H/∂v = 2v/R.
//
// (∂H/∂r = τ ∂H/∂R.) NaN for r ≤ 0.
func (h Hamiltonian) Grad(r, v float64) (dR, dv float64) {
	R := h.Tau * r
	if !(R > 0) {
		return math.NaN(), math.NaN()
	}
	return math.Pi*math.Pi - (v*v+h.Eta)/(R*R) - h.J/R, 2 * v / R
}

// Rate returns dH/dt along a trajectory of the MPR model with heterogeneity
// Δ ≥ 0 and an effective excitability changing at the rate dEta/dt (per
// physical time unit; e.g. dI/dt of a time-dependent input):
//
//	dH/dt = Δ/(πτ) ∂H/∂R + (dη/dt)/(τ r).
//
// Derivation: with t' = t/τ, dH/dt' = ∂H/∂R (Δ/π + 2Rv) + ∂H/∂v (v² + η +
// JR − π²R²) + (dη/dt')/R; the Hamiltonian terms cancel (2v[−(v²+η)/R + π²R
// − J] + 2v[(v²+η)/R + J − π²R] = 0). H is evaluated with the current η.
// NaN for r ≤ 0.
func (h Hamiltonian) Rate(r, v, delta, dEtadt float64) float64 {
	R := h.Tau * r
	if !(R > 0) {
		return math.NaN()
	}
	dR, _ := h.Grad(r, v)
	return delta*dR/(math.Pi*h.Tau) + dEtadt/R
}

// Point is an equilibrium of the energy: rate R (physical units), v = 0,
// and its energy.
type Point struct {
	R float64 // rate (1/time unit of τ)
	H float64 // energy
}

// roots returns the roots R± = (J ± √(J² + 4π²η))/(2π²) of U'(R) = 0 in the
// dimensionless rate; ok is false when the discriminant is negative.
func (h Hamiltonian) roots() (rp, rm float64, ok bool) {
	pi2 := math.Pi * math.Pi
	d := h.J*h.J + 4*pi2*h.Eta
	if d < 0 {
		return 0, 0, false
	}
	s := math.Sqrt(d)
	rp = (h.J + s) / (2 * pi2)
	// rm = (J − s)/(2π²) = −2η/(J + s), the stable form for J > 0.
	if h.J+s != 0 {
		rm = -2 * h.Eta / (h.J + s)
	} else {
		rm = (h.J - s) / (2 * pi2)
	}
	return rp, rm, true
}

// centreR returns the dimensionless centre rate.
func (h Hamiltonian) centreR() (float64, error) {
	if err := h.Validate(); err != nil {
		return 0, err
	}
	rp, rm, ok := h.roots()
	if !ok || !(rp > 0) || (rm > 0 && rp-rm <= 1e-14*rp) {
		return 0, fmt.Errorf("%w: η = %v, J = %v (need J² + 4π²η > 0 and a positive root of π²R² − JR − η = 0)", ErrNoCentre, h.Eta, h.J)
	}
	return rp, nil
}

// Centre returns the centre (the minimum of U, a stable equilibrium of the
// Δ = 0 dynamics): R_c = (J + √(J² + 4π²η))/(2π²τ), v = 0. It returns an error
// wrapping ErrNoCentre when there is none (J² + 4π²η ≤ 0, or η ≤ 0 with
// J ≤ 0).
func (h Hamiltonian) Centre() (Point, error) {
	R, err := h.centreR()
	if err != nil {
		return Point{}, err
	}
	return Point{R: R / h.Tau, H: h.u(R)}, nil
}

// Saddle returns the saddle (maximum of U), which exists for η < 0 < J and
// J² + 4π²η > 0: R_s = (J − √(J² + 4π²η))/(2π²τ). ok is false when there is
// none.
func (h Hamiltonian) Saddle() (p Point, ok bool) {
	if h.Validate() != nil {
		return Point{}, false
	}
	rp, rm, ok := h.roots()
	if !ok || !(rm > 0) || !(rp-rm > 1e-14*rp) {
		return Point{}, false
	}
	return Point{R: rm / h.Tau, H: h.u(rm)}, true
}

// Omega0 returns the angular frequency of small oscillations about the
// centre, ω0 = √(2R_c(2π²R_c − J))/τ (radians per time unit of τ).
func (h Hamiltonian) Omega0() (float64, error) {
	R, err := h.centreR()
	if err != nil {
		return 0, err
	}
	return math.Sqrt(2*R*(2*math.Pi*math.Pi*R-h.J)) / h.Tau, nil
}

// AxisRatio returns the axis ratio of the small-oscillation ellipses,
// δr_max / v_max = √(2R_c/(2π²R_c − J))/τ, with r in 1/time unit of τ
// (for τ = 1 the ratio in the dimensionless rate).
func (h Hamiltonian) AxisRatio() (float64, error) {
	R, err := h.centreR()
	if err != nil {
		return 0, err
	}
	return math.Sqrt(2*R/(2*math.Pi*math.Pi*R-h.J)) / h.Tau, nil
}

// Homoclinic returns the energy of the saddle's homoclinic loop,
// E_s = H(r_s, 0), and the largest rate on the loop (the root r > r_c of
// U = E_s). ok is false when there is no saddle (every level above the
// centre is then a bounded orbit).
func (h Hamiltonian) Homoclinic() (E, rmax float64, ok bool) {
	s, ok := h.Saddle()
	if !ok {
		return 0, 0, false
	}
	Rc, err := h.centreR()
	if err != nil {
		return 0, 0, false
	}
	Rmax, err := h.rootAbove(Rc, s.H)
	if err != nil {
		return 0, 0, false
	}
	return s.H, Rmax / h.Tau, true
}

// TurningPoints returns the smallest and largest rate on the bounded level
// set H = E around the centre, the two roots of U(r) = E (where v = 0). E
// equal to the centre energy gives r_min = r_max = r_c; E equal to the
// homoclinic energy gives r_min = r_s. Errors wrap ErrBelowCentre,
// ErrUnbounded or ErrNoCentre.
//
// The roots are bracketed robustly (U is monotone on each side of r_c, the
// saddle bounds the lower bracket when it exists, otherwise the bracket is
// halved or doubled until it contains the root) and found by bisection to
// machine precision.
func (h Hamiltonian) TurningPoints(E float64) (rmin, rmax float64, err error) {
	Rlo, Rhi, err := h.turningR(E)
	if err != nil {
		return 0, 0, err
	}
	return Rlo / h.Tau, Rhi / h.Tau, nil
}

func (h Hamiltonian) turningR(E float64) (Rlo, Rhi float64, err error) {
	if math.IsNaN(E) || math.IsInf(E, 0) {
		return 0, 0, fmt.Errorf("%w: energy E = %v, want finite", ErrDomain, E)
	}
	Rc, err := h.centreR()
	if err != nil {
		return 0, 0, err
	}
	Ec := h.u(Rc)
	tol := 1e-13 * math.Max(1, math.Abs(Ec))
	if E < Ec-tol {
		return 0, 0, fmt.Errorf("%w: E = %v < H_c = %v", ErrBelowCentre, E, Ec)
	}
	if E <= Ec {
		return Rc, Rc, nil
	}
	var lo float64
	if s, ok := h.Saddle(); ok {
		Rs := s.R * h.Tau
		if E > s.H+tol {
			return 0, 0, fmt.Errorf("%w: E = %v > H_s = %v (saddle at r = %v)", ErrUnbounded, E, s.H, s.R)
		}
		if E >= s.H {
			Rlo = Rs
		} else {
			Rlo = bisect(h.u, Rs, Rc, E)
		}
		_ = lo
	} else {
		lo = Rc / 2
		for i := 0; h.u(lo) <= E; i++ {
			if i > 2000 || lo == 0 {
				return 0, 0, fmt.Errorf("%w: no lower turning point found for E = %v", ErrUnbounded, E)
			}
			lo /= 2
		}
		Rlo = bisect(h.u, lo, Rc, E)
	}
	Rhi, err = h.rootAbove(Rc, E)
	return Rlo, Rhi, err
}

// rootAbove returns the root R > Rc of U(R) = E.
func (h Hamiltonian) rootAbove(Rc, E float64) (float64, error) {
	hi := 2 * Rc
	for i := 0; h.u(hi) <= E; i++ {
		if i > 2000 || math.IsInf(hi, 0) {
			return 0, fmt.Errorf("%w: no upper turning point found for E = %v", ErrDomain, E)
		}
		hi *= 2
	}
	return bisect(h.u, Rc, hi, E), nil
}

// bisect returns x in [a, b] with f(x) = E, where f − E changes sign on
// [a, b] (f monotone there), to machine precision.
func bisect(f func(float64) float64, a, b, E float64) float64 {
	return bisectSign(func(x float64) float64 { return f(x) - E }, a, b)
}

// Bounded returns the energy and turning points of the orbit through
// (r, v) if it is a bounded (periodic, Δ = 0) orbit around the centre. Points
// above the homoclinic energy, and points left of the saddle (their level
// set runs into r → 0 although E may be below the centre energy), give an
// error wrapping ErrUnbounded; r ≤ 0 gives ErrDomain.
func (h Hamiltonian) Bounded(r, v float64) (E, rmin, rmax float64, err error) {
	if err := h.Validate(); err != nil {
		return 0, 0, 0, err
	}
	if err := checkState(r, v); err != nil {
		return 0, 0, 0, err
	}
	if _, err := h.centreR(); err != nil {
		return 0, 0, 0, err
	}
	E = h.H(r, v)
	rmin, rmax, err = h.TurningPoints(E)
	if errors.Is(err, ErrBelowCentre) {
		s, _ := h.Saddle()
		return E, 0, 0, fmt.Errorf("%w: (r, v) = (%v, %v) lies outside the homoclinic loop (left of the saddle at r = %v); its orbit runs into r → 0", ErrUnbounded, r, v, s.R)
	}
	if err != nil {
		return E, 0, 0, err
	}
	if tol := 1e-9 * rmax; r < rmin-tol || r > rmax+tol {
		s, _ := h.Saddle()
		return E, 0, 0, fmt.Errorf("%w: (r, v) = (%v, %v) lies outside the homoclinic loop (left of the saddle at r = %v); its orbit runs into r → 0", ErrUnbounded, r, v, s.R)
	}
	return E, rmin, rmax, nil
}

// Period returns the period of the Δ = 0 orbit of energy E (physical time),
// by quadrature of dt = dR/(2Rv) with v = √(R(E − U(R))):
//
//	T = τ ∫_{R_min}^{R_max} dR / (R^{3/2} √(E − U(R))),
//
// after the substitution R = m + w sin θ that removes the inverse square-root
// end-point singularities (m, w: centre and half-width of [R_min, R_max]),
// with n-point Gauss–Legendre on θ ∈ (−π/2, π/2) (n = 0: 256). At E = H_c it
// returns 2π/ω0. Errors as for TurningPoints. Independent of any ODE solver,
// it checks simulated periods.
func (h Hamiltonian) Period(E float64, n int) (float64, error) {
	Rlo, Rhi, err := h.turningR(E)
	if err != nil {
		return 0, err
	}
	if Rhi-Rlo <= 1e-12*Rhi {
		w, err := h.Omega0()
		if err != nil {
			return 0, err
		}
		return 2 * math.Pi / w, nil
	}
	if n <= 0 {
		n = 256
	}
	var x, wt []float64
	if n == 256 {
		x, wt = gl256()
	} else {
		x, wt = gaussLegendre(n)
	}
	m, w := 0.5*(Rhi+Rlo), 0.5*(Rhi-Rlo)
	var sum float64
	for i := range x {
		th := 0.5 * math.Pi * x[i]
		R := m + w*math.Sin(th)
		d := E - h.u(R)
		if d <= 0 {
			continue // rounding at the very ends; the weight there is negligible
		}
		sum += wt[i] * w * math.Cos(th) / (R * math.Sqrt(R) * math.Sqrt(d))
	}
	return h.Tau * 0.5 * math.Pi * sum, nil
}

// gl256 caches the default 256-point rule (immutable after creation).
var gl256 = sync.OnceValues(func() ([]float64, []float64) { return gaussLegendre(256) })

// gaussLegendre returns the nodes and weights of the n-point Gauss–Legendre
// rule on [−1, 1] (Newton iteration on the Legendre recurrence).
func gaussLegendre(n int) (x, w []float64) {
	x, w = make([]float64, n), make([]float64, n)
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for it := 0; it < 100; it++ {
			p0, p1 := 1.0, z
			for k := 2; k <= n; k++ {
				p0, p1 = p1, ((2*float64(k)-1)*z*p1-(float64(k)-1)*p0)/float64(k)
			}
			if n == 1 {
				p0, p1 = 1, z
			}
			dp = float64(n) * (z*p1 - p0) / (z*z - 1)
			dz := p1 / dp
			z -= dz
			if math.Abs(dz) < 1e-16 {
				break
			}
		}
		x[i], x[n-1-i] = -z, z
		w[i] = 2 / ((1 - z*z) * dp * dp)
		w[n-1-i] = w[i]
	}
	return x, w
}

// LevelSet returns n points (r_i, ±v_i) of the exact closed level set
// H = E (a bounded orbit), going along the upper branch v > 0 from r_min to
// r_max and back along v < 0; r is in 1/time unit of τ. The points are
// spaced by r = m − w cos θ to resolve the turning points. Errors as for
// TurningPoints.
func (h Hamiltonian) LevelSet(E float64, n int) (r, v []float64, err error) {
	Rlo, Rhi, err := h.turningR(E)
	if err != nil {
		return nil, nil, err
	}
	if n < 4 {
		n = 4
	}
	half := n / 2
	m, w := 0.5*(Rhi+Rlo), 0.5*(Rhi-Rlo)
	r, v = make([]float64, 0, 2*half+1), make([]float64, 0, 2*half+1)
	branch := func(sign float64, k int) {
		th := math.Pi * float64(k) / float64(half)
		if sign < 0 {
			th = math.Pi - th
		}
		R := m - w*math.Cos(th)
		d := R * (E - h.u(R))
		vv := 0.0
		if d > 0 {
			vv = sign * math.Sqrt(d)
		}
		r = append(r, R/h.Tau)
		v = append(v, vv)
	}
	for k := 0; k < half; k++ {
		branch(1, k)
	}
	for k := 0; k <= half; k++ {
		branch(-1, k)
	}
	return r, v, nil
}

// StrongCouplingDampingRatio returns the prediction π²Δ/(√2 J²) for the
// damping ratio |Re λ|/|Im λ| of the MPR focus at η = 0 and J ≫ √Δ
// (first order in Δ/J²; see the package documentation).
func StrongCouplingDampingRatio(delta, J float64) float64 {
	return math.Pi * math.Pi * delta / (math.Sqrt2 * J * J)
}
