// Package bold turns neural activity into a simulated fMRI BOLD signal with
// the Balloon–Windkessel hemodynamic model, as a streaming observer.
//
// # Model
//
// For each region, with neural input z(t) (time t in seconds):
//
//	ds/dt = z − κ s − γ (f − 1)               vasodilatory signal s
//	df/dt = s                                 blood inflow f
//	τ dv/dt = f − v^(1/α)                      venous volume v
//	τ dq/dt = f E(f)/E₀ − v^(1/α) q/v          deoxyhaemoglobin q
//	E(f) = 1 − (1 − E₀)^(1/f)
//	BOLD = V₀ [k₁ (1 − q) + k₂ (1 − q/v) + k₃ (1 − v)]
//
// starting at rest (s, f, v, q) = (0, 1, 1, 1). [DefaultBalloon] uses the
// hemodynamic parameters of Friston et al. 2003 (κ = 0.65 s⁻¹, γ = 0.41 s⁻¹,
// τ = 0.98 s, α = 0.32, E₀ = 0.34, V₀ = 0.02) with the classical BOLD
// coefficients k₁ = 7E₀, k₂ = 2, k₃ = 2E₀ − 0.2 (Friston et al. 2000, the
// choice of Deco, Cabral and neurolib); [RevisedCoefficients] gives the
// field-strength dependent coefficients of Stephan et al. 2007.
//
// # Integration
//
// The observer receives samples of the neural variable (one value per
// region) at the simulation's sampling interval and integrates the balloon
// equations over each interval with package ode's RK4 (steps ≤ 10 ms), holding the
// input at the value of the sample that opens the interval (zero-order hold).
// It emits one BOLD sample per region every TR.
//
// # References
//
//   - K. J. Friston, A. Mechelli, R. Turner, C. J. Price, Nonlinear responses
//     in fMRI: the Balloon model, Volterra kernels, and other hemodynamics,
//     NeuroImage 12, 466 (2000).
//   - K. J. Friston, L. Harrison, W. Penny, Dynamic causal modelling,
//     NeuroImage 19, 1273 (2003).
//   - K. E. Stephan, N. Weiskopf, P. M. Drysdale, P. A. Robinson, K. J.
//     Friston, Comparing hemodynamic models with DCM, NeuroImage 38, 387
//     (2007).
package bold

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Balloon are the parameters of the Balloon–Windkessel model (see the
// package documentation for the equations).
type Balloon struct {
	Kappa float64 // κ, rate of signal decay (1/s); > 0
	Gamma float64 // γ, rate of flow-dependent elimination (1/s); > 0
	Tau   float64 // τ, haemodynamic transit time (s); > 0
	Alpha float64 // α, Grubb's vessel stiffness exponent; in (0, 1]
	E0    float64 // E₀, resting oxygen extraction fraction; in (0, 1)
	V0    float64 // V₀, resting venous blood volume fraction; > 0
	K1    float64 // k₁, BOLD coefficient of (1 − q)
	K2    float64 // k₂, BOLD coefficient of (1 − q/v)
	K3    float64 // k₃, BOLD coefficient of (1 − v)
}

// DefaultBalloon returns the Friston et al. 2003 haemodynamic parameters
// with the classical BOLD coefficients (k₁ = 7E₀, k₂ = 2, k₃ = 2E₀ − 0.2).
func DefaultBalloon() Balloon {
	e0 := 0.34
	return Balloon{Kappa: 0.65, Gamma: 0.41, Tau: 0.98, Alpha: 0.32, E0: e0, V0: 0.02, K1: 7 * e0, K2: 2, K3: 2*e0 - 0.2}
}

// RevisedCoefficients returns the BOLD coefficients of Stephan et al. 2007
// (Eq. 12): k₁ = 4.3 ϑ₀ E₀ TE, k₂ = ε r₀ E₀ TE, k₃ = 1 − ε, for the
// frequency offset ϑ₀ (1/s; 40.3 at 1.5 T), the intravascular relaxation
// slope r₀ (1/s; 25 at 1.5 T), the echo time TE (s) and the intra- to
// extravascular signal ratio ε.
func RevisedCoefficients(e0, theta0, r0, te, eps float64) (k1, k2, k3 float64) {
	return 4.3 * theta0 * e0 * te, eps * r0 * e0 * te, 1 - eps
}

// Validate checks the parameter ranges.
func (b *Balloon) Validate() error {
	pos := func(name string, v float64) error {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("bold: Balloon parameter %s = %v, want finite > 0", name, v)
		}
		return nil
	}
	for _, p := range []struct {
		n string
		v float64
	}{{"Kappa", b.Kappa}, {"Gamma", b.Gamma}, {"Tau", b.Tau}, {"V0", b.V0}} {
		if err := pos(p.n, p.v); err != nil {
			return err
		}
	}
	if !(b.Alpha > 0 && b.Alpha <= 1) {
		return fmt.Errorf("bold: Balloon parameter Alpha = %v, want in (0, 1]", b.Alpha)
	}
	if !(b.E0 > 0 && b.E0 < 1) {
		return fmt.Errorf("bold: Balloon parameter E0 = %v, want in (0, 1)", b.E0)
	}
	for _, k := range []float64{b.K1, b.K2, b.K3} {
		if math.IsNaN(k) || math.IsInf(k, 0) {
			return fmt.Errorf("bold: Balloon coefficients k1, k2, k3 = %v, %v, %v, want finite", b.K1, b.K2, b.K3)
		}
	}
	return nil
}

// deriv writes the balloon derivatives of one region (x = s, f, v, q).
func (b *Balloon) deriv(dst, x *[4]float64, z float64) {
	s, f, v, q := x[0], x[1], x[2], x[3]
	va := math.Pow(v, 1/b.Alpha)
	e := 1 - math.Pow(1-b.E0, 1/f)
	dst[0] = z - b.Kappa*s - b.Gamma*(f-1)
	dst[1] = s
	dst[2] = (f - va) / b.Tau
	dst[3] = (f*e/b.E0 - va*q/v) / b.Tau
}

// Signal returns the BOLD signal of a haemodynamic state (v, q).
func (b *Balloon) Signal(v, q float64) float64 {
	return b.V0 * (b.K1*(1-q) + b.K2*(1-q/v) + b.K3*(1-v))
}

// SteadyState returns the equilibrium (s, f, v, q) for a constant input z
// (analytic: s = 0, f = 1 + z/γ, v = f^α, q = v E(f)/E₀); z must exceed −γ.
func (b *Balloon) SteadyState(z float64) (s, f, v, q float64) {
	f = 1 + z/b.Gamma
	v = math.Pow(f, b.Alpha)
	q = v * (1 - math.Pow(1-b.E0, 1/f)) / b.E0
	return 0, f, v, q
}

// Observer is a streaming BOLD observer: Observe receives the neural input
// of N regions at times t (model time unit), and every TR seconds it passes
// the N BOLD values to Next (at the model time of the sample).
type Observer struct {
	P         Balloon
	TimeScale float64 // seconds per model time unit (1e-3 for ms)
	TR        float64 // BOLD sampling interval (s)
	Scale     float64 // factor applied to the input z
	Next      ode.Observer

	x        []float64 // (s, f, v, q) of region i at x[4i : 4i+4]
	lastT    float64
	lastZ    []float64
	started  bool
	nextEmit float64 // in seconds since the first sample
	t0       float64
	out      []float64
	sys      balloons
	rk       ode.RK4
}

// balloons is the Balloon–Windkessel system of all regions with their
// inputs z held (an ode.System of dimension 4N, time in seconds).
type balloons struct {
	p *Balloon
	z []float64
}

func (b *balloons) Dim() int { return 4 * len(b.z) }

func (b *balloons) Deriv(dst []float64, _ float64, x []float64) {
	for i, z := range b.z {
		b.p.deriv((*[4]float64)(dst[4*i:4*i+4]), (*[4]float64)(x[4*i:4*i+4]), z)
	}
}

// New returns a BOLD observer for n regions. timeScale converts the model's
// time unit to seconds (1e-3 for ms), tr is the BOLD sampling interval in
// seconds, scale multiplies the neural input (e.g. 1000 to turn kHz rates
// into Hz), next receives the BOLD samples.
func New(n int, p Balloon, timeScale, tr, scale float64, next ode.Observer) (*Observer, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, fmt.Errorf("bold: %d regions, want > 0", n)
	}
	if !(timeScale > 0) || !(tr > 0) || math.IsInf(timeScale, 0) || math.IsInf(tr, 0) || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("bold: timeScale = %v, TR = %v, scale = %v: want finite, the first two > 0", timeScale, tr, scale)
	}
	o := &Observer{P: p, TimeScale: timeScale, TR: tr, Scale: scale, Next: next,
		x: make([]float64, 4*n), lastZ: make([]float64, n), out: make([]float64, n)}
	o.sys = balloons{p: &o.P, z: o.lastZ}
	o.Reset()
	return o, nil
}

// Reset returns every region to rest and restarts the TR clock.
func (o *Observer) Reset() {
	for i := 0; i < len(o.x); i += 4 {
		copy(o.x[i:i+4], []float64{0, 1, 1, 1})
	}
	o.started = false
}

// State returns the haemodynamic state (s, f, v, q) of region i.
func (o *Observer) State(i int) [4]float64 { return [4]float64(o.x[4*i : 4*i+4]) }

// Observe implements ode.Observer. Samples must come at increasing times;
// the first sample starts the BOLD clock (its BOLD sample is emitted after
// one TR).
func (o *Observer) Observe(t float64, z []float64) error {
	if len(z) != len(o.lastZ) {
		return fmt.Errorf("bold: got %d inputs, want %d regions", len(z), len(o.lastZ))
	}
	if !o.started {
		o.started = true
		o.t0, o.lastT = t, t
		o.nextEmit = o.TR
		for i, v := range z {
			o.lastZ[i] = o.Scale * v
		}
		return nil
	}
	h := (t - o.lastT) * o.TimeScale
	if !(h >= 0) {
		return fmt.Errorf("bold: time went back from %v to %v", o.lastT, t)
	}
	if h > 0 {
		// advance with the previous input held: package ode's RK4 with
		// substeps ≤ 10 ms
		m := int(math.Ceil(h / 0.01))
		o.rk.Dt = h / float64(m)
		if err := o.rk.Init(&o.sys, 0, o.x); err != nil {
			return err
		}
		for k := 0; k < m; k++ {
			if o.rk.Step() != nil {
				break // reported per region below
			}
		}
		_, xs := o.rk.State()
		copy(o.x, xs)
		for i := range o.lastZ {
			if x := o.x[4*i : 4*i+4]; !(x[1] > 0 && x[2] > 0) || math.IsInf(x[3], 0) || math.IsNaN(x[3]) {
				return fmt.Errorf("bold: region %d left the physiological range (f = %v, v = %v, q = %v) at t = %v; is the input scaled sensibly?", i, x[1], x[2], x[3], t)
			}
		}
	}
	o.lastT = t
	for i, v := range z {
		o.lastZ[i] = o.Scale * v
	}
	el := (t - o.t0) * o.TimeScale
	for el >= o.nextEmit-1e-9*o.TR {
		for i := range o.out {
			o.out[i] = o.P.Signal(o.x[4*i+2], o.x[4*i+3])
		}
		o.nextEmit += o.TR
		if o.Next != nil {
			if err := o.Next.Observe(t, o.out); err != nil {
				return err
			}
		}
	}
	return nil
}
