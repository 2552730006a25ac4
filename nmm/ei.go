package nmm

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/mat"
)

// EI is the excitatory–inhibitory next-generation neural mass of
// Delicado, Huguet & Clusella (2025): two Montbrió–Pazó–Roxin populations
// (E and I) of quadratic integrate-and-fire neurons coupled through
// first-order (exponential) synapses. It produces gamma oscillations by the
// PING mechanism (E excites I, I silences E) above a supercritical Hopf
// bifurcation in the drive IE.
//
// Equations (times in ms, rates in 1/ms = kHz, v and η dimensionless):
//
//	τE  drE/dt = ΔE/(π τE) + 2 rE vE
//	τE  dvE/dt = vE² + ηE + IE + I(t) − (π τE rE)² + τE JEE sE − τE JEI sI + τE c
//	τsE dsE/dt = −sE + rE
//	τI  drI/dt = ΔI/(π τI) + 2 rI vI
//	τI  dvI/dt = vI² + ηI + II − (π τI rI)² + τI JIE sE − τI JII sI + τI c
//	τsI dsI/dt = −sI + rI
//
// State: y = (rE, vE, sE, rI, vI, sI); r and s in kHz, v dimensionless.
// J_XY is the weight from population Y to population X (JEI: I→E,
// inhibitory, enters with a minus sign; JIE: E→I); all J ≥ 0.
//
// Network port ([Coupled]): the coupling variable is sE (index 2), and the
// afferent input c = ε Σ_m W[n][m] sE^m (ε = the network's global coupling G,
// W row-normalised) enters both the vE and the vI equation as τ·c, as in the
// authors' code; c = 0 for the isolated node ([EI.Deriv]).
//
// Homogeneous network: because the rows of a row-normalised W sum to 1, the
// synchronous state of the network with global coupling ε obeys the
// single-node equations with the input c = ε sE, i.e. JEE → JEE + ε and
// JIE → JIE + ε (docs/models.md § Master stability function). That node is
// [SelfCoupled]{Node: &m, G: ε}: the coupling belongs to the network, not
// to the node, so EI has no self-coupling parameter.
//
// References:
//   - R. M. Delicado, G. Huguet, P. Clusella, Emergent spatiotemporal dynamics
//     in large-scale brain networks with next generation neural mass models,
//     arXiv:2512.03907 (2025); equations and parameters as in the authors'
//     code (RosaDelic/LargeScaleBrainModelAnalysis).
//   - E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015).
type EI struct {
	TauE   float64 // τE, E membrane time constant (ms); > 0
	TauI   float64 // τI, I membrane time constant (ms); > 0
	TauSE  float64 // τsE, E synaptic time constant (ms); > 0
	TauSI  float64 // τsI, I synaptic time constant (ms); > 0
	EtaE   float64 // ηE, centre of the E excitability distribution (dimensionless); finite
	EtaI   float64 // ηI, centre of the I excitability distribution (dimensionless); finite
	DeltaE float64 // ΔE, half-width of the E Lorentzian (dimensionless); ≥ 0
	DeltaI float64 // ΔI, half-width of the I Lorentzian (dimensionless); ≥ 0
	JEE    float64 // JEE, E→E synaptic weight (dimensionless); ≥ 0
	JEI    float64 // JEI, I→E synaptic weight (enters with a minus sign); ≥ 0
	JIE    float64 // JIE, E→I synaptic weight; ≥ 0
	JII    float64 // JII, I→I synaptic weight (enters with a minus sign); ≥ 0
	IE     float64 // I_ext^E, external drive of the E population (dimensionless); finite
	II     float64 // I_ext^I, external drive of the I population (dimensionless); finite
	// Input is an optional time-dependent drive added to IE (nil: none),
	// as MPR.Input: I_ext^E(t) = IE + Input(t), t in ms. It must be
	// allocation-free and deterministic; pass its switching times as
	// ode.Settings.Breakpoints.
	Input func(t float64) float64
}

// DefaultEI returns the parameters of Delicado, Huguet & Clusella (2025)
// (docs/models.md § E–I node, from the authors' code): τE = τI = 8 ms, τsE = 1 ms,
// τsI = 5 ms, ηE = ηI = −5, ΔE = ΔI = 1, JEE = JII = 5, JEI = JIE = 13,
// IE = II = 0. The node is at rest for IE = 0 and
// oscillates (PING gamma) for IE above ≈ 5.993.
func DefaultEI() EI {
	return EI{
		TauE: 8, TauI: 8, TauSE: 1, TauSI: 5,
		EtaE: -5, EtaI: -5, DeltaE: 1, DeltaI: 1,
		JEE: 5, JEI: 13, JIE: 13, JII: 5,
	}
}

// Indices of the EI state variables.
const (
	EIrE = iota // E rate (kHz)
	EIvE        // E mean voltage
	EIsE        // E synaptic activity (kHz)
	EIrI        // I rate (kHz)
	EIvI        // I mean voltage
	EIsI        // I synaptic activity (kHz)
)

// Dim returns 6.
func (m *EI) Dim() int { return 6 }

// Vars returns "rE", "vE", "sE", "rI", "vI", "sI".
func (m *EI) Vars() []string { return []string{"rE", "vE", "sE", "rI", "vI", "sI"} }

// Units returns the units of the state variables (rates in kHz = 1/ms).
func (m *EI) Units() []string {
	return []string{"kHz", "dimensionless", "kHz", "kHz", "dimensionless", "kHz"}
}

// CouplingVar returns 2: sE is sent to other nodes.
func (m *EI) CouplingVar() int { return EIsE }

// Validate checks the parameters against [EISpec]'s table (a *[ParamError]).
func (m *EI) Validate() error { return checkParams("EI", m, EISpec.Params) }

// EISpec registers [EI] as "ei"; the defaults are those of [DefaultEI].
var EISpec = Spec{
	Name:     "ei",
	Summary:  "E–I next-generation neural mass (PING gamma; rE, vE, sE, rI, vI, sI)",
	Citation: "R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025); parameters of the authors' code",
	TimeUnit: "ms",
	Input:    "Input",
	New:      func() Model { m := DefaultEI(); return &m },
	Params: []Param{
		{Name: "tauE", Field: "TauE", Symbol: "τE", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "E membrane time constant"},
		{Name: "tauI", Field: "TauI", Symbol: "τI", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "I membrane time constant"},
		{Name: "tauSE", Field: "TauSE", Symbol: "τsE", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "E synaptic time constant"},
		{Name: "tauSI", Field: "TauSI", Symbol: "τsI", Unit: "ms", Min: 0, Max: inf, MinOpen: true, Doc: "I synaptic time constant"},
		{Name: "deltaE", Field: "DeltaE", Symbol: "ΔE", Unit: "dimensionless", Min: 0, Max: inf, Doc: "half-width of the E Lorentzian"},
		{Name: "deltaI", Field: "DeltaI", Symbol: "ΔI", Unit: "dimensionless", Min: 0, Max: inf, Doc: "half-width of the I Lorentzian"},
		{Name: "JEE", Field: "JEE", Symbol: "JEE", Unit: "dimensionless", Min: 0, Max: inf, Doc: "E→E synaptic weight"},
		{Name: "JEI", Field: "JEI", Symbol: "JEI", Unit: "dimensionless", Min: 0, Max: inf, Doc: "I→E synaptic weight (enters with a minus sign)"},
		{Name: "JIE", Field: "JIE", Symbol: "JIE", Unit: "dimensionless", Min: 0, Max: inf, Doc: "E→I synaptic weight"},
		{Name: "JII", Field: "JII", Symbol: "JII", Unit: "dimensionless", Min: 0, Max: inf, Doc: "I→I synaptic weight (enters with a minus sign)"},
		{Name: "etaE", Field: "EtaE", Symbol: "ηE", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "centre of the E excitabilities"},
		{Name: "etaI", Field: "EtaI", Symbol: "ηI", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "centre of the I excitabilities"},
		{Name: "IE", Field: "IE", Symbol: "I_ext^E", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "external drive of the E population"},
		{Name: "II", Field: "II", Symbol: "I_ext^I", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "external drive of the I population"},
		{Name: "eps", Coupling: true, Symbol: "ε", Unit: "dimensionless", Min: -inf, Max: inf, Doc: "coupling of the homogeneous network, the G of SelfCoupled (0: isolated node)"},
	},
}

// Deriv implements ode.System: the isolated node (no network input).
func (m *EI) Deriv(dst []float64, t float64, y []float64) { m.DerivCoupled(dst, t, y, 0) }

// DerivCoupled implements [Coupled]: c is added to both voltage equations
// (see [EI]).
func (m *EI) DerivCoupled(dst []float64, t float64, y []float64, c float64) {
	rE, vE, sE, rI, vI, sI := y[0], y[1], y[2], y[3], y[4], y[5]
	in := c
	tE, tI := m.TauE, m.TauI
	pE, pI := math.Pi*tE*rE, math.Pi*tI*rI
	dst[0] = (m.DeltaE/(math.Pi*tE) + 2*rE*vE) / tE
	ie := m.IE
	if m.Input != nil {
		ie += m.Input(t)
	}
	dst[1] = (vE*vE+m.EtaE+ie-pE*pE)/tE + m.JEE*sE - m.JEI*sI + in
	dst[2] = (rE - sE) / m.TauSE
	dst[3] = (m.DeltaI/(math.Pi*tI) + 2*rI*vI) / tI
	dst[4] = (vI*vI+m.EtaI+m.II-pI*pI)/tI + m.JIE*sE - m.JII*sI + in
	dst[5] = (rI - sI) / m.TauSI
}

// Jac implements [Jacobian]: the analytic Jacobian (6×6) of the isolated node.
func (m *EI) Jac(dst *mat.Dense, t float64, y []float64) { m.JacSelf(dst, t, y, 0) }

// JacSelf implements [SelfJacobian]: the analytic Jacobian of the node with
// self-coupling g ([SelfCoupled]), whose sE column holds JEE + g and JIE + g.
func (m *EI) JacSelf(dst *mat.Dense, t float64, y []float64, g float64) {
	rE, vE, rI, vI := y[0], y[1], y[3], y[4]
	tE, tI := m.TauE, m.TauI
	pp := 2 * math.Pi * math.Pi
	if r, c := dst.Dims(); r != 6 || c != 6 {
		panic(fmt.Sprintf("nmm: EI Jacobian into a %d×%d matrix, want 6×6", r, c))
	}
	// Every entry written row by row (no separate zeroing pass).
	raw := dst.RawMatrix()
	st := raw.Stride
	row := func(i int) []float64 { return raw.Data[i*st : i*st+6 : i*st+6] }
	r0, r1, r2, r3, r4, r5 := row(0), row(1), row(2), row(3), row(4), row(5)
	r0[0], r0[1], r0[2], r0[3], r0[4], r0[5] = 2*vE/tE, 2*rE/tE, 0, 0, 0, 0
	r1[0], r1[1], r1[2], r1[3], r1[4], r1[5] = -pp*tE*rE, 2*vE/tE, m.JEE+g, 0, 0, -m.JEI
	r2[0], r2[1], r2[2], r2[3], r2[4], r2[5] = 1/m.TauSE, 0, -1/m.TauSE, 0, 0, 0
	r3[0], r3[1], r3[2], r3[3], r3[4], r3[5] = 0, 0, 0, 2*vI/tI, 2*rI/tI, 0
	r4[0], r4[1], r4[2], r4[3], r4[4], r4[5] = 0, 0, m.JIE+g, -pp*tI*rI, 2*vI/tI, -m.JII
	r5[0], r5[1], r5[2], r5[3], r5[4], r5[5] = 0, 0, 0, 1/m.TauSI, 0, -1/m.TauSI
}

// CouplingJac implements [CouplingJacobian]: ∂f/∂c = (0, 1, 0, 0, 1, 0)
// (τ·c/τ in both voltage equations).
func (m *EI) CouplingJac(dst []float64, t float64, y []float64) {
	for i := range dst[:6] {
		dst[i] = 0
	}
	dst[1], dst[4] = 1, 1
}

// EIFixedPoint is an equilibrium of [EI] with its linear stability (the
// [FixedPoint] of every model).
type EIFixedPoint = FixedPoint

// FixedPoints implements [Equilibria]: all equilibria of the isolated node
// (with the drive IE + Input(0) when Input is set; the homogeneous network's
// are those of [SelfCoupled]), sorted by increasing rE, each with the eigenvalues of the analytic
// Jacobian.
//
// Method: at an equilibrium s = r and v = −Δ/(2π τ r), so the six equations
// reduce to two in (rE, rI) > 0:
//
//	gE = vE² + ηE + IE − (π τE rE)² + τE JEE rE − τE JEI rI = 0
//	gI = vI² + ηI + II − (π τI rI)² + τI JIE rE − τI JII rI = 0
//
// For each rE on a fine logarithmic grid the equation gI = 0 is solved for
// rI (its left side is strictly decreasing in rI > 0, so the root is unique);
// the sign changes of gE along that curve are refined by bisection and then
// by Newton on the full system. ΔE and ΔI must be > 0.
func (m *EI) FixedPoints() ([]EIFixedPoint, error) {
	if m.Input != nil {
		// the equilibria of the constant drive IE + Input(0)
		c := *m
		c.IE, c.Input = m.IE+m.Input(0), nil
		return c.FixedPoints()
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if !(m.DeltaE > 0) || !(m.DeltaI > 0) {
		return nil, fmt.Errorf("nmm: EI.FixedPoints needs DeltaE > 0 and DeltaI > 0 (got %v, %v)", m.DeltaE, m.DeltaI)
	}
	// rI(rE): gI is strictly decreasing in rI (vI² = ΔI²/(2πτI rI)² decreases,
	// −(πτI rI)² and −τI JII rI decrease), from +∞ at rI→0 to −∞.
	solveRI := func(rE float64) float64 {
		a := m.EtaI + m.II + m.TauI*m.JIE*rE
		g := func(rI float64) float64 {
			vI := -m.DeltaI / (2 * math.Pi * m.TauI * rI)
			p := math.Pi * m.TauI * rI
			return vI*vI + a - p*p - m.TauI*m.JII*rI
		}
		lo, hi := 1e-12, 1e-3
		for g(hi) > 0 {
			hi *= 2
		}
		for g(lo) < 0 && lo > 1e-300 {
			lo /= 10
		}
		for range 200 {
			mid := 0.5 * (lo + hi)
			if g(mid) > 0 {
				lo = mid
			} else {
				hi = mid
			}
			if hi-lo <= 1e-16*hi {
				break
			}
		}
		return 0.5 * (lo + hi)
	}
	gE := func(rE float64) float64 {
		rI := solveRI(rE)
		vE := -m.DeltaE / (2 * math.Pi * m.TauE * rE)
		p := math.Pi * m.TauE * rE
		return vE*vE + m.EtaE + m.IE - p*p + m.TauE*m.JEE*rE - m.TauE*m.JEI*rI
	}
	// Grid in rE from 1e-7 kHz upward until gE is negative and decreasing
	// (the −(π τE rE)² term dominates for large rE).
	var roots []float64
	const perDecade = 400
	rPrev := 1e-7
	gPrev := gE(rPrev)
	for k := 1; ; k++ {
		r := 1e-7 * math.Pow(10, float64(k)/perDecade)
		g := gE(r)
		if (gPrev > 0) != (g > 0) {
			lo, hi, glo := rPrev, r, gPrev
			for range 200 {
				mid := 0.5 * (lo + hi)
				gm := gE(mid)
				if (gm > 0) == (glo > 0) {
					lo, glo = mid, gm
				} else {
					hi = mid
				}
				if hi-lo <= 1e-15*hi {
					break
				}
			}
			roots = append(roots, 0.5*(lo+hi))
		}
		rPrev, gPrev = r, g
		// beyond this rE the quadratic term dominates every positive term
		// of gE for all rI ≥ 0
		p := math.Pi * m.TauE * r
		if r > 1e-3 && p*p > 4*(math.Abs(m.EtaE+m.IE)+m.TauE*math.Abs(m.JEE)*r+1) {
			break
		}
		if k > 14*perDecade {
			break
		}
	}
	ys := make([][]float64, 0, len(roots))
	for _, rE := range roots {
		rI := solveRI(rE)
		y := []float64{rE, -m.DeltaE / (2 * math.Pi * m.TauE * rE), rE, rI, -m.DeltaI / (2 * math.Pi * m.TauI * rI), rI}
		// a few damped Newton steps on the full system; keep the reduced
		// solution if they fail
		if yn, err := stability.Newton(m, y, &stability.Settings{Tol: 1e-13, MaxIter: 20}); err == nil {
			y = yn
		}
		ys = append(ys, y)
	}
	return analyze(m, 0, ys, true)
}

// analyze returns the equilibria ys of m (in this order) with the
// eigenvalues of the model's Jacobian at time t and their classification
// (package stability, default tolerance). A failed eigenvalue
// decomposition (non-finite Jacobian) is an error, or, with nanOnFail, the
// equilibrium is reported with NaN eigenvalues.
func analyze(m Model, t float64, ys [][]float64, nanOnFail bool) ([]FixedPoint, error) {
	fps := make([]FixedPoint, 0, len(ys))
	for _, y := range ys {
		fp, err := stability.Analyze(m, y, &stability.Settings{T: t})
		if err != nil && !nanOnFail {
			return fps, err
		}
		if err != nil {
			// non-finite Jacobian: report the equilibrium with NaN eigenvalues
			ev := make([]complex128, m.Dim())
			for i := range ev {
				ev[i] = complex(math.NaN(), 0)
			}
			kind, st := stability.Classify(ev, 0)
			fp = FixedPoint{Y: y, Eigenvalues: ev, Stable: st, Kind: kind}
		}
		fps = append(fps, fp)
	}
	return fps, nil
}
