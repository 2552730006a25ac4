package nmm

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/mat"
)

// JansenRit is the Jansen–Rit cortical column: a pyramidal population with
// an excitatory and an inhibitory interneuron population, each synapse a
// second-order linear filter (impulse response A a t e^(−a t)) and each
// population converting its mean membrane potential into a firing rate by
// the sigmoid S:
//
//	ÿ0 = A a S(y1 − y2)               − 2a ẏ0 − a² y0
//	ÿ1 = A a [p + c + C2 S(C1 y0)]    − 2a ẏ1 − a² y1
//	ÿ2 = B b C4 S(C3 y0)              − 2b ẏ2 − b² y2
//	S(v) = 2 e0 / (1 + exp(r (v0 − v)))
//
// with C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C. y0 is the excitatory PSP on
// both interneuron populations, y1 and y2 the excitatory and inhibitory
// PSPs on the pyramidal cells; the model's output (the EEG-like signal) is
// the pyramidal membrane potential y1 − y2 in mV ([JansenRit.Output]).
// p is the extrinsic pulse density (s⁻¹) arriving at the pyramidal cells.
//
// Units: potentials in mV; the parameters a, b, e0, p are in s⁻¹ as in the
// paper, but time is in ms (like every network model of the library), so
// Deriv uses a/1000, b/1000, e0/1000, p/1000 and ẏ is in mV/ms.
//
// State: y = (y0, y1, y2, y3, y4, y5) with y3 = ẏ0, y4 = ẏ1, y5 = ẏ2.
//
// Network input (port [Coupled]): the coupling variable is y0, which equals
// (A/a) times the pyramidal output rate S(y1 − y2) filtered by the
// excitatory synapse; the afferent c = G Σ_m W_nm y0_m (in s⁻¹, so G in
// s⁻¹/mV) is added to p, as extrinsic input from other columns. With
// G = K a/A the input is K times the filtered pyramidal rate of the
// afferent columns (Jansen & Rit 1995 couple two columns through such a
// filtered pyramidal output; their delay kernel has its own rate).
//
// Equilibria ([JansenRit.FixedPoints]) reduce to one equation in the
// output u = y1 − y2 on a bounded interval (docs/models.md § Jansen–Rit
// column), so none is missed.
//
// References:
//   - B. H. Jansen, V. G. Rit, Electroencephalogram and visual evoked
//     potential generation in a mathematical model of coupled cortical
//     columns, Biol. Cybern. 73, 357–366 (1995), Eqs. (6)–(8) and their
//     standard parameters (A = 3.25 mV, B = 22 mV, a = 100 s⁻¹,
//     b = 50 s⁻¹, C = 135, v0 = 6 mV, e0 = 2.5 s⁻¹, r = 0.56 mV⁻¹).
type JansenRit struct {
	A  float64 // A, excitatory synaptic gain (mV); > 0
	B  float64 // B, inhibitory synaptic gain (mV); > 0
	Ra float64 // a, excitatory synaptic rate constant (s⁻¹); > 0
	Rb float64 // b, inhibitory synaptic rate constant (s⁻¹); > 0
	C  float64 // C, connectivity constant (C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C); ≥ 0
	V0 float64 // v0, sigmoid midpoint (mV); finite
	E0 float64 // e0, half the maximal firing rate (s⁻¹); > 0
	R  float64 // r, sigmoid steepness (mV⁻¹); > 0
	P  float64 // p, extrinsic input pulse density (s⁻¹); finite
}

// DefaultJansenRit returns the standard parameters of Jansen & Rit (1995)
// with p = 220 s⁻¹ (the middle of their 120–320 s⁻¹ input range): a limit
// cycle in the alpha band (period and frequency: nmm/testdata/gen_jansenrit.py,
// docs/reference-values.md § Classical models).
func DefaultJansenRit() JansenRit {
	return JansenRit{A: 3.25, B: 22, Ra: 100, Rb: 50, C: 135, V0: 6, E0: 2.5, R: 0.56, P: 220}
}

// JansenRitSpec registers [JansenRit] as "jansen-rit".
var JansenRitSpec = Spec{
	Name:     "jansen-rit",
	Summary:  "Jansen–Rit cortical column (pyramidal, excitatory and inhibitory interneurons; output y1 − y2 in mV)",
	Citation: "B. H. Jansen, V. G. Rit, Biol. Cybern. 73, 357 (1995), Eqs. (6)–(8), standard parameters",
	TimeUnit: "ms",
	New:      func() Model { m := DefaultJansenRit(); return &m },
	Params: []Param{
		{Name: "A", Field: "A", Symbol: "A", Unit: "mV", Min: 0, Max: inf, MinOpen: true, Doc: "excitatory synaptic gain"},
		{Name: "B", Field: "B", Symbol: "B", Unit: "mV", Min: 0, Max: inf, MinOpen: true, Doc: "inhibitory synaptic gain"},
		{Name: "a", Field: "Ra", Symbol: "a", Unit: "1/s", Min: 0, Max: inf, MinOpen: true, Doc: "excitatory synaptic rate constant"},
		{Name: "b", Field: "Rb", Symbol: "b", Unit: "1/s", Min: 0, Max: inf, MinOpen: true, Doc: "inhibitory synaptic rate constant"},
		{Name: "C", Field: "C", Symbol: "C", Unit: "dimensionless", Min: 0, Max: inf, Doc: "connectivity constant (C1 = C, C2 = 0.8C, C3 = C4 = 0.25C)"},
		{Name: "v0", Field: "V0", Symbol: "v0", Unit: "mV", Min: -inf, Max: inf, Doc: "sigmoid midpoint"},
		{Name: "e0", Field: "E0", Symbol: "e0", Unit: "1/s", Min: 0, Max: inf, MinOpen: true, Doc: "half the maximal firing rate"},
		{Name: "r", Field: "R", Symbol: "r", Unit: "1/mV", Min: 0, Max: inf, MinOpen: true, Doc: "sigmoid steepness"},
		{Name: "p", Field: "P", Symbol: "p", Unit: "1/s", Min: -inf, Max: inf, Doc: "extrinsic input pulse density (alpha cycle for ≈ 90–315)"},
	},
}

// Dim returns 6.
func (m *JansenRit) Dim() int { return 6 }

// Vars returns "y0" … "y5".
func (m *JansenRit) Vars() []string { return []string{"y0", "y1", "y2", "y3", "y4", "y5"} }

// Units returns mV for the PSPs and mV/ms for their derivatives.
func (m *JansenRit) Units() []string { return []string{"mV", "mV", "mV", "mV/ms", "mV/ms", "mV/ms"} }

// CouplingVar returns 0: y0, the filtered pyramidal output, is sent to
// other columns.
func (m *JansenRit) CouplingVar() int { return 0 }

// Output returns the pyramidal membrane potential y1 − y2 (mV), the
// EEG-like output of the column.
func (m *JansenRit) Output(y []float64) float64 { return y[1] - y[2] }

// Validate checks the parameters against [JansenRitSpec]'s table (a
// *[ParamError]).
func (m *JansenRit) Validate() error { return checkParams("JansenRit", m, JansenRitSpec.Params) }

// sig is S(v) in s⁻¹.
func (m *JansenRit) sig(v float64) float64 { return 2 * m.E0 / (1 + math.Exp(m.R*(m.V0-v))) }

// dsig is S′(v) = r S (1 − S/(2 e0)) in s⁻¹/mV.
func (m *JansenRit) dsig(v float64) float64 {
	s := m.sig(v)
	return m.R * s * (1 - s/(2*m.E0))
}

// perMs converts s⁻¹ to ms⁻¹.
const perMs = 1e-3

// Deriv implements ode.System.
func (m *JansenRit) Deriv(dst []float64, t float64, y []float64) { m.DerivCoupled(dst, t, y, 0) }

// DerivCoupled implements [Coupled]: c (s⁻¹) is added to p.
func (m *JansenRit) DerivCoupled(dst []float64, t float64, y []float64, c float64) {
	a, b := m.Ra*perMs, m.Rb*perMs
	c1, c2, c3, c4 := m.C, 0.8*m.C, 0.25*m.C, 0.25*m.C
	sp := m.sig(y[1]-y[2]) * perMs
	se := m.sig(c1*y[0]) * perMs
	si := m.sig(c3*y[0]) * perMs
	dst[0] = y[3]
	dst[1] = y[4]
	dst[2] = y[5]
	dst[3] = m.A*a*sp - 2*a*y[3] - a*a*y[0]
	dst[4] = m.A*a*((m.P+c)*perMs+c2*se) - 2*a*y[4] - a*a*y[1]
	dst[5] = m.B*b*c4*si - 2*b*y[5] - b*b*y[2]
}

// Jac implements [Jacobian].
func (m *JansenRit) Jac(dst *mat.Dense, t float64, y []float64) {
	a, b := m.Ra*perMs, m.Rb*perMs
	c1, c2, c3, c4 := m.C, 0.8*m.C, 0.25*m.C, 0.25*m.C
	dp := m.dsig(y[1]-y[2]) * perMs
	de := m.dsig(c1*y[0]) * perMs
	di := m.dsig(c3*y[0]) * perMs
	dst.Zero()
	dst.Set(0, 3, 1)
	dst.Set(1, 4, 1)
	dst.Set(2, 5, 1)
	dst.Set(3, 0, -a*a)
	dst.Set(3, 1, m.A*a*dp)
	dst.Set(3, 2, -m.A*a*dp)
	dst.Set(3, 3, -2*a)
	dst.Set(4, 0, m.A*a*c2*c1*de)
	dst.Set(4, 1, -a*a)
	dst.Set(4, 4, -2*a)
	dst.Set(5, 0, m.B*b*c4*c3*di)
	dst.Set(5, 2, -b*b)
	dst.Set(5, 5, -2*b)
}

// CouplingJac implements [CouplingJacobian]: ∂f/∂c = (0, 0, 0, 0, A a, 0)
// in ms⁻¹ units (c in s⁻¹).
func (m *JansenRit) CouplingJac(dst []float64, t float64, y []float64) {
	clear(dst)
	dst[4] = m.A * m.Ra * perMs * perMs
}

// FixedPoints implements [Equilibria]: [JansenRit.FixedPointsAt] without
// self-coupling.
func (m *JansenRit) FixedPoints() ([]FixedPoint, error) { return m.FixedPointsAt(0) }

// WithSelfCoupling implements [SelfCouplable]: the equilibria of the node
// receiving c = g·y0.
func (m *JansenRit) WithSelfCoupling(g float64) Equilibria { return jrSelf{*m, g} }

type jrSelf struct {
	m JansenRit
	g float64
}

func (s jrSelf) FixedPoints() ([]FixedPoint, error) { return s.m.FixedPointsAt(s.g) }

// FixedPointsAt returns every equilibrium of the column receiving the
// network input c = g·y0 (g = 0: the isolated column), sorted by y0, with
// the eigenvalues of the analytic Jacobian and the classification.
//
// Method (docs/models.md § Jansen–Rit column): at an equilibrium the
// derivatives vanish, y0 = (A/a) S(u), y1 = (A/a)(p + g y0 + C2 S(C1 y0)),
// y2 = (B/b) C4 S(C3 y0), so the output u = y1 − y2 solves the scalar
// equation F(u) = (A/a)(p + g y0(u) + C2 S(C1 y0(u))) − (B/b) C4 S(C3 y0(u)) − u = 0
// with y0(u) ∈ (0, 2 e0 A/a): every root lies in a bounded interval. The
// interval is scanned on a grid fine against the sigmoid's width, each
// sign change is bisected to full precision, and a tangency (a fold,
// a double root the scan cannot bracket) shows as a local minimum of |F|
// polished by bisection of F′.
func (m *JansenRit) FixedPointsAt(g float64) ([]FixedPoint, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if math.IsNaN(g) || math.IsInf(g, 0) {
		return nil, fmt.Errorf("nmm: JansenRit self-coupling g = %v, want finite", g)
	}
	ka, kb := m.A/m.Ra, m.B/m.Rb
	c1, c2, c3, c4 := m.C, 0.8*m.C, 0.25*m.C, 0.25*m.C
	y0 := func(u float64) float64 { return ka * m.sig(u) }
	F := func(u float64) float64 {
		x := y0(u)
		return ka*(m.P+g*x+c2*m.sig(c1*x)) - kb*c4*m.sig(c3*x) - u
	}
	// bounds of u from 0 < S < 2e0 and 0 < y0 < 2 e0 A/a
	ymax := 2 * m.E0 * ka
	lo := ka*(m.P+math.Min(0, g*ymax)) - kb*c4*2*m.E0 - 1
	hi := ka*(m.P+math.Max(0, g*ymax)+c2*2*m.E0) + 1
	// the sigmoids in u vary on the scale 1/r and 1/(r C1 A/a S′)
	n := int(math.Min(2e5, math.Max(4000, 40*(hi-lo)*m.R*(1+c1*ka*m.R*m.E0))))
	h := (hi - lo) / float64(n)
	var us []float64
	fPrev := F(lo)
	fPrev2 := math.NaN()
	for k := 1; k <= n; k++ {
		u := lo + h*float64(k)
		f := F(u)
		switch {
		case f == 0:
			us = append(us, u)
		case fPrev != 0 && (f < 0) != (fPrev < 0):
			us = append(us, root.Bisect(F, u-h, u))
		case !math.IsNaN(fPrev2) && math.Abs(fPrev) < math.Abs(f) && math.Abs(fPrev) < math.Abs(fPrev2) &&
			(f > 0) == (fPrev > 0) && (fPrev > 0) == (fPrev2 > 0):
			// local minimum of |F| without sign change: a near-tangency;
			// keep it only if F′ vanishes there at a root of F
			dF := func(v float64) float64 { return (F(v+1e-7*h) - F(v-1e-7*h)) }
			if (dF(u-2*h) < 0) != (dF(u) < 0) {
				v := root.Bisect(dF, u-2*h, u)
				if math.Abs(F(v)) <= 1e-12*(1+math.Abs(v)) {
					us = append(us, v)
				}
			}
		}
		fPrev2, fPrev = fPrev, f
	}
	out := make([]FixedPoint, 0, len(us))
	sys := &SelfCoupled{Node: m, G: g}
	for _, u := range us {
		x := y0(u)
		y := []float64{x, ka * (m.P + g*x + c2*m.sig(c1*x)), kb * c4 * m.sig(c3*x), 0, 0, 0}
		fp, err := stability.Analyze(sys, y, nil)
		if err != nil {
			return out, err
		}
		out = append(out, fp)
	}
	return out, nil
}
