package cycle

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Family2 is a two-parameter family of systems: the system (and its
// Jacobian, or nil) at (p, q).
type Family2 func(p, q float64) (ode.System, JacFunc)

// CycleCurveSettings are the options of [ContinueCycleBifurcation]; zero
// fields mean the defaults in the comments. PMin < PMax and QMin < QMax
// are required.
type CycleCurveSettings struct {
	PMin, PMax, QMin, QMax float64 // the box of (p, q)
	// Ds is the initial arclength step, DsMax its bound (0: 1/100 and
	// 1/25 of the q range), in the norm ‖(ΔT/Ts, Δp, Δq)‖ (the state is
	// not weighed: the orbit's point slides along the section).
	Ds, DsMax float64
	MaxPoints int     // points on the curve (0: 200)
	Steps     int     // RK4 steps per period (0: 1000)
	Tol       float64 // corrector tolerance on the return map relative to 1 + max|y| (0: 1e-9)
}

// CycleCurvePoint is a point of a curve of cycle bifurcations: the orbit
// through Y0 with period Period at (P, Q).
type CycleCurvePoint struct {
	P, Q, Period float64
	Y0           []float64
}

// CycleCurve is a curve of folds of cycles, period doublings or torus
// points in two parameters.
type CycleCurve struct {
	Kind   BifurcationKind
	Points []CycleCurvePoint
	Stop   string // "bound" or "max points"
}

// cycleCurve is the defining system of a cycle bifurcation curve in
// x = (y, T, p, q): the shooting equations φ(y, T; p, q) − y = 0, the phase
// condition (y − yref)·vref = 0 (moved to each accepted point) and the
// test function of kind on the monodromy matrix M:
//
//	fold of cycles:   det [[M − I, f(φ)], [vrefᵀ, 0]] (the shooting
//	                  Jacobian in (y, T) is singular: a turning point in p)
//	period doubling:  det(M + I) (a multiplier −1)
//	torus:            Re Π_{i<j} (μ_i μ_j − 1) over the non-trivial
//	                  multipliers (a pair on the unit circle)
//
// The shooting rows of the Jacobian come from the variational equations,
// the p and q columns and the test row from central differences.
type cycleCurve struct {
	fam        Family2
	kind       BifurcationKind
	n, steps   int
	wT         float64 // 1/Ts
	yref, vref []float64
	xt, gp, gm []float64
	border     *mat.Dense
	lu         mat.LU
}

func (c *cycleCurve) Eqs() int { return c.n + 2 }

// Admissible rejects a non-positive period.
func (c *cycleCurve) Admissible(x []float64) error {
	if !(x[c.n] > 0) {
		return errors.New("cycle: period became non-positive")
	}
	return nil
}

// Dot and Weigh: the metric ‖(ΔT/Ts, Δp, Δq)‖ (weight 0 on y).
func (c *cycleCurve) Dot(a, b []float64) float64 {
	n := c.n
	return c.wT*c.wT*a[n]*b[n] + a[n+1]*b[n+1] + a[n+2]*b[n+2]
}

func (c *cycleCurve) Weigh(dst, v []float64) {
	clear(dst)
	n := c.n
	dst[n] = c.wT * c.wT * v[n]
	dst[n+1], dst[n+2] = v[n+1], v[n+2]
}

// shoot writes the shooting residual and phase condition at x into g[:n+1]
// and the test function into g[n+1]; with in set, the integrator of the
// flow (Φ) is returned for the Jacobian.
func (c *cycleCurve) shoot(g, x []float64) (*integrator, error) {
	n := c.n
	y, T := x[:n], x[n]
	sys, jac := c.fam(x[n+1], x[n+2])
	in, err := shootingResidual(g, sys, jac, c.steps, y, T, c.yref, c.vref)
	if err != nil {
		return nil, err
	}
	t, err := c.test(in, sys, T)
	g[n+1] = t
	return in, err
}

func (c *cycleCurve) test(in *integrator, sys ode.System, T float64) (float64, error) {
	n := c.n
	M := mat.NewDense(n, n, nil)
	in.va.Matrix(M, in.y)
	switch c.kind {
	case FoldOfCycles:
		f := make([]float64, n)
		sys.Deriv(f, T, in.y[:n])
		b := c.border
		b.Zero()
		shootingRows(b, in, f, n)
		for j := range n {
			b.Set(n, j, c.vref[j])
		}
		c.lu.Factorize(b)
		return c.lu.Det(), nil
	case PeriodDoubling:
		for i := range n {
			M.Set(i, i, M.At(i, i)+1)
		}
		c.lu.Factorize(M)
		return c.lu.Det(), nil
	}
	mu, err := Multipliers(M)
	if err != nil {
		return math.NaN(), err
	}
	tr := trivialIndex(mu)
	prod := complex(1, 0)
	for i := range mu {
		for j := i + 1; j < len(mu); j++ {
			if i != tr && j != tr {
				prod *= mu[i]*mu[j] - 1
			}
		}
	}
	return real(prod), nil
}

// Eval is the residual and Jacobian, for [continuation.Curve].
func (c *cycleCurve) Eval(g []float64, dg *mat.Dense, x []float64) error {
	n := c.n
	in, err := c.shoot(g, x)
	if err != nil || dg == nil {
		return err
	}
	sys, _ := c.fam(x[n+1], x[n+2])
	f := make([]float64, n)
	sys.Deriv(f, x[n], in.y[:n])
	dg.Zero()
	shootingRows(dg, in, f, n)
	for j := range n {
		dg.Set(n, j, c.vref[j])
	}
	// p and q columns of the shooting rows and the whole test row
	copy(c.xt, x)
	for j := range n + 3 {
		h := 1e-6 * math.Max(1, math.Abs(x[j]))
		c.xt[j] = x[j] + h
		if _, err := c.shoot(c.gp, c.xt); err != nil {
			return err
		}
		c.xt[j] = x[j] - h
		if _, err := c.shoot(c.gm, c.xt); err != nil {
			return err
		}
		c.xt[j] = x[j]
		if j > n {
			for i := range n {
				dg.Set(i, j, (c.gp[i]-c.gm[i])/(2*h))
			}
		}
		dg.Set(n+1, j, (c.gp[n+1]-c.gm[n+1])/(2*h))
	}
	return nil
}

// setPhase moves the phase condition to the orbit point y at (p, q):
// yref = y, vref = f(y)/|f(y)|.
func (c *cycleCurve) setPhase(y []float64, p, q float64) {
	sys, _ := c.fam(p, q)
	copy(c.yref, y)
	sys.Deriv(c.vref, 0, y)
	normalize(c.vref)
}

// ContinueCycleBifurcation continues a bifurcation of periodic orbits —
// kind FoldOfCycles, PeriodDoubling or NeimarkSacker — in two parameters:
// from the orbit start at (p0, q0) (a [CycleBifurcation] of a [Continue]
// branch at q = q0: start its orbit at b.P) it traces the curve of the
// defining system in (y, T, p, q) (shooting equations, a phase condition
// and the kind's test function on the monodromy matrix, see the package
// documentation) by pseudo-arclength continuation inside the box of s,
// starting towards increasing q when dir > 0. The start is corrected at
// fixed q0.
func ContinueCycleBifurcation(fam Family2, kind BifurcationKind, start *Orbit, p0, q0, dir float64, s *CycleCurveSettings) (*CycleCurve, error) {
	var o CycleCurveSettings
	if s != nil {
		o = *s
	}
	if !(o.PMin < o.PMax) || !(o.QMin < o.QMax) {
		return nil, fmt.Errorf("cycle: box p [%v, %v], q [%v, %v]: want PMin < PMax, QMin < QMax", o.PMin, o.PMax, o.QMin, o.QMax)
	}
	if kind != FoldOfCycles && kind != PeriodDoubling && kind != NeimarkSacker {
		return nil, fmt.Errorf("cycle: bifurcation kind %q, want fold, period-doubling or torus", kind)
	}
	if start == nil || len(start.Y0) == 0 || !(start.Period > 0) {
		return nil, errors.New("cycle: ContinueCycleBifurcation needs a start orbit with Y0 and Period > 0")
	}
	qr := o.QMax - o.QMin
	if o.DsMax <= 0 {
		o.DsMax = qr / 25
	}
	if o.Ds <= 0 {
		o.Ds = math.Min(qr/100, o.DsMax)
	}
	if o.MaxPoints <= 0 {
		o.MaxPoints = 200
	}
	if o.Steps <= 0 {
		o.Steps = 1000
	}
	if o.Tol <= 0 {
		o.Tol = 1e-9
	}
	n := len(start.Y0)
	c := &cycleCurve{fam: fam, kind: kind, n: n, steps: o.Steps, wT: 1 / start.Period,
		yref: make([]float64, n), vref: make([]float64, n),
		xt: make([]float64, n+3), gp: make([]float64, n+2), gm: make([]float64, n+2), border: mat.NewDense(n+1, n+1, nil)}
	c.setPhase(start.Y0, p0, q0)
	tr := continuation.NewTracer(c, c, o.Tol, 8)
	tr.Converged = func(g, x, _ []float64) bool {
		res, ymax := 0.0, 0.0
		for i := range n + 1 {
			res = math.Max(res, math.Abs(g[i]))
		}
		for i := range n {
			ymax = math.Max(ymax, math.Abs(x[i]))
		}
		return res <= o.Tol*(1+ymax) && math.Abs(g[n+1]) <= o.Tol*(1+ymax)
	}
	x := append(slices.Clone(start.Y0), start.Period, p0, q0)
	eq := make([]float64, n+3)
	eq[n+2] = 1
	if _, err := tr.Correct(x, slices.Clone(x), eq); err != nil {
		return nil, fmt.Errorf("cycle: no %s point near the start at q0 = %v: %w", kind, q0, err)
	}
	eq[n+2] = math.Copysign(1, dir)
	t := make([]float64, n+3)
	if err := tr.Tangent(t, x, eq); err != nil {
		return nil, err
	}
	res := &CycleCurve{Kind: kind}
	add := func(x []float64) {
		res.Points = append(res.Points, CycleCurvePoint{P: x[n+1], Q: x[n+2], Period: x[n], Y0: slices.Clone(x[:n])})
	}
	add(x)
	set := continuation.Settings{PMin: o.PMin, PMax: o.PMax, Ds: o.Ds, DsMin: 1e-6 * o.DsMax, DsMax: o.DsMax, MaxPoints: o.MaxPoints, RefineTol: 1e-10}
	stop, err := continuation.Walk2(tr, x, t, &set, [2]float64{o.PMin, o.QMin}, [2]float64{o.PMax, o.QMax}, func(xn []float64) error {
		add(xn)
		c.setPhase(xn[:n], xn[n+1], xn[n+2])
		return nil
	})
	res.Stop = stop
	return res, err
}
