package spectral

import (
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Analytic returns the discrete analytic signal z = x + i·H[x] of x, written
// into dst (allocated if nil or short), computed by FFT as in Marple (1999):
// with X = DFT(x) of length n, Z[0] = X[0], Z[k] = 2X[k] for 0 < k < n/2,
// Z[n/2] = X[n/2] (n even), Z[k] = 0 for the negative frequencies, and
// z = IDFT(Z). It equals scipy.signal.hilbert(x). Re z = x exactly (to
// rounding); Im z is the Hilbert transform, exact for a signal that is
// periodic in the window (e.g. cos(2πkt/n) → sin(2πkt/n)); otherwise the
// first and last few samples are affected by the transform's periodic
// boundary (discard them, or taper the signal).
//
// References: S. L. Marple, Computing the discrete-time analytic signal via
// FFT, IEEE Trans. Signal Process. 47, 2600 (1999).
func Analytic(dst []complex128, x []float64) []complex128 {
	n := len(x)
	if cap(dst) < n {
		dst = make([]complex128, n)
	}
	dst = dst[:n]
	if n == 0 {
		return dst
	}
	for i, v := range x {
		dst[i] = complex(v, 0)
	}
	fft := fourier.NewCmplxFFT(n)
	fft.Coefficients(dst, dst)
	half := n / 2
	for k := 1; k < n; k++ {
		switch {
		case k < (n+1)/2:
			dst[k] *= 2
		case n%2 == 0 && k == half:
			// Nyquist bin kept once
		default:
			dst[k] = 0
		}
	}
	fft.Sequence(dst, dst)
	inv := 1 / float64(n)
	for i := range dst {
		dst[i] = complex(real(dst[i])*inv, imag(dst[i])*inv)
	}
	return dst
}

// PhaseAmplitude splits an analytic signal into its instantaneous phase
// (radians, in (−π, π]) and amplitude (envelope |z|), written into phase and
// amp (allocated if nil or short).
func PhaseAmplitude(phase, amp []float64, z []complex128) ([]float64, []float64) {
	if cap(phase) < len(z) {
		phase = make([]float64, len(z))
	}
	if cap(amp) < len(z) {
		amp = make([]float64, len(z))
	}
	phase, amp = phase[:len(z)], amp[:len(z)]
	for i, c := range z {
		phase[i] = cmplx.Phase(c)
		amp[i] = cmplx.Abs(c)
	}
	return phase, amp
}
