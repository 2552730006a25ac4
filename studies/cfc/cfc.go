// Package cfc is a study above the toolkit: it reproduces the
// cross-frequency coupling that Delicado, Huguet & Clusella (2025,
// arXiv:2512.03907) report for networks of E–I next-generation neural masses
// (gamma amplitude modulated by slower rhythms). It sets up the two settings
// in which phase–amplitude coupling is measured: a single E–I node whose
// excitatory drive is modulated by a slow (theta) input, and the AAL-90
// network of E–I nodes started on its synchronous gamma cycle, whose
// transverse instability modulates the gamma amplitude at the frequency
// predicted by the master stability function. The coupling itself is
// measured with package spectral (PAC, NewComodulogram).
//
// # References
//
//   - R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025):
//     the E–I node and network; (I_ext^E, ε) = (12, 8): synchronous 71.93 Hz
//     cycle, transverse Floquet exponent with Im μ = 0.096 rad/ms (≈15 Hz)
//     (docs/reference-values.md § E–I network and MSF).
//   - A. B. L. Tort et al., J. Neurophysiol. 104, 1195 (2010) (modulation
//     index).
package cfc

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// Theta is a sinusoidal (theta) drive,
//
//	Drive(t) = Amp·sin(2π·Freq·t/1000 + Phase)
//
// (t in ms, Freq in Hz), set as the time-dependent input of the E–I node by
// [Driven]: I_ext^E(t) = IE + Drive(t). With IE above the Hopf point
// (≈ 5.993) the node oscillates at gamma frequency and the slow drive
// modulates the gamma amplitude: theta–gamma phase–amplitude coupling.
type Theta struct {
	Amp   float64 // drive amplitude (dimensionless, like IE); finite
	Freq  float64 // drive frequency (Hz); ≥ 0
	Phase float64 // drive phase at t = 0 (rad)
}

// Drive returns the drive at time t (ms). It does not allocate.
func (d Theta) Drive(t float64) float64 {
	return d.Amp * math.Sin(2*math.Pi*d.Freq*t/1000+d.Phase)
}

// Validate checks the parameters.
func (d Theta) Validate() error {
	if math.IsNaN(d.Amp) || math.IsInf(d.Amp, 0) || !(d.Freq >= 0) || math.IsInf(d.Freq, 0) || math.IsNaN(d.Phase) || math.IsInf(d.Phase, 0) {
		return fmt.Errorf("cfc: Amp=%g, Freq=%g, Phase=%g: want finite values and Freq ≥ 0", d.Amp, d.Freq, d.Phase)
	}
	return nil
}

// Driven returns the E–I node m with the theta drive d as its Input
// (nmm.EI.Input: I_ext^E(t) = m.IE + d.Drive(t)), validated.
func Driven(m nmm.EI, d Theta) (*nmm.EI, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	m.Input = d.Drive
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// SynchronousCycle returns a point on the stable synchronous cycle of the
// E–I network with coupling eps (nmm.SelfCoupled{node, eps},
// docs/models.md § Master stability function) and its period (ms): the
// homogeneous cycle start of package brain (brain.OnCycle).
func SynchronousCycle(node nmm.EI, eps float64) (*cycle.Orbit, error) {
	_, orb, err := brain.NodeState(&node, eps, brain.OnCycle, 0)
	return orb, err
}

// NetworkOptions describe NetworkGamma.
type NetworkOptions struct {
	Node nmm.EI  // node parameters
	Eps  float64 // global coupling ε
	// Perturbation is the standard deviation of the Gaussian perturbation
	// added to every variable of the synchronous initial state (docs/models.md
	// § E–I network: 0.01).
	Perturbation float64
	T            float64 // simulated time (ms)
	Dt           float64 // RK4 step (ms; 0: 0.02)
	Sample       float64 // sampling interval (ms; 0: 1)
}

// DefaultNetworkOptions returns (I_ext^E, ε) = (12, 8), perturbation 0.01,
// 1 s, dt = 0.02 ms, sampled at 1 kHz.
func DefaultNetworkOptions() NetworkOptions {
	n := nmm.DefaultEI()
	n.IE = 12
	return NetworkOptions{Node: n, Eps: 8, Perturbation: 0.01, T: 1000, Dt: 0.02, Sample: 1}
}

// NetworkGamma simulates the E–I network on the weights w (row-normalised)
// from the synchronous gamma cycle plus a Gaussian perturbation drawn from
// rng, and returns the E rates of all regions (kHz) and the synchronous
// cycle.
func NetworkGamma(ctx context.Context, w *mat.Dense, o NetworkOptions, rng *rand.Rand) (*nmm.TimeSeries, *cycle.Orbit, error) {
	settings.Default(&o.Dt, 0.02)
	settings.Default(&o.Sample, 1)
	if !(o.T > 0) {
		return nil, nil, fmt.Errorf("cfc: T=%g, want > 0", o.T)
	}
	if o.Perturbation != 0 && rng == nil {
		return nil, nil, fmt.Errorf("cfc: a perturbation needs a random generator")
	}
	orb, err := SynchronousCycle(o.Node, o.Eps)
	if err != nil {
		return nil, nil, err
	}
	node := o.Node
	sc := &brain.Scenario{Weights: w, Node: &node, G: o.Eps}
	net, err := sc.Network()
	if err != nil {
		return nil, nil, err
	}
	y0, err := brain.Start(net, orb.Y0, o.Perturbation, rng)
	if err != nil {
		return nil, nil, err
	}
	for i := range y0 { // rates stay positive
		if k := i % 6; (k == nmm.EIrE || k == nmm.EIrI) && y0[i] <= 0 {
			y0[i] = 1e-6
		}
	}
	ts, sel, err := network.Record(net, nmm.EIrE, "rE", "kHz", "ms", 0)
	if err != nil {
		return nil, nil, err
	}
	_, err = network.Simulate(net, 0, o.T, y0, &network.Options{Dt: o.Dt, Settings: &ode.Settings{SampleEvery: o.Sample, Context: ctx}}, sel)
	return ts, orb, err
}
