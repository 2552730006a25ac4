package spectral

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/ngnmm/ngnmm/nmm/settings"
)

// ErrNoPeak reports that no local maximum lies in the requested range.
var ErrNoPeak = errors.New("spectral: no peak in range")

// Peak is a local maximum of a spectrum.
type Peak struct {
	Index int     // bin index in PSD.Freq
	Freq  float64 // frequency of the bin (not interpolated)
	Power float64 // Power at the bin
	// Prominence is the height of the peak above the higher of the two
	// minima that separate it from higher bins (or from the ends) on
	// either side, as scipy.signal.peak_prominences defines it.
	Prominence float64
}

// PeakOptions select peaks; the zero value keeps every local maximum.
type PeakOptions struct {
	// FMin, FMax restrict the search to FMin ≤ f ≤ FMax (FMax = 0: no
	// upper limit).
	FMin, FMax float64
	// MinProminence drops peaks whose prominence is smaller.
	MinProminence float64
	// MinRelHeight drops peaks lower than MinRelHeight × the highest kept
	// peak (0 ≤ MinRelHeight ≤ 1).
	MinRelHeight float64
	// Max keeps at most this many peaks (0: all).
	Max int
}

// Peaks returns the local maxima of p.Power (bins strictly higher than the
// left neighbour and at least as high as the right one; the first and last
// bins are never peaks), filtered by opt (nil: all) and sorted by
// decreasing power.
func Peaks(p *PSD, opt *PeakOptions) []Peak {
	o := settings.Of(opt)
	y := p.Power
	var out []Peak
	for i := 1; i+1 < len(y); i++ {
		if !(y[i] > y[i-1] && y[i] >= y[i+1]) {
			continue
		}
		f := p.Freq[i]
		if f < o.FMin || (o.FMax > 0 && f > o.FMax) {
			continue
		}
		pk := Peak{Index: i, Freq: f, Power: y[i], Prominence: prominence(y, i)}
		if pk.Prominence < o.MinProminence {
			continue
		}
		out = append(out, pk)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Power > out[b].Power })
	if o.MinRelHeight > 0 && len(out) > 0 {
		h := o.MinRelHeight * out[0].Power
		k := 0
		for k < len(out) && out[k].Power >= h {
			k++
		}
		out = out[:k]
	}
	if o.Max > 0 && len(out) > o.Max {
		out = out[:o.Max]
	}
	return out
}

func prominence(y []float64, i int) float64 {
	lmin := y[i]
	for j := i - 1; j >= 0 && y[j] <= y[i]; j-- {
		lmin = math.Min(lmin, y[j])
	}
	rmin := y[i]
	for j := i + 1; j < len(y) && y[j] <= y[i]; j++ {
		rmin = math.Min(rmin, y[j])
	}
	return y[i] - math.Max(lmin, rmin)
}

// PeakFrequency returns the frequency and power of the highest local
// maximum with fmin ≤ f ≤ fmax (fmax = 0: no limit), refined by fitting a
// parabola through the peak bin and its two neighbours (accurate to a small
// fraction of the resolution for peaks wider than a bin).
func (p *PSD) PeakFrequency(fmin, fmax float64) (f, power float64, err error) {
	pk := Peaks(p, &PeakOptions{FMin: fmin, FMax: fmax, Max: 1})
	if len(pk) == 0 {
		return 0, 0, fmt.Errorf("%w [%v, %v]", ErrNoPeak, fmin, fmax)
	}
	i := pk[0].Index
	a, b, c := p.Power[i-1], p.Power[i], p.Power[i+1]
	den := a - 2*b + c
	d := 0.0
	if den < 0 {
		d = 0.5 * (a - c) / den
	}
	df := p.Freq[i+1] - p.Freq[i]
	return p.Freq[i] + d*df, b - 0.25*(a-c)*d, nil
}

// BandPower returns Σ Power·df over the bins with f0 ≤ f < f1: for density
// scaling, the variance carried by that band (rectangle rule).
func (p *PSD) BandPower(f0, f1 float64) float64 {
	s := 0.0
	for i, f := range p.Freq {
		if f >= f0 && f < f1 {
			s += p.Power[i]
		}
	}
	if p.Scaling == ScalingDensity {
		s *= p.Resolution
	}
	return s
}

// Mean returns the average of Power over the bins with f0 ≤ f < f1 (NaN if
// there are none), e.g. the level of a flat floor.
func (p *PSD) Mean(f0, f1 float64) float64 {
	s, n := 0.0, 0
	for i, f := range p.Freq {
		if f >= f0 && f < f1 {
			s += p.Power[i]
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}
