package nmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// MPR is the Montbrió–Pazó–Roxin firing-rate model, the exact mean field of
// an infinite all-to-all network of quadratic integrate-and-fire neurons with
// Lorentzian-distributed excitabilities (centre η̄, half-width Δ):
//
//	τ dr/dt = Δ/(π τ) + 2 r v
//	τ dv/dt = v² + η̄ + I + I(t) + J τ r − (π τ r)² + τ c
//
// r is the population firing rate (1/time unit of τ), v the mean membrane
// potential (dimensionless), c the network input of the coupling port
// (entering like J τ r: c is a rate, scaled by the global coupling). With
// Tau = 1 time is measured in units of the membrane time constant
// (dimensionless form); with Tau in ms, r is in kHz.
//
// State: y = (r, v).
//
// References:
//   - E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015), Eqs. (12)–(13).
type MPR struct {
	Tau    float64 // τ, membrane time constant (time unit; 1 = dimensionless); > 0
	Delta  float64 // Δ, half-width of the Lorentzian excitability density; ≥ 0
	EtaBar float64 // η̄, centre of the excitability density (dimensionless); finite
	J      float64 // J, synaptic weight (> 0 excitatory); finite
	I      float64 // I, constant external current (dimensionless); finite
	// Input is an optional time-dependent external current added to I
	// (nil: none). It must be allocation-free and deterministic.
	Input func(t float64) float64
}

// DefaultMPR returns the parameters of MPR 2015 Fig. 2 (τ = 1, Δ = 1,
// η̄ = −5, J = 15, I = 0): bistable between a low-activity node and a
// high-activity focus.
func DefaultMPR() MPR { return MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15} }

// MPRSpec registers [MPR] as "mpr".
var MPRSpec = Spec{
	Name:     "mpr",
	Summary:  "Montbrió–Pazó–Roxin mean field of quadratic integrate-and-fire neurons (r, v)",
	Citation: "E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015), Eqs. (12)–(13); defaults Fig. 2",
	TimeUnit: "τ",
	Input:    "Input",
	New:      func() Model { m := DefaultMPR(); return &m },
	Params: []Param{
		{Name: "tau", Field: "Tau", Symbol: "τ", Unit: "time unit", Min: 0, Max: inf, MinOpen: true, Doc: "membrane time constant (1: dimensionless time)"},
		{Name: "delta", Field: "Delta", Symbol: "Δ", Unit: "dimensionless", Min: 0, Max: inf, Doc: "half-width of the Lorentzian excitabilities"},
		{Name: "eta", Field: "EtaBar", Symbol: "η̄", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "centre of the excitabilities"},
		{Name: "J", Field: "J", Symbol: "J", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "synaptic weight (> 0 excitatory)"},
		{Name: "I", Field: "I", Symbol: "I", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "constant external current"},
	},
}

// Dim returns 2.
func (m *MPR) Dim() int { return 2 }

// Vars returns "r", "v".
func (m *MPR) Vars() []string { return []string{"r", "v"} }

// Units returns the units of r and v.
func (m *MPR) Units() []string { return []string{"1/τ", "dimensionless"} }

// CouplingVar returns 0: the rate r is sent to other nodes.
func (m *MPR) CouplingVar() int { return 0 }

// Validate checks the parameters against [MPRSpec]'s table (a *[ParamError]).
func (m *MPR) Validate() error { return checkParams("MPR", m, MPRSpec.Params) }

// Deriv implements ode.System.
func (m *MPR) Deriv(dst []float64, t float64, y []float64) { m.DerivCoupled(dst, t, y, 0) }

// DerivCoupled implements Coupled.
func (m *MPR) DerivCoupled(dst []float64, t float64, y []float64, c float64) {
	_ = dst[1]
	r, v := y[0], y[1]
	in := m.EtaBar + m.I
	if m.Input != nil {
		in += m.Input(t)
	}
	if tau := m.Tau; tau != 1 {
		// Physical time: one division, then products.
		it := 1 / tau
		ptr := math.Pi * tau * r
		dst[0] = (m.Delta*(1/math.Pi)*it + 2*r*v) * it
		dst[1] = (v*v + in + m.J*tau*r - ptr*ptr + tau*c) * it
		return
	}
	// Dimensionless form (τ = 1): no division at all.
	dst[0] = m.Delta*(1/math.Pi) + 2*r*v
	dst[1] = v*v + in + (m.J-math.Pi*math.Pi*r)*r + c
}

// Jac implements Jacobian.
func (m *MPR) Jac(dst *mat.Dense, t float64, y []float64) {
	r, v := y[0], y[1]
	tau := m.Tau
	dst.Set(0, 0, 2*v/tau)
	dst.Set(0, 1, 2*r/tau)
	dst.Set(1, 0, m.J-2*math.Pi*math.Pi*tau*r)
	dst.Set(1, 1, 2*v/tau)
}

// CouplingJac implements CouplingJacobian: ∂f/∂c = (0, 1).
func (m *MPR) CouplingJac(dst []float64, t float64, y []float64) {
	dst[0], dst[1] = 0, 1
}

// Pulse returns a rectangular drive for the Input field of a model: amp on
// t0 ≤ t < t1, 0 elsewhere (MPR 2015 Fig. 2: Pulse(3, 0, 30)). It does not
// allocate. Pass t0 and t1 as ode.Settings.Breakpoints so that no
// integration step straddles a jump.
func Pulse(amp, t0, t1 float64) func(t float64) float64 {
	return func(t float64) float64 {
		if t >= t0 && t < t1 {
			return amp
		}
		return 0
	}
}
