package continuation

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Problem2 is a two-parameter family of right-hand sides f(y; p, q); Set
// changes both parameters of Sys (e.g. func(p, q float64) { m.EtaBar, m.J = p, q }).
type Problem2 struct {
	Sys ode.System
	Set func(p, q float64)
	T   float64 // evaluation time (default 0)
}

// FoldSettings are the options of [FoldCurve]: Settings (PMin, PMax bound
// the first parameter p; Ds > 0 starts in the direction of increasing q)
// plus the bounds of the second parameter q.
type FoldSettings struct {
	Settings
	QMin, QMax float64 // bounds of q; QMin < QMax required
}

// FoldPoint is a point (y, p, q) of a fold curve.
type FoldPoint struct {
	P, Q float64   // parameters
	Y    []float64 // the (degenerate) equilibrium
	// Index: for a cusp, it lies between Points[Index] and Points[Index+1].
	Index int
}

// FoldCurveResult is a continued curve of saddle-node points.
type FoldCurveResult struct {
	Points []FoldPoint // in order of arclength
	Cusps  []FoldPoint // cusp points (codimension two) on the curve
	Stop   string      // "bound" or "max points"
}

// curve2 is the defining system G(x) = (f(y; p, q), test(∂f/∂y)) of a
// curve of codimension-one equilibria in two parameters, x = (y, p, q):
// the fold curve (test = det ∂f/∂y) and the Hopf curve (test = Re λ of
// the critical pair) differ only in test. Its Jacobian ∂G/∂x is by
// central differences (steps 1e-6·max(1, |x_j|); the corrector only needs
// an approximate Jacobian: the residual G = 0 is exact).
type curve2 struct {
	prob   Problem2
	n      int
	fy     *mat.Dense
	test   func(fy *mat.Dense) float64
	gp, gm []float64
	xt     []float64
}

func (c *curve2) eqs() int { return c.n + 1 }

func (c *curve2) eval(dst, x []float64) {
	n := c.n
	c.prob.Set(x[n], x[n+1])
	c.prob.Sys.Deriv(dst[:n], c.prob.T, x[:n])
	stability.Jac(c.fy, c.prob.Sys, c.prob.T, x[:n])
	dst[n] = c.test(c.fy)
}

func (c *curve2) jac(dst *mat.Dense, x []float64) {
	copy(c.xt, x)
	for j := range x {
		h := 1e-6 * math.Max(1, math.Abs(x[j]))
		c.xt[j] = x[j] + h
		c.eval(c.gp, c.xt)
		c.xt[j] = x[j] - h
		c.eval(c.gm, c.xt)
		c.xt[j] = x[j]
		for i := range c.gp {
			dst.Set(i, j, (c.gp[i]-c.gm[i])/(2*h))
		}
	}
}

// begin2 validates a two-parameter problem and its start (y0, p0, q0)
// (DsMax at most 1/50 of the q range when autoDsMax), builds the curve with
// the given test function, corrects the start onto it at fixed q and
// returns the curve, the settings with their defaults, the tracer, the
// corrected start x and the tangent there (towards increasing q when
// Ds > 0). what names the curve's points in the error ("fold").
func begin2(prob Problem2, y0 []float64, p0, q0 float64, fs *FoldSettings, autoDsMax bool,
	test func(fy *mat.Dense) float64, what string) (c *curve2, set Settings, tr *Tracer, x, t []float64, err error) {
	set, err = fs.Settings.defaults()
	if err != nil {
		return
	}
	if !(fs.QMin < fs.QMax) {
		err = fmt.Errorf("continuation: bounds QMin = %v, QMax = %v, want QMin < QMax", fs.QMin, fs.QMax)
		return
	}
	if prob.Sys == nil || prob.Set == nil {
		err = errors.New("continuation: Problem2 needs Sys and Set")
		return
	}
	n := prob.Sys.Dim()
	if len(y0) != n {
		err = fmt.Errorf("continuation: y0 has length %d, want %d", len(y0), n)
		return
	}
	if autoDsMax {
		set.DsMax = math.Min(set.DsMax, (fs.QMax-fs.QMin)/50)
	}
	c = &curve2{prob: prob, n: n, fy: mat.NewDense(n, n, nil), test: test,
		gp: make([]float64, n+1), gm: make([]float64, n+1), xt: make([]float64, n+2)}
	tr = newTracer(c, set.Tol, set.MaxIter)
	x = append(slices.Clone(y0), p0, q0)
	dir := make([]float64, n+2)
	dir[n+1] = 1
	if _, err = tr.Correct(x, slices.Clone(x), dir); err == nil {
		dir[n+1] = math.Copysign(1, set.Ds)
		t = make([]float64, n+2)
		err = tr.Tangent(t, x, dir)
	}
	if err != nil {
		prob.Set(p0, q0)
		err = fmt.Errorf("continuation: no %s near (y0, p0) at q0 = %v: %w", what, q0, err)
	}
	return
}

// cuspTest returns wᵀ f_yy[v, v], the quadratic normal-form coefficient of
// the fold at x (up to a positive factor), where v and w are the right and
// left null vectors of ∂f/∂y (unit, w oriented along wRef when wRef is not
// nil; the chosen w is written to wOut). It vanishes at a cusp
// (Kuznetsov 2004, §8.2).
func (c *curve2) cuspTest(x, wRef, wOut []float64) (float64, error) {
	n := c.n
	c.prob.Set(x[n], x[n+1])
	stability.Jac(c.fy, c.prob.Sys, c.prob.T, x[:n])
	var svd mat.SVD
	if !svd.Factorize(c.fy, mat.SVDFull) {
		return 0, errors.New("continuation: SVD failed")
	}
	var u, vt mat.Dense
	svd.UTo(&u)
	svd.VTo(&vt)
	v := mat.Col(nil, n-1, &vt)
	w := mat.Col(nil, n-1, &u)
	if wRef != nil && floats.Dot(w, wRef) < 0 {
		floats.Scale(-1, w)
	}
	copy(wOut, w)
	// f_yy[v, v] by a central second difference
	h := 1e-4 * math.Max(1, floats.Norm(x[:n], math.Inf(1)))
	yp, ym, f0 := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range yp {
		yp[i] = x[i] + h*v[i]
		ym[i] = x[i] - h*v[i]
	}
	c.prob.Sys.Deriv(f0, c.prob.T, x[:n])
	c.prob.Sys.Deriv(c.gp[:n], c.prob.T, yp)
	c.prob.Sys.Deriv(c.gm[:n], c.prob.T, ym)
	a := 0.0
	for i := range w {
		a += w[i] * (c.gp[i] - 2*f0[i] + c.gm[i]) / (h * h)
	}
	return a, nil
}

// FoldCurve continues a saddle-node point in two parameters: it traces the
// curve f(y; p, q) = 0, det ∂f/∂y = 0 by pseudo-arclength continuation from
// a fold (y0, p0) at q = q0 — typically a [SpecialPoint] found by
// [Equilibria] at fixed q0 — within PMin ≤ p ≤ PMax, QMin ≤ q ≤ QMax, and
// locates cusp points, where the fold's quadratic coefficient wᵀ f_yy[v, v]
// changes sign. For the MPR model in (η̄, J) it traces both saddle-node
// curves of docs/models.md § MPR equilibria and folds through the cusp. The parameters of prob.Sys
// are left at (p0, q0).
func FoldCurve(prob Problem2, y0 []float64, p0, q0 float64, s *FoldSettings) (*FoldCurveResult, error) {
	var fs FoldSettings
	if s != nil {
		fs = *s
	}
	var lu mat.LU
	c, set, tr, x, t, err := begin2(prob, y0, p0, q0, &fs, s == nil || s.DsMax <= 0,
		func(fy *mat.Dense) float64 { lu.Factorize(fy); return lu.Det() }, "fold")
	if err != nil {
		return nil, err
	}
	n := c.n
	defer prob.Set(p0, q0)
	res := &FoldCurveResult{}
	add := func(x []float64) {
		res.Points = append(res.Points, FoldPoint{P: x[n], Q: x[n+1], Y: slices.Clone(x[:n])})
	}
	add(x)
	w := make([]float64, n)
	wn := make([]float64, n)
	wTmp := make([]float64, n)
	a, err := c.cuspTest(x, nil, w)
	if err != nil {
		return nil, err
	}
	lo := [2]float64{set.PMin, fs.QMin}
	hi := [2]float64{set.PMax, fs.QMax}
	xc := make([]float64, n+2)
	stop, err := walk2(tr, x, t, &set, lo, hi, len(res.Points), func(seg *segment, s1 float64, xn []float64) error {
		an, err := c.cuspTest(xn, w, wn)
		if err != nil {
			return err
		}
		if (a > 0) != (an > 0) && a != 0 && an != 0 {
			w0 := slices.Clone(w)
			_, err := seg.locate(xc, s1, a, an, set.RefineTol, func(xc []float64) (float64, error) { return c.cuspTest(xc, w0, wTmp) })
			if err != nil {
				return fmt.Errorf("continuation: refining a cusp: %w", err)
			}
			res.Cusps = append(res.Cusps, FoldPoint{P: xc[n], Q: xc[n+1], Y: slices.Clone(xc[:n]), Index: len(res.Points) - 1})
		}
		add(xn)
		copy(w, wn)
		a = an
		return nil
	})
	res.Stop = stop
	return res, err
}

// Walk2 continues a curve of tr in x = (…, p, q) (p, q its last two
// components) from the corrected point x with tangent t inside the box
// lo ≤ (p, q) ≤ hi, with the step control of set (Ds, DsMin, DsMax,
// MaxPoints, RefineTol, Context; the first point counts as one). Each
// accepted point xn (landed exactly on the box when the step leaves it) is
// passed to visit before the next step. It returns "bound" or "max
// points"; a failed step is an error wrapping [ErrStepSize]. The two-
// parameter curves of this package and of package cycle run on it.
func Walk2(tr *Tracer, x, t []float64, set *Settings, lo, hi [2]float64, visit func(xn []float64) error) (string, error) {
	return walk2(tr, x, t, set, lo, hi, 1, func(_ *segment, _ float64, xn []float64) error { return visit(xn) })
}

// walk2 continues a curve in x = (y, p, q) (p, q its last two components)
// from the corrected point x with tangent t inside the box lo ≤ (p, q) ≤ hi
// with the step control of set, starting with count points. Each accepted
// point xn (landed exactly on the box when the step leaves it) is passed to
// visit with the segment from the previous point and its length s1. It
// returns "bound" or "max points".
func walk2(tr *Tracer, x, t []float64, set *Settings, lo, hi [2]float64, count int,
	visit func(seg *segment, s1 float64, xn []float64) error) (string, error) {
	m1 := len(x)
	n := m1 - 2
	ds := math.Abs(set.Ds)
	xn, tn := make([]float64, m1), make([]float64, m1)
	seg := &segment{tr: tr}
	sc := &StepControl{DsMin: set.DsMin, DsMax: set.DsMax, MinCos: 0.95, ClampMin: true}
	for ; count < set.MaxPoints; count++ {
		if set.Context != nil {
			if err := set.Context.Err(); err != nil {
				return "", err
			}
		}
		_, dsNext, _, err := tr.Step(xn, tn, x, t, ds, sc)
		if err != nil {
			return "", fmt.Errorf("%w (p = %v, q = %v): %v", ErrStepSize, x[n], x[n+1], err)
		}
		seg.x0, seg.t0 = x, t
		s1 := floats.Dot(t, xn) - floats.Dot(t, x)
		stop := false
		for k := range 2 {
			v := xn[n+k]
			if v >= lo[k] && v <= hi[k] {
				continue
			}
			bound := hi[k]
			if v < lo[k] {
				bound = lo[k]
			}
			sb, err := seg.locate(xn, s1, x[n+k]-bound, v-bound, set.RefineTol, func(xn []float64) (float64, error) { return xn[n+k] - bound, nil })
			if err != nil {
				return "", err
			}
			s1, stop = sb, true
			break
		}
		if err := visit(seg, s1, xn); err != nil {
			return "", err
		}
		if stop {
			return "bound", nil
		}
		copy(x, xn)
		copy(t, tn)
		ds = dsNext
	}
	return "max points", nil
}
