package nmm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MutualInhibition is a pair of Montbrió–Pazó–Roxin populations that
// inhibit each other through their rates (a winner-take-all circuit):
//
//	τ dr_k/dt = Δ_k/(π τ) + 2 r_k v_k
//	τ dv_k/dt = v_k² + η̄_k + I_k + I_k(t) + J_k τ r_k − K τ r_j − (π τ r_k)²
//
// for k = 1, 2 and j the other population. Each population's own
// parameters (τ, Δ, η̄, J = self-excitation, I, Input) are those of [MPR];
// K ≥ 0 is the cross-inhibition weight, entering like J (a rate times τ).
// With strong enough K the circuit is bistable: one population active, the
// other suppressed; a stimulus I_k(t) to the suppressed one switches the
// state (see energy.Landscape for the energy-landscape picture). Both
// populations must have the same τ.
//
// State: y = (r1, v1, r2, v2).
//
// References:
//   - E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015) (each
//     population).
//   - Mutual inhibition between two populations with bistability and
//     stimulus-driven switching is the setting named in the summaries of
//     D. Andrean, M. G. Pedersen, arXiv:2509.10428 (2025); the exact model of
//     that paper was not available, this one is the minimal MPR version.
type MutualInhibition struct {
	Pop [2]MPR  // the two populations (each Validate-d; equal Tau)
	K   float64 // cross-inhibition weight (dimensionless, like J); ≥ 0
}

// DefaultMutualInhibition returns a bistable circuit (τ = 1, Δ = 1, η̄ = 2,
// J = 5, K = 10): stable states (r1, r2) ≈ (0.6976, 0.0737) and
// (0.0737, 0.6976), separated by a symmetric saddle at r1 = r2 ≈ 0.2917.
func DefaultMutualInhibition() MutualInhibition {
	p := MPR{Tau: 1, Delta: 1, EtaBar: 2, J: 5}
	return MutualInhibition{Pop: [2]MPR{p, p}, K: 10}
}

// Dim returns 4.
func (m *MutualInhibition) Dim() int { return 4 }

// Vars returns "r1", "v1", "r2", "v2".
func (m *MutualInhibition) Vars() []string { return []string{"r1", "v1", "r2", "v2"} }

// Units returns the units of the state variables.
func (m *MutualInhibition) Units() []string {
	return []string{"1/τ", "dimensionless", "1/τ", "dimensionless"}
}

// Validate checks both populations, equal τ and K.
func (m *MutualInhibition) Validate() error {
	for k := range m.Pop {
		if err := m.Pop[k].Validate(); err != nil {
			return fmt.Errorf("nmm: MutualInhibition population %d: %w", k+1, err)
		}
	}
	if m.Pop[0].Tau != m.Pop[1].Tau {
		return fmt.Errorf("nmm: MutualInhibition Tau = %v and %v, want equal", m.Pop[0].Tau, m.Pop[1].Tau)
	}
	if !(m.K >= 0) || math.IsInf(m.K, 0) {
		return fmt.Errorf("nmm: MutualInhibition parameter K = %v, want finite ≥ 0", m.K)
	}
	return nil
}

// Deriv implements ode.System.
func (m *MutualInhibition) Deriv(dst []float64, t float64, y []float64) {
	// MPR's coupling port adds τc/τ to dv/dt: c = −K r_j gives −K τ r_j / τ.
	m.Pop[0].DerivCoupled(dst[0:2], t, y[0:2], -m.K*y[2])
	m.Pop[1].DerivCoupled(dst[2:4], t, y[2:4], -m.K*y[0])
}

// Jac implements Jacobian.
func (m *MutualInhibition) Jac(dst *mat.Dense, t float64, y []float64) {
	for k := 0; k < 2; k++ {
		p := &m.Pop[k]
		r, v, tau := y[2*k], y[2*k+1], p.Tau
		i := 2 * k
		j := 2 * (1 - k)
		dst.Set(i, i, 2*v/tau)
		dst.Set(i, i+1, 2*r/tau)
		dst.Set(i, j, 0)
		dst.Set(i, j+1, 0)
		dst.Set(i+1, i, p.J-2*math.Pi*math.Pi*tau*r)
		dst.Set(i+1, i+1, 2*v/tau)
		dst.Set(i+1, j, -m.K)
		dst.Set(i+1, j+1, 0)
	}
}
