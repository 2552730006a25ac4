package nmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// MPRAdapt is a Montbrió–Pazó–Roxin population with slow spike-frequency
// adaptation, a bursting next-generation neural mass:
//
//	τ   dr/dt = Δ/(π τ) + 2 r v
//	τ   dv/dt = v² + η̄ + I + I(t) + J τ r − a − (π τ r)²
//	τ_a da/dt = −a + α τ r
//
// The adaptation current a (dimensionless, like η) follows the rate with
// the slow time constant τ_a and lowers the effective excitability
// η_eff = η̄ + I + I(t) − a. For a bistable fast subsystem (J/√Δ above the
// cusp 7.796) and an a-nullcline crossing its middle branch, the model
// bursts: the active phase is a train of damped fast oscillations
// ("population spikes") that ends when a has grown past the lower fold;
// the silent phase ends at the upper fold. The fast subsystem with a frozen
// is the MPR model with η = η_eff, whose energy predicts the spike
// amplitudes (package energy).
//
// State: y = (r, v, a).
//
// The adaptation here is first order (an exponential kernel); Gast, Schmidt
// & Knösche (2020) derived the mean field with short-term adaptation and
// used a second-order (alpha-kernel) variant. The simplification keeps the
// slow–fast structure that produces bursting and is the simplest slow
// variable for the energy argument.
//
// References:
//   - E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015).
//   - R. Gast, H. Schmidt, T. R. Knösche, A mean-field description of
//     bursting dynamics in spiking neural networks with short-term
//     adaptation, Neural Computation 32(9), 1615–1634 (2020),
//     doi:10.1162/neco_a_01300.
type MPRAdapt struct {
	MPR   MPR     // the fast population (τ, Δ, η̄, J, I, Input)
	TauA  float64 // τ_a, adaptation time constant (time unit of τ); > 0
	Alpha float64 // α, adaptation strength (dimensionless); ≥ 0
}

// DefaultMPRAdapt returns a bursting parameter set (τ = 1, Δ = 1, J = 20,
// η̄ = −0.5, α = 14, τ_a = 50; chosen here so that the a-nullcline a = ατr
// crosses the middle branch of the fast equilibria): 19 population spikes
// (peak rate > 0.5) per burst, burst period ≈ 104 τ, peak rates decaying
// from ≈ 4.11 to ≈ 1.22 within a burst.
func DefaultMPRAdapt() MPRAdapt {
	return MPRAdapt{MPR: MPR{Tau: 1, Delta: 1, EtaBar: -0.5, J: 20}, TauA: 50, Alpha: 14}
}

// Dim returns 3.
func (m *MPRAdapt) Dim() int { return 3 }

// Vars returns "r", "v", "a".
func (m *MPRAdapt) Vars() []string { return []string{"r", "v", "a"} }

// Units returns the units of r, v and a.
func (m *MPRAdapt) Units() []string { return []string{"1/τ", "dimensionless", "dimensionless"} }

// Validate checks the parameters against [MPRAdaptSpec]'s table (a
// *[ParamError]).
func (m *MPRAdapt) Validate() error { return checkParams("MPRAdapt", m, MPRAdaptSpec.Params) }

// MPRAdaptSpec registers [MPRAdapt] as "mpr-adapt": the parameters of
// [MPRSpec] (of the fast population) and tauA, alpha.
var MPRAdaptSpec = Spec{
	Name:     "mpr-adapt",
	Summary:  "MPR population with slow spike-frequency adaptation (bursting; r, v, a)",
	Citation: "Montbrió, Pazó, Roxin, Phys. Rev. X 5, 021028 (2015) with first-order adaptation after Gast, Schmidt, Knösche, Neural Comput. 32, 1615 (2020)",
	TimeUnit: "τ",
	Input:    "MPR.Input",
	New:      func() Model { m := DefaultMPRAdapt(); return &m },
	Params: append(prefixParams(MPRSpec.Params, "MPR."),
		Param{Name: "tauA", Field: "TauA", Symbol: "τ_a", Unit: "time unit", Min: 0, Max: inf, MinOpen: true, Doc: "adaptation time constant"},
		Param{Name: "alpha", Field: "Alpha", Symbol: "α", Unit: "dimensionless", Min: 0, Max: inf, Doc: "adaptation strength"}),
}

// prefixParams returns a copy of ps with prefix added to every field path
// (the table of an embedded model).
func prefixParams(ps []Param, prefix string) []Param {
	out := append([]Param(nil), ps...)
	for i := range out {
		out[i].Field = prefix + out[i].Field
	}
	return out
}

// EtaEff returns the effective excitability η̄ + I + I(t) − a of the fast
// subsystem at time t with adaptation a.
func (m *MPRAdapt) EtaEff(t, a float64) float64 {
	e := m.MPR.EtaBar + m.MPR.I - a
	if m.MPR.Input != nil {
		e += m.MPR.Input(t)
	}
	return e
}

// Deriv implements ode.System.
func (m *MPRAdapt) Deriv(dst []float64, t float64, y []float64) {
	tau := m.MPR.Tau
	// MPR's coupling port adds τc/τ to dv/dt: c = −a/τ gives −a/τ.
	m.MPR.DerivCoupled(dst[0:2], t, y[0:2], -y[2]/tau)
	dst[2] = (-y[2] + m.Alpha*tau*y[0]) / m.TauA
}

// Jac implements Jacobian.
func (m *MPRAdapt) Jac(dst *mat.Dense, t float64, y []float64) {
	r, v, tau := y[0], y[1], m.MPR.Tau
	dst.Set(0, 0, 2*v/tau)
	dst.Set(0, 1, 2*r/tau)
	dst.Set(0, 2, 0)
	dst.Set(1, 0, m.MPR.J-2*math.Pi*math.Pi*tau*r)
	dst.Set(1, 1, 2*v/tau)
	dst.Set(1, 2, -1/tau)
	dst.Set(2, 0, m.Alpha*tau/m.TauA)
	dst.Set(2, 1, 0)
	dst.Set(2, 2, -1/m.TauA)
}
