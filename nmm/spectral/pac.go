package spectral

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// DefaultPACBins is the number of phase bins of the modulation index when
// PACOptions.Bins is 0 (18 bins of 20°, Tort et al. 2010).
const DefaultPACBins = 18

// DefaultSurrogates is the number of surrogates when PACOptions.Surrogates is
// 0.
const DefaultSurrogates = 200

// ModulationIndex returns Tort's modulation index of the amplitude amp with
// respect to the phase phase (radians; equal lengths), with bins phase bins
// (≤ 0: DefaultPACBins), and the normalised mean-amplitude distribution P
// over the bins (bin j covers [−π + 2πj/N, −π + 2π(j+1)/N)):
//
//	P_j = ⟨amp⟩_j / Σ_k ⟨amp⟩_k,   MI = (ln N − H(P)) / ln N,   H(P) = −Σ_j P_j ln P_j.
//
// MI = 0 when the amplitude does not depend on the phase and 1 when it is
// concentrated in one bin. For amp = 1 + χ cos(phase) with uniformly
// distributed phase, P_j = 1/N + χ [sin φ_{j+1} − sin φ_j]/(2π) exactly
// (tested). A bin without samples counts as P_j = 0. The result is NaN for
// empty input or a zero total amplitude.
//
// References: A. B. L. Tort, R. Komorowski, H. Eichenbaum, N. Kopell,
// Measuring phase-amplitude coupling between neuronal oscillations of
// different frequencies, J. Neurophysiol. 104, 1195–1210 (2010),
// doi:10.1152/jn.00106.2010.
func ModulationIndex(phase, amp []float64, bins int) (mi float64, dist []float64) {
	if bins <= 0 {
		bins = DefaultPACBins
	}
	dist = make([]float64, bins)
	cnt := make([]float64, bins)
	mi = modIndex(phase, amp, 0, dist, cnt)
	return mi, dist
}

// phaseBins returns the bin index of every phase (bin j covers
// [−π + 2πj/N, −π + 2π(j+1)/N); phases outside [−π, π) are wrapped).
func phaseBins(dst []int32, phase []float64, bins int) []int32 {
	if cap(dst) < len(phase) {
		dst = make([]int32, len(phase))
	}
	dst = dst[:len(phase)]
	w := float64(bins) / (2 * math.Pi)
	for i, p := range phase {
		b := int(math.Floor((p+math.Pi)*w)) % bins
		if b < 0 {
			b += bins
		}
		dst[i] = int32(b)
	}
	return dst
}

// modIndex computes the MI with amp circularly shifted by shift samples
// (amp[(i+shift) mod n] is paired with phase[i]); dist and cnt are workspaces
// of length N and dist receives P.
func modIndex(phase, amp []float64, shift int, dist, cnt []float64) float64 {
	if len(phase) == 0 || len(amp) != len(phase) {
		return math.NaN()
	}
	return modIndexBins(phaseBins(nil, phase, len(dist)), amp, shift, dist, cnt)
}

func modIndexBins(bin []int32, amp []float64, shift int, dist, cnt []float64) float64 {
	n := len(bin)
	if n == 0 || len(amp) != n {
		return math.NaN()
	}
	for j := range dist {
		dist[j], cnt[j] = 0, 0
	}
	// two loops instead of a modulo per sample
	a1 := amp[shift:]
	for i, v := range a1 {
		b := bin[i]
		dist[b] += v
		cnt[b]++
	}
	b2 := bin[len(a1):]
	for i, b := range b2 {
		dist[b] += amp[i]
		cnt[b]++
	}
	var tot float64
	for k := range dist {
		if cnt[k] > 0 {
			dist[k] /= cnt[k]
		}
		tot += dist[k]
	}
	if !(tot > 0) {
		return math.NaN()
	}
	var h float64
	for k := range dist {
		dist[k] /= tot
		if dist[k] > 0 {
			h -= dist[k] * math.Log(dist[k])
		}
	}
	ln := math.Log(float64(len(dist)))
	return (ln - h) / ln
}

// PACOptions are the options of PAC and Comodulogram. Zero fields mean the
// defaults in the comments.
type PACOptions struct {
	// Bins is the number of phase bins (0: DefaultPACBins).
	Bins int
	// PhaseTaps and AmpTaps are the lengths of the band-pass filters
	// (0: 3 cycles of the band's low edge, see NewBandPass).
	PhaseTaps, AmpTaps int
	// Edge is the number of samples discarded at each end after filtering
	// (0: the longer filter's delay (M−1)/2; negative: none).
	Edge int
	// Surrogates is the number of time-shift surrogates (0:
	// DefaultSurrogates; negative: no significance test).
	Surrogates int
	// MinShift is the smallest circular shift of a surrogate as a fraction of
	// the signal length (0: 0.1): shifts are drawn uniformly from
	// [MinShift·n, (1−MinShift)·n].
	MinShift float64
	// Rand draws the surrogate shifts; required when Surrogates ≥ 0.
	Rand *rand.Rand
	// Context cancels a comodulogram (nil: never); Progress receives
	// (cells done, cells) (nil: none).
	Context  context.Context
	Progress progress.Func
}

// PACResult is the phase–amplitude coupling of one pair of bands.
type PACResult struct {
	MI   float64   // Tort's modulation index
	Dist []float64 // mean-amplitude distribution over the phase bins (sums to 1)
	// Surrogate statistics (NaN without surrogates): mean and standard
	// deviation of the surrogate MIs, the z-score (MI − mean)/std and the
	// permutation p-value (1 + #{MI_s ≥ MI}) / (1 + S).
	SurrogateMean, SurrogateStd, Z, P float64
}

// ErrNoRand reports a surrogate test without a random generator.
var ErrNoRand = errors.New("spectral: PACOptions.Rand is required for surrogates (or set Surrogates < 0)")

// PAC measures the phase–amplitude coupling of x (sampled at rate fs) between
// the phase of the band phaseBand = [f1, f2] and the amplitude of the band
// ampBand (same unit as fs). Each band is extracted with a zero-phase
// band-pass FIR filter (NewBandPass); the phase and the amplitude envelope
// come from the analytic signal (Analytic); Edge samples are discarded at
// both ends; the modulation index (ModulationIndex) is compared with
// surrogates in which the amplitude is circularly shifted in time by a random
// lag (which keeps both signals' spectra and destroys their phase relation),
// giving a z-score and a permutation p-value.
//
// For a meaningful measure the amplitude band must be wide enough to contain
// the side bands f_amp ± f_phase of the modulation (width ≥ 2 f_phase).
//
// References: Tort et al. (2010), see ModulationIndex; surrogates by time
// shifts as in R. T. Canolty et al., Science 313, 1626 (2006).
func PAC(x []float64, fs float64, phaseBand, ampBand [2]float64, opt *PACOptions) (PACResult, error) {
	var o PACOptions
	if opt != nil {
		o = *opt
	}
	ph, am, err := bandSignals(x, fs, phaseBand, ampBand, &o)
	if err != nil {
		return PACResult{}, err
	}
	return pacFrom(ph, am, &o)
}

func checkSignal(x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w at index %d", ErrNonFinite, i)
		}
	}
	return nil
}

// bandSignals filters x into the phase of phaseBand and the amplitude of
// ampBand and trims the edges.
func bandSignals(x []float64, fs float64, phaseBand, ampBand [2]float64, o *PACOptions) (ph, am []float64, err error) {
	if err := checkSignal(x); err != nil {
		return nil, nil, err
	}
	fp, err := NewBandPass(phaseBand[0], phaseBand[1], fs, o.PhaseTaps)
	if err != nil {
		return nil, nil, fmt.Errorf("phase band: %w", err)
	}
	fa, err := NewBandPass(ampBand[0], ampBand[1], fs, o.AmpTaps)
	if err != nil {
		return nil, nil, fmt.Errorf("amplitude band: %w", err)
	}
	ph = phaseOf(fp, x)
	am = ampOf(fa, x)
	return trim(ph, am, max(fp.Delay(), fa.Delay()), o)
}

func phaseOf(f *FIR, x []float64) []float64 {
	y := f.Filter(nil, x)
	z := Analytic(nil, y)
	ph, _ := PhaseAmplitude(y, nil, z)
	return ph
}

func ampOf(f *FIR, x []float64) []float64 {
	y := f.Filter(nil, x)
	z := Analytic(nil, y)
	for i, c := range z {
		y[i] = math.Hypot(real(c), imag(c))
	}
	return y
}

func trim(ph, am []float64, delay int, o *PACOptions) ([]float64, []float64, error) {
	e := o.Edge
	if e == 0 {
		e = delay
	}
	if e < 0 {
		e = 0
	}
	n := len(ph)
	if n-2*e < 2*max(o.Bins, DefaultPACBins) {
		return nil, nil, fmt.Errorf("%w: %d samples after discarding %d at each edge", ErrTooShort, n-2*e, e)
	}
	return ph[e : n-e], am[e : n-e], nil
}

func pacFrom(ph, am []float64, o *PACOptions) (PACResult, error) {
	bins := o.Bins
	if bins <= 0 {
		bins = DefaultPACBins
	}
	r := PACResult{Dist: make([]float64, bins)}
	cnt := make([]float64, bins)
	bin := phaseBins(nil, ph, bins)
	r.MI = modIndexBins(bin, am, 0, r.Dist, cnt)
	r.SurrogateMean, r.SurrogateStd, r.Z, r.P = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	ns := o.Surrogates
	if ns < 0 {
		return r, nil
	}
	settings.Default(&ns, DefaultSurrogates)
	if o.Rand == nil {
		return r, ErrNoRand
	}
	ms := o.MinShift
	settings.Default(&ms, 0.1)
	if !(ms > 0 && ms < 0.5) {
		return r, fmt.Errorf("spectral: MinShift=%g, want 0 < MinShift < 0.5", ms)
	}
	n := len(ph)
	lo := int(math.Ceil(ms * float64(n)))
	hi := n - lo
	if hi <= lo {
		return r, fmt.Errorf("%w: %d samples are too few for surrogates", ErrTooShort, n)
	}
	d := make([]float64, bins)
	var s1, s2 float64
	ge := 0
	for k := 0; k < ns; k++ {
		shift := lo + o.Rand.IntN(hi-lo+1)
		m := modIndexBins(bin, am, shift, d, cnt)
		s1 += m
		s2 += m * m
		if m >= r.MI {
			ge++
		}
	}
	mean := s1 / float64(ns)
	v := s2/float64(ns) - mean*mean
	r.SurrogateMean = mean
	r.SurrogateStd = math.Sqrt(math.Max(v, 0))
	r.Z = (r.MI - mean) / r.SurrogateStd
	r.P = float64(1+ge) / float64(1+ns)
	return r, nil
}

// Comodulogram is a map of phase–amplitude coupling over pairs of bands.
type Comodulogram struct {
	PhaseFreqs []float64 // centre frequencies of the phase bands
	AmpFreqs   []float64 // centre frequencies of the amplitude bands
	// MI[i][j] is the modulation index of amplitude band i (row) on phase
	// band j (column); Z[i][j] its surrogate z-score (NaN without
	// surrogates).
	MI, Z [][]float64
}

// NewComodulogram computes the modulation index of x (sampled at rate fs)
// for every pair of a phase band [fp − phaseWidth/2, fp + phaseWidth/2], fp
// in phaseFreqs, and an amplitude band [fa − ampWidth/2, fa + ampWidth/2], fa
// in ampFreqs (Tort et al. 2010, Fig. 5). Each band is filtered once. With
// surrogates (opt.Surrogates ≥ 0) every cell also gets its z-score; the
// random shifts are drawn in a fixed order from opt.Rand, so the result is
// reproducible.
func NewComodulogram(x []float64, fs float64, phaseFreqs, ampFreqs []float64, phaseWidth, ampWidth float64, opt *PACOptions) (*Comodulogram, error) {
	var o PACOptions
	if opt != nil {
		o = *opt
	}
	if err := checkSignal(x); err != nil {
		return nil, err
	}
	if len(phaseFreqs) == 0 || len(ampFreqs) == 0 {
		return nil, fmt.Errorf("%w: no phase or amplitude frequencies", ErrBand)
	}
	phs := make([][]float64, len(phaseFreqs))
	delay := 0
	fps := make([]*FIR, len(phaseFreqs))
	for j, f := range phaseFreqs {
		fir, err := NewBandPass(f-phaseWidth/2, f+phaseWidth/2, fs, o.PhaseTaps)
		if err != nil {
			return nil, fmt.Errorf("phase band %g: %w", f, err)
		}
		fps[j] = fir
		delay = max(delay, fir.Delay())
	}
	fas := make([]*FIR, len(ampFreqs))
	for i, f := range ampFreqs {
		fir, err := NewBandPass(f-ampWidth/2, f+ampWidth/2, fs, o.AmpTaps)
		if err != nil {
			return nil, fmt.Errorf("amplitude band %g: %w", f, err)
		}
		fas[i] = fir
		delay = max(delay, fir.Delay())
	}
	for j, fir := range fps {
		phs[j] = phaseOf(fir, x)
	}
	c := &Comodulogram{PhaseFreqs: append([]float64(nil), phaseFreqs...), AmpFreqs: append([]float64(nil), ampFreqs...)}
	c.MI = make([][]float64, len(ampFreqs))
	c.Z = make([][]float64, len(ampFreqs))
	total := float64(len(ampFreqs) * len(phaseFreqs))
	for i, fir := range fas {
		am := ampOf(fir, x)
		c.MI[i] = make([]float64, len(phaseFreqs))
		c.Z[i] = make([]float64, len(phaseFreqs))
		for j := range phs {
			if o.Context != nil {
				if err := o.Context.Err(); err != nil {
					return c, err
				}
			}
			p, a, err := trim(phs[j], am, delay, &o)
			if err != nil {
				return nil, err
			}
			r, err := pacFrom(p, a, &o)
			if err != nil {
				return nil, err
			}
			c.MI[i][j], c.Z[i][j] = r.MI, r.Z
			o.Progress.Report(float64(i*len(phs)+j+1), total)
		}
	}
	return c, nil
}
