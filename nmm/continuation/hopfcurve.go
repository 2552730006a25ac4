package continuation

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// HopfSettings are the options of [HopfCurve]: those of [FoldCurve] plus
// an optional first Lyapunov coefficient.
type HopfSettings struct {
	FoldSettings
	// L1, when not nil, returns the first Lyapunov coefficient of the Hopf
	// point y at (p, q) (e.g. cycle.FirstLyapunov); its sign changes are
	// located as generalised Hopf points.
	L1 func(y []float64, p, q float64) (float64, error)
	// OmegaMin: the curve ends at a Bogdanov–Takens point when the
	// frequency of the critical pair falls below OmegaMin times the largest
	// eigenvalue modulus (0: 1e-3), or when the corrector fails at the
	// minimum step with ω below 5 % of its largest value on the curve (the
	// pair about to become real).
	OmegaMin float64
}

// HopfPoint is a point (y, p, q) of a Hopf curve with the angular frequency
// ω = Im λ of the critical pair (rad per time unit).
type HopfPoint struct {
	P, Q  float64
	Y     []float64
	Omega float64
	// L1: the first Lyapunov coefficient (NaN without HopfSettings.L1).
	L1 float64
	// Index: for a codimension-two point, it lies between Points[Index]
	// and Points[Index+1].
	Index int
}

// HopfCurveResult is a continued curve of Hopf points.
type HopfCurveResult struct {
	Points []HopfPoint
	// GH are generalised Hopf (Bautin) points, where l1 changes sign; BT a
	// Bogdanov–Takens point where the curve ended because ω → 0 (its
	// location is that of the last point, within one step of the curve).
	GH, BT []HopfPoint
	Stop   string // "bound", "max points" or "bogdanov-takens"
}

// hopfCurve is G(y, p, q) = (f(y; p, q), Re λ) with λ the eigenvalue of
// ∂f/∂y with Im λ > 0 nearest i·omega (the critical pair, followed by
// continuity); x = (y, p, q).
type hopfCurve struct {
	prob   Problem2
	n      int
	fy     *mat.Dense
	omega  float64 // ω of the last accepted point (pair tracking)
	lam    complex128
	scale  float64 // max |λ| at the last evaluation
	gp, gm []float64
	xt     []float64
}

func (c *hopfCurve) eqs() int { return c.n + 1 }

func (c *hopfCurve) eval(dst, x []float64) {
	n := c.n
	c.prob.Set(x[n], x[n+1])
	c.prob.Sys.Deriv(dst[:n], c.prob.T, x[:n])
	stability.Jac(c.fy, c.prob.Sys, c.prob.T, x[:n])
	dst[n] = math.NaN()
	ev, err := stability.Eigenvalues(c.fy)
	if err != nil {
		return
	}
	best := math.Inf(1)
	c.scale = 0
	for _, l := range ev {
		c.scale = math.Max(c.scale, cmplx.Abs(l))
		if imag(l) > 0 {
			if d := cmplx.Abs(l - complex(0, c.omega)); d < best {
				best, c.lam = d, l
			}
		}
	}
	if !math.IsInf(best, 1) {
		dst[n] = real(c.lam)
	}
}

func (c *hopfCurve) jac(dst *mat.Dense, x []float64) { fdJac(dst, x, c.xt, c.gp, c.gm, c.eval) }

// fdJac is the central finite-difference Jacobian of eval at x (steps
// 1e-6·max(1, |x_j|); the corrector only needs an approximate Jacobian:
// the residual G = 0 is exact).
func fdJac(dst *mat.Dense, x, xt, gp, gm []float64, eval func(dst, x []float64)) {
	copy(xt, x)
	for j := range x {
		h := 1e-6 * math.Max(1, math.Abs(x[j]))
		xt[j] = x[j] + h
		eval(gp, xt)
		xt[j] = x[j] - h
		eval(gm, xt)
		xt[j] = x[j]
		for i := range gp {
			dst.Set(i, j, (gp[i]-gm[i])/(2*h))
		}
	}
}

// HopfCurve continues a Hopf point of equilibria in two parameters: it
// traces the curve f(y; p, q) = 0, Re λ(y; p, q) = 0, where λ = μ + iω is
// the critical complex pair of ∂f/∂y (followed by continuity from the
// frequency omega0 of the start), by pseudo-arclength continuation from a
// Hopf point (y0, p0) at q = q0 — typically a [SpecialPoint] of
// [Equilibria] at fixed q0 — within PMin ≤ p ≤ PMax, QMin ≤ q ≤ QMax
// (Ds > 0 starts towards increasing q). It locates generalised Hopf points
// (sign changes of l1, when s.L1 is set) and ends at a Bogdanov–Takens
// point when ω → 0. The parameters of prob.Sys are left at (p0, q0).
func HopfCurve(prob Problem2, y0 []float64, p0, q0, omega0 float64, s *HopfSettings) (*HopfCurveResult, error) {
	var hs HopfSettings
	if s != nil {
		hs = *s
	}
	set, err := hs.check2(prob, y0, s == nil || s.DsMax <= 0)
	if err != nil {
		return nil, err
	}
	if !(omega0 > 0) {
		return nil, fmt.Errorf("continuation: omega0 = %v, want > 0", omega0)
	}
	if hs.OmegaMin <= 0 {
		hs.OmegaMin = 1e-3
	}
	n := prob.Sys.Dim()
	defer prob.Set(p0, q0)
	c := &hopfCurve{prob: prob, n: n, fy: mat.NewDense(n, n, nil), omega: omega0,
		gp: make([]float64, n+1), gm: make([]float64, n+1), xt: make([]float64, n+2)}
	tr := newTracer(c, set.Tol, set.MaxIter)
	m1 := n + 2
	x := append(slices.Clone(y0), p0, q0)
	t, err := start2(tr, x, set.Ds)
	if err != nil {
		return nil, fmt.Errorf("continuation: no Hopf point near (y0, p0) at q0 = %v: %w", q0, err)
	}
	res := &HopfCurveResult{}
	l1 := func(x []float64) (float64, error) {
		if hs.L1 == nil {
			return math.NaN(), nil
		}
		return hs.L1(x[:n], x[n], x[n+1])
	}
	g := make([]float64, n+1)
	pointAt := func(x []float64) (HopfPoint, error) {
		c.eval(g, x)
		l, err := l1(x)
		return HopfPoint{P: x[n], Q: x[n+1], Y: slices.Clone(x[:n]), Omega: imag(c.lam), L1: l}, err
	}
	first, err := pointAt(x)
	if err != nil {
		return nil, err
	}
	c.omega = first.Omega
	res.Points = append(res.Points, first)
	lo := [2]float64{set.PMin, hs.QMin}
	hi := [2]float64{set.PMax, hs.QMax}
	xc := make([]float64, m1)
	stop, err := walk2(tr, x, t, &set, lo, hi, 1, func(seg *segment, s1 float64, xn []float64) error {
		prev := res.Points[len(res.Points)-1]
		pt, err := pointAt(xn)
		if err != nil {
			return err
		}
		if (prev.L1 > 0) != (pt.L1 > 0) && prev.L1 != 0 && pt.L1 != 0 && !math.IsNaN(pt.L1+prev.L1) {
			phi := func(s float64) (float64, error) {
				if err := seg.at(xc, s); err != nil {
					return 0, err
				}
				return l1(xc)
			}
			sg, err := root.Illinois(phi, 0, s1, prev.L1, pt.L1, set.RefineTol, 200)
			if err == nil {
				err = seg.at(xc, sg)
			}
			if err != nil {
				return fmt.Errorf("continuation: refining a generalised Hopf point: %w", err)
			}
			gh, err := pointAt(xc)
			if err != nil {
				return err
			}
			gh.Index = len(res.Points) - 1
			res.GH = append(res.GH, gh)
			c.eval(g, xn)
		}
		res.Points = append(res.Points, pt)
		c.omega = pt.Omega
		if pt.Omega < hs.OmegaMin*c.scale {
			pt.Index = len(res.Points) - 1
			res.BT = append(res.BT, pt)
			return errBT
		}
		return nil
	})
	last := res.Points[len(res.Points)-1]
	if errors.Is(err, ErrStepSize) && last.Omega < 0.05*omegaMax(res.Points) {
		// the corrector failed where the pair is about to become real
		last.Index = len(res.Points) - 1
		res.BT = append(res.BT, last)
		err = errBT
	}
	switch {
	case errors.Is(err, errBT):
		res.Stop = "bogdanov-takens"
		return res, nil
	case err != nil:
		return res, err
	}
	res.Stop = stop
	return res, nil
}

var errBT = errors.New("Bogdanov–Takens point")

func omegaMax(pts []HopfPoint) float64 {
	m := 0.0
	for _, p := range pts {
		m = math.Max(m, p.Omega)
	}
	return m
}
