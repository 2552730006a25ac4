package nmm

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// SelfCoupled is the node of a homogeneous network: the [Coupled] model Node
// receiving its own coupling variable as input, c = G·y[CouplingVar()].
// Because the rows of a row-normalised connectivity sum to 1, the
// synchronous state of a network with global coupling G obeys exactly these
// equations (docs/models.md § Master stability function); G = 0 is the
// isolated node. The coupling is a property of the network, not of the
// node: use SelfCoupled instead of a self-coupling parameter.
//
// SelfCoupled implements [Model], [Jacobian] (when Node implements Jacobian
// and [CouplingJacobian]) and [Equilibria] (when Node implements
// [SelfCouplable], e.g. [EI] and [MPR]).
type SelfCoupled struct {
	Node Coupled
	G    float64 // global coupling of the homogeneous network; finite
	dc   []float64
	fd   ode.JacFunc
}

// SelfCouplable is implemented by coupled models whose self-coupled node is
// again the model with changed parameters (EI: JEE + G and JIE + G; MPR:
// J + G), so that their exact equilibria carry over to [SelfCoupled].
type SelfCouplable interface {
	Coupled
	WithSelfCoupling(g float64) Equilibria
}

// Dim returns the node's dimension.
func (s *SelfCoupled) Dim() int { return s.Node.Dim() }

// Vars returns the node's variables.
func (s *SelfCoupled) Vars() []string { return s.Node.Vars() }

// Units returns the node's units.
func (s *SelfCoupled) Units() []string { return s.Node.Units() }

// Validate checks G (finite; a *[ParamError] of model "SelfCoupled",
// field G) and the node.
func (s *SelfCoupled) Validate() error {
	if s.Node == nil {
		return fmt.Errorf("nmm: SelfCoupled has no node")
	}
	if math.IsNaN(s.G) || math.IsInf(s.G, 0) {
		return &ParamError{Model: "SelfCoupled", Field: "G", Name: "G", Value: s.G, Min: math.Inf(-1), Max: math.Inf(1)}
	}
	return s.Node.Validate()
}

// Deriv implements ode.System: Node.DerivCoupled with c = G·y[CouplingVar].
func (s *SelfCoupled) Deriv(dst []float64, t float64, y []float64) {
	s.Node.DerivCoupled(dst, t, y, s.G*y[s.Node.CouplingVar()])
}

// Jac implements [Jacobian]: the node's JacSelf ([SelfJacobian]), or its
// Jacobian plus G·(∂f/∂c) in the column of the coupling variable when Node
// has Jac and CouplingJac ([SelfCoupled.HasJac]), otherwise central finite
// differences ([ode.NumJac]).
func (s *SelfCoupled) Jac(dst *mat.Dense, t float64, y []float64) {
	if sj, ok := s.Node.(SelfJacobian); ok {
		sj.JacSelf(dst, t, y, s.G)
		return
	}
	j, ok := s.Node.(Jacobian)
	cj, ok2 := s.Node.(CouplingJacobian)
	if !ok || !ok2 {
		if s.fd == nil {
			s.fd = ode.NumJac(ode.Func{N: s.Dim(), F: s.Deriv})
		}
		s.fd(dst, t, y)
		return
	}
	cv := s.Node.CouplingVar()
	j.Jac(dst, t, y)
	if len(s.dc) != len(y) {
		s.dc = make([]float64, len(y))
	}
	cj.CouplingJac(s.dc, t, y)
	// dst[i][cv] += G·∂f_i/∂c, on the raw data (the hot path of the
	// tangent integrations)
	raw := dst.RawMatrix()
	for i, d := range s.dc {
		if d != 0 {
			raw.Data[i*raw.Stride+cv] += s.G * d
		}
	}
}

// SelfJacobian is implemented by coupled models that write the analytic
// Jacobian of their self-coupled node directly (EI: JEE + g and JIE + g in
// the sE column): JacSelf(dst, t, y, g) equals Jac plus g·∂f/∂c in the column
// of the coupling variable, and JacSelf(…, 0) is Jac. [SelfCoupled.Jac]
// uses it, saving the CouplingJac call on the hot path of tangent
// integrations.
type SelfJacobian interface {
	JacSelf(dst *mat.Dense, t float64, y []float64, g float64)
}

// HasJac reports whether [SelfCoupled.Jac] is available.
func (s *SelfCoupled) HasJac() bool {
	if _, ok := s.Node.(SelfJacobian); ok {
		return true
	}
	_, a := s.Node.(Jacobian)
	_, b := s.Node.(CouplingJacobian)
	return a && b
}

// FixedPoints implements [Equilibria] for a node that is [SelfCouplable];
// otherwise it returns an error.
func (s *SelfCoupled) FixedPoints() ([]FixedPoint, error) {
	sc, ok := s.Node.(SelfCouplable)
	if !ok {
		return nil, fmt.Errorf("nmm: SelfCoupled: node %T has no exact equilibria", s.Node)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return sc.WithSelfCoupling(s.G).FixedPoints()
}

// WithSelfCoupling implements [SelfCouplable]: the input c = g·sE enters
// both voltage equations like the weights from E, so the self-coupled node
// is the node with JEE + g and JIE + g.
func (m *EI) WithSelfCoupling(g float64) Equilibria {
	c := *m
	c.JEE += g
	c.JIE += g
	return &c
}

// WithSelfCoupling implements [SelfCouplable]: the input c = g·r enters
// like J τ r, so the self-coupled node is the node with J + g.
func (m *MPR) WithSelfCoupling(g float64) Equilibria {
	c := *m
	c.J += g
	return &c
}
