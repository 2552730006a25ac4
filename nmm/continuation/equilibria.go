package continuation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Problem is a one-parameter family of right-hand sides f(y; p). Set must
// change the parameter of Sys to p (typically a closure over a model
// pointer: func(p float64) { m.EtaBar = p }); it is called often and must be
// cheap. Sys must be autonomous (it is evaluated at time T).
type Problem struct {
	Sys ode.System      // the right-hand side
	Set func(p float64) // sets the continuation parameter of Sys
	T   float64         // evaluation time (default 0)
}

// Settings are the options of [Equilibria]. A zero field means the default
// in its comment; PMin < PMax is required.
type Settings struct {
	PMin, PMax float64 // parameter bounds: the branch stops where p leaves [PMin, PMax]
	// Ds is the initial arclength step; its sign is the initial direction of
	// p (default 0.01, increasing p).
	Ds        float64
	DsMin     float64 // minimum step; below it the corrector failure is an error (default 1e-9)
	DsMax     float64 // maximum step (default (PMax − PMin)/50)
	MaxPoints int     // maximum number of branch points (default 10000)
	Tol       float64 // corrector tolerance, relative to max(1, ‖x‖∞) (default 1e-10)
	MaxIter   int     // corrector iterations per step (default 8)
	// RefineTol is the arclength tolerance of the fold and Hopf refinement
	// (default 1e-12).
	RefineTol float64
	// ZeroTol is the relative tolerance for a zero real or imaginary part
	// in the classification (default 1e-9, see stability.Classify).
	ZeroTol float64
	// Valid, if non-nil, stops the branch at the first state outside the
	// model's domain (e.g. a negative rate).
	Valid    func(y []float64) bool
	Context  context.Context // cancels the continuation (nil: never)
	Progress progress.Func   // receives (points, MaxPoints) now and then (nil: none)
}

func (s *Settings) defaults() (Settings, error) {
	var d Settings
	if s != nil {
		d = *s
	}
	if !(d.PMin < d.PMax) || math.IsInf(d.PMin, 0) || math.IsInf(d.PMax, 0) {
		return d, fmt.Errorf("continuation: parameter bounds PMin = %v, PMax = %v, want finite PMin < PMax", d.PMin, d.PMax)
	}
	if d.Ds == 0 {
		d.Ds = 0.01
	}
	if d.DsMin <= 0 {
		d.DsMin = 1e-9
	}
	if d.DsMax <= 0 {
		d.DsMax = (d.PMax - d.PMin) / 50
	}
	if math.Abs(d.Ds) > d.DsMax {
		d.Ds = math.Copysign(d.DsMax, d.Ds)
	}
	if d.MaxPoints <= 0 {
		d.MaxPoints = 10000
	}
	if d.Tol <= 0 {
		d.Tol = 1e-10
	}
	if d.MaxIter <= 0 {
		d.MaxIter = 8
	}
	if d.RefineTol <= 0 {
		d.RefineTol = 1e-12
	}
	if d.ZeroTol <= 0 {
		d.ZeroTol = 1e-9
	}
	return d, nil
}

// Point is an equilibrium on a branch.
type Point struct {
	P           float64        // parameter value
	Y           []float64      // equilibrium state
	Eigenvalues []complex128   // eigenvalues of ∂f/∂y, by decreasing real part
	Stable      bool           // all Re λ < 0
	Kind        stability.Kind // classification (stability.StableNode, …)
}

// PointType names a special point of a branch; its String form is the
// name used in JSON output ("fold", "hopf", "cusp").
type PointType string

// String returns the name of the type.
func (t PointType) String() string { return string(t) }

// Types of special points.
const (
	Fold PointType = "fold" // saddle-node (limit point): dp/ds = 0, one real eigenvalue 0
	Hopf PointType = "hopf" // a complex pair ±iω on the imaginary axis
	Cusp PointType = "cusp" // codimension-two point on a fold curve (FoldCurve)
)

// SpecialPoint is a bifurcation located on a branch.
type SpecialPoint struct {
	Type  PointType // Fold or Hopf
	P     float64   // parameter value
	Y     []float64 // state
	Omega float64   // Hopf: angular frequency Im λ > 0 (rad per time unit); 0 for folds
	Index int       // the point lies between Points[Index] and Points[Index+1]
}

// Branch is a continued branch of equilibria.
type Branch struct {
	Points []Point        // in order of arclength
	Folds  []SpecialPoint // saddle-node points, in order along the branch
	Hopfs  []SpecialPoint // Hopf points, in order along the branch
	Stop   string         // why the continuation stopped: "bound", "max points", "invalid state", "step size"
}

// eqCurve is f(y; p) = 0 as a curve in (y, p).
type eqCurve struct {
	prob   Problem
	n      int
	fy     *mat.Dense
	fp, fm []float64
}

func (c *eqCurve) eqs() int { return c.n }

func (c *eqCurve) eval(dst, x []float64) {
	c.prob.Set(x[c.n])
	c.prob.Sys.Deriv(dst, c.prob.T, x[:c.n])
}

func (c *eqCurve) jac(dst *mat.Dense, x []float64) {
	n, p := c.n, x[c.n]
	c.prob.Set(p)
	stability.Jac(c.fy, c.prob.Sys, c.prob.T, x[:n])
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			dst.Set(i, j, c.fy.At(i, j))
		}
	}
	h := 1e-6 * math.Max(1, math.Abs(p))
	c.prob.Set(p + h)
	c.prob.Sys.Deriv(c.fp, c.prob.T, x[:n])
	c.prob.Set(p - h)
	c.prob.Sys.Deriv(c.fm, c.prob.T, x[:n])
	c.prob.Set(p)
	for i := 0; i < n; i++ {
		dst.Set(i, n, (c.fp[i]-c.fm[i])/(2*h))
	}
}

// Equilibria continues the branch of equilibria of prob through (y0, p0)
// in the parameter, within [PMin, PMax], by pseudo-arclength continuation,
// and returns the branch with its stability and its folds and Hopf points.
// y0 need only be close to an equilibrium at p0: it is first corrected by
// Newton's method at fixed p0. The branch starts in the direction of
// increasing p when Settings.Ds > 0 (decreasing when < 0) and ends at a
// parameter bound (the last point lies exactly on it), at an invalid state,
// or after MaxPoints points. On failure (no equilibrium near y0, corrector
// failure at the minimum step, cancellation) it returns the branch computed
// so far with the error. The parameter of prob.Sys is left at p0.
func Equilibria(prob Problem, y0 []float64, p0 float64, s *Settings) (*Branch, error) {
	set, err := s.defaults()
	if err != nil {
		return nil, err
	}
	if prob.Sys == nil || prob.Set == nil {
		return nil, errors.New("continuation: Problem needs Sys and Set")
	}
	n := prob.Sys.Dim()
	if len(y0) != n {
		return nil, fmt.Errorf("continuation: y0 has length %d, want %d", len(y0), n)
	}
	if !(p0 >= set.PMin && p0 <= set.PMax) {
		return nil, fmt.Errorf("continuation: start p0 = %v outside [%v, %v]", p0, set.PMin, set.PMax)
	}
	defer prob.Set(p0)
	prob.Set(p0)
	ys, err := stability.Newton(prob.Sys, y0, &stability.Settings{T: prob.T, Tol: set.Tol})
	if err != nil {
		return nil, fmt.Errorf("continuation: no equilibrium near y0 at p0 = %v: %w", p0, err)
	}
	c := &eqCurve{prob: prob, n: n, fy: mat.NewDense(n, n, nil), fp: make([]float64, n), fm: make([]float64, n)}
	tr := newTracer(c, set.Tol, set.MaxIter)
	d := &driver{tr: tr, c: c, set: &set, n: n, br: &Branch{}}
	return d.run(append(ys, p0))
}

type driver struct {
	tr  *Tracer
	c   *eqCurve
	set *Settings
	n   int
	br  *Branch
	jac *mat.Dense
	// refinement workspace
	x, tt []float64
}

func (d *driver) point(x []float64) (Point, error) {
	n := d.n
	if d.jac == nil {
		d.jac = mat.NewDense(n, n, nil)
	}
	d.c.prob.Set(x[n])
	stability.Jac(d.jac, d.c.prob.Sys, d.c.prob.T, x[:n])
	ev, err := stability.Eigenvalues(d.jac)
	if err != nil {
		return Point{}, fmt.Errorf("continuation: at p = %v: %w", x[n], err)
	}
	kind, stable := stability.Classify(ev, d.set.ZeroTol)
	return Point{P: x[n], Y: slices.Clone(x[:n]), Eigenvalues: ev, Stable: stable, Kind: kind}, nil
}

// unstableComplex counts eigenvalues with Re λ > 0 and Im λ ≠ 0.
func (d *driver) unstableComplex(ev []complex128) int {
	k := 0
	for _, l := range ev {
		if real(l) > 0 && math.Abs(imag(l)) > d.imagTol(ev) {
			k++
		}
	}
	return k
}

func (d *driver) imagTol(ev []complex128) float64 {
	scale := 1.0
	for _, l := range ev {
		scale = math.Max(scale, math.Hypot(real(l), imag(l)))
	}
	return d.set.ZeroTol * scale
}

// critical returns the eigenvalue with Im λ > 0 closest to the imaginary
// axis (ok false if all are real).
func (d *driver) critical(ev []complex128) (complex128, bool) {
	tol := d.imagTol(ev)
	var best complex128
	ok := false
	for _, l := range ev {
		if imag(l) > tol && (!ok || math.Abs(real(l)) < math.Abs(real(best))) {
			best, ok = l, true
		}
	}
	return best, ok
}

func (d *driver) run(x []float64) (*Branch, error) {
	set, n, br := d.set, d.n, d.br
	m1 := n + 1
	dir := make([]float64, m1)
	dir[n] = math.Copysign(1, set.Ds)
	t := make([]float64, m1)
	if err := d.tr.Tangent(t, x, dir); err != nil {
		return nil, err
	}
	pt, err := d.point(x)
	if err != nil {
		return nil, err
	}
	br.Points = append(br.Points, pt)
	ds := math.Abs(set.Ds)
	xn, tn := make([]float64, m1), make([]float64, m1)
	seg := &segment{tr: d.tr}
	sc := &StepControl{DsMin: set.DsMin, DsMax: set.DsMax, MinCos: 0.95, ClampMin: true}
	// retries counts the consecutive halvings after steps that ended
	// outside the domain (each halves the step: at most log2(DsMax/DsMin)
	// are needed; the bound keeps the loop finite for any Valid).
	const maxRetries = 128
	retries := 0
	for {
		if len(br.Points) >= set.MaxPoints {
			br.Stop = "max points"
			return br, nil
		}
		if set.Context != nil {
			if err := set.Context.Err(); err != nil {
				return br, err
			}
		}
		if set.Progress != nil && len(br.Points)%50 == 0 {
			set.Progress(float64(len(br.Points)), float64(set.MaxPoints))
		}
		used, dsNext, _, err := d.tr.Step(xn, tn, x, t, ds, sc)
		if err != nil {
			br.Stop = "step size"
			return br, fmt.Errorf("%w (p = %v): %v", ErrStepSize, x[n], err)
		}
		if stalled(xn, x) {
			// The accepted step is below the resolution of the state (the
			// corrector converges only at steps that round to no move:
			// the residual's rounding error exceeds the tolerance).
			br.Stop = "step size"
			return br, fmt.Errorf("%w (p = %v): the accepted step %.3g does not move the state", ErrStepSize, x[n], used)
		}
		if set.Valid != nil && !set.Valid(xn[:n]) && used > set.DsMin && retries < maxRetries {
			// A long step can converge onto the algebraic continuation
			// of the branch outside the model's domain (a negative rate)
			// although the branch goes on inside it (past a fold): retry
			// with half the step; at the minimum step the invalid state
			// ends the branch below.
			ds = math.Max(used/2, set.DsMin)
			retries++
			continue
		}
		retries = 0
		seg.x0, seg.t0 = x, t
		s1 := floats.Dot(t, xn) - floats.Dot(t, x)
		stop := ""
		// parameter bound: land exactly on it
		if p := xn[n]; p < set.PMin || p > set.PMax {
			bound := set.PMax
			if p < set.PMin {
				bound = set.PMin
			}
			_, err := seg.locate(xn, s1, x[n]-bound, p-bound, set.RefineTol, func(xn []float64) (float64, error) { return xn[n] - bound, nil })
			if err != nil {
				return br, fmt.Errorf("continuation: landing on the bound p = %v: %w", bound, err)
			}
			xn[n] = bound // exact, removes the residual of the refinement
			prob := d.c.prob
			prob.Set(bound)
			y, err := stability.Newton(prob.Sys, xn[:n], &stability.Settings{T: prob.T, Tol: set.Tol})
			if err == nil {
				copy(xn, y)
			}
			if err := d.tr.Tangent(tn, xn, t); err != nil {
				return br, err
			}
			s1 = floats.Dot(t, xn) - floats.Dot(t, x)
			stop = "bound"
		}
		if set.Valid != nil && !set.Valid(xn[:n]) {
			br.Stop = "invalid state"
			return br, nil
		}
		next, err := d.point(xn)
		if err != nil {
			return br, err
		}
		if err := d.detect(seg, s1, t, tn, br.Points[len(br.Points)-1], next); err != nil {
			return br, err
		}
		br.Points = append(br.Points, next)
		if stop != "" {
			br.Stop = stop
			return br, nil
		}
		copy(x, xn)
		copy(t, tn)
		ds = dsNext
	}
}

// stalled reports whether xn equals x to rounding (every component within
// 4 ulp of the larger magnitude, at least of 1).
func stalled(xn, x []float64) bool {
	for i := range x {
		if math.Abs(xn[i]-x[i]) > 4*0x1p-52*math.Max(1, math.Max(math.Abs(x[i]), math.Abs(xn[i]))) {
			return false
		}
	}
	return true
}

// detect looks for a fold and a Hopf point between the accepted points
// prev (at s = 0 with tangent t0) and next (at s = s1 with tangent t1) and
// refines them.
func (d *driver) detect(seg *segment, s1 float64, t0, t1 []float64, prev, next Point) error {
	n, br := d.n, d.br
	idx := len(br.Points) - 1
	if d.x == nil {
		d.x, d.tt = make([]float64, n+1), make([]float64, n+1)
	}
	x, tt := d.x, d.tt
	// Fold: dp/ds changes sign.
	if (t0[n] > 0) != (t1[n] > 0) && t0[n] != 0 && t1[n] != 0 {
		_, err := seg.locate(x, s1, t0[n], t1[n], d.set.RefineTol, func(x []float64) (float64, error) {
			if err := d.tr.Tangent(tt, x, seg.t0); err != nil {
				return 0, err
			}
			return tt[n], nil
		})
		if err != nil {
			return fmt.Errorf("continuation: refining a fold near p = %v: %w", prev.P, err)
		}
		br.Folds = append(br.Folds, SpecialPoint{Type: Fold, P: x[n], Y: slices.Clone(x[:n]), Index: idx})
	}
	// Hopf: the number of unstable complex eigenvalues changes.
	if d.unstableComplex(prev.Eigenvalues) != d.unstableComplex(next.Eigenvalues) {
		l0, ok0 := d.critical(prev.Eigenvalues)
		l1, ok1 := d.critical(next.Eigenvalues)
		if ok0 && ok1 && (real(l0) > 0) != (real(l1) > 0) {
			jac := d.jac
			var lam complex128
			scale := 0.0
			_, err := seg.locate(x, s1, real(l0), real(l1), d.set.RefineTol, func(x []float64) (float64, error) {
				d.c.prob.Set(x[n])
				stability.Jac(jac, d.c.prob.Sys, d.c.prob.T, x[:n])
				ev, err := stability.Eigenvalues(jac)
				if err != nil {
					return 0, err
				}
				l, ok := d.critical(ev)
				if !ok {
					return 0, errors.New("complex pair became real")
				}
				lam, scale = l, 0
				for _, e := range ev {
					scale = math.Max(scale, cmplx.Abs(e))
				}
				return real(l), nil
			})
			if err != nil {
				return fmt.Errorf("continuation: refining a Hopf point near p = %v: %w", prev.P, err)
			}
			if math.Abs(real(lam)) > 1e-6*math.Max(1, scale) {
				// The sign change was a jump between two pairs: an unstable
				// pair became real (or another pair took over as the one
				// nearest the imaginary axis); no pair crosses the axis.
				return nil
			}
			br.Hopfs = append(br.Hopfs, SpecialPoint{Type: Hopf, P: x[n], Y: slices.Clone(x[:n]), Omega: imag(lam), Index: idx})
		}
	}
	return nil
}
