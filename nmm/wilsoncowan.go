package nmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// WilsonCowan is the Wilson–Cowan excitatory–inhibitory rate model, in the
// form without refractory terms:
//
//	τE dE/dt = −E + S(cEE E − cEI I + P + c)
//	τI dI/dt = −I + S(cIE E − cII I + Q)
//	S(x) = 1 / (1 + exp(−a (x − θ)))
//
// E and I are the fractions of active excitatory and inhibitory cells
// (dimensionless, in (0, 1)), time in ms. The network input c (port
// [Coupled], coupling variable E) enters the excitatory sigmoid like P.
//
// State: y = (E, I).
//
// References:
//   - H. R. Wilson, J. D. Cowan, Excitatory and inhibitory interactions in
//     localized populations of model neurons, Biophys. J. 12, 1–24 (1972),
//     Eqs. (13)–(14) with the refractory factors set to 1.
type WilsonCowan struct {
	TauE  float64 // τE, excitatory time constant (ms); > 0
	TauI  float64 // τI, inhibitory time constant (ms); > 0
	CEE   float64 // cEE, E→E weight; ≥ 0
	CEI   float64 // cEI, I→E weight (enters with a minus sign); ≥ 0
	CIE   float64 // cIE, E→I weight; ≥ 0
	CII   float64 // cII, I→I weight (enters with a minus sign); ≥ 0
	P     float64 // P, external input to E; finite
	Q     float64 // Q, external input to I; finite
	A     float64 // a, sigmoid slope; > 0
	Theta float64 // θ, sigmoid threshold; finite
}

// DefaultWilsonCowan returns τE = τI = 10 ms, cEE = 16, cEI = 12, cIE = 15,
// cII = 3, P = 1.25, Q = 0, a = 1.3, θ = 4: a limit cycle of period
// ≈ 103.74 ms (nmm/testdata/gen_wilsoncowan.py, SciPy).
func DefaultWilsonCowan() WilsonCowan {
	return WilsonCowan{TauE: 10, TauI: 10, CEE: 16, CEI: 12, CIE: 15, CII: 3, P: 1.25, A: 1.3, Theta: 4}
}

// WilsonCowanSpec registers [WilsonCowan] as "wilson-cowan".
var WilsonCowanSpec = Spec{
	Name:     "wilson-cowan",
	Summary:  "Wilson–Cowan excitatory–inhibitory rate model (E, I)",
	Citation: "H. R. Wilson, J. D. Cowan, Biophys. J. 12, 1 (1972), Eqs. (13)–(14) without refractory terms",
	TimeUnit: "ms",
	New:      func() Model { m := DefaultWilsonCowan(); return &m },
	Params: []Param{
		{Name: "tauE", Field: "TauE", Symbol: "τE", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "excitatory time constant"},
		{Name: "tauI", Field: "TauI", Symbol: "τI", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "inhibitory time constant"},
		{Name: "cEE", Field: "CEE", Symbol: "cEE", Unit: "dimensionless", Min: 0, Max: inf, Doc: "E→E weight"},
		{Name: "cEI", Field: "CEI", Symbol: "cEI", Unit: "dimensionless", Min: 0, Max: inf, Doc: "I→E weight (enters with a minus sign)"},
		{Name: "cIE", Field: "CIE", Symbol: "cIE", Unit: "dimensionless", Min: 0, Max: inf, Doc: "E→I weight"},
		{Name: "cII", Field: "CII", Symbol: "cII", Unit: "dimensionless", Min: 0, Max: inf, Doc: "I→I weight (enters with a minus sign)"},
		{Name: "P", Field: "P", Symbol: "P", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "external input to E"},
		{Name: "Q", Field: "Q", Symbol: "Q", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "external input to I"},
		{Name: "a", Field: "A", Symbol: "a", Unit: "dimensionless", Min: 0, Max: inf, MinOpen: true, Doc: "sigmoid slope"},
		{Name: "theta", Field: "Theta", Symbol: "θ", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "sigmoid threshold"},
	},
}

// Dim returns 2.
func (m *WilsonCowan) Dim() int { return 2 }

// Vars returns "E", "I".
func (m *WilsonCowan) Vars() []string { return []string{"E", "I"} }

// Units returns the units of E and I (fractions of active cells).
func (m *WilsonCowan) Units() []string { return []string{"dimensionless", "dimensionless"} }

// CouplingVar returns 0: E is sent to other nodes.
func (m *WilsonCowan) CouplingVar() int { return 0 }

// Validate checks the parameters against [WilsonCowanSpec]'s table (a
// *[ParamError]).
func (m *WilsonCowan) Validate() error { return checkParams("WilsonCowan", m, WilsonCowanSpec.Params) }

func (m *WilsonCowan) s(x float64) float64 { return 1 / (1 + math.Exp(-m.A*(x-m.Theta))) }

// Deriv implements ode.System.
func (m *WilsonCowan) Deriv(dst []float64, t float64, y []float64) { m.DerivCoupled(dst, t, y, 0) }

// DerivCoupled implements [Coupled]: c is added to the excitatory input P.
func (m *WilsonCowan) DerivCoupled(dst []float64, t float64, y []float64, c float64) {
	e, i := y[0], y[1]
	dst[0] = (-e + m.s(m.CEE*e-m.CEI*i+m.P+c)) / m.TauE
	dst[1] = (-i + m.s(m.CIE*e-m.CII*i+m.Q)) / m.TauI
}

// Jac implements [Jacobian] (S′ = a S (1 − S)).
func (m *WilsonCowan) Jac(dst *mat.Dense, t float64, y []float64) {
	e, i := y[0], y[1]
	se := m.s(m.CEE*e - m.CEI*i + m.P)
	si := m.s(m.CIE*e - m.CII*i + m.Q)
	de, di := m.A*se*(1-se), m.A*si*(1-si)
	dst.Set(0, 0, (-1+de*m.CEE)/m.TauE)
	dst.Set(0, 1, -de*m.CEI/m.TauE)
	dst.Set(1, 0, di*m.CIE/m.TauI)
	dst.Set(1, 1, (-1-di*m.CII)/m.TauI)
}
