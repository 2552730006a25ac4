package msf

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"
)

// Pattern diagnostics for network runs (state layout node-major,
// y[n·dim + k], as in package network). They compare a simulation started
// near synchrony with the predictions of the dispersion relation: the
// growth rate and modulation frequency of the most unstable mode and its
// spatial profile (an eigenvector of W).

// Deviation returns the distance of a network state from synchrony,
//
//	δ = √( Σ_n Σ_k (y_nk − ȳ_k)² / N ),  ȳ_k = Σ_n y_nk / N,
//
// which grows like e^{Re μ t} (times a bounded periodic and, for a complex
// exponent, modulated factor) while the perturbation is small.
func Deviation(y []float64, nodes, dim int) float64 {
	s := 0.0
	for k := 0; k < dim; k++ {
		m := 0.0
		for n := 0; n < nodes; n++ {
			m += y[n*dim+k]
		}
		m /= float64(nodes)
		for n := 0; n < nodes; n++ {
			d := y[n*dim+k] - m
			s += d * d
		}
	}
	return math.Sqrt(s / float64(nodes))
}

// Profile writes the spatial profile of variable k, x_n = y_nk − ȳ_k, into
// dst (len nodes; allocated if nil) and returns it.
func Profile(dst, y []float64, nodes, dim, k int) []float64 {
	if len(dst) < nodes {
		dst = make([]float64, nodes)
	}
	m := 0.0
	for n := 0; n < nodes; n++ {
		m += y[n*dim+k]
	}
	m /= float64(nodes)
	for n := 0; n < nodes; n++ {
		dst[n] = y[n*dim+k] - m
	}
	return dst[:nodes]
}

// Overlap returns |⟨φ, x⟩| / (‖φ‖ ‖x‖) ∈ [0, 1]: 1 when the spatial
// profile x is proportional to the eigenvector φ (up to a complex phase).
func Overlap(phi []complex128, x []float64) float64 {
	var dot complex128
	np, nx := 0.0, 0.0
	for i, v := range x {
		dot += cmplx.Conj(phi[i]) * complex(v, 0)
		np += real(phi[i])*real(phi[i]) + imag(phi[i])*imag(phi[i])
		nx += v * v
	}
	if np == 0 || nx == 0 {
		return 0
	}
	return cmplx.Abs(dot) / math.Sqrt(np*nx)
}

// Modes is the eigen-decomposition of a coupling matrix used to project
// network states on spatial modes.
type Modes struct {
	Lambda []complex128 // eigenvalues, decreasing real part
	Right  *mat.CDense  // right eigenvectors (columns), W φ_α = Λ_α φ_α
	Left   *mat.CDense  // dual (left) vectors: rows ψ_α with ψ_α · φ_β = δ_αβ
}

// NewModes decomposes w (see [Eigen]) and computes the dual basis (the
// inverse of the eigenvector matrix). It fails for a defective W.
func NewModes(w mat.Matrix) (*Modes, error) {
	lam, right, err := Eigen(w)
	if err != nil {
		return nil, err
	}
	n := len(lam)
	a := make([]complex128, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i*n+j] = right.At(i, j)
		}
	}
	inv, ok := cinverse(a, n)
	if !ok {
		return nil, errors.New("msf: eigenvector matrix of W is singular (defective W)")
	}
	left := mat.NewCDense(n, n, inv)
	return &Modes{Lambda: lam, Right: right, Left: left}, nil
}

// Vector returns the right eigenvector φ_α (a copy).
func (m *Modes) Vector(alpha int) []complex128 {
	n, _ := m.Right.Dims()
	v := make([]complex128, n)
	for i := range v {
		v[i] = m.Right.At(i, alpha)
	}
	return v
}

// Project writes the amplitude of mode α in the network state y, the
// dim-vector ξ_α,k = Σ_n ψ_α,n y_nk, into dst (allocated if nil). For
// α ≠ uniform, ψ_α is orthogonal to the all-ones vector, so ξ_α measures
// the deviation from synchrony along mode α and, in the linear regime,
// obeys the mode equation of the dispersion relation.
func (m *Modes) Project(dst []complex128, y []float64, dim, alpha int) []complex128 {
	n, _ := m.Left.Dims()
	if len(dst) < dim {
		dst = make([]complex128, dim)
	}
	for k := 0; k < dim; k++ {
		var s complex128
		for i := 0; i < n; i++ {
			s += m.Left.At(alpha, i) * complex(y[i*dim+k], 0)
		}
		dst[k] = s
	}
	return dst[:dim]
}

// Amplitudes returns ‖ξ_α‖ for every mode α (see Project).
func (m *Modes) Amplitudes(y []float64, dim int) []float64 {
	n := len(m.Lambda)
	out := make([]float64, n)
	buf := make([]complex128, dim)
	for a := 0; a < n; a++ {
		xi := m.Project(buf, y, dim, a)
		s := 0.0
		for _, v := range xi {
			s += real(v)*real(v) + imag(v)*imag(v)
		}
		out[a] = math.Sqrt(s)
	}
	return out
}

// FloquetFit estimates the dominant Floquet exponent from stroboscopic
// samples z_m (m = 0, 1, …, each a vector; e.g. a mode amplitude ξ_α at
// times m·T of the synchronous cycle) by Prony's method: the samples are
// fitted by the two-term recurrence z_{m+2} = a z_{m+1} + b z_m (least
// squares over all components); the roots ρ of ρ² = a ρ + b are the
// dominant multipliers and μ = ln ρ / T; it returns the root of largest
// modulus. When the one-term model z_{m+1} = ρ z_m fits nearly as well
// (residual ≤ 4× that of the two-term model: a single real dominant
// multiplier, for which the two-term system is rank deficient and one of its
// roots arbitrary), ρ of the one-term model is used.
func FloquetFit(samples [][]complex128, T float64) (complex128, error) {
	if len(samples) < 4 {
		return 0, fmt.Errorf("msf: FloquetFit needs ≥ 4 samples, got %d", len(samples))
	}
	if !(T > 0) {
		return 0, fmt.Errorf("msf: FloquetFit period %v, want > 0", T)
	}
	// normal equations for (a, b): minimise Σ |z2 − a z1 − b z0|²
	var s11, s10, s00, r1, r0 complex128
	for m := 0; m+2 < len(samples); m++ {
		z0, z1, z2 := samples[m], samples[m+1], samples[m+2]
		// scale each equation to unit size so early and late samples weigh equally
		w := sqNorm(z1)
		if w == 0 {
			continue
		}
		w = 1 / w
		for k := range z0 {
			c0, c1 := cmplx.Conj(z0[k]), cmplx.Conj(z1[k])
			s11 += complex(w, 0) * c1 * z1[k]
			s10 += complex(w, 0) * c1 * z0[k]
			s00 += complex(w, 0) * c0 * z0[k]
			r1 += complex(w, 0) * c1 * z2[k]
			r0 += complex(w, 0) * c0 * z2[k]
		}
	}
	// [s11 s10; conj(s10) s00] [a; b] = [r1; r0]
	det := s11*s00 - s10*cmplx.Conj(s10)
	// one-term model z_{m+1} = ρ z_m (a single real dominant multiplier):
	// then the two-term system is (nearly) rank deficient and one of its
	// roots is arbitrary
	var s00b, r0b complex128
	for m := 0; m+1 < len(samples); m++ {
		z0, z1 := samples[m], samples[m+1]
		w := sqNorm(z0)
		if w == 0 {
			continue
		}
		for k := range z0 {
			s00b += complex(1/w, 0) * cmplx.Conj(z0[k]) * z0[k]
			r0b += complex(1/w, 0) * cmplx.Conj(z0[k]) * z1[k]
		}
	}
	var rho1 complex128
	if s00b != 0 {
		rho1 = r0b / s00b
	}
	var a, b complex128
	if det != 0 {
		a = (r1*s00 - s10*r0) / det
		b = (s11*r0 - cmplx.Conj(s10)*r1) / det
	}
	res := func(one bool) float64 {
		r := 0.0
		for m := 0; m+2 < len(samples); m++ {
			z0, z1, z2 := samples[m], samples[m+1], samples[m+2]
			w := sqNorm(z1)
			if w == 0 {
				continue
			}
			for k := range z1 {
				var e complex128
				if one {
					e = z2[k] - rho1*z1[k]
				} else {
					e = z2[k] - a*z1[k] - b*z0[k]
				}
				r += (real(e)*real(e) + imag(e)*imag(e)) / w
			}
		}
		return r
	}
	if det == 0 || res(true) <= 4*res(false)+1e-300 {
		if rho1 == 0 {
			return 0, errors.New("msf: FloquetFit: degenerate samples")
		}
		return cmplx.Log(rho1) / complex(T, 0), nil
	}
	disc := cmplx.Sqrt(a*a + 4*b)
	rho2a, rho2b := (a+disc)/2, (a-disc)/2
	rho := rho2a
	if cmplx.Abs(rho2b) > cmplx.Abs(rho2a) {
		rho = rho2b
	}
	return cmplx.Log(rho) / complex(T, 0), nil
}

// GrowthRate returns the least-squares slope of ln δ(t) against t over the
// samples with t0 ≤ t ≤ t1 (δ > 0).
func GrowthRate(t, delta []float64, t0, t1 float64) (float64, error) {
	var n, st, sy, stt, sty float64
	for i := range t {
		if t[i] < t0 || t[i] > t1 || !(delta[i] > 0) {
			continue
		}
		y := math.Log(delta[i])
		n++
		st += t[i]
		sy += y
		stt += t[i] * t[i]
		sty += t[i] * y
	}
	if n < 2 {
		return 0, errors.New("msf: GrowthRate needs ≥ 2 positive samples in the window")
	}
	d := n*stt - st*st
	if d == 0 {
		return 0, errors.New("msf: GrowthRate: all samples at one time")
	}
	return (n*sty - st*sy) / d, nil
}

// cinverse inverts a complex n×n matrix (row-major) by Gauss–Jordan
// elimination with partial pivoting.
func cinverse(s []complex128, n int) ([]complex128, bool) {
	a := append([]complex128(nil), s...)
	inv := make([]complex128, n*n)
	for i := 0; i < n; i++ {
		inv[i*n+i] = 1
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if cmplx.Abs(a[r*n+c]) > cmplx.Abs(a[p*n+c]) {
				p = r
			}
		}
		if a[p*n+c] == 0 {
			return nil, false
		}
		if p != c {
			for k := 0; k < n; k++ {
				a[c*n+k], a[p*n+k] = a[p*n+k], a[c*n+k]
				inv[c*n+k], inv[p*n+k] = inv[p*n+k], inv[c*n+k]
			}
		}
		piv := a[c*n+c]
		for k := 0; k < n; k++ {
			a[c*n+k] /= piv
			inv[c*n+k] /= piv
		}
		for r := 0; r < n; r++ {
			if r == c || a[r*n+c] == 0 {
				continue
			}
			f := a[r*n+c]
			for k := 0; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
				inv[r*n+k] -= f * inv[c*n+k]
			}
		}
	}
	return inv, true
}

// sqNorm returns Σ_k |z_k|².
func sqNorm(z []complex128) float64 {
	w := 0.0
	for _, x := range z {
		w += real(x)*real(x) + imag(x)*imag(x)
	}
	return w
}
