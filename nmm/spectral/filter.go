package spectral

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// ErrBand reports invalid band edges or filter lengths.
var ErrBand = errors.New("spectral: invalid band")

// FIR is a linear-phase (symmetric, odd-length) finite impulse response
// filter, applied with its delay compensated so that the filtering is
// zero-phase: Filter does not shift oscillations in time, which phase–amplitude
// coupling needs (a phase lag between the phase and amplitude bands would
// otherwise depend on the filters).
type FIR struct {
	Taps []float64 // h[0..M−1], symmetric, M odd
	Fs   float64   // sampling rate (1/time unit)
}

// NewBandPass returns a band-pass FIR filter for low < f < high (same unit as
// fs, 0 < low < high < fs/2) designed by the window method with a Hamming
// window and numtaps taps, scaled to unit gain at the band centre: the same
// taps as scipy.signal.firwin(numtaps, [low, high], pass_zero=False, fs=fs).
// numtaps ≤ 0 chooses 3 cycles of the low edge, 3·fs/low, rounded up to an odd
// number (Tort et al. 2010 use filters of a few cycles of the slowest
// frequency); an even numtaps is increased by one.
//
//	h[k] = w[k]·[2b sinc(2b m) − 2a sinc(2a m)] / S,  m = k − (M−1)/2,
//	a = low/fs, b = high/fs, w[k] = 0.54 − 0.46 cos(2πk/(M−1)),
//	S = Σ_k h[k] cos(2π m (a+b)/2)  (unit gain at the centre).
//
// References: A. V. Oppenheim, R. W. Schafer, Discrete-Time Signal
// Processing, 3rd ed. (2010), §7.5 (window method).
func NewBandPass(low, high, fs float64, numtaps int) (*FIR, error) {
	if !(fs > 0) || math.IsInf(fs, 0) {
		return nil, fmt.Errorf("%w: sampling rate fs=%g, want a finite value > 0", ErrBand, fs)
	}
	if !(low > 0 && low < high && high < fs/2) {
		return nil, fmt.Errorf("%w: band [%g, %g], want 0 < low < high < fs/2 = %g", ErrBand, low, high, fs/2)
	}
	if numtaps <= 0 {
		if m := math.Ceil(3 * fs / low); m > MaxTaps {
			return nil, fmt.Errorf("%w: low edge %g with fs=%g needs %g taps (3 cycles), more than %d: raise low or give numtaps", ErrBand, low, fs, m, MaxTaps)
		}
		numtaps = int(math.Ceil(3 * fs / low))
	}
	if numtaps > MaxTaps {
		return nil, fmt.Errorf("%w: numtaps=%d, want ≤ %d", ErrBand, numtaps, MaxTaps)
	}
	if numtaps%2 == 0 {
		numtaps++
	}
	if numtaps < 3 {
		numtaps = 3
	}
	h := make([]float64, numtaps)
	a, b := low/fs, high/fs
	half := float64(numtaps-1) / 2
	for k := range h {
		m := float64(k) - half
		w := 0.54 - 0.46*math.Cos(2*math.Pi*float64(k)/float64(numtaps-1))
		h[k] = w * (2*b*sinc(2*b*m) - 2*a*sinc(2*a*m))
	}
	var s float64
	fc := (a + b) / 2
	for k := range h {
		s += h[k] * math.Cos(2*math.Pi*(float64(k)-half)*fc)
	}
	for k := range h {
		h[k] /= s
	}
	return &FIR{Taps: h, Fs: fs}, nil
}

// MaxTaps bounds the length of a band-pass filter (NewBandPass): longer
// filters (a low edge far below fs/10⁶) would exhaust memory.
const MaxTaps = 1 << 20

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// Delay returns the number of samples (M−1)/2 by which a causal application
// of the filter would delay the signal; Filter compensates it. The first and
// last Delay samples of a filtered signal are affected by the zero padding
// at the edges.
func (f *FIR) Delay() int { return (len(f.Taps) - 1) / 2 }

// Filter writes the zero-phase filtered signal into dst (allocated if nil or
// short; dst must not overlap x):
//
//	y[n] = Σ_k h[k] x[n + (M−1)/2 − k],  x = 0 outside [0, len(x)),
//
// which equals numpy.convolve(x, h, mode="same") for odd M. Signals longer
// than a few thousand samples are convolved by FFT (overlap–add), shorter
// ones directly; both give the same result to rounding.
func (f *FIR) Filter(dst, x []float64) []float64 {
	n := len(x)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	h := f.Taps
	m := len(h)
	d := (m - 1) / 2
	if m > 64 && n > 4*m {
		f.filterFFT(dst, x)
		return dst
	}
	for i := range dst {
		// k ranges so that 0 ≤ i+d−k < n
		k0 := max(0, i+d-n+1)
		k1 := min(m-1, i+d)
		var s float64
		for k := k0; k <= k1; k++ {
			s += h[k] * x[i+d-k]
		}
		dst[i] = s
	}
	return dst
}

// filterFFT is Filter by overlap–add FFT convolution.
func (f *FIR) filterFFT(dst, x []float64) {
	h := f.Taps
	m := len(h)
	d := (m - 1) / 2
	n := len(x)
	p := 1
	for p < 4*m {
		p <<= 1
	}
	l := p - m + 1 // block length
	fft := fourier.NewFFT(p)
	buf := make([]float64, p)
	copy(buf, h)
	hc := fft.Coefficients(nil, buf)
	xc := make([]complex128, len(hc))
	for i := range dst {
		dst[i] = 0
	}
	scale := 1 / float64(p)
	for start := 0; start < n; start += l {
		end := min(n, start+l)
		for i := range buf {
			buf[i] = 0
		}
		copy(buf, x[start:end])
		fft.Coefficients(xc, buf)
		for i := range xc {
			xc[i] *= hc[i]
		}
		fft.Sequence(buf, xc)
		// buf[j] is the full convolution at index start+j; dst[i] = c[i+d].
		for j := 0; j < end-start+m-1; j++ {
			i := start + j - d
			if i >= 0 && i < n {
				dst[i] += buf[j] * scale
			}
		}
	}
}
