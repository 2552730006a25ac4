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

// Jac implements [Jacobian]: the node's Jacobian plus G·(∂f/∂c) in the
// column of the coupling variable when Node has Jac and CouplingJac
// ([SelfCoupled.HasJac]), otherwise central finite differences
// ([ode.NumJac]).
func (s *SelfCoupled) Jac(dst *mat.Dense, t float64, y []float64) {
	if !s.HasJac() {
		if s.fd == nil {
			s.fd = ode.NumJac(ode.Func{N: s.Dim(), F: s.Deriv})
		}
		s.fd(dst, t, y)
		return
	}
	cv := s.Node.CouplingVar()
	s.Node.(Jacobian).Jac(dst, t, y)
	if len(s.dc) != s.Dim() {
		s.dc = make([]float64, s.Dim())
	}
	s.Node.(CouplingJacobian).CouplingJac(s.dc, t, y)
	for i, d := range s.dc {
		if d != 0 {
			dst.Set(i, cv, dst.At(i, cv)+s.G*d)
		}
	}
}

// HasJac reports whether [SelfCoupled.Jac] is available.
func (s *SelfCoupled) HasJac() bool {
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
