package continuation

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/mat"

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

// hopfTest is the test function Re λ of the Hopf curve, λ the eigenvalue
// of ∂f/∂y with Im λ > 0 nearest i·omega (the critical pair, followed by
// continuity; NaN when there is no complex pair).
type hopfTest struct {
	omega float64 // ω of the last accepted point (pair tracking)
	lam   complex128
	scale float64 // max |λ| at the last evaluation
}

func (h *hopfTest) test(fy *mat.Dense) float64 {
	ev, err := stability.Eigenvalues(fy)
	if err != nil {
		return math.NaN()
	}
	best := math.Inf(1)
	h.scale = 0
	for _, l := range ev {
		h.scale = math.Max(h.scale, cmplx.Abs(l))
		if imag(l) > 0 {
			if d := cmplx.Abs(l - complex(0, h.omega)); d < best {
				best, h.lam = d, l
			}
		}
	}
	if math.IsInf(best, 1) {
		return math.NaN()
	}
	return real(h.lam)
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
	if !(omega0 > 0) {
		return nil, fmt.Errorf("continuation: omega0 = %v, want > 0", omega0)
	}
	if hs.OmegaMin <= 0 {
		hs.OmegaMin = 1e-3
	}
	h := &hopfTest{omega: omega0}
	c, set, tr, x, t, err := begin2(prob, y0, p0, q0, &hs.FoldSettings, s == nil || s.DsMax <= 0, h.test, "Hopf point")
	if err != nil {
		return nil, err
	}
	n := c.n
	defer prob.Set(p0, q0)
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
		return HopfPoint{P: x[n], Q: x[n+1], Y: slices.Clone(x[:n]), Omega: imag(h.lam), L1: l}, err
	}
	first, err := pointAt(x)
	if err != nil {
		return nil, err
	}
	h.omega = first.Omega
	res.Points = append(res.Points, first)
	lo := [2]float64{set.PMin, hs.QMin}
	hi := [2]float64{set.PMax, hs.QMax}
	xc := make([]float64, n+2)
	stop, err := walk2(tr, x, t, &set, lo, hi, 1, func(seg *segment, s1 float64, xn []float64) error {
		prev := res.Points[len(res.Points)-1]
		pt, err := pointAt(xn)
		if err != nil {
			return err
		}
		if (prev.L1 > 0) != (pt.L1 > 0) && prev.L1 != 0 && pt.L1 != 0 && !math.IsNaN(pt.L1+prev.L1) {
			_, err := seg.locate(xc, s1, prev.L1, pt.L1, set.RefineTol, l1)
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
		h.omega = pt.Omega
		if pt.Omega < hs.OmegaMin*h.scale {
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
