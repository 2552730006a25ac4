package cycle

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"github.com/ngnmm/ngnmm/nmm/stability"

	"github.com/ngnmm/ngnmm/nmm/internal/root"

	"github.com/ngnmm/ngnmm/nmm/internal/matcheck"
	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Family is a one-parameter family of systems: it returns the system at
// parameter value p and its Jacobian (nil: finite differences). It is called
// once per continuation step and may allocate; the returned system must not
// share mutable state with systems returned for other p values that are
// still in use.
type Family func(p float64) (ode.System, JacFunc)

// Hopf is a Hopf point of an equilibrium branch.
type Hopf struct {
	P     float64   // parameter value
	X     []float64 // the equilibrium
	Omega float64   // angular frequency ω = Im λ of the critical pair (rad per time unit)
	// L1 is the first Lyapunov coefficient (Kuznetsov's normalisation,
	// ⟨q, q⟩ = 1): L1 < 0 supercritical (a stable cycle is born), L1 > 0
	// subcritical.
	L1 float64
	// Q is the critical eigenvector (A q = iω q, ⟨q, q⟩ = 1).
	Q []complex128
}

// Frequency returns ω/(2π) (1/time unit; kHz for time in ms).
func (h *Hopf) Frequency() float64 { return h.Omega / (2 * math.Pi) }

// Equilibrium refines an equilibrium of sys from x0 by damped Newton
// ([stability.Newton] with the Jacobian jac, or finite differences if nil;
// tolerance 1e-13·max(1, ‖x‖∞) on the residual ‖f‖∞ and the last step; at
// most 50 iterations, step-halving when the residual does not decrease).
func Equilibrium(sys ode.System, jac JacFunc, x0 []float64) ([]float64, error) {
	if jac == nil {
		jac = NumJac(sys)
	}
	x, err := stability.Newton(withJac{sys, jac}, x0, &stability.Settings{Tol: 1e-13, MaxIter: 50})
	if err != nil {
		return x, fmt.Errorf("cycle: equilibrium: %w", err)
	}
	return x, nil
}

// withJac is sys with the Jacobian jac (an nmm.Jacobian for stability.Newton).
type withJac struct {
	ode.System
	jac JacFunc
}

// Jac implements nmm.Jacobian with the given JacFunc.
func (s withJac) Jac(dst *mat.Dense, t float64, y []float64) { s.jac(dst, t, y) }

// criticalPair returns the eigenvalue with Im > 0 whose real part is
// closest to zero, and its right and left eigenvectors.
func criticalPair(A *mat.Dense) (lam complex128, q, p []complex128, err error) {
	n, _ := A.Dims()
	if err := matcheck.Finite(A); err != nil {
		return 0, nil, nil, fmt.Errorf("cycle: Jacobian: %w", err)
	}
	var eig mat.Eigen
	if !eig.Factorize(A, mat.EigenBoth) {
		return 0, nil, nil, errors.New("cycle: eigen decomposition failed")
	}
	ev := eig.Values(nil)
	best := -1
	for i, e := range ev {
		if imag(e) > 0 && (best < 0 || math.Abs(real(e)) < math.Abs(real(ev[best]))) {
			best = i
		}
	}
	if best < 0 {
		return 0, nil, nil, errors.New("cycle: no complex eigenvalue pair (not a Hopf point)")
	}
	var R, L mat.CDense
	eig.VectorsTo(&R)
	eig.LeftVectorsTo(&L)
	q, p = make([]complex128, n), make([]complex128, n)
	for i := range n {
		q[i] = R.At(i, best)
		p[i] = L.At(i, best)
	}
	return ev[best], q, p, nil
}

// inner returns ⟨p, q⟩ = Σ conj(p_i) q_i.
func inner(p, q []complex128) complex128 {
	var s complex128
	for i := range p {
		s += cmplx.Conj(p[i]) * q[i]
	}
	return s
}

// FirstLyapunov returns the first Lyapunov coefficient l1 at an equilibrium
// x of sys whose Jacobian A = jac(x) has a critical pair ±iω (the
// eigenvalue pair with real part closest to 0 is used, its real part
// ignored), together with ω and the critical eigenvector q. It uses the
// invariant formula of Kuznetsov (2004), §3.5, Eq. (3.20) with (3.23):
//
//	l1 = 1/(2ω) Re[ ⟨p, C(q,q,q̄)⟩ − 2⟨p, B(q, A⁻¹B(q,q̄))⟩
//	               + ⟨p, B(q̄, (2iω I − A)⁻¹ B(q,q))⟩ ]
//
// with A q = iω q, Aᵀ p = −iω p, ⟨q,q⟩ = ⟨p,q⟩ = 1, ⟨p,q⟩ = Σ p̄_i q_i, and
// B, C the second and third derivatives of f at x. B and C are computed by
// central finite differences of the Jacobian along real directions
// (B(u,v) = [J(x+hu) − J(x−hu)]v/(2h), h = 1e-4; C by the 4-point mixed
// difference, h = 1e-3), extended to complex vectors by multilinearity.
// They are exact up to rounding for f quadratic (as nmm.EI) and O(h²)
// otherwise. l1 < 0: supercritical Hopf; l1 > 0: subcritical. Its
// magnitude depends on the normalisation of q (only the sign is invariant):
// with ⟨q,q⟩ = 1 the cycle near the Hopf point is x* + 2 Re(z q) with
// |z|² = −Re λ(p)/(ω l1). For a planar system written in the coordinates
// of Guckenheimer & Holmes (1983, Eq. (3.4.11), eigenvector (1, −i)) their
// coefficient a equals ω·l1/2.
func FirstLyapunov(sys ode.System, jac JacFunc, x []float64) (l1, omega float64, q []complex128, err error) {
	n := sys.Dim()
	if jac == nil {
		jac = NumJac(sys)
	}
	A := mat.NewDense(n, n, nil)
	jac(A, 0, x)
	lam, q, p, err := criticalPair(A)
	if err != nil {
		return 0, 0, nil, err
	}
	omega = imag(lam)
	// normalise ⟨q,q⟩ = 1, then ⟨p,q⟩ = 1
	nq := math.Sqrt(real(inner(q, q)))
	for i := range q {
		q[i] /= complex(nq, 0)
	}
	s := inner(p, q)
	for i := range p {
		p[i] /= cmplx.Conj(s)
	}
	mf := newMultilinear(jac, x)
	qb := make([]complex128, n)
	for i := range q {
		qb[i] = cmplx.Conj(q[i])
	}
	// term 1: C(q,q,q̄)
	c1 := inner(p, mf.C(q, q, qb))
	// term 2: B(q, A⁻¹ B(q,q̄)); B(q,q̄) is real
	bqqb := mf.B(q, qb)
	rhs := mat.NewVecDense(n, nil)
	for i := range n {
		rhs.SetVec(i, real(bqqb[i]))
	}
	var s1 mat.VecDense
	if err := s1.SolveVec(A, rhs); err != nil {
		return 0, omega, q, fmt.Errorf("cycle: singular Jacobian in FirstLyapunov: %w", err)
	}
	s1c := make([]complex128, n)
	for i := range n {
		s1c[i] = complex(s1.AtVec(i), 0)
	}
	c2 := inner(p, mf.B(q, s1c))
	// term 3: B(q̄, (2iω − A)⁻¹ B(q,q)), solved as a real 2n system
	bqq := mf.B(q, q)
	M := mat.NewDense(2*n, 2*n, nil)
	r2 := mat.NewVecDense(2*n, nil)
	for i := range n {
		for j := range n {
			M.Set(i, j, -A.At(i, j))
			M.Set(n+i, n+j, -A.At(i, j))
		}
		M.Set(i, n+i, -2*omega)
		M.Set(n+i, i, 2*omega)
		r2.SetVec(i, real(bqq[i]))
		r2.SetVec(n+i, imag(bqq[i]))
	}
	var s2 mat.VecDense
	if err := s2.SolveVec(M, r2); err != nil {
		return 0, omega, q, fmt.Errorf("cycle: singular system in FirstLyapunov: %w", err)
	}
	s2c := make([]complex128, n)
	for i := range n {
		s2c[i] = complex(s2.AtVec(i), s2.AtVec(n+i))
	}
	c3 := inner(p, mf.B(qb, s2c))
	l1 = real(c1-2*c2+c3) / (2 * omega)
	return l1, omega, q, nil
}

// multilinear evaluates the second and third derivative forms of f at x by
// finite differences of the Jacobian.
type multilinear struct {
	jac      JacFunc
	x        []float64
	n        int
	jp, jm   *mat.Dense
	xt       []float64
	hB, hC   float64
	tmp, out []float64
}

func newMultilinear(jac JacFunc, x []float64) *multilinear {
	n := len(x)
	scale := 1.0
	for _, v := range x {
		scale = math.Max(scale, math.Abs(v))
	}
	return &multilinear{jac: jac, x: x, n: n, jp: mat.NewDense(n, n, nil), jm: mat.NewDense(n, n, nil),
		xt: make([]float64, n), hB: 1e-4 * scale, hC: 1e-3 * scale, tmp: make([]float64, n), out: make([]float64, n)}
}

// jacAt writes J(x + a u + b v) into dst.
func (m *multilinear) jacAt(dst *mat.Dense, a float64, u []float64, b float64, v []float64) {
	for i := range m.n {
		m.xt[i] = m.x[i] + a*u[i]
		if v != nil {
			m.xt[i] += b * v[i]
		}
	}
	m.jac(dst, 0, m.xt)
}

// br returns the real bilinear form B(u, v) = D²f(x)[u, v].
func (m *multilinear) br(u, v []float64) []float64 {
	h := m.hB
	m.jacAt(m.jp, h, u, 0, nil)
	m.jacAt(m.jm, -h, u, 0, nil)
	out := make([]float64, m.n)
	for i := range m.n {
		s := 0.0
		for j := range m.n {
			s += (m.jp.At(i, j) - m.jm.At(i, j)) * v[j]
		}
		out[i] = s / (2 * h)
	}
	return out
}

// cr returns the real trilinear form C(u, v, w) = D³f(x)[u, v, w].
func (m *multilinear) cr(u, v, w []float64) []float64 {
	h := m.hC
	out := make([]float64, m.n)
	for _, sg := range [][3]float64{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}} {
		m.jacAt(m.jp, sg[0]*h, u, sg[1]*h, v)
		for i := range m.n {
			s := 0.0
			for j := range m.n {
				s += m.jp.At(i, j) * w[j]
			}
			out[i] += sg[2] * s / (4 * h * h)
		}
	}
	return out
}

func split(z []complex128) (re, im []float64) {
	re, im = make([]float64, len(z)), make([]float64, len(z))
	for i, c := range z {
		re[i], im[i] = real(c), imag(c)
	}
	return
}

// B is the complex extension of br by bilinearity.
func (m *multilinear) B(u, v []complex128) []complex128 {
	ur, ui := split(u)
	vr, vi := split(v)
	rr, ii := m.br(ur, vr), m.br(ui, vi)
	ri, ir := m.br(ur, vi), m.br(ui, vr)
	out := make([]complex128, m.n)
	for k := range out {
		out[k] = complex(rr[k]-ii[k], ri[k]+ir[k])
	}
	return out
}

// C is the complex extension of cr by trilinearity.
func (m *multilinear) C(u, v, w []complex128) []complex128 {
	parts := func(z []complex128) [2][]float64 {
		r, i := split(z)
		return [2][]float64{r, i}
	}
	U, V, W := parts(u), parts(v), parts(w)
	out := make([]complex128, m.n)
	for a := range 2 {
		for b := range 2 {
			for c := range 2 {
				f := cmplx.Pow(1i, complex(float64(a+b+c), 0))
				f = complex(math.Round(real(f)), math.Round(imag(f)))
				t := m.cr(U[a], V[b], W[c])
				for k := range out {
					out[k] += f * complex(t[k], 0)
				}
			}
		}
	}
	return out
}

// LocateHopf finds a Hopf point of fam between p0 and p1, where the real
// part of the critical complex pair of the equilibrium continued from x0
// (an equilibrium at p0, refined first) changes sign. It brackets the
// crossing with the Illinois (modified regula falsi) method to |Δp| ≤ 1e-10
// and computes ω and the first Lyapunov coefficient there.
func LocateHopf(fam Family, x0 []float64, p0, p1 float64) (*Hopf, error) {
	type pt struct {
		p, g float64
		x    []float64
	}
	eval := func(p float64, xs []float64) (pt, error) {
		sys, jac := fam(p)
		if jac == nil {
			jac = NumJac(sys)
		}
		x, err := Equilibrium(sys, jac, xs)
		if err != nil {
			return pt{}, err
		}
		n := sys.Dim()
		A := mat.NewDense(n, n, nil)
		jac(A, 0, x)
		lam, _, _, err := criticalPair(A)
		if err != nil {
			return pt{}, err
		}
		return pt{p, real(lam), x}, nil
	}
	a, err := eval(p0, x0)
	if err != nil {
		return nil, err
	}
	b, err := eval(p1, a.x)
	if err != nil {
		return nil, err
	}
	if a.g*b.g > 0 {
		return nil, fmt.Errorf("cycle: no Hopf crossing between p = %v (Re λ = %v) and %v (Re λ = %v)", p0, a.g, p1, b.g)
	}
	// Illinois on p; each equilibrium is continued from the last one found.
	seed := a.x
	pH, err := root.Illinois(func(p float64) (float64, error) {
		c, err := eval(p, seed)
		if err != nil {
			return 0, err
		}
		seed = c.x
		return c.g, nil
	}, a.p, b.p, a.g, b.g, 1e-10*(1+math.Abs(a.p)), 100)
	if err != nil {
		return nil, err
	}
	h, err := eval(pH, seed)
	if err != nil {
		return nil, err
	}
	sys, jac := fam(pH)
	l1, om, q, err := FirstLyapunov(sys, jac, h.x)
	if err != nil {
		return nil, err
	}
	return &Hopf{P: pH, X: h.x, Omega: om, L1: l1, Q: q}, nil
}
