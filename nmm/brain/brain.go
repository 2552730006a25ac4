// Package brain is the scenario layer of whole-brain simulations: a
// normalised connectome, a registered node model and a global coupling
// (with optional noise and conduction delays) become a ready
// [network.Network] and its homogeneous initial state. The command line,
// the notebooks and the studies build their networks through it, so the
// homogeneous start is written once.
package brain

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/mat"
)

// Scenario describes a homogeneous whole-brain network. The zero values of
// the optional fields mean: no delays, no noise, serial delayed input.
type Scenario struct {
	Weights mat.Matrix  // normalised structural connectivity, N×N, row = target (required)
	Node    nmm.Coupled // the node model with its parameters (required)
	G       float64     // global coupling; finite
	// Lengths are the tract lengths (mm) and Speed the conduction speed
	// (mm per time unit of the model): both set for delays, else nil and 0.
	Lengths *mat.Dense
	Speed   float64
	// Noise is the amplitude σ of the additive white noise on every
	// variable the network input enters (∂f/∂c ≠ 0: the voltages of EI and
	// MPR); 0: none. The node must implement nmm.CouplingJacobian.
	Noise   float64
	Workers int // goroutines of the delayed-input gather (0 or 1: serial)
	// Start selects the homogeneous state every node starts in (the zero
	// value: LowestEquilibrium); Phase the point of the cycle for OnCycle
	// (see [NodeState]).
	Start StartKind
	Phase float64
}

// StartKind selects the state of the self-coupled node that a homogeneous
// start puts every node in ([NodeState]).
type StartKind int

const (
	// LowestEquilibrium is the equilibrium with the lowest first variable
	// (the lowest rate of EI and MPR); the default.
	LowestEquilibrium StartKind = iota
	// HighestStable is the stable equilibrium with the highest first
	// variable (in the bistable regime of the E–I network: the rest state
	// that coexists with the large cycle, Jirsa et al. 2014 style seizure
	// spread).
	HighestStable
	// OnCycle is a point of the stable limit cycle of the self-coupled node
	// (the synchronous oscillation), found by shooting (cycle.Find) from the
	// lowest equilibrium with its first variable × 1.2.
	OnCycle
)

// String returns "lowest equilibrium", "highest stable equilibrium" or
// "limit cycle".
func (k StartKind) String() string {
	switch k {
	case LowestEquilibrium:
		return "lowest equilibrium"
	case HighestStable:
		return "highest stable equilibrium"
	case OnCycle:
		return "limit cycle"
	}
	return fmt.Sprintf("StartKind(%d)", int(k))
}

// NoiseVector returns σ on the variables of node that receive the network
// input (∂f/∂c ≠ 0 at the given state) and 0 elsewhere.
func NoiseVector(node nmm.Coupled, y []float64, sigma float64) ([]float64, error) {
	cj, ok := node.(nmm.CouplingJacobian)
	if !ok {
		return nil, fmt.Errorf("brain: node %T has no coupling Jacobian: cannot place the noise", node)
	}
	d := make([]float64, node.Dim())
	cj.CouplingJac(d, 0, y)
	for i, v := range d {
		if v != 0 {
			d[i] = sigma
		}
	}
	return d, nil
}

// Network builds the network of the scenario.
func (s *Scenario) Network() (*network.Network, error) {
	if s.Node == nil || s.Weights == nil {
		return nil, fmt.Errorf("brain: scenario needs Weights and Node")
	}
	n, _ := s.Weights.Dims()
	cfg := &network.Config{G: s.G, Workers: s.Workers}
	if s.Speed > 0 {
		cfg.Lengths, cfg.Speed = s.Lengths, s.Speed
	}
	if s.Noise > 0 {
		sig, err := NoiseVector(s.Node, make([]float64, s.Node.Dim()), s.Noise)
		if err != nil {
			return nil, err
		}
		cfg.Sigma = sig
	}
	return network.New(network.Homogeneous(s.Node, n), s.Weights, cfg)
}

// MeanRowSum returns the mean row sum of w (1 for a row-normalised matrix).
func MeanRowSum(w mat.Matrix) float64 {
	r, c := w.Dims()
	s := 0.0
	for i := range r {
		for j := range c {
			s += w.At(i, j)
		}
	}
	return s / float64(r)
}

// HomogeneousState returns the state of one node in the homogeneous
// (synchronous) state selected by s.Start ([NodeState]) of the self-coupled
// node nmm.SelfCoupled{Node, G·k̄}, with k̄ the mean row sum of the weights
// (1 for row-normalised weights, where the synchronous state is exact; a
// mean within 1e-12 of 1 counts as exactly 1).
func (s *Scenario) HomogeneousState() ([]float64, error) {
	k := MeanRowSum(s.Weights)
	if math.Abs(k-1) <= 1e-12 {
		k = 1
	}
	y, _, err := NodeState(s.Node, s.G*k, s.Start, s.Phase)
	return y, err
}

// equilibria returns the equilibria of the self-coupled node, sorted by
// increasing first variable: exact for nmm.SelfCouplable nodes, otherwise
// found by damped Newton from a 7^dim grid of seeds on the unit box
// (activities and rates of order 1).
func equilibria(self *nmm.SelfCoupled) ([]nmm.FixedPoint, error) {
	if _, ok := self.Node.(nmm.SelfCouplable); ok {
		return self.FixedPoints()
	}
	d := self.Dim()
	lo, hi := make([]float64, d), make([]float64, d)
	for i := range hi {
		hi[i] = 1
	}
	return stability.FixedPoints(self, stability.GridSeeds(lo, hi, 7), nil)
}

// NodeState returns the state of the self-coupled node
// nmm.SelfCoupled{node, g} that kind selects (a new slice), and for
// OnCycle also its limit cycle; then phase ∈ [0, 1) picks the point a
// fraction phase of the period after the cycle's section point Orbit.Y0
// (RK4 along the cycle with cycle.DefaultSteps steps per period; 0: Y0
// itself).
func NodeState(node nmm.Coupled, g float64, kind StartKind, phase float64) ([]float64, *cycle.Orbit, error) {
	if kind == OnCycle && !(phase >= 0 && phase < 1) {
		return nil, nil, fmt.Errorf("brain: cycle phase %v, want 0 ≤ phase < 1", phase)
	}
	self := &nmm.SelfCoupled{Node: node, G: g}
	fps, err := equilibria(self)
	if err != nil {
		return nil, nil, fmt.Errorf("brain: no homogeneous equilibrium: %w", err)
	}
	if len(fps) == 0 {
		return nil, nil, fmt.Errorf("brain: no homogeneous equilibrium (self-coupling %g)", g)
	}
	switch kind {
	case LowestEquilibrium:
		return append([]float64(nil), fps[0].Y...), nil, nil
	case HighestStable:
		for i := len(fps) - 1; i >= 0; i-- {
			if fps[i].Stable {
				return append([]float64(nil), fps[i].Y...), nil, nil
			}
		}
		return nil, nil, fmt.Errorf("brain: no stable homogeneous equilibrium (self-coupling %g)", g)
	case OnCycle:
		y := append([]float64(nil), fps[0].Y...)
		y[0] *= 1.2
		orb, err := cycle.Find(self, y, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("brain: no homogeneous limit cycle (self-coupling %g): %w", g, err)
		}
		y = append([]float64(nil), orb.Y0...)
		if phase > 0 {
			n := int(math.Ceil(phase * cycle.DefaultSteps))
			last := func(_ float64, x []float64) error { copy(y, x); return nil }
			if _, err := ode.Solve(self, ode.NewRK4(phase*orb.Period/float64(n)), 0, phase*orb.Period, append([]float64(nil), y...), nil, ode.ObserverFunc(last)); err != nil {
				return nil, nil, err
			}
		}
		return y, orb, nil
	}
	return nil, nil, fmt.Errorf("brain: start %v unknown", kind)
}

// Start returns the homogeneous start of net: every node in node (for
// example [Scenario.HomogeneousState]) plus independent Gaussian
// perturbations of standard deviation sigma drawn from rng (sigma = 0: no
// perturbation; rng may then be nil).
func Start(net *network.Network, node []float64, sigma float64, rng *rand.Rand) ([]float64, error) {
	if math.IsNaN(sigma) || sigma < 0 {
		return nil, fmt.Errorf("brain: perturbation σ = %v, want ≥ 0", sigma)
	}
	if len(node) != net.NodeDim() {
		return nil, fmt.Errorf("brain: node state of length %d, want %d", len(node), net.NodeDim())
	}
	y := net.Synchronous(node)
	if sigma > 0 {
		for i := range y {
			y[i] += sigma * rng.NormFloat64()
		}
	}
	return y, nil
}

// Build is [Scenario.Network] with the homogeneous start
// ([Scenario.HomogeneousState], selected by s.Start, perturbed by sigma
// from rng).
func (s *Scenario) Build(sigma float64, rng *rand.Rand) (*network.Network, []float64, error) {
	net, err := s.Network()
	if err != nil {
		return nil, nil, err
	}
	node, err := s.HomogeneousState()
	if err != nil {
		return nil, nil, err
	}
	y0, err := Start(net, node, sigma, rng)
	if err != nil {
		return nil, nil, err
	}
	return net, y0, nil
}
