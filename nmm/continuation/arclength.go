package continuation

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// curve is an underdetermined system G: R^(m+1) → R^m whose solution set is
// a curve; the last component of x is the (first) parameter.
type curve interface {
	eqs() int                        // m
	eval(dst, x []float64)           // G(x), len m
	jac(dst *mat.Dense, x []float64) // ∂G/∂x, m×(m+1)
}

// ErrStepSize reports that the corrector failed even at the smallest step.
var ErrStepSize = errors.New("continuation: corrector failed at the minimum step size")

// tracer holds the workspace of the predictor–corrector.
type tracer struct {
	c       curve
	m       int
	aug     *mat.Dense // (m+1)×(m+1): [∂G/∂x; tᵀ]
	jacView *mat.Dense // first m rows of aug
	lu      mat.LU
	rhs     *mat.VecDense
	sol     *mat.VecDense
	g       []float64
	tol     float64
	maxIter int
}

func newTracer(c curve, tol float64, maxIter int) *tracer {
	m := c.eqs()
	tr := &tracer{c: c, m: m, aug: mat.NewDense(m+1, m+1, nil), rhs: mat.NewVecDense(m+1, nil),
		sol: mat.NewVecDense(m+1, nil), g: make([]float64, m), tol: tol, maxIter: maxIter}
	tr.jacView = tr.aug.Slice(0, m, 0, m+1).(*mat.Dense)
	return tr
}

// tangent writes the unit tangent of the curve at x, oriented so that
// t·dir > 0, into t.
func (tr *tracer) tangent(t, x, dir []float64) error {
	tr.c.jac(tr.jacView, x)
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
	nrm := floats.Norm(t, 2)
	if !(nrm > 0) || math.IsInf(nrm, 0) {
		return errors.New("continuation: degenerate tangent")
	}
	floats.Scale(1/nrm, t)
	if floats.Dot(t, dir) < 0 {
		floats.Scale(-1, t)
	}
	return nil
}

// correct runs Newton's method on [G(x); n·(x − xp)] = 0 from x (updated in
// place), with the hyperplane through xp normal to n. It returns the number
// of iterations, or an error if it did not converge in maxIter.
func (tr *tracer) correct(x, xp, n []float64) (int, error) {
	m := tr.m
	for it := 1; it <= tr.maxIter; it++ {
		tr.c.eval(tr.g, x)
		h := 0.0
		for i := range x {
			h += n[i] * (x[i] - xp[i])
		}
		res := math.Abs(h)
		for _, v := range tr.g {
			res = math.Max(res, math.Abs(v))
		}
		if math.IsNaN(res) || math.IsInf(res, 0) {
			return it, errors.New("continuation: non-finite residual")
		}
		tr.c.jac(tr.jacView, x)
		tr.aug.SetRow(m, n)
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
		step := 0.0
		for i := range x {
			d := tr.sol.AtVec(i)
			x[i] += d
			step = math.Max(step, math.Abs(d))
		}
		scale := math.Max(1, floats.Norm(x, math.Inf(1)))
		if step <= tr.tol*scale {
			tr.c.eval(tr.g, x)
			if floats.Norm(tr.g, math.Inf(1)) <= 10*tr.tol*scale {
				return it, nil
			}
		}
	}
	return tr.maxIter, fmt.Errorf("continuation: corrector did not converge in %d iterations", tr.maxIter)
}

// segment parametrises the curve between an accepted point x0 (tangent t0)
// and the next one by the distance s along t0: x(s) solves G(x) = 0,
// t0·(x − x0) = s.
type segment struct {
	tr     *tracer
	x0, t0 []float64
	xp     []float64
	guess  []float64 // last corrected point, used as the starting guess
}

func (sg *segment) at(dst []float64, s float64) error {
	for i := range dst {
		sg.xp[i] = sg.x0[i] + s*sg.t0[i]
	}
	copy(dst, sg.xp)
	_, err := sg.tr.correct(dst, sg.xp, sg.t0)
	return err
}
