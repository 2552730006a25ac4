package cycle

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// DiagramSettings are the options of [BifurcationDiagram]; zero fields mean
// the defaults in the comments.
type DiagramSettings struct {
	// Points is the approximate number of equilibria on the branch
	// (0: 200): the equilibrium continuation's maximum step is
	// |to − from|/Points.
	Points int
	// Cycles are the options of the periodic-orbit continuations (nil:
	// defaults with PMin, PMax = the diagram's range and DsMax =
	// |to − from|/Points).
	Cycles *ContOptions
	// Valid, if non-nil, stops the equilibrium branch at the first state
	// outside the model's domain.
	Valid func(y []float64) bool
}

// Diagram is a one-parameter bifurcation diagram: the equilibrium branch,
// its Hopf points with their first Lyapunov coefficients, and the branches
// of periodic orbits born there.
type Diagram struct {
	Equilibria *continuation.Branch
	Hopf       []Hopf
	// Cycles[i] is the branch of periodic orbits that starts at
	// Hopf[CycleHopf[i]]. A Hopf point reached by an earlier branch (the
	// branch joins two Hopf points) starts no new one.
	Cycles    []*CycleBranch
	CycleHopf []int
	// CycleErrors[i] reports why no branch could be started at Hopf[i]
	// (nil: started or joined).
	CycleErrors []error
}

// familySystem adapts a Family to the settable system of
// continuation.Problem.
type familySystem struct {
	fam Family
	sys ode.System
	jac JacFunc
}

func (f *familySystem) set(p float64) {
	f.sys, f.jac = f.fam(p)
	if f.jac == nil {
		f.jac = NumJac(f.sys)
	}
}
func (f *familySystem) Dim() int                                    { return f.sys.Dim() }
func (f *familySystem) Deriv(dst []float64, t float64, y []float64) { f.sys.Deriv(dst, t, y) }
func (f *familySystem) Jac(dst *mat.Dense, t float64, y []float64)  { f.jac(dst, t, y) }

// BifurcationDiagram computes the bifurcation diagram of fam in p ∈ [from,
// to]: it continues the equilibrium branch through y0 (an approximate
// equilibrium at p = from) with package continuation (pseudo-arclength,
// folds and Hopf points refined there), computes the first Lyapunov
// coefficient at every Hopf point ([FirstLyapunov]) and continues the
// periodic orbits born at each Hopf point ([ContinueFromHopf]) until they
// leave [from, to], vanish at another Hopf point or end otherwise.
func BifurcationDiagram(fam Family, y0 []float64, from, to float64, s *DiagramSettings) (*Diagram, error) {
	var set DiagramSettings
	if s != nil {
		set = *s
	}
	if set.Points == 0 {
		set.Points = 200
	}
	if !(from != to) || math.IsNaN(from) || math.IsNaN(to) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("cycle: diagram range [%v, %v] is empty or not finite", from, to)
	}
	lo, hi := math.Min(from, to), math.Max(from, to)
	step := (hi - lo) / float64(set.Points)
	fs := &familySystem{fam: fam}
	fs.set(from)
	eq, err := continuation.Equilibria(continuation.Problem{Sys: fs, Set: fs.set}, y0, from,
		&continuation.Settings{PMin: lo, PMax: hi, Ds: math.Copysign(step, to-from), DsMax: step,
			MaxPoints: 20 * set.Points, Valid: set.Valid})
	if err != nil && (eq == nil || !errors.Is(err, continuation.ErrStepSize)) {
		return nil, err
	}
	d := &Diagram{Equilibria: eq}
	var co ContOptions
	if set.Cycles != nil {
		co = *set.Cycles
	}
	if co.PMin == 0 && co.PMax == 0 {
		co.PMin, co.PMax = lo, hi
	}
	if co.DsMax == 0 {
		co.DsMax = step
	}
	if err := d.continueCycles(fam, &co); err != nil {
		return d, err
	}
	return d, nil
}

// continueCycles computes the first Lyapunov coefficient of every Hopf
// point of d.Equilibria and continues the periodic orbits born there with
// the options co, filling Hopf, Cycles, CycleHopf and CycleErrors.
func (d *Diagram) continueCycles(fam Family, co *ContOptions) error {
	for _, h := range d.Equilibria.Hopfs {
		sys, jac := fam(h.P)
		l1, om, q, err := FirstLyapunov(sys, jac, h.Y)
		if err != nil {
			return err
		}
		d.Hopf = append(d.Hopf, Hopf{P: h.P, X: h.Y, Omega: om, L1: l1, Q: q})
	}
	d.CycleErrors = make([]error, len(d.Hopf))
	joined := make([]bool, len(d.Hopf))
	for i := range d.Hopf {
		if joined[i] {
			continue
		}
		br, err := ContinueFromHopf(fam, &d.Hopf[i], 0, co)
		if err != nil {
			d.CycleErrors[i] = err
			continue
		}
		d.Cycles = append(d.Cycles, br)
		d.CycleHopf = append(d.CycleHopf, i)
		if br.End == "amplitude vanished" && len(br.Points) > 0 {
			last := br.Points[len(br.Points)-1].P
			for j := range d.Hopf {
				if j != i && math.Abs(d.Hopf[j].P-last) < 1e-2*(1+math.Abs(last)) {
					joined[j] = true
				}
			}
		}
	}
	return nil
}
