package cycle

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// ContOptions are the settings of [Continue] and [ContinueFromHopf]. Zero
// fields mean the documented defaults.
type ContOptions struct {
	// Steps (RK4 steps per period; 0: 1000), Tol (Newton tolerance on the
	// return map relative to 1+max|y|; 0: 1e-9) and MaxIter (Newton
	// iterations per step; 0: 8).
	Steps   int
	Tol     float64
	MaxIter int
	// PMin, PMax: the continuation stops after the first point outside
	// [PMin, PMax] (both 0: no bounds).
	PMin, PMax float64
	// Ds is the initial arclength step, DsMin and DsMax its bounds
	// (0: 0.05, 1e-6 and 0.25). The arclength is measured in the weighted
	// norm ‖(StateWeight·Δy, ΔT/Ts, Δp)‖ with Ts the period of the first
	// orbit.
	Ds, DsMin, DsMax float64
	// StateWeight is the weight of the state y in the arclength norm
	// (0: 0.01). The point y of an orbit slides along it as the phase
	// condition moves from step to step, so the arclength is measured
	// mostly in (T/Ts, p).
	StateWeight float64
	// MaxPoints bounds the number of points (0: 400).
	MaxPoints int
	// MaxPeriod stops the branch when the period exceeds it (approach to a
	// homoclinic orbit; 0: 20 × the first period).
	MaxPeriod float64
	// MinAmplitude stops the branch when the largest peak-to-peak range of
	// the variables falls below MinAmplitude × its maximum along the branch
	// (the branch returned to a Hopf point; 0: 1e-3).
	MinAmplitude float64
	// Progress receives (points, MaxPoints) (nil: none).
	Progress progress.Func
}

func (c *ContOptions) defaults() ContOptions {
	var o ContOptions
	if c != nil {
		o = *c
	}
	if o.Steps == 0 {
		o.Steps = 1000
	}
	if o.Tol == 0 {
		o.Tol = 1e-9
	}
	if o.MaxIter == 0 {
		o.MaxIter = 8
	}
	if o.Ds == 0 {
		o.Ds = 0.05
	}
	if o.DsMin == 0 {
		o.DsMin = 1e-6
	}
	if o.DsMax == 0 {
		o.DsMax = 0.25
	}
	if o.StateWeight == 0 {
		o.StateWeight = 0.01
	}
	if o.MaxPoints == 0 {
		o.MaxPoints = 400
	}
	if o.MinAmplitude == 0 {
		o.MinAmplitude = 1e-3
	}
	return o
}

// CyclePoint is one periodic orbit of a branch at parameter P.
type CyclePoint struct {
	P float64
	Orbit
}

// BifurcationKind names a bifurcation of periodic orbits; its String form
// is the name used in JSON output ("fold", "period-doubling", "torus").
type BifurcationKind string

// String returns the name of the kind.
func (k BifurcationKind) String() string { return string(k) }

// Kinds of cycle bifurcations reported by [Continue].
const (
	FoldOfCycles   BifurcationKind = "fold"            // a multiplier passes +1 (turning point in p)
	PeriodDoubling BifurcationKind = "period-doubling" // a real multiplier passes −1
	NeimarkSacker  BifurcationKind = "torus"           // a complex pair crosses the unit circle
)

// CycleBifurcation is a bifurcation detected between points Index−1 and
// Index of a branch. P and Period are located on the branch segment by the
// Illinois method on its test function (fold: dp/ds; period doubling:
// Π(μ_i+1) over the non-trivial multipliers; torus: the largest modulus of
// the complex multipliers − 1) to |Δs| ≤ 1e-6 of the step; if a correction
// fails they are interpolated linearly.
type CycleBifurcation struct {
	Kind   BifurcationKind // FoldOfCycles, PeriodDoubling or NeimarkSacker
	Index  int
	P      float64
	Period float64
}

// CycleBranch is a branch of periodic orbits.
type CycleBranch struct {
	Points       []CyclePoint
	Bifurcations []CycleBifurcation
	// End says why the continuation stopped: "parameter bound",
	// "max points", "max period", "amplitude vanished" (returned to an
	// equilibrium, e.g. a second Hopf point), "step size" (corrector failed
	// at DsMin).
	End string
}

// continuer holds the state of a cycle continuation.
type continuer struct {
	fam   Family
	n     int
	o     ContOptions
	wT    float64 // weight of T in the arclength norm (1/Ts)
	wY    float64 // weight of the state in the arclength norm
	yref  []float64
	vref  []float64
	steps int
	tr    *continuation.Tracer
	last  *integrator // the integrator of the last Eval (Φ at that point)
}

// newContinuer sets up the shooting curve of fam in (y, T, p) and its
// pseudo-arclength tracer.
func newContinuer(fam Family, n int, o ContOptions, period float64) *continuer {
	c := &continuer{fam: fam, n: n, o: o, wT: 1 / period, wY: o.StateWeight, steps: o.Steps,
		yref: make([]float64, n), vref: make([]float64, n)}
	c.tr = continuation.NewTracer(c, c, o.Tol, o.MaxIter)
	c.tr.Converged = c.converged
	return c
}

// Eqs is the number of shooting equations (n + 1), for [continuation.Curve].
func (c *continuer) Eqs() int { return c.n + 1 }

// Eval is the shooting residual and its Jacobian, for [continuation.Curve];
// the integrator (Φ, range) is kept for the Floquet multipliers.
func (c *continuer) Eval(g []float64, dg *mat.Dense, x []float64) error {
	in, err := c.eval(x, g, dg)
	c.last = in
	return err
}

// Admissible rejects a non-positive period.
func (c *continuer) Admissible(x []float64) error {
	if !(x[c.n] > 0) {
		return errors.New("cycle: period became non-positive")
	}
	return nil
}

// converged: the residual of the shooting equations (and the phase
// condition) is below Tol relative to 1 + max|y|.
func (c *continuer) converged(g, x, _ []float64) bool {
	res, ymax := 0.0, 0.0
	for i := range c.n {
		res = math.Max(res, math.Abs(g[i]))
		ymax = math.Max(ymax, math.Abs(x[i]))
	}
	res = math.Max(res, math.Abs(g[c.n]))
	return res <= c.o.Tol*(1+ymax)
}

// Dot is the weighted inner product of the arclength norm, for
// [continuation.Metric].
func (c *continuer) Dot(a, b []float64) float64 { return c.dot(a, b) }

// Weigh writes W v (weights wY² on y, wT² on T, 1 on p) into dst.
func (c *continuer) Weigh(dst, v []float64) {
	n := c.n
	copy(dst, v)
	for i := range n {
		dst[i] *= c.wY * c.wY
	}
	dst[n] *= c.wT * c.wT
}

// weighted dot product in (y, T, p) space
func (c *continuer) dot(a, b []float64) float64 {
	n := c.n
	s := 0.0
	for i := range n {
		s += a[i] * b[i]
	}
	s *= c.wY * c.wY
	s += c.wT * c.wT * a[n] * b[n]
	s += a[n+1] * b[n+1]
	return s
}

// eval computes, at X = (y, T, p), the residual G (n+1 components:
// φ − y and the phase condition), its Jacobian DG ((n+1)×(n+2)), and the
// orbit data (monodromy, range). It returns the integrator holding Φ.
func (c *continuer) eval(X []float64, G []float64, DG *mat.Dense) (*integrator, error) {
	n := c.n
	y, T, p := X[:n], X[n], X[n+1]
	sys, jac := c.fam(p)
	in, err := shootingResidual(G, sys, jac, c.steps, y, T, c.yref, c.vref)
	if err != nil {
		return nil, err
	}
	if DG == nil {
		return in, nil
	}
	f := make([]float64, n)
	sys.Deriv(f, T, in.y[:n])
	h := 1e-6 * math.Max(1, math.Abs(p))
	php, phm := make([]float64, n), make([]float64, n)
	for k, dp := range []float64{h, -h} {
		s2, _ := c.fam(p + dp)
		i2 := newIntegrator(s2, nil, c.steps)
		if err := i2.flow(y, T, false); err != nil {
			return nil, err
		}
		if k == 0 {
			copy(php, i2.y[:n])
		} else {
			copy(phm, i2.y[:n])
		}
	}
	shootingRows(DG, in, f, n)
	for i := range n {
		DG.Set(i, n+1, (php[i]-phm[i])/(2*h))
	}
	for j := range n + 2 {
		DG.Set(n, j, 0)
	}
	for j := range n {
		DG.Set(n, j, c.vref[j])
	}
	return in, nil
}

// shootingResidual integrates sys (with its variational equations; jac nil:
// finite differences) over T from y and writes the shooting residual
// φ(y, T) − y and the phase condition (y − yref)·vref into g[:n+1]. It
// returns the integrator holding Φ and the orbit's range.
func shootingResidual(g []float64, sys ode.System, jac JacFunc, steps int, y []float64, T float64, yref, vref []float64) (*integrator, error) {
	n := len(y)
	if jac == nil {
		jac = NumJac(sys)
	}
	in := newIntegrator(sys, jac, steps)
	if err := in.flow(y, T, true); err != nil {
		return nil, err
	}
	for i := range n {
		g[i] = in.y[i] - y[i]
	}
	g[n] = 0
	for i := range n {
		g[n] += (y[i] - yref[i]) * vref[i]
	}
	return in, nil
}

// tangent returns the unit tangent (weighted norm) of the solution curve at
// a point with Jacobian DG, oriented along dir.
func (c *continuer) tangent(DG *mat.Dense, dir []float64) ([]float64, error) {
	v := make([]float64, c.n+2)
	if err := c.tr.TangentOf(v, DG, dir); err != nil {
		return nil, fmt.Errorf("cycle: %w", err)
	}
	return v, nil
}

// correct runs the tracer's Newton corrector on [G(X); W V·(X − Xp)] = 0
// from X = Xp. It returns the converged X, a copy of its Jacobian DG, the
// integrator (with Φ at X) and the number of iterations.
func (c *continuer) correct(Xp, V []float64) ([]float64, *mat.Dense, *integrator, int, error) {
	X := append([]float64(nil), Xp...)
	it, err := c.tr.Correct(X, Xp, V)
	if err != nil {
		return nil, nil, nil, it, fmt.Errorf("%w: %v", ErrNoConvergence, err)
	}
	return X, mat.DenseCopyOf(c.tr.Jacobian()), c.last, it, nil
}

// locate finds the zero of the test function g on the segment of the
// branch between X (s = 0, g = g0) and the point at arclength step h
// (g = g1) with [continuation.Locate]: each trial point is corrected on the
// hyperplane through X + sV orthogonal to V. It stops when |Δs| ≤ 1e-6·h
// (at most 20 corrections) and reports false if a correction fails.
func (c *continuer) locate(X, V []float64, h, g0, g1 float64, g func(*CyclePoint, []float64) float64) (*CyclePoint, bool) {
	var best *CyclePoint
	failed := errors.New("correction failed")
	_, err := continuation.Locate(func(s float64) (float64, error) {
		Xp := make([]float64, c.n+2)
		for i := range Xp {
			Xp[i] = X[i] + s*V[i]
		}
		Xs, DG, in, _, err := c.correct(Xp, V)
		if err != nil {
			return 0, failed
		}
		tan, err := c.tangent(DG, V)
		if err != nil {
			return 0, failed
		}
		pt, err := c.point(Xs, in)
		if err != nil {
			return 0, failed
		}
		best = &pt
		return g(&pt, tan), nil
	}, h, g0, g1, 1e-6*math.Abs(h), 20)
	if err != nil {
		return nil, false
	}
	return best, best != nil
}

// point builds a CyclePoint from a converged X and its integrator.
func (c *continuer) point(X []float64, in *integrator) (CyclePoint, error) {
	n := c.n
	cp := CyclePoint{P: X[n+1], Orbit: Orbit{Y0: append([]float64(nil), X[:n]...), Period: X[n],
		Min: append([]float64(nil), in.min...), Max: append([]float64(nil), in.max...), Section: -1}}
	err := cp.Orbit.floquet(in)
	return cp, err
}

func amplitude(o *Orbit) float64 {
	a := 0.0
	for i := range o.Min {
		a = math.Max(a, o.Max[i]-o.Min[i])
	}
	return a
}

// pdTest is Π_{i≠trivial} (μ_i + 1) (real up to rounding): its sign changes
// when a real multiplier passes −1.
func pdTest(o *Orbit) float64 {
	prod := complex(1, 0)
	for i, m := range o.Multipliers {
		if i != o.Trivial {
			prod *= m + 1
		}
	}
	return real(prod)
}

// nsCount counts the non-trivial complex multipliers outside the unit
// circle.
func nsCount(o *Orbit) int {
	k := 0
	for i, m := range o.Multipliers {
		if i != o.Trivial && math.Abs(imag(m)) > 1e-9 && cmplx.Abs(m) > 1 {
			k++
		}
	}
	return k
}

// Continue follows the branch of periodic orbits of fam through the orbit
// start (at parameter p0) by pseudo-arclength continuation of the shooting
// equations
//
//	φ(T, y; p) − y = 0,   (y − y_prev)·n = 0
//
// in (y, T, p) (n: the vector field at y_prev made orthogonal to
// y_prev − centre of the previous orbit, so the section passes through the
// orbit's centre and the point moves radially as the orbit shrinks), with a tangent predictor and a Newton corrector on the
// hyperplane orthogonal to the tangent. dir > 0 starts towards increasing
// p, dir < 0 towards decreasing p. Along the branch it reports folds of
// cycles (dp/ds changes sign), period doublings (a real multiplier passes
// −1: Π(μ_i+1) changes sign) and Neimark–Sacker points (the number of
// complex multipliers outside the unit circle changes). The first point of
// the branch is start itself.
func Continue(fam Family, start *Orbit, p0 float64, dir float64, opt *ContOptions) (*CycleBranch, error) {
	o := opt.defaults()
	n := len(start.Y0)
	if o.MaxPeriod == 0 {
		o.MaxPeriod = 20 * start.Period
	}
	c := newContinuer(fam, n, o, start.Period)
	X0 := append(append(append([]float64(nil), start.Y0...), start.Period), p0)
	c.setPhase(X0, start)
	// correct the start at fixed p (arclength direction = p axis)
	X := append(append(append([]float64(nil), start.Y0...), start.Period), p0)
	ep := make([]float64, n+2)
	ep[n+1] = 1
	X, DG, in, _, err := c.correct(X, ep)
	if err != nil {
		return nil, fmt.Errorf("cycle: continuation start: %w", err)
	}
	d := make([]float64, n+2)
	d[n+1] = dir
	if dir == 0 {
		d[n+1] = 1
	}
	V, err := c.tangent(DG, d)
	if err != nil {
		return nil, err
	}
	return c.run(X, V, DG, in)
}

// setPhase sets the phase condition (y − yref)·vref = 0 for the next step
// from the point X on orbit o: yref = X's state, vref = the component of the
// vector field at yref orthogonal to yref − centre (centre = middle of the
// orbit's range), so that the section contains the centre of the orbit and
// the point slides radially, not along the orbit, as the orbit changes.
func (c *continuer) setPhase(X []float64, o *Orbit) {
	n := c.n
	sys, _ := c.fam(X[n+1])
	copy(c.yref, X[:n])
	sys.Deriv(c.vref, 0, c.yref)
	normalize(c.vref)
	if len(o.Min) != n || len(o.Max) != n {
		return
	}
	u := make([]float64, n)
	for i := range n {
		u[i] = c.yref[i] - 0.5*(o.Min[i]+o.Max[i])
	}
	normalize(u)
	d := 0.0
	for i := range n {
		d += c.vref[i] * u[i]
	}
	if math.Abs(d) > 0.95 {
		return // flow nearly radial: keep the plain condition
	}
	for i := range n {
		c.vref[i] -= d * u[i]
	}
	normalize(c.vref)
}

func normalize(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	s = math.Sqrt(s)
	if s > 0 {
		for i := range v {
			v[i] /= s
		}
	}
}

// run is the predictor–corrector loop from the converged point X with
// tangent V.
func (c *continuer) run(X, V []float64, DGcur *mat.Dense, in *integrator) (*CycleBranch, error) {
	n := c.n
	o := c.o
	br := &CycleBranch{}
	cp, err := c.point(X, in)
	if err != nil {
		return nil, err
	}
	br.Points = append(br.Points, cp)
	maxAmp := amplitude(&cp.Orbit)
	ds := o.Ds
	// accept only if the tangent turned by less than ~25°; grow after an
	// easy step, shrink after a hard one or a turn of more than ~11°
	sc := &continuation.StepControl{DsMin: o.DsMin, DsMax: o.DsMax, MinCos: 0.9,
		Next: func(ds float64, it int, cos float64) float64 {
			switch {
			case it <= 2 && cos > 0.995:
				return math.Min(1.5*ds, o.DsMax)
			case it >= 5 || cos < 0.98:
				return ds * 0.7
			}
			return ds
		}}
	bounded := o.PMin != 0 || o.PMax != 0
	for len(br.Points) < o.MaxPoints {
		if o.Progress != nil {
			o.Progress(float64(len(br.Points)), float64(o.MaxPoints))
		}
		// phase condition: the hyperplane through the current point and the
		// centre of its orbit, transversal to the flow
		c.setPhase(X, &br.Points[len(br.Points)-1].Orbit)
		// the tangent depends on the phase condition: recompute it with the
		// new reference (the rows of φ − y do not depend on it)
		for j := range n {
			DGcur.Set(n, j, c.vref[j])
		}
		if Vt, err := c.tangent(DGcur, V); err == nil {
			V = Vt
		}
		Xn, Vn := make([]float64, n+2), make([]float64, n+2)
		dsUsed, dsNext, _, err := c.tr.Step(Xn, Vn, X, V, ds, sc)
		if err != nil {
			br.End = "step size"
			return br, nil
		}
		ds = dsNext
		DGn, inN := mat.DenseCopyOf(c.tr.Jacobian()), c.last
		cp, err := c.point(Xn, inN)
		if err != nil {
			return br, err
		}
		prev := &br.Points[len(br.Points)-1]
		k := len(br.Points)
		// bifurcation tests: a sign change of a test function between the
		// current point (s = 0) and the new one (s = dsUsed) is refined on
		// the segment by the Illinois method (fallback: linear estimate)
		tests := []struct {
			kind BifurcationKind
			g    func(pt *CyclePoint, tan []float64) float64
			g0   float64
			g1   float64
		}{
			{FoldOfCycles, func(_ *CyclePoint, tan []float64) float64 { return tan[n+1] }, V[n+1], Vn[n+1]},
			{PeriodDoubling, func(pt *CyclePoint, _ []float64) float64 { return pdTest(&pt.Orbit) }, pdTest(&prev.Orbit), pdTest(&cp.Orbit)},
			{NeimarkSacker, func(pt *CyclePoint, _ []float64) float64 { return maxComplexModulus(&pt.Orbit) - 1 },
				maxComplexModulus(&prev.Orbit) - 1, maxComplexModulus(&cp.Orbit) - 1},
		}
		for _, tst := range tests {
			if tst.kind == NeimarkSacker {
				if nsCount(&prev.Orbit) == nsCount(&cp.Orbit) {
					continue
				}
			} else if !(tst.g0*tst.g1 < 0) {
				continue
			}
			a := 0.5
			if tst.g0 != tst.g1 {
				a = math.Min(1, math.Max(0, tst.g0/(tst.g0-tst.g1)))
			}
			bif := CycleBifurcation{Kind: tst.kind, Index: k,
				P: prev.P + a*(cp.P-prev.P), Period: prev.Period + a*(cp.Period-prev.Period)}
			if pt, ok := c.locate(X, V, dsUsed, tst.g0, tst.g1, tst.g); ok {
				bif.P, bif.Period = pt.P, pt.Period
			}
			br.Bifurcations = append(br.Bifurcations, bif)
		}
		if amplitude(&cp.Orbit) < o.MinAmplitude*maxAmp {
			// converged onto the equilibrium: not a cycle
			br.End = "amplitude vanished"
			return br, nil
		}
		br.Points = append(br.Points, cp)
		X, V, DGcur = Xn, Vn, DGn
		maxAmp = math.Max(maxAmp, amplitude(&cp.Orbit))
		switch {
		case bounded && (cp.P < o.PMin || cp.P > o.PMax):
			br.End = "parameter bound"
			return br, nil
		case cp.Period > o.MaxPeriod:
			br.End = "max period"
			return br, nil
		}
	}
	br.End = "max points"
	return br, nil
}

func maxComplexModulus(o *Orbit) float64 {
	m := 0.0
	for i, x := range o.Multipliers {
		if i != o.Trivial && math.Abs(imag(x)) > 1e-9 {
			m = math.Max(m, cmplx.Abs(x))
		}
	}
	return m
}

// ContinueFromHopf starts a branch of periodic orbits at the Hopf point h
// of fam: it builds a small cycle from the normal form, x* + 2 Re(z q e^{iωt})
// with |z| = amp (0: 1e-3) at the parameter p where Re λ(p) = −ω l1 |z|²
// (the side on which the cycle exists), refines it by shooting at fixed p and
// continues it away from the Hopf point with [Continue].
func ContinueFromHopf(fam Family, h *Hopf, amp float64, opt *ContOptions) (*CycleBranch, error) {
	if amp == 0 {
		amp = 1e-3
	}
	if h.L1 == 0 || math.IsNaN(h.L1) {
		return nil, errors.New("cycle: degenerate Hopf point (l1 = 0)")
	}
	n := len(h.X)
	o := opt.defaults()
	// dRe λ/dp by central differences along the equilibrium branch
	dp := 1e-5 * math.Max(1, math.Abs(h.P))
	re := func(p float64) (float64, []float64, error) {
		sys, jac := fam(p)
		if jac == nil {
			jac = NumJac(sys)
		}
		x, err := Equilibrium(sys, jac, h.X)
		if err != nil {
			return 0, nil, err
		}
		A := mat.NewDense(n, n, nil)
		jac(A, 0, x)
		lam, _, _, err := criticalPair(A)
		return real(lam), x, err
	}
	rp, _, err := re(h.P + dp)
	if err != nil {
		return nil, err
	}
	rm, _, err := re(h.P - dp)
	if err != nil {
		return nil, err
	}
	slope := (rp - rm) / (2 * dp)
	if slope == 0 {
		return nil, errors.New("cycle: Hopf point without transversal crossing")
	}
	p := h.P - h.Omega*h.L1*amp*amp/slope
	_, x, err := re(p)
	if err != nil {
		return nil, err
	}
	y0 := make([]float64, n)
	sec, best := 0, -1.0
	for i := range n {
		y0[i] = x[i] + 2*amp*real(h.Q[i])
		if a := cmplx.Abs(h.Q[i]); a > best {
			best, sec = a, i
		}
	}
	// phase condition on the variable with the largest oscillation, at the
	// middle of its range (x*[sec]); start a quarter period later so that
	// y0 lies on that section.
	th := math.Atan2(real(h.Q[sec]), imag(h.Q[sec])) // 2 Re(q e^{iθ}) = 0 at the section
	for i := range n {
		y0[i] = x[i] + 2*amp*real(h.Q[i]*cmplx.Exp(complex(0, th)))
	}
	sys, jac := fam(p)
	orb, err := Refine(sys, y0, 2*math.Pi/h.Omega, sec, &Options{Jac: jac, Steps: o.Steps, Tol: o.Tol})
	if err != nil && !errors.Is(err, ErrInconsistent) {
		return nil, fmt.Errorf("cycle: small cycle near the Hopf point: %w", err)
	}
	dir := p - h.P
	return Continue(fam, orb, p, dir, opt)
}
