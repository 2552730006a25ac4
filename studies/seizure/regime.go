// Package seizure is a study above the toolkit: focal seizure onset and
// spread (in the manner of Proix et al. 2014) on the brain network of E–I
// next-generation neural masses of Delicado, Huguet & Clusella (2025), in
// the bistable regime of their homogeneous-state bifurcation diagram. It
// finds a regime in which the rest (asynchronous, stationary) state coexists
// with a large-amplitude oscillation by continuation, stimulates one or more
// focal regions, detects each region's onset time by a threshold rule, and
// relates the recruitment order to the connectome's path lengths from the
// focus.
//
// # Overview
//
//   - FindBistableEI computes the bifurcation diagram of the homogeneous
//     network state (the E–I node with self-coupling ε, docs/models.md § Master stability function) in
//     the drive I_ext^E with package cycle and returns the interval between
//     a subcritical Hopf point (first Lyapunov coefficient l1 > 0) and the
//     fold of the cycles born there: in it a stable equilibrium coexists with
//     a stable large-amplitude limit cycle (the unstable small cycle
//     separates their basins). Nothing is guessed: the diagram is computed.
//   - Simulate runs the network from the homogeneous rest state with a
//     rectangular stimulus on the focal regions (network.Stimulus) and
//     records every region's E rate.
//   - Onsets applies the threshold rule; Analyze turns onset times into the
//     recruitment order, the number of recruited regions and the correlation
//     of onset time with the shortest-path length from the focus.
//   - Foci runs one simulation per candidate focus in parallel.
//
// # Onset rule
//
// Region n is recruited at the first sample time t ≥ the stimulus start at
// which its E rate leaves the rest state by more than a fraction θ of the
// rest rate, |rE_n(t) − rE*| > θ·rE* (θ = 0.5 by default); the onset time is
// t minus the stimulus start. A region that never crosses is not recruited
// (onset +Inf). The large oscillation swings rE over an order of magnitude
// (≈ 10–600 Hz around a rest rate of ≈ 165 Hz in the default regime), so the
// rule is insensitive to θ in a wide range.
//
// The rest state of the default regime is the high-rate equilibrium: no
// window with a stable low-rate rest (r_E ≈ 1–20 Hz) and a coexisting
// oscillation exists in ε ∈ [5, 30] × I_ext^E ∈ [−10, 12] at the default node
// parameters (the low-rate Hopf point is supercritical there;
// docs/models.md § Seizure regime, testdata/gen_seizure_scan.py).
//
// # Path length
//
// The length of a connection m → n is 1/W[n][m] (strong connections are
// short; Rubinov & Sporns 2010), and the path length of a region is its
// shortest-path distance from the nearest focus (package graph).
//
// # References
//
//   - R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025): the
//     node, the network and its bifurcations (folds of cycles for ε ≈ 15–25,
//     docs/models.md § Master stability function).
//   - T. Proix, F. Bartolomei, P. Chauvel, C. Bernard, V. K. Jirsa,
//     Permittivity coupling across brain regions determines seizure
//     recruitment in partial epilepsy, J. Neurosci. 34, 15009 (2014).
//   - V. K. Jirsa et al., The Virtual Epileptic Patient, NeuroImage 145, 377
//     (2017).
package seizure

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// ErrNoBistability reports that the diagram has no subcritical Hopf point
// with a fold of cycles in the searched range.
var ErrNoBistability = errors.New("seizure: no subcritical Hopf point with a fold of cycles in range")

// Regime is an interval of the drive I_ext^E in which the homogeneous rest
// state (a stable equilibrium) coexists with a stable large-amplitude cycle.
type Regime struct {
	Eps    float64 // global coupling ε
	Hopf   cycle.Hopf
	FoldIE float64 // I_ext^E of the fold of cycles on the branch born at Hopf
	// Lo, Hi bound the bistable interval (the Hopf point and the fold of
	// cycles, in increasing order).
	Lo, Hi  float64
	Diagram *cycle.Diagram
}

// FindBistableEI computes the bifurcation diagram of the homogeneous state
// of the E–I network (nmm.SelfCoupled{node, eps}) in I_ext^E ∈ [ieMin, ieMax] and
// returns the first subcritical Hopf point whose cycle branch has a fold of
// cycles, with the bistable interval between them. The equilibrium branch
// starts at the lowest-rate equilibrium at ieMin.
func FindBistableEI(node nmm.EI, eps, ieMin, ieMax float64) (*Regime, error) {
	if !(ieMin < ieMax) {
		return nil, fmt.Errorf("seizure: range [%g, %g], want ieMin < ieMax", ieMin, ieMax)
	}
	node.IE = ieMin
	self := &nmm.SelfCoupled{Node: &node, G: eps}
	if err := self.Validate(); err != nil {
		return nil, err
	}
	fps, err := self.FixedPoints()
	if err != nil {
		return nil, err
	}
	if len(fps) == 0 {
		return nil, fmt.Errorf("seizure: no equilibrium at I_ext^E=%g", ieMin)
	}
	fam := func(p float64) (ode.System, cycle.JacFunc) {
		m := node
		m.IE = p
		s := &nmm.SelfCoupled{Node: &m, G: eps}
		return s, s.Jac
	}
	d, err := cycle.BifurcationDiagram(fam, fps[0].Y, ieMin, ieMax, nil)
	if err != nil {
		return nil, fmt.Errorf("seizure: bifurcation diagram: %w", err)
	}
	for i, br := range d.Cycles {
		h := d.Hopf[d.CycleHopf[i]]
		if !(h.L1 > 0) {
			continue
		}
		for _, b := range br.Bifurcations {
			if b.Kind != cycle.FoldOfCycles {
				continue
			}
			r := &Regime{Eps: eps, Hopf: h, FoldIE: b.P, Diagram: d}
			r.Lo, r.Hi = math.Min(h.P, b.P), math.Max(h.P, b.P)
			return r, nil
		}
	}
	return nil, ErrNoBistability
}

// RestState returns the stable equilibrium of the homogeneous node
// (nmm.SelfCoupled{node, eps}) at its IE with the highest rate, which in the bistable regime is
// the rest state, or an error if there is none.
func RestState(node nmm.EI, eps float64) ([]float64, error) {
	y, _, err := brain.NodeState(&node, eps, brain.HighestStable, 0)
	if err != nil {
		return nil, fmt.Errorf("seizure: I_ext^E=%g, ε=%g: %w", node.IE, eps, err)
	}
	return y, nil
}
