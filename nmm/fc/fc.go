// Package fc computes functional connectivity and synchrony measures of
// multivariate (region) time series: Pearson FC and its Fisher z transform,
// FC–SC and FC–FC similarity over the upper triangle, the functional
// connectivity dynamics (FCD) matrix and its distribution, empirical-FC
// preprocessing (band-pass, global-signal regression), goodness-of-fit
// measures (FC distance, FCD Kolmogorov–Smirnov distance, mean-FC
// difference) and baselines (SC→FC, tract-length null, split-half and
// subject-to-subject noise ceilings), Hilbert phases, the Kuramoto order
// parameter and metastability, and a streaming FC accumulator.
//
// # Conventions
//
// Time series are T×N matrices: one row per sample, one column per region
// (the layout of nmm.TimeSeries.Data). FC matrices are N×N. The "upper
// triangle" excludes the diagonal.
//
// # References
//
//   - FCD: E. C. A. Hansen, D. Battaglia, A. Spiegler, G. Deco, V. K. Jirsa,
//     Functional connectivity dynamics: modeling the switching behavior of
//     the resting state, NeuroImage 105, 525 (2015).
//   - Order parameter and metastability: Y. Kuramoto, Chemical Oscillations,
//     Waves, and Turbulence (Springer, 1984); M. Shanahan, Metastable chimera
//     states in community-structured oscillator networks, Chaos 20, 013108
//     (2010); J. Cabral et al., NeuroImage 57, 130 (2011).
//   - Analytic signal: S. L. Marple, Computing the discrete-time analytic
//     signal via FFT, IEEE Trans. Signal Process. 47, 2600 (1999).
package fc

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/internal/corr"
	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// Pearson returns the Pearson correlation of x and y (equal lengths ≥ 2).
// If either is constant the correlation is defined as 0.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("fc: Pearson length mismatch")
	}
	sxy, sxx, syy := corr.Sums(x, y)
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Matrix returns the N×N Pearson FC of the columns of the T×N series x
// (T ≥ 2), written into dst if it is non-nil. The diagonal is 1 (0 for a
// constant column, whose correlations are defined as 0).
func Matrix(dst *mat.Dense, x mat.Matrix) (*mat.Dense, error) {
	t, n := x.Dims()
	if t < 2 {
		return nil, fmt.Errorf("fc: %d samples, want ≥ 2", t)
	}
	c := mat.NewDense(t, n, nil)
	c.Copy(x)
	sd := make([]float64, n)
	for j := 0; j < n; j++ {
		m := 0.0
		for i := 0; i < t; i++ {
			m += c.At(i, j)
		}
		m /= float64(t)
		s := 0.0
		for i := 0; i < t; i++ {
			d := c.At(i, j) - m
			c.Set(i, j, d)
			s += d * d
		}
		sd[j] = math.Sqrt(s)
		if math.IsNaN(sd[j]) || math.IsInf(sd[j], 0) {
			return nil, fmt.Errorf("fc: column %d is not finite", j)
		}
	}
	for j := 0; j < n; j++ {
		if sd[j] == 0 {
			continue
		}
		for i := 0; i < t; i++ {
			c.Set(i, j, c.At(i, j)/sd[j])
		}
	}
	if dst == nil {
		dst = mat.NewDense(n, n, nil)
	} else if r, cc := dst.Dims(); r != n || cc != n {
		return nil, fmt.Errorf("fc: dst is %d×%d, want %d×%d", r, cc, n, n)
	}
	dst.Mul(c.T(), c)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := dst.At(i, j)
			dst.Set(i, j, math.Max(-1, math.Min(1, v)))
		}
		if sd[i] == 0 {
			dst.Set(i, i, 0)
		}
	}
	return dst, nil
}

// FisherZ returns atanh(r) of an FC matrix, with r clipped to
// ±(1 − 1e-12) so that the result stays finite, and a zero diagonal (the
// convention of the ENIGMA Toolbox matrices).
func FisherZ(fc mat.Matrix) *mat.Dense {
	n, _ := fc.Dims()
	z := mat.NewDense(n, n, nil)
	const lim = 1 - 1e-12
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				z.Set(i, j, math.Atanh(math.Max(-lim, math.Min(lim, fc.At(i, j)))))
			}
		}
	}
	return z
}

// UpperTriangle returns the strict upper triangle (i < j) of a square
// matrix, row by row.
func UpperTriangle(a mat.Matrix) []float64 {
	n, _ := a.Dims()
	u := make([]float64, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			u = append(u, a.At(i, j))
		}
	}
	return u
}

// Similarity returns the Pearson correlation of the strict upper triangles
// of two N×N matrices (FC–SC or simulated–empirical FC fit).
func Similarity(a, b mat.Matrix) (float64, error) {
	n, m := a.Dims()
	p, q := b.Dims()
	if n != m || p != q || n != p || n < 3 {
		return 0, fmt.Errorf("fc: Similarity of %d×%d and %d×%d matrices, want equal square ≥ 3×3", n, m, p, q)
	}
	return Pearson(UpperTriangle(a), UpperTriangle(b)), nil
}

// FCD returns the functional connectivity dynamics matrix of a T×N series:
// FC is computed in windows of `window` samples starting every `step`
// samples, and FCD[a][b] is the Pearson correlation of the upper triangles
// of the FCs of windows a and b (Hansen et al. 2015).
func FCD(x mat.Matrix, window, step int) (*mat.Dense, error) {
	t, n := x.Dims()
	if window < 2 || step < 1 || window > t {
		return nil, fmt.Errorf("fc: FCD window %d, step %d for %d samples: want 2 ≤ window ≤ samples, step ≥ 1", window, step, t)
	}
	if n < 3 {
		return nil, fmt.Errorf("fc: FCD needs ≥ 3 regions, got %d", n)
	}
	var uts [][]float64
	w := mat.NewDense(n, n, nil)
	for s := 0; s+window <= t; s += step {
		sub := mat.NewDense(window, n, nil)
		for i := 0; i < window; i++ {
			for j := 0; j < n; j++ {
				sub.Set(i, j, x.At(s+i, j))
			}
		}
		if _, err := Matrix(w, sub); err != nil {
			return nil, err
		}
		uts = append(uts, UpperTriangle(w))
	}
	k := len(uts)
	d := mat.NewDense(k, k, nil)
	for a := 0; a < k; a++ {
		d.Set(a, a, 1)
		for b := a + 1; b < k; b++ {
			r := Pearson(uts[a], uts[b])
			d.Set(a, b, r)
			d.Set(b, a, r)
		}
	}
	return d, nil
}

// Phases returns the instantaneous phases (radians, in (−π, π]) of the
// columns of a T×N series from the analytic signal of each demeaned column
// ([spectral.Analytic], the FFT Hilbert transform of Marple 1999). Band-pass
// the signals first if they are broadband; the first and last few samples are
// affected by the transform's periodic boundary.
func Phases(x mat.Matrix) *mat.Dense {
	t, n := x.Dims()
	out := mat.NewDense(t, n, nil)
	eachPhase(x, func(i, j int, phase float64) { out.Set(i, j, phase) })
	return out
}

// eachPhase calls f with the Hilbert phase of sample i of column j, one
// column at a time (memory O(T)).
func eachPhase(x mat.Matrix, f func(i, j int, phase float64)) {
	t, n := x.Dims()
	if t == 0 {
		return
	}
	col := make([]float64, t)
	var z []complex128
	for j := 0; j < n; j++ {
		m := 0.0
		for i := 0; i < t; i++ {
			col[i] = x.At(i, j)
			m += col[i]
		}
		m /= float64(t)
		for i := range col {
			col[i] -= m
		}
		z = spectral.Analytic(z, col)
		for i, c := range z {
			f(i, j, cmplx.Phase(c))
		}
	}
}

// KuramotoOrder returns the Kuramoto order parameter R(t) of the Hilbert
// phases of the columns of a T×N series; it equals
// OrderParameter(Phases(x)) but holds one column at a time (memory O(T)
// instead of O(T·N)).
func KuramotoOrder(x mat.Matrix) []float64 {
	t, n := x.Dims()
	re, im := make([]float64, t), make([]float64, t)
	if t == 0 || n == 0 {
		return re
	}
	eachPhase(x, func(i, _ int, phase float64) {
		s, c := math.Sincos(phase)
		re[i] += c
		im[i] += s
	})
	for i := range re {
		re[i] = math.Hypot(re[i], im[i]) / float64(n)
	}
	return re
}

// OrderParameter returns the Kuramoto order parameter
// R(t) = |(1/N) Σ_n exp(i θ_n(t))| of a T×N phase matrix.
func OrderParameter(phases mat.Matrix) []float64 {
	t, n := phases.Dims()
	r := make([]float64, t)
	for i := 0; i < t; i++ {
		var re, im float64
		for j := 0; j < n; j++ {
			s, c := math.Sincos(phases.At(i, j))
			re += c
			im += s
		}
		r[i] = math.Hypot(re, im) / float64(n)
	}
	return r
}

// Metastability returns the standard deviation (population, 1/T) of the
// order parameter over time, and its mean.
func Metastability(r []float64) (std, mean float64) {
	if len(r) == 0 {
		return 0, 0
	}
	for _, v := range r {
		mean += v
	}
	mean /= float64(len(r))
	for _, v := range r {
		std += (v - mean) * (v - mean)
	}
	return math.Sqrt(std / float64(len(r))), mean
}

// Stream accumulates the sums needed for the Pearson FC of N signals
// sample by sample, in O(N²) memory independent of the run length; it is an
// ode.Observer of N-vectors (e.g. BOLD samples).
type Stream struct {
	n     int
	count int
	shift []float64 // first sample (shift for numerical stability)
	sum   []float64
	cross []float64 // upper triangle incl. diagonal, row-major N×N
	buf   []float64
}

// NewStream returns an empty accumulator for n signals.
func NewStream(n int) *Stream {
	return &Stream{n: n, shift: make([]float64, n), sum: make([]float64, n), cross: make([]float64, n*n), buf: make([]float64, n)}
}

// Observe adds a sample (len N).
func (s *Stream) Observe(_ float64, x []float64) error {
	if len(x) != s.n {
		return fmt.Errorf("fc: Stream of %d signals got %d values", s.n, len(x))
	}
	if s.count == 0 {
		copy(s.shift, x)
	}
	d := s.buf
	for i, v := range x {
		d[i] = v - s.shift[i]
		s.sum[i] += d[i]
	}
	for i := 0; i < s.n; i++ {
		row := s.cross[i*s.n : (i+1)*s.n]
		di := d[i]
		for j := i; j < s.n; j++ {
			row[j] += di * d[j]
		}
	}
	s.count++
	return nil
}

// Count returns the number of samples.
func (s *Stream) Count() int { return s.count }

// ErrTooFewSamples is returned by Stream.Matrix with fewer than 2 samples.
var ErrTooFewSamples = errors.New("fc: fewer than 2 samples")

// Matrix returns the Pearson FC of the samples so far (as [Matrix]).
func (s *Stream) Matrix() (*mat.Dense, error) {
	if s.count < 2 {
		return nil, ErrTooFewSamples
	}
	n := s.n
	c := float64(s.count)
	cov := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := s.cross[i*n+j] - s.sum[i]*s.sum[j]/c
			cov.Set(i, j, v)
			cov.Set(j, i, v)
		}
	}
	out := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a, b := cov.At(i, i), cov.At(j, j)
			if a <= 0 || b <= 0 {
				if i == j {
					out.Set(i, j, 0)
				}
				continue
			}
			out.Set(i, j, math.Max(-1, math.Min(1, cov.At(i, j)/math.Sqrt(a*b))))
		}
	}
	return out, nil
}

// Mean returns the mean of the strict upper triangle of a square matrix
// (e.g. the mean FC).
func Mean(a mat.Matrix) float64 {
	u := UpperTriangle(a)
	if len(u) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range u {
		s += v
	}
	return s / float64(len(u))
}
