package cycle

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Codim2Settings are the ranges of [Codim2]: the first parameter p in
// [PMin, PMax], the second q from Q0 to Q1 (either order).
type Codim2Settings struct {
	PMin, PMax float64
	Q0, Q1     float64
	// Ds is the arclength step along the p branches and the largest step
	// along the curves (0: (PMax − PMin)/200).
	Ds float64
	// Cycles also continues, at q = Q0 and q = Q1, the periodic orbits
	// born at each Hopf point ([ContinueFromHopf]) and every fold of
	// cycles, period doubling and torus point on them into the box
	// ([ContinueCycleBifurcation]).
	Cycles bool
	// CycleSteps are the RK4 steps per period of the cycle computations
	// (0: 1000).
	CycleSteps int
}

// Curve2Kind names a curve of codimension-one points in two parameters.
type Curve2Kind string

// Kinds of [Curve2].
const (
	Curve2Hopf Curve2Kind = "hopf"
	Curve2Fold Curve2Kind = "fold"
	// Curves of cycle bifurcations (Codim2Settings.Cycles).
	Curve2FoldOfCycles   Curve2Kind = "fold-of-cycles"
	Curve2PeriodDoubling Curve2Kind = "period-doubling"
	Curve2Torus          Curve2Kind = "torus"
)

// Codim2Kind names a codimension-two point.
type Codim2Kind string

// Kinds of [Codim2Point].
const (
	Cusp            Codim2Kind = "cusp"
	GeneralisedHopf Codim2Kind = "generalised-hopf"
	BogdanovTakens  Codim2Kind = "bogdanov-takens"
)

// Curve2Point is a point of a two-parameter curve; Omega is the angular
// frequency of a Hopf point or 2π/T of the cycle on a cycle bifurcation
// curve (0 on a fold curve).
type Curve2Point struct {
	P, Q, Omega float64
}

// Curve2 is a Hopf or fold curve of equilibria in (p, q).
type Curve2 struct {
	Kind   Curve2Kind
	Points []Curve2Point
	Stop   string
}

// Codim2Point is a codimension-two point on a curve.
type Codim2Point struct {
	Kind Codim2Kind
	P, Q float64
}

// Codim2Result holds the curves and codimension-two points of [Codim2].
type Codim2Result struct {
	Curves []Curve2
	Points []Codim2Point
	// Errors: why a curve could not be started from a special point
	// (e.g. "fold-of-cycles curve from p = …, q = …: …"); the other
	// curves are still computed.
	Errors []string
}

// Codim2 computes the Hopf and fold curves of equilibria of prob in the box
// PMin ≤ p ≤ PMax, q between Q0 and Q1: at q = Q0 and q = Q1 it follows
// the equilibrium branch in p from the equilibrium eq(PMin, q)
// ([continuation.Equilibria]), and continues every Hopf point
// ([continuation.HopfCurve], generalised Hopf points by the sign of
// [FirstLyapunov]) and fold point ([continuation.FoldCurve], cusps) into the
// box, towards the other end of the q range. A special point that is the
// end point of a curve already traced is on that curve and is skipped. Curves
// that meet neither q = Q0 nor q = Q1 inside the p range are not found.
func Codim2(prob continuation.Problem2, eq func(p, q float64) ([]float64, error), s Codim2Settings) (*Codim2Result, error) {
	if !(s.PMin < s.PMax) || s.Q0 == s.Q1 {
		return nil, fmt.Errorf("cycle: Codim2 ranges p [%v, %v], q %v → %v: want PMin < PMax and Q0 ≠ Q1", s.PMin, s.PMax, s.Q0, s.Q1)
	}
	if s.Ds <= 0 {
		s.Ds = (s.PMax - s.PMin) / 200
	}
	res := &Codim2Result{}
	var ends []Curve2Point
	for k, q := range []float64{s.Q0, s.Q1} {
		dir := math.Copysign(1, s.Q1-s.Q0)
		if k == 1 {
			dir = -dir
		}
		br, err := branchAt(prob, eq, q, &s)
		if err != nil {
			return res, err
		}
		for _, sp := range append(br.Hopfs, br.Folds...) {
			if seen(ends, sp.P, q) {
				continue
			}
			c, err := curveFrom(prob, sp, q, dir, &s, res)
			if err != nil {
				res.Errors = append(res.Errors, err.Error())
				continue
			}
			res.Curves = append(res.Curves, c)
			ends = append(ends, c.Points[len(c.Points)-1])
		}
		if s.Cycles {
			if err := cycleCurves(prob, br, q, dir, &s, res, &ends); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// family2 adapts prob to a Family2 (the one system of prob, set to (p, q)).
func family2(prob continuation.Problem2) Family2 {
	return func(p, q float64) (ode.System, JacFunc) {
		prob.Set(p, q)
		if j, ok := prob.Sys.(ode.Jacobian); ok {
			return prob.Sys, j.Jac
		}
		return prob.Sys, nil
	}
}

// maxCycleCurves bounds the cycle bifurcation curves started from one
// value of q (each costs up to 200 points × 2(n + 3) + 1 periods with
// the variational equations per corrector step).
const maxCycleCurves = 64

// cycleCurves continues the cycle branches born at the Hopf points of the
// branch br at q and every cycle bifurcation on them into the box.
func cycleCurves(prob continuation.Problem2, br *continuation.Branch, q, dir float64, s *Codim2Settings, res *Codim2Result, ends *[]Curve2Point) error {
	fam2 := family2(prob)
	fam := func(p float64) (ode.System, JacFunc) { return fam2(p, q) }
	steps := s.CycleSteps
	if steps <= 0 {
		steps = 1000
	}
	d := &Diagram{Equilibria: br}
	if err := d.continueCycles(fam, &ContOptions{PMin: s.PMin, PMax: s.PMax, DsMax: s.Ds, Steps: steps}); err != nil {
		return err
	}
	for i, err := range d.CycleErrors {
		if err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("cycle: periodic orbits from the Hopf point p = %v, q = %v: %v", d.Hopf[i].P, q, err))
		}
	}
	kinds := map[BifurcationKind]Curve2Kind{FoldOfCycles: Curve2FoldOfCycles, PeriodDoubling: Curve2PeriodDoubling, NeimarkSacker: Curve2Torus}
	qlo, qhi := math.Min(s.Q0, s.Q1), math.Max(s.Q0, s.Q1)
	started := 0
	for _, cb := range d.Cycles {
		for _, b := range cb.Bifurcations {
			if seen(*ends, b.P, q) {
				continue
			}
			if started == maxCycleCurves {
				res.Errors = append(res.Errors, fmt.Sprintf("cycle: more than %d cycle bifurcations at q = %v: the others are not continued", maxCycleCurves, q))
				return nil
			}
			started++
			start := cb.Points[min(b.Index, len(cb.Points)-1)].Orbit
			start.Period = b.Period
			cc, err := ContinueCycleBifurcation(fam2, b.Kind, &start, b.P, q, dir,
				&CycleCurveSettings{PMin: s.PMin, PMax: s.PMax, QMin: qlo, QMax: qhi, DsMax: s.Ds, Steps: steps})
			if err != nil && (cc == nil || len(cc.Points) == 0) {
				res.Errors = append(res.Errors, fmt.Sprintf("cycle: %s curve from p = %v, q = %v: %v", kinds[b.Kind], b.P, q, err))
				continue
			}
			c := Curve2{Kind: kinds[b.Kind], Stop: cc.Stop}
			if err != nil {
				c.Stop = "step size"
			}
			for _, pt := range cc.Points {
				c.Points = append(c.Points, Curve2Point{P: pt.P, Q: pt.Q, Omega: 2 * math.Pi / pt.Period})
			}
			res.Curves = append(res.Curves, c)
			*ends = append(*ends, c.Points[len(c.Points)-1])
		}
	}
	return nil
}

func seen(ends []Curve2Point, p, q float64) bool {
	for _, e := range ends {
		if math.Abs(e.P-p) <= 1e-6*math.Max(1, math.Abs(p)) && math.Abs(e.Q-q) <= 1e-9*math.Max(1, math.Abs(q)) {
			return true
		}
	}
	return false
}

// branchAt is the equilibrium branch in p at fixed q.
func branchAt(prob continuation.Problem2, eq func(p, q float64) ([]float64, error), q float64, s *Codim2Settings) (*continuation.Branch, error) {
	y0, err := eq(s.PMin, q)
	if err != nil {
		return nil, fmt.Errorf("cycle: equilibrium at p = %v, q = %v: %w", s.PMin, q, err)
	}
	br, err := continuation.Equilibria(continuation.Problem{Sys: prob.Sys, Set: func(p float64) { prob.Set(p, q) }, T: prob.T},
		y0, s.PMin, &continuation.Settings{PMin: s.PMin, PMax: s.PMax, Ds: s.Ds, DsMax: s.Ds})
	if err != nil && (br == nil || !errors.Is(err, continuation.ErrStepSize)) {
		return nil, err
	}
	return br, nil
}

// curveFrom continues the special point sp of the branch at q into the box
// (towards increasing q when dir > 0) and appends its codimension-two
// points to res.
func curveFrom(prob continuation.Problem2, sp continuation.SpecialPoint, q, dir float64, s *Codim2Settings, res *Codim2Result) (Curve2, error) {
	qlo, qhi := math.Min(s.Q0, s.Q1), math.Max(s.Q0, s.Q1)
	fs := continuation.FoldSettings{Settings: continuation.Settings{PMin: s.PMin, PMax: s.PMax, Ds: dir * s.Ds, DsMax: s.Ds}, QMin: qlo, QMax: qhi}
	if sp.Type == continuation.Hopf {
		l1 := func(y []float64, p, q float64) (float64, error) {
			prob.Set(p, q)
			var jac JacFunc
			if j, ok := prob.Sys.(ode.Jacobian); ok {
				jac = j.Jac
			}
			l, _, _, err := FirstLyapunov(prob.Sys, jac, y)
			return l, err
		}
		h, err := continuation.HopfCurve(prob, sp.Y, sp.P, q, sp.Omega, &continuation.HopfSettings{FoldSettings: fs, L1: l1})
		if err != nil && (h == nil || len(h.Points) == 0) {
			return Curve2{}, fmt.Errorf("cycle: Hopf curve from p = %v, q = %v: %w", sp.P, q, err)
		}
		c := Curve2{Kind: Curve2Hopf, Stop: h.Stop}
		for _, p := range h.Points {
			c.Points = append(c.Points, Curve2Point{P: p.P, Q: p.Q, Omega: p.Omega})
		}
		for _, p := range h.GH {
			res.Points = append(res.Points, Codim2Point{Kind: GeneralisedHopf, P: p.P, Q: p.Q})
		}
		for _, p := range h.BT {
			res.Points = append(res.Points, Codim2Point{Kind: BogdanovTakens, P: p.P, Q: p.Q})
		}
		return c, nil
	}
	f, err := continuation.FoldCurve(prob, sp.Y, sp.P, q, &fs)
	if err != nil && (f == nil || len(f.Points) == 0) {
		return Curve2{}, fmt.Errorf("cycle: fold curve from p = %v, q = %v: %w", sp.P, q, err)
	}
	c := Curve2{Kind: Curve2Fold, Stop: f.Stop}
	for _, p := range f.Points {
		c.Points = append(c.Points, Curve2Point{P: p.P, Q: p.Q})
	}
	for _, p := range f.Cusps {
		res.Points = append(res.Points, Codim2Point{Kind: Cusp, P: p.P, Q: p.Q})
	}
	return c, nil
}
