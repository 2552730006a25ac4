package msf

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// CheckOptions are the settings of CheckNetwork.
type CheckOptions struct {
	// Mode is the index (into Modes.Lambda) of the perturbed mode; 0 (the
	// uniform mode Λ = 1 of a row-normalised W, which is not transverse)
	// means the most unstable transverse mode of the dispersion relation.
	Mode int
	// Amplitude of the initial perturbation of the coupling variable along
	// the real part of the mode's eigenvector (default 1e-8).
	Amplitude float64
	// Rand, if not nil, replaces the eigenvector perturbation by independent
	// N(0, Amplitude²) perturbations of every variable of every node.
	Rand *rand.Rand
	// Sample is the sampling interval (default: the period of a cycle — the
	// samples are then stroboscopic —, else 0.2 time units).
	Sample float64
	// Samples is the number of sampling intervals simulated (default 50).
	Samples int
	// Skip is the number of initial samples left out of the fits (default
	// Samples/5), so that decaying components have died out.
	Skip int
	// Dt is the largest RK4 step (default 0.02); the step divides Sample.
	Dt float64
	// Progress receives (samples done, Samples).
	Progress progress.Func
}

// Check is the comparison of a network simulation started near synchrony
// with the dispersion relation.
type Check struct {
	Mode      int        // perturbed / analysed mode
	Lambda    complex128 // its eigenvalue of W
	Predicted complex128 // its leading exponent from the dispersion relation
	// Times and Deviation are the sample times and the distance from
	// synchrony δ(t) (see Deviation).
	Times, Deviation []float64
	// Growth is the least-squares slope of ln δ over the samples after Skip.
	Growth float64
	// Fitted is the exponent fitted by Prony's method (FloquetFit) to the
	// mode amplitude ξ_Mode at the samples after Skip.
	Fitted complex128
	// Profile is the final spatial profile of the coupling variable
	// (y_nk − ȳ_k) and Overlap its overlap with the eigenvector of Mode.
	Profile []float64
	Overlap float64
	// Final is the final network state.
	Final []float64
}

// CheckNetwork simulates the network sys (node-major states of Nodes×Dim,
// e.g. from package network, built with the same node and coupling as the
// analysis) from the synchronous state of a plus a small perturbation, and
// measures what the dispersion relation d predicts: the growth rate of the
// deviation from synchrony, the exponent (growth rate and modulation
// frequency) of the perturbed mode, and its spatial profile.
func CheckNetwork(sys ode.System, modes *Modes, a *Analysis, d *Dispersion, opt *CheckOptions) (*Check, error) {
	var o CheckOptions
	if opt != nil {
		o = *opt
	}
	nodes := len(modes.Lambda)
	dim := a.n
	if sys.Dim() != nodes*dim {
		return nil, fmt.Errorf("msf: network dimension %d, want %d nodes × %d", sys.Dim(), nodes, dim)
	}
	if len(d.Modes) != nodes {
		return nil, fmt.Errorf("msf: dispersion relation has %d modes, want %d (evaluate it at modes.Lambda)", len(d.Modes), nodes)
	}
	if o.Mode == 0 {
		o.Mode = d.MaxTransverse
	}
	if o.Mode < 0 || o.Mode >= nodes {
		return nil, fmt.Errorf("msf: CheckOptions.Mode = %d, want in [0, %d)", o.Mode, nodes)
	}
	if o.Amplitude == 0 {
		o.Amplitude = 1e-8
	}
	if o.Sample == 0 {
		o.Sample = 0.2
		if a.State.Kind == Periodic {
			o.Sample = a.State.Period
		}
	}
	if o.Samples == 0 {
		o.Samples = 50
	}
	if o.Skip == 0 {
		o.Skip = o.Samples / 5
	}
	if o.Dt == 0 {
		o.Dt = 0.02
	}
	switch {
	case !(o.Sample > 0) || !(o.Dt > 0):
		return nil, errors.New("msf: CheckOptions.Sample and Dt must be > 0")
	case o.Samples < 4 || o.Skip < 0 || o.Samples-o.Skip < 3:
		return nil, fmt.Errorf("msf: CheckOptions.Samples = %d, Skip = %d: need ≥ 3 samples after Skip", o.Samples, o.Skip)
	}
	k := a.k
	y0 := make([]float64, nodes*dim)
	for n := 0; n < nodes; n++ {
		copy(y0[n*dim:], a.State.Y)
	}
	phi := modes.Vector(o.Mode)
	if o.Rand != nil {
		for i := range y0 {
			y0[i] += o.Amplitude * o.Rand.NormFloat64()
		}
	} else {
		scale := 0.0
		for _, v := range phi {
			scale = math.Max(scale, math.Abs(real(v)))
		}
		if scale == 0 {
			for _, v := range phi {
				scale = math.Max(scale, math.Abs(imag(v)))
			}
		}
		for n := 0; n < nodes; n++ {
			v := real(phi[n])
			if real(phi[n]) == 0 && imag(phi[n]) != 0 && scale > 0 {
				v = imag(phi[n])
			}
			y0[n*dim+k] += o.Amplitude * v / scale
		}
	}
	steps := int(math.Ceil(o.Sample/o.Dt - 1e-9))
	rk := ode.NewRK4(o.Sample / float64(steps))
	if err := rk.Init(sys, 0, y0); err != nil {
		return nil, err
	}
	c := &Check{Mode: o.Mode, Lambda: modes.Lambda[o.Mode], Predicted: d.Modes[o.Mode].Leading()}
	var samples [][]complex128
	for m := 0; ; m++ {
		t, y := rk.State()
		c.Times = append(c.Times, t)
		c.Deviation = append(c.Deviation, Deviation(y, nodes, dim))
		if m >= o.Skip {
			samples = append(samples, modes.Project(nil, y, dim, o.Mode))
		}
		if m == o.Samples {
			c.Final = append([]float64(nil), y...)
			break
		}
		for range steps {
			if err := rk.Step(); err != nil {
				return nil, err
			}
		}
		o.Progress.Report(float64(m+1), float64(o.Samples))
	}
	var err error
	if c.Growth, err = GrowthRate(c.Times, c.Deviation, c.Times[o.Skip], c.Times[o.Samples]); err != nil {
		return nil, err
	}
	if c.Fitted, err = FloquetFit(samples, o.Sample); err != nil {
		return nil, err
	}
	if imag(c.Predicted) < 0 || (imag(c.Predicted) == 0 && imag(c.Fitted) < 0) {
		c.Fitted = cmplx.Conj(c.Fitted)
	}
	c.Profile = Profile(nil, c.Final, nodes, dim, k)
	c.Overlap = Overlap(phi, c.Profile)
	return c, nil
}

// SpanFraction returns the fraction ‖Σ_{α∈set} c_α φ_α‖ / ‖x‖ of a spatial
// profile x = Σ_α c_α φ_α that lies in the span of the modes in set (for
// example the unstable transverse modes): 1 when x is a combination of
// them only.
func (m *Modes) SpanFraction(x []float64, set []int) float64 {
	n := len(x)
	part := make([]complex128, n)
	for _, a := range set {
		var ca complex128
		for i := 0; i < n; i++ {
			ca += m.Left.At(a, i) * complex(x[i], 0)
		}
		for i := 0; i < n; i++ {
			part[i] += ca * m.Right.At(i, a)
		}
	}
	np, nx := 0.0, 0.0
	for i := range x {
		np += real(part[i])*real(part[i]) + imag(part[i])*imag(part[i])
		nx += x[i] * x[i]
	}
	if nx == 0 {
		return 0
	}
	return math.Sqrt(np / nx)
}
