package shotnoise

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"
)

// Density is a probability density of the excitabilities η (it must
// integrate to 1 and be cheap to evaluate).
type Density func(eta float64) float64

// Lorentzian returns the Cauchy density g(η) = (Δ/π)/((η−η̄)² + Δ²) (Δ > 0).
func Lorentzian(etaBar, delta float64) Density {
	return func(eta float64) float64 {
		d := eta - etaBar
		return delta / math.Pi / (d*d + delta*delta)
	}
}

// Tabulated returns the density given by samples g[i] at increasing points
// eta[i], linearly interpolated and zero outside [eta[0], eta[len−1]]. It
// is not renormalised. It returns an error for mismatched lengths, fewer
// than two points, non-increasing eta or negative/non-finite g.
func Tabulated(eta, g []float64) (Density, error) {
	if len(eta) != len(g) || len(eta) < 2 {
		return nil, fmt.Errorf("shotnoise: Tabulated needs ≥ 2 points of equal length, got %d and %d", len(eta), len(g))
	}
	for i := range eta {
		if math.IsNaN(eta[i]) || math.IsInf(eta[i], 0) || !(g[i] >= 0) || math.IsInf(g[i], 0) {
			return nil, fmt.Errorf("shotnoise: Tabulated point %d: eta = %v, g = %v, want finite, g ≥ 0", i, eta[i], g[i])
		}
		if i > 0 && !(eta[i] > eta[i-1]) {
			return nil, fmt.Errorf("shotnoise: Tabulated eta[%d] = %v not greater than eta[%d] = %v", i, eta[i], i-1, eta[i-1])
		}
	}
	x := append([]float64(nil), eta...)
	y := append([]float64(nil), g...)
	return func(e float64) float64 {
		if e < x[0] || e > x[len(x)-1] {
			return 0
		}
		i := sort.SearchFloat64s(x, e)
		if i == 0 {
			return y[0]
		}
		u := (e - x[i-1]) / (x[i] - x[i-1])
		return y[i-1] + u*(y[i]-y[i-1])
	}, nil
}

// S0 returns the two-sided rate PSD at frequency f of N uncoupled QIF
// neurons with excitability density g and time constant tau (package
// documentation). The harmonic sum is carried to n = 2000 + 50π τ|f| and
// its remainder estimated by the integral (relative error < 10⁻⁸ for
// densities that are smooth near η = 0).
func S0(f float64, g Density, n int, tau float64) float64 {
	x := math.Abs(f) * tau // frequency in units of 1/τ
	if x == 0 {
		return 0
	}
	m := 2000 + int(50*math.Pi*x)
	a := math.Pi * math.Pi * x * x
	sum := 0.0
	for k := m; k >= 1; k-- { // small terms first
		kk := float64(k)
		k2 := kk * kk
		sum += g(a/k2) / (k2 * k2)
	}
	mm := float64(m) + 0.5
	sum += g(a/(mm*mm)) / (3 * mm * mm * mm)
	return 2 * math.Pi * math.Pi * x * x * x * sum / float64(n) / tau
}

// LorentzRate returns the stationary rate of uncoupled neurons with a
// Lorentzian density: r0 = Re√(η̄ + iΔ)/(πτ) (docs/models.md § MPR equilibria and folds).
func LorentzRate(etaBar, delta, tau float64) float64 {
	return real(cmplx.Sqrt(complex(etaBar, delta))) / (math.Pi * tau)
}

// Theory is the linear shot-noise theory of an all-to-all QIF network with
// Lorentzian excitabilities around a stable stationary state of its MPR
// mean field (docs/models.md § Shot noise). Create it with [NewTheory].
type Theory struct {
	N      int     // network size
	Tau    float64 // τ
	EtaBar float64 // η̄
	Delta  float64 // Δ (> 0)
	J      float64 // J
	I      float64 // constant current
	R0, V0 float64 // stationary rate (1/τ-time) and mean voltage

	g Density // shifted Lorentzian (τ = 1 units)
}

// NewTheory returns the theory at the stable stationary state of the MPR
// equations with parameters (τ, η̄, Δ, J, I) for N neurons. If several
// stable states exist (bistability), r0 > 0 selects the one closest to it
// (unit 1/τ-time); r0 = 0 takes the highest-rate one.
func NewTheory(n int, tau, etaBar, delta, j, i, r0 float64) (*Theory, error) {
	switch {
	case n < 1:
		return nil, fmt.Errorf("shotnoise: N = %d, want ≥ 1", n)
	case !(tau > 0) || math.IsInf(tau, 0):
		return nil, fmt.Errorf("shotnoise: Tau = %v, want finite > 0", tau)
	case !(delta > 0) || math.IsInf(delta, 0):
		return nil, fmt.Errorf("shotnoise: Delta = %v, want finite > 0", delta)
	case math.IsNaN(etaBar) || math.IsInf(etaBar, 0) || math.IsNaN(j) || math.IsInf(j, 0) || math.IsNaN(i) || math.IsInf(i, 0):
		return nil, fmt.Errorf("shotnoise: EtaBar, J, I = %v, %v, %v, want finite", etaBar, j, i)
	case !(r0 >= 0):
		return nil, fmt.Errorf("shotnoise: r0 = %v, want ≥ 0", r0)
	}
	roots := StableRates(etaBar+i, delta, j)
	if len(roots) == 0 {
		return nil, fmt.Errorf("shotnoise: no stable stationary state for η̄+I = %v, Δ = %v, J = %v", etaBar+i, delta, j)
	}
	best := roots[len(roots)-1]
	if r0 > 0 {
		for _, r := range roots {
			if math.Abs(r-r0*tau) < math.Abs(best-r0*tau) {
				best = r
			}
		}
	}
	t := &Theory{N: n, Tau: tau, EtaBar: etaBar, Delta: delta, J: j, I: i,
		R0: best / tau, V0: -delta / (2 * math.Pi * best)}
	t.g = Lorentzian(etaBar+i+j*best, delta)
	return t, nil
}

// StableRates returns the stable stationary rates (τ = 1 units, increasing)
// of the MPR equations, the positive roots r of
// η = π²r² − J r − Δ²/(4π²r²) with F'(r) = 2π²r − J + Δ²/(2π²r³) > 0
// (docs/models.md § MPR equilibria and folds).
func StableRates(eta, delta, j float64) []float64 {
	F := func(r float64) float64 { return math.Pi*math.Pi*r*r - j*r - delta*delta/(4*math.Pi*math.Pi*r*r) - eta }
	var out []float64
	// F → −∞ at r → 0⁺ and +∞ at r → ∞: bracket sign changes on a log grid.
	lo := 1e-12
	hi := 10 + math.Abs(j) + math.Sqrt(math.Abs(eta))
	const steps = 4000
	ra := lo
	fa := F(ra)
	for k := 1; k <= steps; k++ {
		rb := lo * math.Pow(hi/lo, float64(k)/steps)
		fb := F(rb)
		if fa < 0 && fb >= 0 { // increasing crossing: stable
			a, b := ra, rb
			for it := 0; it < 200 && b-a > 1e-15*b; it++ {
				m := 0.5 * (a + b)
				if F(m) < 0 {
					a = m
				} else {
					b = m
				}
			}
			out = append(out, 0.5*(a+b))
		}
		ra, fa = rb, fb
	}
	return out
}

// Rate returns r0 (unit 1/τ-time).
func (t *Theory) Rate() float64 { return t.R0 }

// Floor returns the high-frequency limit r0/N of S0 and S_R (two-sided).
func (t *Theory) Floor() float64 { return t.R0 / float64(t.N) }

// S0 returns the two-sided PSD of the shot-noise source: the uncoupled
// spectrum with η̄ shifted by I + J τ r0.
func (t *Theory) S0(f float64) float64 { return S0(f, t.g, t.N, t.Tau) }

// Chi returns the open-loop linear response of the MPR rate to a common
// current at angular frequency ω (unit rad per time unit of τ), in τ = 1
// units: χ = 2r0/((iωτ − 2v0)² + 4π²τ²r0²).
func (t *Theory) Chi(omega float64) complex128 {
	r0 := t.R0 * t.Tau
	s := complex(-2*t.V0, omega*t.Tau)
	return complex(2*r0, 0) / (s*s + complex(4*math.Pi*math.Pi*r0*r0, 0))
}

// chiS evaluates χ at a complex Laplace variable s (τ = 1 units).
func (t *Theory) chiS(s complex128) complex128 {
	r0 := t.R0 * t.Tau
	d := s - complex(2*t.V0, 0)
	return complex(2*r0, 0) / (d*d + complex(4*math.Pi*math.Pi*r0*r0, 0))
}

// LoopGain returns 1/|1 − J χ(2πf)|², the amplification of the shot noise
// by the recurrent coupling.
func (t *Theory) LoopGain(f float64) float64 {
	d := 1 - complex(t.J, 0)*t.Chi(2*math.Pi*f)
	return 1 / (real(d)*real(d) + imag(d)*imag(d))
}

// SR returns the two-sided PSD of the network rate, S0(f)·LoopGain(f).
func (t *Theory) SR(f float64) float64 { return t.S0(f) * t.LoopGain(f) }

// CouplingInduced returns the two-sided PSD of the coupling-induced
// (macroscopic) fluctuations: the mean-field rate r of R = r + ξ, which the
// recurrent input J·ξ drives, δr = Jχ ξ/(1 − Jχ), so
//
//	S_c(f) = S0(f) |Jχ(2πf)|² / |1 − Jχ(2πf)|²
//
// (Klinshov & Kirillov 2022, Fig. 1, black line; docs/models.md § Shot
// noise). The network spectrum is not the sum S0 + S_c: ξ and δr are
// correlated, S_R = S0 + S_c + 2 S0 Re[Jχ/(1 − Jχ)], and the cross term is
// negative where χ is resonant (f ≈ r0), which is why S_R drops below S0
// there.
func (t *Theory) CouplingInduced(f float64) float64 {
	jc := complex(t.J, 0) * t.Chi(2*math.Pi*f)
	d := 1 - jc
	return t.S0(f) * (real(jc)*real(jc) + imag(jc)*imag(jc)) / (real(d)*real(d) + imag(d)*imag(d))
}

// Eigenvalues returns the MPR eigenvalues at the stationary state (τ = 1
// units), λ = 2v0 ± √(2r0(J − 2π²r0)): the zeros of 1 − Jχ.
func (t *Theory) Eigenvalues() (complex128, complex128) {
	r0 := t.R0 * t.Tau
	q := cmplx.Sqrt(complex(2*r0*(t.J-2*math.Pi*math.Pi*r0), 0))
	return complex(2*t.V0, 0) + q, complex(2*t.V0, 0) - q
}

// FocusFrequency returns |Im λ|/(2π τ), the frequency of the MPR's damped
// oscillation (0 for a node).
func (t *Theory) FocusFrequency() float64 {
	l, _ := t.Eigenvalues()
	return math.Abs(imag(l)) / (2 * math.Pi * t.Tau)
}

func sinc2(x float64) float64 {
	if x == 0 {
		return 1
	}
	s := math.Sin(math.Pi*x) / (math.Pi * x)
	return s * s
}

// Binned returns the two-sided PSD of the rate counted in bins of width b
// and sampled every b: Σ_k S(f + k/b) sinc²((f + k/b) b), evaluated as
// S_R(f) sinc²(fb) + (r0/N)(1 − sinc²(fb)), i.e. with the aliased
// frequencies at the white floor (exact for the floor, since
// Σ_k sinc²(x+k) = 1; accurate when S_R has reached the floor at 1/b − f).
func (t *Theory) Binned(f, b float64) float64 {
	w := sinc2(f * b)
	return t.SR(f)*w + t.Floor()*(1-w)
}

// BinnedS0 is [Theory.Binned] for the uncoupled source spectrum S0.
func (t *Theory) BinnedS0(f, b float64) float64 {
	w := sinc2(f * b)
	return t.S0(f)*w + t.Floor()*(1-w)
}

// Variance returns the variance of the rate counted in bins of width b:
// ∫ S_R(f) sinc²(fb) df = r0/(N b) + ∫ (S_R − r0/N) sinc²(fb) df, the
// second integral evaluated (Simpson) up to fmax = 30/τ, where S_R has
// reached the floor to well below 10⁻³ of the total for the parameters of
// docs/reference-values.md § Shot noise.
func (t *Theory) Variance(b float64) float64 {
	fmax := 30 / t.Tau
	const m = 6000
	h := fmax / m
	fl := t.Floor()
	s := 0.0
	for k := 0; k <= m; k++ {
		f := float64(k) * h
		y := (t.SR(f) - fl) * sinc2(f*b)
		w := 2.0
		if k == 0 || k == m {
			w = 1
		} else if k%2 == 1 {
			w = 4
		}
		s += w * y
	}
	return fl/b + 2*s*h/3
}
