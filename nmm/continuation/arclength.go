package continuation

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
)

// Curve is an underdetermined system G: R^(m+1) → R^m whose solution set is
// a curve, the object the pseudo-arclength [Tracer] follows: equilibria
// (f(y; p) = 0), fold curves, periodic orbits (shooting equations in
// (y, T, p), package cycle).
type Curve interface {
	// Eqs is m, the number of equations.
	Eqs() int
	// Eval writes G(x) (len m) into g and, when dg is not nil, the
	// Jacobian ∂G/∂x (m×(m+1)) into dg.
	Eval(g []float64, dg *mat.Dense, x []float64) error
}

// Admissible is implemented by a [Curve] whose points must stay in a
// domain (a positive period): the corrector calls Admissible after every
// Newton step and stops with its error.
type Admissible interface {
	Admissible(x []float64) error
}

// Metric is the inner product ⟨a, b⟩ = a·W b of the arclength norm of a
// [Tracer] (W symmetric positive definite, usually diagonal). Weigh writes
// W v into dst; Dot(a, b) must equal a·(W b).
type Metric interface {
	Dot(a, b []float64) float64
	Weigh(dst, v []float64)
}

// ErrStepSize reports that the corrector failed even at the smallest step.
var ErrStepSize = errors.New("continuation: corrector failed at the minimum step size")

// Tracer is the pseudo-arclength predictor–corrector on a [Curve]: the
// tangent t (the null vector of DG, from [DG; dirᵀ] t = e_m+1, normalised
// in the metric and oriented along dir), Newton's method on the augmented
// system [G(x); ⟨n, x − xp⟩] = 0 and the location of a zero of a test
// function along a segment of the branch (events: folds, Hopf points,
// cycle bifurcations, parameter bounds).
type Tracer struct {
	c   Curve
	m   int
	met Metric
	// Converged decides, after a Newton step dx to x with residual g =
	// G(x), whether the corrector has converged (nil: ‖dx‖∞ ≤ Tol·s and
	// ‖g‖∞ ≤ 10 Tol·s with s = max(1, ‖x‖∞)).
	Converged func(g, x, dx []float64) bool

	aug     *mat.Dense // (m+1)×(m+1): [∂G/∂x; (W n)ᵀ]
	jacView *mat.Dense // first m rows of aug
	dg      *mat.Dense // DG at the last evaluated point
	lu      mat.LU
	rhs     *mat.VecDense
	sol     *mat.VecDense
	g, wn   []float64
	xp      []float64
	tol     float64
	maxIter int
}

// NewTracer returns a tracer on c with corrector tolerance tol and at most
// maxIter Newton steps per correction; met is the metric of the arclength
// (nil: Euclidean).
func NewTracer(c Curve, met Metric, tol float64, maxIter int) *Tracer {
	m := c.Eqs()
	tr := &Tracer{c: c, m: m, met: met, aug: mat.NewDense(m+1, m+1, nil), dg: mat.NewDense(m, m+1, nil),
		rhs: mat.NewVecDense(m+1, nil), sol: mat.NewVecDense(m+1, nil), g: make([]float64, m),
		wn: make([]float64, m+1), xp: make([]float64, m+1), tol: tol, maxIter: maxIter}
	tr.jacView = tr.aug.Slice(0, m, 0, m+1).(*mat.Dense)
	return tr
}

// Jacobian returns DG at the last point the tracer evaluated (after
// [Tracer.Correct]: the corrected point). It is overwritten by the next
// call.
func (tr *Tracer) Jacobian() *mat.Dense { return tr.dg }

func (tr *Tracer) dot(a, b []float64) float64 {
	if tr.met == nil {
		return floats.Dot(a, b)
	}
	return tr.met.Dot(a, b)
}

func (tr *Tracer) weigh(dst, v []float64) {
	if tr.met == nil {
		copy(dst, v)
		return
	}
	tr.met.Weigh(dst, v)
}

// Tangent writes the unit tangent of the curve at x, oriented so that
// ⟨t, dir⟩ > 0, into t.
func (tr *Tracer) Tangent(t, x, dir []float64) error {
	if err := tr.c.Eval(tr.g, tr.dg, x); err != nil {
		return err
	}
	return tr.TangentOf(t, tr.dg, dir)
}

// TangentOf is [Tracer.Tangent] from a given Jacobian dg (m×(m+1)).
func (tr *Tracer) TangentOf(t []float64, dg *mat.Dense, dir []float64) error {
	tr.jacView.Copy(dg)
	tr.aug.SetRow(tr.m, dir)
	tr.lu.Factorize(tr.aug)
	if tr.lu.Det() == 0 {
		return errors.New("continuation: singular augmented Jacobian (branch point?)")
	}
	tr.rhs.Zero()
	tr.rhs.SetVec(tr.m, 1)
	if err := tr.lu.SolveVecTo(tr.sol, false, tr.rhs); err != nil {
		var c mat.Condition
		if !errors.As(err, &c) {
			return err
		}
	}
	for i := range t {
		t[i] = tr.sol.AtVec(i)
	}
	var nrm float64
	if tr.met == nil {
		nrm = floats.Norm(t, 2)
	} else {
		nrm = math.Sqrt(tr.met.Dot(t, t))
	}
	if !(nrm > 0) || math.IsInf(nrm, 0) {
		return errors.New("continuation: degenerate tangent")
	}
	s := 1 / nrm
	if tr.dot(t, dir) < 0 {
		s = -s
	}
	floats.Scale(s, t)
	return nil
}

// Correct runs Newton's method on [G(x); ⟨n, x − xp⟩] = 0 from x (updated
// in place), with the hyperplane through xp normal to n in the metric. It
// returns the number of Newton steps, or an error if it did not converge in
// maxIter. On success [Tracer.Jacobian] is DG at the corrected x.
func (tr *Tracer) Correct(x, xp, n []float64) (int, error) {
	m := tr.m
	tr.weigh(tr.wn, n)
	if err := tr.c.Eval(tr.g, tr.dg, x); err != nil {
		return 0, err
	}
	adm, _ := tr.c.(Admissible)
	for it := 1; it <= tr.maxIter; it++ {
		h := 0.0
		for i := range x {
			h += tr.wn[i] * (x[i] - xp[i])
		}
		res := math.Abs(h)
		for _, v := range tr.g {
			res = math.Max(res, math.Abs(v))
		}
		if math.IsNaN(res) || math.IsInf(res, 0) {
			return it, errors.New("continuation: non-finite residual")
		}
		tr.jacView.Copy(tr.dg)
		tr.aug.SetRow(m, tr.wn)
		tr.lu.Factorize(tr.aug)
		if tr.lu.Det() == 0 {
			return it, errors.New("continuation: singular Jacobian in the corrector")
		}
		for i := 0; i < m; i++ {
			tr.rhs.SetVec(i, -tr.g[i])
		}
		tr.rhs.SetVec(m, -h)
		if err := tr.lu.SolveVecTo(tr.sol, false, tr.rhs); err != nil {
			var c mat.Condition
			if !errors.As(err, &c) {
				return it, err
			}
		}
		for i := range x {
			x[i] += tr.sol.AtVec(i)
		}
		if adm != nil {
			if err := adm.Admissible(x); err != nil {
				return it, err
			}
		}
		if err := tr.c.Eval(tr.g, tr.dg, x); err != nil {
			return it, err
		}
		if tr.converged(x) {
			return it, nil
		}
	}
	return tr.maxIter, fmt.Errorf("continuation: corrector did not converge in %d iterations", tr.maxIter)
}

func (tr *Tracer) converged(x []float64) bool {
	dx := tr.sol.RawVector().Data[:len(x)]
	if tr.Converged != nil {
		return tr.Converged(tr.g, x, dx)
	}
	step := 0.0
	for _, d := range dx {
		step = math.Max(step, math.Abs(d))
	}
	scale := math.Max(1, floats.Norm(x, math.Inf(1)))
	return step <= tr.tol*scale && floats.Norm(tr.g, math.Inf(1)) <= 10*tr.tol*scale
}

// At writes into dst the point of the curve at distance s along t0 from
// the accepted point x0: the solution of G(x) = 0, ⟨t0, x − x0 − s t0⟩ = 0
// (the corrector started at the predictor x0 + s t0).
func (tr *Tracer) At(dst, x0, t0 []float64, s float64) error {
	for i := range dst {
		tr.xp[i] = x0[i] + s*t0[i]
	}
	copy(dst, tr.xp)
	_, err := tr.Correct(dst, tr.xp, t0)
	return err
}

// Locate finds the zero of the test function phi on the segment between
// the accepted point x0 (s = 0, phi = g0) and the point at s1 (phi = g1)
// by the Illinois method on s, to |Δs| ≤ tol in at most maxIter
// evaluations; phi(s) usually corrects the point at s with [Tracer.At].
func Locate(phi func(s float64) (float64, error), s1, g0, g1, tol float64, maxIter int) (float64, error) {
	return root.Illinois(phi, 0, s1, g0, g1, tol, maxIter)
}

// segment parametrises the curve between an accepted point x0 (tangent t0)
// and the next one by the distance s along t0.
type segment struct {
	tr     *Tracer
	x0, t0 []float64
}

func (sg *segment) at(dst []float64, s float64) error { return sg.tr.At(dst, sg.x0, sg.t0, s) }

// locate finds the zero of a test function on the segment: test(x) at the
// curve's point x at distance s, with the values g0 at s = 0 and g1 at s1
// of opposite sign; by the Illinois method on s to |Δs| ≤ tol (at most 200
// evaluations). It leaves the point of the zero in dst (test evaluated
// there last) and returns its s.
func (sg *segment) locate(dst []float64, s1, g0, g1, tol float64, test func(x []float64) (float64, error)) (float64, error) {
	phi := func(s float64) (float64, error) {
		if err := sg.at(dst, s); err != nil {
			return 0, err
		}
		return test(dst)
	}
	s, err := root.Illinois(phi, 0, s1, g0, g1, tol, 200)
	if err == nil {
		_, err = phi(s)
	}
	return s, err
}

// splitCurve adapts a curve given by separate residual and Jacobian
// functions to [Curve].
type splitCurve struct{ curve }

// curve is a [Curve] with separate residual and Jacobian.
type curve interface {
	eqs() int                        // m
	eval(dst, x []float64)           // G(x), len m
	jac(dst *mat.Dense, x []float64) // ∂G/∂x, m×(m+1)
}

func (s splitCurve) Eqs() int { return s.eqs() }

func (s splitCurve) Eval(g []float64, dg *mat.Dense, x []float64) error {
	s.eval(g, x)
	if dg != nil {
		s.jac(dg, x)
	}
	return nil
}

func newTracer(c curve, tol float64, maxIter int) *Tracer {
	return NewTracer(splitCurve{c}, nil, tol, maxIter)
}

// StepControl is the step-size rule of [Tracer.Step].
type StepControl struct {
	// DsMin and DsMax bound the step.
	DsMin, DsMax float64
	// MinCos: a step is accepted only if its tangent tn and the previous
	// tangent t satisfy ⟨t, tn⟩ ≥ MinCos (a sharper turn may be a jump to
	// another branch).
	MinCos float64
	// ClampMin: after a failure the step is halved but not below DsMin, and
	// a step of DsMin is accepted whatever its turn; the step fails when a
	// correction at DsMin fails. Otherwise the step fails as soon as the
	// halved step falls below DsMin.
	ClampMin bool
	// Next is the step after an accepted step ds that took it Newton steps
	// and turned the tangent by arccos(cos) (nil: 1.5 ds, at most DsMax,
	// for it ≤ 2; ds/1.5, at least DsMin, for it ≥ 5).
	Next func(ds float64, it int, cos float64) float64
}

func (sc *StepControl) next(ds float64, it int, cos float64) float64 {
	if sc.Next != nil {
		return sc.Next(ds, it, cos)
	}
	switch {
	case it <= 2:
		return math.Min(ds*1.5, sc.DsMax)
	case it >= 5:
		return math.Max(ds/1.5, sc.DsMin)
	}
	return ds
}

// Step is one predictor–corrector step from the accepted point x with unit
// tangent t: the predictor x + ds t, the corrector on the hyperplane
// through it normal to t, the tangent tn at the corrected point xn, and the
// step-size control sc (a failed correction or a sharp turn halves ds). It
// returns the step used, the next step and the number of Newton steps; an
// error (the last failure) means that the step failed at the minimum step
// size. On success [Tracer.Jacobian] is DG at xn.
func (tr *Tracer) Step(xn, tn, x, t []float64, ds float64, sc *StepControl) (used, next float64, it int, err error) {
	xp := make([]float64, len(x))
	for k := 0; k < 64; k++ {
		for i := range xp {
			xp[i] = x[i] + ds*t[i]
		}
		copy(xn, xp)
		it, err = tr.Correct(xn, xp, t)
		cos := 0.0
		if err == nil {
			err = tr.TangentOf(tn, tr.dg, t)
			cos = tr.dot(t, tn)
			if err == nil && cos < sc.MinCos && !(sc.ClampMin && ds <= sc.DsMin) {
				err = errors.New("continuation: tangent turned too sharply")
			}
		}
		if err == nil {
			return ds, sc.next(ds, it, cos), it, nil
		}
		if sc.ClampMin {
			if ds <= sc.DsMin {
				return ds, ds, it, err
			}
			ds = math.Max(ds/2, sc.DsMin)
			continue
		}
		ds /= 2
		if ds < sc.DsMin {
			return ds, ds, it, err
		}
	}
	return ds, ds, it, fmt.Errorf("continuation: no step accepted in 64 halvings: %w", err)
}
