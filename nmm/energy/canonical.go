package energy

import (
	"fmt"
	"math"
)

// Form selects one of the equivalent canonical forms of the Δ = 0 MPR
// dynamics in a rescaled time s (R = τ r, t' = t/τ).
type Form int

const (
	// FormR2: ds = R² dt', canonical pair (q, p) = (R, v), energy H(R, v).
	FormR2 Form = iota
	// FormMomentum: ds = R dt', canonical pair (q, p) = (R, v/R), energy
	// K = q p² + π² q + η/q − J ln q.
	FormMomentum
	// FormLog: ds = R dt', canonical pair (q, p) = (ln R, v), energy
	// K = e^{−q}(p² + η) + π² e^{q} − J q.
	FormLog
)

// String names the form.
func (f Form) String() string {
	switch f {
	case FormR2:
		return "R2"
	case FormMomentum:
		return "momentum"
	case FormLog:
		return "log"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// Canonical is the Hamiltonian vector field dq/ds = ∂K/∂p, dp/ds = −∂K/∂q
// of the Δ = 0 MPR population in one of the rescaled times of [Form]. It
// implements ode.System (the independent variable is s); its orbits are the
// orbits of the MPR model, traversed with ds/dt = [Canonical.TimeRate]. The
// energy K equals H at corresponding points.
type Canonical struct {
	H    Hamiltonian
	Form Form
}

// Dim returns 2.
func (c *Canonical) Dim() int { return 2 }

// Vars returns the canonical variable names.
func (c *Canonical) Vars() []string { return []string{"q", "p"} }

// Deriv writes (∂K/∂p, −∂K/∂q) at y = (q, p).
func (c *Canonical) Deriv(dst []float64, s float64, y []float64) {
	q, p := y[0], y[1]
	eta, J, pi2 := c.H.Eta, c.H.J, math.Pi*math.Pi
	switch c.Form {
	case FormMomentum:
		dst[0] = 2 * q * p
		dst[1] = -(p*p + pi2 - eta/(q*q) - J/q)
	case FormLog:
		e := math.Exp(-q)
		dst[0] = 2 * p * e
		dst[1] = e*(p*p+eta) - pi2/e + J
	default:
		dst[0] = 2 * p / q
		dst[1] = (p*p+eta)/(q*q) - pi2 + J/q
	}
}

// Energy returns K(q, p).
func (c *Canonical) Energy(q, p float64) float64 {
	eta, J, pi2 := c.H.Eta, c.H.J, math.Pi*math.Pi
	switch c.Form {
	case FormMomentum:
		return q*p*p + pi2*q + eta/q - J*math.Log(q)
	case FormLog:
		return math.Exp(-q)*(p*p+eta) + pi2*math.Exp(q) - J*q
	default:
		return (p*p+eta)/q + pi2*q - J*math.Log(q)
	}
}

// ToCanonical maps the MPR state (r, v) (r in 1/time unit of τ) to (q, p).
func (c *Canonical) ToCanonical(r, v float64) (q, p float64) {
	R := c.H.Tau * r
	switch c.Form {
	case FormMomentum:
		return R, v / R
	case FormLog:
		return math.Log(R), v
	default:
		return R, v
	}
}

// FromCanonical maps (q, p) back to the MPR state (r, v).
func (c *Canonical) FromCanonical(q, p float64) (r, v float64) {
	switch c.Form {
	case FormMomentum:
		return q / c.H.Tau, p * q
	case FormLog:
		return math.Exp(q) / c.H.Tau, p
	default:
		return q / c.H.Tau, p
	}
}

// TimeRate returns ds/dt at (q, p) (physical t): R²/τ for FormR2, R/τ for
// the other forms.
func (c *Canonical) TimeRate(q, p float64) float64 {
	r, _ := c.FromCanonical(q, p)
	R := c.H.Tau * r
	if c.Form == FormR2 {
		return R * R / c.H.Tau
	}
	return R / c.H.Tau
}
