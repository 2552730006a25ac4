package spectral

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/ngnmm/ngnmm/nmm/settings"
)

// Window is a taper applied to each segment before its FFT.
type Window int

const (
	// DefaultWindow is Hann for Welch and Rectangular for Periodogram (the
	// defaults of scipy.signal.welch and scipy.signal.periodogram).
	DefaultWindow Window = iota
	// Hann is the periodic (DFT-even) Hann window w[n] = ½ − ½ cos(2πn/L),
	// scipy.signal.get_window("hann", L).
	Hann
	// Hamming is the periodic Hamming window w[n] = 0.54 − 0.46 cos(2πn/L).
	Hamming
	// Rectangular is w[n] = 1 (no taper; scipy "boxcar").
	Rectangular
)

// String returns the window's name.
func (w Window) String() string {
	switch w {
	case DefaultWindow:
		return "default"
	case Hann:
		return "hann"
	case Hamming:
		return "hamming"
	case Rectangular:
		return "rectangular"
	}
	return fmt.Sprintf("Window(%d)", int(w))
}

// Detrend says what is removed from each segment before windowing.
type Detrend int

const (
	// DetrendMean removes each segment's mean (scipy detrend="constant").
	DetrendMean Detrend = iota
	// DetrendNone keeps the segment as it is.
	DetrendNone
)

// Scaling selects the normalisation of the estimate.
type Scaling int

const (
	// ScalingDensity returns a power spectral density (U²/frequency unit);
	// it integrates to the variance (see the package conventions).
	ScalingDensity Scaling = iota
	// ScalingSpectrum returns the power per frequency bin (U²).
	ScalingSpectrum
)

// DefaultSegmentLength is the Welch segment length used when
// WelchOptions.SegmentLength is 0 (as scipy's nperseg default).
const DefaultSegmentLength = 256

// WelchOptions are the settings of a Welch estimate. A nil *WelchOptions and
// the zero value both mean: 256-sample segments (capped at the signal length
// by [Welch]), 50 % overlap, periodic Hann window, mean removed per segment,
// density scaling, one-sided.
type WelchOptions struct {
	// SegmentLength is the number of samples per segment, L ≥ 1
	// (0: DefaultSegmentLength). The frequency resolution is fs/L.
	SegmentLength int
	// Overlap is the number of samples shared by consecutive segments,
	// 0 ≤ Overlap < L. 0 means L/2 (integer division); pass a negative
	// value for no overlap.
	Overlap int
	// Window is the segment taper (DefaultWindow: Hann).
	Window Window
	// Detrend is applied to each segment before the window.
	Detrend Detrend
	// Scaling selects density (default) or power-per-bin scaling.
	Scaling Scaling
	// TwoSided returns frequencies in [−fs/2, fs/2) (increasing) with the
	// symmetric two-sided density instead of the one-sided one.
	TwoSided bool
}

// PSD is a power spectrum estimate (see the package conventions).
type PSD struct {
	// Freq holds the frequencies in increasing order: 0, df, …, ⌊L/2⌋·df
	// (one-sided) or −⌊L/2⌋·df, …, ⌈L/2−1⌉·df (two-sided).
	Freq []float64
	// Power holds the estimate at each frequency (U²/frequency unit for
	// density scaling, U² for spectrum scaling).
	Power []float64
	// OneSided reports whether Power is the one-sided estimate.
	OneSided bool
	// Scaling is the normalisation of Power.
	Scaling Scaling
	// Fs is the sampling rate (1/time unit).
	Fs float64
	// Resolution is the bin spacing df = Fs/L.
	Resolution float64
	// SegmentLength is L, the number of samples per segment.
	SegmentLength int
	// Segments is the number of averaged segments.
	Segments int
}

// Errors.
var (
	// ErrTooShort reports a signal with fewer samples than one segment.
	ErrTooShort = errors.New("spectral: signal shorter than one segment")
	// ErrNonFinite reports a NaN or Inf sample.
	ErrNonFinite = errors.New("spectral: non-finite sample")
)

// WelchEstimator computes Welch PSD estimates with preallocated workspaces.
// Samples may be supplied in pieces of any length with Add; complete
// segments are transformed as soon as they are available, so memory does
// not grow with the signal length. A WelchEstimator is not safe for
// concurrent use.
type WelchEstimator struct {
	fs      float64
	opt     WelchOptions // resolved
	l, step int
	win     []float64
	s1, s2  float64 // Σw, Σw²
	buf     []float64
	n       int // samples held in buf
	seg     []float64
	coef    []complex128
	fft     *fourier.FFT
	acc     []float64 // Σ over segments of |X_k|², k = 0..L/2
	nseg    int
	bad     int64 // index of the first non-finite sample + 1 (0: none)
	seen    int64 // samples added since Reset
}

// NewWelch returns an estimator for signals sampled at rate fs (> 0) with
// the given options (nil: defaults, see [WelchOptions]).
func NewWelch(fs float64, opt *WelchOptions) (*WelchEstimator, error) {
	if !(fs > 0) || math.IsInf(fs, 0) {
		return nil, fmt.Errorf("spectral: sampling rate fs = %v, want finite > 0", fs)
	}
	o := settings.Of(opt)
	settings.Default(&o.SegmentLength, DefaultSegmentLength)
	l := o.SegmentLength
	if l < 1 {
		return nil, fmt.Errorf("spectral: SegmentLength = %d, want ≥ 1", l)
	}
	switch {
	case o.Overlap == 0:
		o.Overlap = l / 2
	case o.Overlap < 0:
		o.Overlap = 0
	case o.Overlap >= l:
		return nil, fmt.Errorf("spectral: Overlap = %d, want 0 ≤ Overlap < SegmentLength = %d", o.Overlap, l)
	}
	if o.Window == DefaultWindow {
		o.Window = Hann
	}
	if err := checkEnums(o.Window, o.Detrend, o.Scaling); err != nil {
		return nil, err
	}
	e := &WelchEstimator{
		fs:   fs,
		opt:  o,
		l:    l,
		step: l - o.Overlap,
		win:  windowValues(o.Window, l),
		buf:  make([]float64, l),
		seg:  make([]float64, l),
		coef: make([]complex128, l/2+1),
		fft:  fourier.NewFFT(l),
		acc:  make([]float64, l/2+1),
	}
	for _, w := range e.win {
		e.s1 += w
		e.s2 += w * w
	}
	return e, nil
}

func checkEnums(w Window, d Detrend, s Scaling) error {
	if w < DefaultWindow || w > Rectangular {
		return fmt.Errorf("spectral: Window = %d, want one of Hann, Hamming, Rectangular", int(w))
	}
	if d != DetrendMean && d != DetrendNone {
		return fmt.Errorf("spectral: Detrend = %d, want DetrendMean or DetrendNone", int(d))
	}
	if s != ScalingDensity && s != ScalingSpectrum {
		return fmt.Errorf("spectral: Scaling = %d, want ScalingDensity or ScalingSpectrum", int(s))
	}
	return nil
}

// windowValues returns the periodic window of length l.
func windowValues(w Window, l int) []float64 {
	v := make([]float64, l)
	for i := range v {
		x := 2 * math.Pi * float64(i) / float64(l)
		switch w {
		case Hann:
			v[i] = 0.5 - 0.5*math.Cos(x)
		case Hamming:
			v[i] = 0.54 - 0.46*math.Cos(x)
		default:
			v[i] = 1
		}
	}
	return v
}

// SegmentLength returns L.
func (e *WelchEstimator) SegmentLength() int { return e.l }

// Segments returns the number of complete segments processed so far.
func (e *WelchEstimator) Segments() int { return e.nseg }

// Reset discards all samples and segments, keeping the settings.
func (e *WelchEstimator) Reset() {
	e.n, e.nseg, e.bad, e.seen = 0, 0, 0, 0
	for i := range e.acc {
		e.acc[i] = 0
	}
}

// Add appends samples to the signal. It does not allocate. A non-finite
// sample is remembered and reported by PSD.
func (e *WelchEstimator) Add(x ...float64) {
	for len(x) > 0 {
		k := copy(e.buf[e.n:], x)
		for i, v := range x[:k] {
			if e.bad == 0 && (math.IsNaN(v) || math.IsInf(v, 0)) {
				e.bad = e.seen + int64(i) + 1
			}
		}
		e.seen += int64(k)
		e.n += k
		x = x[k:]
		if e.n == e.l {
			e.segment()
			e.n = copy(e.buf, e.buf[e.step:])
		}
	}
}

// segment transforms the full buffer and accumulates |X|².
func (e *WelchEstimator) segment() {
	mean := 0.0
	if e.opt.Detrend == DetrendMean {
		for _, v := range e.buf {
			mean += v
		}
		mean /= float64(e.l)
	}
	for i, v := range e.buf {
		e.seg[i] = (v - mean) * e.win[i]
	}
	e.fft.Coefficients(e.coef, e.seg)
	for k, c := range e.coef {
		re, im := real(c), imag(c)
		e.acc[k] += re*re + im*im
	}
	e.nseg++
}

// PSD writes the current estimate (the average over the complete segments
// so far) into dst, reusing its slices when they are large enough, and
// returns dst (allocated when nil).
func (e *WelchEstimator) PSD(dst *PSD) (*PSD, error) {
	if e.bad != 0 {
		return nil, fmt.Errorf("%w at sample %d", ErrNonFinite, e.bad-1)
	}
	if e.nseg == 0 {
		return nil, fmt.Errorf("%w: %d samples, segment length %d", ErrTooShort, e.seen, e.l)
	}
	if dst == nil {
		dst = &PSD{}
	}
	l := e.l
	var scale float64
	if e.opt.Scaling == ScalingDensity {
		scale = 1 / (e.fs * e.s2)
	} else {
		scale = 1 / (e.s1 * e.s1)
	}
	scale /= float64(e.nseg)
	df := e.fs / float64(l)
	nk := l/2 + 1
	var m int
	if e.opt.TwoSided {
		m = l
	} else {
		m = nk
	}
	dst.Freq = resize(dst.Freq, m)
	dst.Power = resize(dst.Power, m)
	if e.opt.TwoSided {
		// Frequencies −⌊L/2⌋ … ⌈L/2⌉−1 (fftshift order).
		lo := l / 2
		for i := 0; i < l; i++ {
			k := i - lo
			ak := k
			if ak < 0 {
				ak = -ak
			}
			dst.Freq[i] = float64(k) * df
			dst.Power[i] = e.acc[ak] * scale
		}
	} else {
		for k := 0; k < nk; k++ {
			p := e.acc[k] * scale
			if k > 0 && !(l%2 == 0 && k == l/2) {
				p *= 2
			}
			dst.Freq[k] = float64(k) * df
			dst.Power[k] = p
		}
	}
	dst.OneSided = !e.opt.TwoSided
	dst.Scaling = e.opt.Scaling
	dst.Fs = e.fs
	dst.Resolution = df
	dst.SegmentLength = l
	dst.Segments = e.nseg
	return dst, nil
}

func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// Welch estimates the power spectrum of x sampled at rate fs by Welch's
// method: x is cut into segments of L samples overlapping by the given
// number of samples (a trailing incomplete segment is ignored), each
// segment is detrended, windowed and transformed, and the squared moduli
// are averaged (see the package conventions for the scaling). A segment
// length larger than len(x) is reduced to len(x), as scipy does.
//
// References: Welch (1967), see the package documentation.
func Welch(x []float64, fs float64, opt *WelchOptions) (PSD, error) {
	o := settings.Of(opt)
	if len(x) == 0 {
		return PSD{}, fmt.Errorf("%w: empty signal", ErrTooShort)
	}
	settings.Default(&o.SegmentLength, DefaultSegmentLength)
	if o.SegmentLength > len(x) {
		o.SegmentLength = len(x)
		if o.Overlap >= len(x) {
			o.Overlap = 0
		}
	}
	e, err := NewWelch(fs, &o)
	if err != nil {
		return PSD{}, err
	}
	e.Add(x...)
	var p PSD
	if _, err := e.PSD(&p); err != nil {
		return PSD{}, err
	}
	return p, nil
}

// PeriodogramOptions are the settings of [Periodogram]; the zero value
// means rectangular window, mean removed, density scaling, one-sided (the
// defaults of scipy.signal.periodogram).
type PeriodogramOptions struct {
	Window   Window  // taper (DefaultWindow: Rectangular)
	Detrend  Detrend // removed before windowing
	Scaling  Scaling // density (default) or spectrum
	TwoSided bool    // two-sided output in increasing frequency
}

// Periodogram estimates the power spectrum of x (sampled at rate fs) from a
// single segment spanning the whole signal: resolution fs/len(x), no
// averaging (the estimate's relative standard deviation is ≈ 1 at every
// frequency). Conventions as for [Welch].
func Periodogram(x []float64, fs float64, opt *PeriodogramOptions) (PSD, error) {
	o := settings.Of(opt)
	if len(x) == 0 {
		return PSD{}, fmt.Errorf("%w: empty signal", ErrTooShort)
	}
	settings.Default(&o.Window, Rectangular)
	return Welch(x, fs, &WelchOptions{
		SegmentLength: len(x), Overlap: -1, Window: o.Window,
		Detrend: o.Detrend, Scaling: o.Scaling, TwoSided: o.TwoSided,
	})
}
