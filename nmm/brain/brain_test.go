package brain

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// rowNormalised returns a random n×n weight matrix with zero diagonal and
// rows summing to 1.
func rowNormalised(n int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(n, n, nil)
	for i := range n {
		s := 0.0
		for j := range n {
			if i != j {
				v := rng.Float64()
				w.Set(i, j, v)
				s += v
			}
		}
		for j := range n {
			w.Set(i, j, w.At(i, j)/s)
		}
	}
	return w
}

// TestHomogeneousStateIsEquilibrium: with row-normalised weights the
// homogeneous state of the E–I and MPR nodes is an equilibrium of the whole
// network (every row receives G·sE, resp. G·r): the network's right-hand
// side vanishes there.
func TestHomogeneousStateIsEquilibrium(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	w := rowNormalised(12, rng)
	ei := nmm.DefaultEI()
	ei.IE = 3
	mpr := nmm.DefaultMPR()
	for _, c := range []struct {
		node nmm.Coupled
		g    float64
	}{{&ei, 9}, {&mpr, 0.5}} {
		s := &Scenario{Weights: w, Node: c.node, G: c.g}
		net, y0, err := s.Build(0, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := make([]float64, len(y0))
		net.Deriv(f, 0, y0)
		for i, v := range f {
			if math.Abs(v) > 1e-9 {
				t.Fatalf("%T: network f[%d] = %v at the homogeneous state", c.node, i, v)
			}
		}
	}
}

// TestScenarioMatchesManual: the scenario gives the network, noise vector
// and perturbed start that the command line built by hand (the E–I node
// SelfCoupled{EI, G} for the equilibrium, σ on vE and vI, one normal draw per
// state variable).
func TestScenarioMatchesManual(t *testing.T) {
	w := rowNormalised(8, rand.New(rand.NewPCG(3, 4)))
	ei := nmm.DefaultEI()
	ei.IE = 15
	s := &Scenario{Weights: w, Node: &ei, G: 9, Noise: 0.2}
	net, y0, err := s.Build(0.01, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	fps, err := (&nmm.SelfCoupled{Node: &ei, G: 9}).FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range y0 {
		want := fps[0].Y[i%6] + 0.01*rng.NormFloat64()
		if math.Abs(y0[i]-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Fatalf("y0[%d] = %v, want %v", i, y0[i], want)
		}
	}
	sig, err := NoiseVector(&ei, fps[0].Y, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0, 0.2, 0, 0, 0.2, 0} {
		if sig[i] != want {
			t.Errorf("noise vector %v, want σ on vE and vI", sig)
			break
		}
	}
	if net.Nodes() != 8 || net.NodeDim() != 6 {
		t.Errorf("network %d×%d", net.Nodes(), net.NodeDim())
	}
	if _, _, err := (&Scenario{Weights: w}).Build(0, nil); err == nil {
		t.Error("scenario without a node accepted")
	}
}

// linNode is a linear coupled node without exact equilibria or coupling
// Jacobian: dx/dt = −x + 0.5 + c, dy/dt = −2y + x (equilibrium of the
// self-coupled node with gain g: x* = 0.5/(1 − g), y* = x*/2).
type linNode struct{}

func (linNode) Dim() int                                      { return 2 }
func (linNode) Vars() []string                                { return []string{"x", "y"} }
func (linNode) Units() []string                               { return []string{"dimensionless", "dimensionless"} }
func (linNode) Validate() error                               { return nil }
func (linNode) CouplingVar() int                              { return 0 }
func (n linNode) Deriv(dst []float64, t float64, y []float64) { n.DerivCoupled(dst, t, y, 0) }
func (linNode) DerivCoupled(dst []float64, _ float64, y []float64, c float64) {
	dst[0] = -y[0] + 0.5 + c
	dst[1] = -2*y[1] + y[0]
}

// TestHomogeneousStateNumeric: a node without exact equilibria gets its
// homogeneous state by Newton (finite-difference Jacobian of the
// self-coupled node), here the analytic x* = 0.5/(1 − G), y* = x*/2.
func TestHomogeneousStateNumeric(t *testing.T) {
	w := rowNormalised(5, rand.New(rand.NewPCG(7, 8)))
	s := &Scenario{Weights: w, Node: linNode{}, G: 0.2}
	y, err := s.HomogeneousState()
	if err != nil {
		t.Fatal(err)
	}
	if x := 0.5 / 0.8; math.Abs(y[0]-x) > 1e-10 || math.Abs(y[1]-x/2) > 1e-10 {
		t.Errorf("homogeneous state %v, want (%v, %v)", y, x, x/2)
	}
	if _, err := (&Scenario{Weights: w, Node: linNode{}, Noise: 1}).Network(); err == nil {
		t.Error("noise without a coupling Jacobian accepted")
	}
}

// TestNodeStateKinds: HighestStable is the stable equilibrium with the
// highest rate (MPR's bistable default η̄ = −5, J = 15: the upper stable
// focus above the saddle); OnCycle lies on the synchronous E–I cycle at
// (I_ext^E, ε) = (12, 8), whose frequency is 71.93 Hz
// (docs/reference-values.md § E–I network and MSF): one period of RK4 from
// it returns to it, and the point at phase 0.5 returns to it after half a
// period.
func TestNodeStateKinds(t *testing.T) {
	mpr := nmm.DefaultMPR()
	fps, err := mpr.FixedPoints()
	if err != nil || len(fps) != 3 {
		t.Fatalf("MPR equilibria %v, %v", fps, err)
	}
	hi, orb, err := NodeState(&mpr, 0, HighestStable, 0)
	if err != nil || orb != nil {
		t.Fatal(err)
	}
	if hi[0] != fps[2].Y[0] || !fps[2].Stable || !(fps[2].Y[0] > fps[0].Y[0]) {
		t.Errorf("HighestStable r = %v, want the upper stable r = %v", hi[0], fps[2].Y[0])
	}
	lo, _, err := NodeState(&mpr, 0, LowestEquilibrium, 0)
	if err != nil || lo[0] != fps[0].Y[0] {
		t.Errorf("LowestEquilibrium r = %v, want %v (%v)", lo[0], fps[0].Y[0], err)
	}

	ei := nmm.DefaultEI()
	ei.IE = 12
	self := &nmm.SelfCoupled{Node: &ei, G: 8}
	y0, orb, err := NodeState(&ei, 8, OnCycle, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f := 1000 / orb.Period; math.Abs(f-71.93) > 0.01 {
		t.Errorf("synchronous cycle %v Hz, want 71.93", f)
	}
	flow := func(y []float64, T float64) []float64 {
		out := append([]float64(nil), y...)
		n := int(math.Ceil(T / 0.001))
		_, err := ode.Solve(self, ode.NewRK4(T/float64(n)), 0, T, append([]float64(nil), y...), nil,
			ode.ObserverFunc(func(_ float64, x []float64) error { copy(out, x); return nil }))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	dist := func(a, b []float64) float64 {
		d := 0.0
		for i := range a {
			d = math.Max(d, math.Abs(a[i]-b[i]))
		}
		return d
	}
	if d := dist(flow(y0, orb.Period), y0); d > 1e-6 {
		t.Errorf("one period from the cycle start: off by %v", d)
	}
	half, _, err := NodeState(&ei, 8, OnCycle, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if d := dist(half, y0); d < 1e-3 {
		t.Errorf("phase 0.5 state %v equals the phase 0 state", half)
	}
	if d := dist(flow(half, orb.Period/2), y0); d > 1e-6 {
		t.Errorf("half a period from phase 0.5: off the phase-0 point by %v", d)
	}
	if _, _, err := NodeState(&ei, 8, OnCycle, 1); err == nil {
		t.Error("phase 1 accepted")
	}
	if LowestEquilibrium.String() != "lowest equilibrium" || OnCycle.String() != "limit cycle" || HighestStable.String() != "highest stable equilibrium" {
		t.Error("StartKind names")
	}
}
