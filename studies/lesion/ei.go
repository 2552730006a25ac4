package lesion

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// EIOptions describe a noisy E–I network simulation for Run (EISimulator).
type EIOptions struct {
	Node nmm.EI  // node parameters (the network supplies ε)
	Eps  float64 // global coupling ε (docs/models.md § E–I network)
	// Sigma is the additive noise per node variable (len 6; nil: σ = 0.5
	// on vE and vI).
	Sigma     []float64
	Dt        float64 // stochastic Heun step (ms; 0: 0.05)
	T         float64 // simulated time after the transient (ms); > 0
	Transient float64 // discarded lead time (ms)
	Sample    float64 // sampling interval of the signals (ms; 0: 1)
	Var       int     // node variable recorded (0 = nmm.EIrE)
}

// DefaultEIOptions returns the noisy rest regime of the Delicado–Huguet–
// Clusella (2025, arXiv:2512.03907) network: the node (docs/models.md § E–I node) at
// I_ext^E = 3.8, ε = 8, just below the Hopf bifurcation of the homogeneous
// state (I_ext^E = 3.85037, docs/reference-values.md § E–I node), so that noise (σ = 0.5 on vE and
// vI) excites damped ≈15 Hz fluctuations whose correlations follow the
// connectome; 2 s after a 200 ms transient, rE sampled every 1 ms.
func DefaultEIOptions() EIOptions {
	n := nmm.DefaultEI()
	n.IE = 3.8
	return EIOptions{Node: n, Eps: 8, Dt: 0.05, T: 2000, Transient: 200, Sample: 1}
}

// EISimulator returns a Simulator of the E–I network: N copies of o.Node
// coupled through w with global coupling o.Eps, additive noise o.Sigma,
// integrated by the stochastic Heun scheme from the homogeneous equilibrium
// (the node's lowest equilibrium with self-coupling ε), returning variable
// o.Var of every node, sampled every o.Sample ms.
func EISimulator(o EIOptions) (Simulator, error) {
	if err := o.Node.Validate(); err != nil {
		return nil, err
	}
	if !(o.T > 0) {
		return nil, fmt.Errorf("lesion: T=%g, want > 0", o.T)
	}
	settings.Default(&o.Dt, 0.05)
	settings.Default(&o.Sample, 1)
	if o.Sigma == nil {
		o.Sigma = []float64{0, 0.5, 0, 0, 0.5, 0}
	}
	if o.Var < 0 || o.Var >= 6 {
		return nil, fmt.Errorf("lesion: Var=%d, want 0..5", o.Var)
	}
	// the homogeneous state of the intact network, the start of every
	// lesioned one
	h := o.Node
	y1, _, err := brain.NodeState(&h, o.Eps, brain.LowestEquilibrium, 0)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, w *mat.Dense, rng *rand.Rand) (*mat.Dense, error) {
		node := o.Node
		n, _ := w.Dims()
		net, err := network.New(network.Homogeneous(&node, n), w, &network.Config{G: o.Eps, Sigma: o.Sigma})
		if err != nil {
			return nil, err
		}
		ts := nmm.NewTimeSeries(make([]string, n), make([]string, n))
		ts.Grow(int(o.T/o.Sample) + 2)
		sel, err := network.NewSelect(net, o.Var, ts)
		if err != nil {
			return nil, err
		}
		y0, err := brain.Start(net, y1, 0, nil)
		if err != nil {
			return nil, err
		}
		_, err = network.Simulate(net, 0, o.Transient+o.T, y0, &network.Options{
			Method: network.Heun, Dt: o.Dt, Rand: rng,
			Settings: &ode.Settings{Transient: o.Transient, SampleEvery: o.Sample, Context: ctx},
		}, sel)
		if err != nil {
			return nil, err
		}
		return mat.DenseCopyOf(ts.Matrix()), nil
	}, nil
}
