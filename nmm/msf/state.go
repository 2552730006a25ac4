package msf

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/mat"
)

// Kind classifies a homogeneous state.
type Kind int

const (
	// None: no stationary or periodic homogeneous state was found (the
	// homogeneous dynamics is chaotic, quasi-periodic, too slowly converging,
	// or diverged).
	None Kind = iota
	// Stationary: a fixed point of the homogeneous system.
	Stationary
	// Periodic: a periodic orbit (limit cycle) of the homogeneous system.
	Periodic
)

// String returns "none", "stationary" or "periodic".
func (k Kind) String() string {
	switch k {
	case Stationary:
		return "stationary"
	case Periodic:
		return "periodic"
	}
	return "none"
}

// State is a homogeneous (synchronous) state of the network.
type State struct {
	Kind Kind
	// Y is the fixed point, or the point of the cycle where the coupling
	// variable crosses the middle of its range upwards.
	Y []float64
	// Period is the period of a periodic state (time unit of the node); 0
	// otherwise.
	Period float64
	// Note says why no state was found (Kind None).
	Note string
	// Dt is the RK4 step with which the state was found (Options.Dt, or a
	// fraction of it if the integration diverged with Options.Dt);
	// Analyze uses no larger step. 0 means Options.Dt.
	Dt float64
}

// Options are the numerical settings of FindState and Analyze. Zero fields
// mean the defaults, which suit nodes with time in ms such as [nmm.EI].
type Options struct {
	// Dt is the largest RK4 step (default 0.02). Along a cycle the step is
	// Period/ceil(Period/Dt).
	Dt float64
	// Transient is integrated before looking at the state (default 500).
	Transient float64
	// Window is the time span inspected after the transient (default 300);
	// periods longer than Window/3 are not detected.
	Window float64
	// Tol is the Newton tolerance on the residual, relative to 1 + |y|∞
	// (default 1e-10).
	Tol float64
}

func (o *Options) defaults() (Options, error) {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Dt == 0 {
		r.Dt = 0.02
	}
	if r.Transient == 0 {
		r.Transient = 500
	}
	if r.Window == 0 {
		r.Window = 300
	}
	if r.Tol == 0 {
		r.Tol = 1e-10
	}
	switch {
	case !(r.Dt > 0) || math.IsInf(r.Dt, 0):
		return r, fmt.Errorf("msf: Options.Dt = %v, want finite > 0", r.Dt)
	case !(r.Transient >= 0) || math.IsInf(r.Transient, 0):
		return r, fmt.Errorf("msf: Options.Transient = %v, want finite ≥ 0", r.Transient)
	case !(r.Window > 3*r.Dt) || math.IsInf(r.Window, 0):
		return r, fmt.Errorf("msf: Options.Window = %v, want finite > 3 Dt", r.Window)
	case !(r.Tol > 0):
		return r, fmt.Errorf("msf: Options.Tol = %v, want > 0", r.Tol)
	}
	return r, nil
}

func finite(y []float64) bool {
	for _, v := range y {
		if v-v != 0 {
			return false
		}
	}
	return true
}

// FindState integrates the homogeneous system from y0 for Transient, then
// classifies what it sees during Window:
//
//   - stationary: the state no longer moves; the fixed point is polished by
//     Newton's method on f(y, G y[k]) = 0;
//   - periodic: the state moves; the library's cycle search (cycle.Find,
//     continued from the end of the window for one more Window/3 and up to
//     2 Window/3 of section crossings) takes the section where the coupling
//     variable crosses the middle of its range upwards, the first return
//     within 10⁻³ of the largest range as the period guess (so period
//     doubled cycles are found too), and refines point and period by Newton
//     shooting (cycle.Refine: phase condition on the coupling variable,
//     monodromy from the variational equations, RK4 steps of at most Dt);
//   - otherwise a slowly converging focus is tried by Newton from the mean
//     state, and failing that the result is Kind None with a Note.
//
// FindState returns an error only for invalid input.
func (p *Problem) FindState(y0 []float64, opt *Options) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	o, err := opt.defaults()
	if err != nil {
		return nil, err
	}
	n := p.Node.Dim()
	if len(y0) != n {
		return nil, fmt.Errorf("msf: len(y0) = %d, want %d", len(y0), n)
	}
	var win []float64
	var y []float64
	nW := 0
	var st *State
	for halvings := 0; halvings < 4; halvings++ {
		win, y, nW, st = p.integrate(y0, o)
		if st == nil {
			break
		}
		o.Dt /= 2
	}
	if st != nil {
		return st, nil
	}
	lo := append([]float64(nil), y...)
	hi := append([]float64(nil), y...)
	mean := make([]float64, n)
	for i := 0; i <= nW; i++ {
		for j := 0; j < n; j++ {
			v := win[i*n+j]
			lo[j] = math.Min(lo[j], v)
			hi[j] = math.Max(hi[j], v)
			mean[j] += v / float64(nW+1)
		}
	}
	moving := false
	for j := 0; j < n; j++ {
		if hi[j]-lo[j] > 1e-7*(1+math.Abs(hi[j])) {
			moving = true
		}
	}
	jw := p.newJacobians()
	if !moving {
		if fp, ok := p.fixedPoint(y, jw, o.Tol); ok {
			return &State{Kind: Stationary, Y: fp, Dt: o.Dt}, nil
		}
	}
	if moving {
		if st, ok := p.findCycle(y, o, jw); ok {
			st.Dt = o.Dt
			return st, nil
		}
		if fp, ok := p.fixedPoint(mean, jw, o.Tol); ok && p.stableFixedPoint(fp, jw) {
			return &State{Kind: Stationary, Y: fp, Dt: o.Dt}, nil
		}
	}
	return &State{Kind: None, Note: "no fixed point or periodic orbit found (chaotic, quasi-periodic or slowly converging homogeneous dynamics)"}, nil
}

// integrate runs the transient and records the window (nW+1 states) with
// ode.RK4 steps of o.Dt; a non-nil State reports divergence.
func (p *Problem) integrate(y0 []float64, o Options) (win, y []float64, nW int, st *State) {
	n := len(y0)
	h := p.Homogeneous()
	rk := ode.NewRK4(o.Dt)
	if err := rk.Init(h, 0, y0); err != nil {
		return nil, nil, 0, &State{Kind: None, Note: err.Error()}
	}
	nTr := int(math.Ceil(o.Transient / o.Dt))
	for i := 0; i < nTr; i++ {
		if err := rk.Step(); err != nil {
			t, _ := rk.State()
			return nil, nil, 0, &State{Kind: None, Note: fmt.Sprintf("homogeneous state diverged at t = %.4g", t)}
		}
	}
	nW = int(math.Ceil(o.Window / o.Dt))
	win = make([]float64, (nW+1)*n)
	_, y = rk.State()
	copy(win, y)
	for i := 1; i <= nW; i++ {
		if err := rk.Step(); err != nil {
			return nil, nil, 0, &State{Kind: None, Note: "homogeneous state diverged"}
		}
		_, y = rk.State()
		copy(win[i*n:], y)
	}
	return win, append([]float64(nil), y...), nW, nil
}

// selfJacobian is the homogeneous system with its Jacobian
// J + G b e_kᵀ (node Jacobian J and coupling Jacobian b from jw), so that
// stability.Newton and cycle.Refine solve for its fixed points and cycles.
type selfJacobian struct {
	*Homogeneous
	jw     *jacobians
	g      float64
	jac, b []float64
}

func (p *Problem) selfJacobian(jw *jacobians) *selfJacobian {
	return &selfJacobian{Homogeneous: p.Homogeneous(), jw: jw, g: p.G, jac: make([]float64, jw.n*jw.n), b: make([]float64, jw.n)}
}

// Jac implements ode.Jacobian.
func (s *selfJacobian) Jac(dst *mat.Dense, t float64, y []float64) {
	n, k := s.jw.n, s.jw.k
	s.jw.eval(s.jac, s.b, t, y)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := s.jac[i*n+j]
			if j == k {
				v += s.g * s.b[i]
			}
			dst.Set(i, j, v)
		}
	}
}

// fixedPoint polishes a fixed point of the homogeneous system by the
// library's damped Newton (stability.Newton); ok reports convergence.
func (p *Problem) fixedPoint(y0 []float64, jw *jacobians, tol float64) ([]float64, bool) {
	y, err := stability.Newton(p.selfJacobian(jw), y0, &stability.Settings{Tol: tol, MaxIter: 50})
	if err != nil {
		return nil, false
	}
	return y, true
}

func (p *Problem) stableFixedPoint(y []float64, jw *jacobians) bool {
	n := jw.n
	jac := make([]float64, n*n)
	b := make([]float64, n)
	jw.eval(jac, b, 0, y)
	m := make([]complex128, n*n)
	modeMatrix(m, jac, b, n, jw.k, complex(p.G, 0))
	ev := make([]complex128, n)
	if !ceig(ev, m, n) {
		return false
	}
	return real(ev[0]) < 0
}

// findCycle continues the homogeneous system from y (the end of the
// inspected window) with the library's cycle search, cycle.Find, on the
// section y[k] = mid-range of the coupling variable k (crossed upwards),
// with RK4 steps of o.Dt for the search and at most o.Dt for the shooting
// (Newton, cycle.Refine, phase condition on the coupling variable).
func (p *Problem) findCycle(y []float64, o Options, jw *jacobians) (*State, bool) {
	sys := p.selfJacobian(jw)
	orb, err := cycle.Find(sys, y, &cycle.Options{Jac: sys.Jac, Dt: o.Dt, Transient: 0, Window: o.Window / 3, MaxWindows: 1,
		Section: jw.k, FixSection: true, ReturnTol: 1e-3, StepSize: o.Dt, Tol: o.Tol, MaxIter: 20, TrivialTol: math.Inf(1)})
	if err != nil {
		return nil, false
	}
	return &State{Kind: Periodic, Y: orb.Y0, Period: orb.Period}, true
}
