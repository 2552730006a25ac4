package fc

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// Preprocessing states how empirical (or simulated) BOLD series are prepared
// before FC is computed. The zero value is "raw": FC of the series as they
// are. The steps run in the order of the fields: band-pass, then global
// signal regression; Fisher z is applied to the resulting FC by the caller
// ([FisherZ]) because it changes the FC, not the series.
type Preprocessing struct {
	// Band, if Band[1] > 0, band-passes every (demeaned) region with the
	// zero-phase window-method FIR of [spectral.NewBandPass] for
	// Band[0] < f < Band[1] (Hz), Taps taps (≤ 0: 3 cycles of the low
	// edge). The first and last Delay() samples, spoiled by the zero padding
	// at the edges, are dropped, so the result is shorter by Taps−1 samples.
	Band [2]float64
	Taps int
	// TR is the sampling interval (s); required with Band.
	TR float64
	// GSR regresses the global signal (the mean over regions at each
	// sample) out of every region by ordinary least squares with an
	// intercept: x_j ← x_j − x̄_j − β_j (g − ḡ), β_j = ⟨x_j−x̄_j, g−ḡ⟩/‖g−ḡ‖².
	GSR bool
}

// Preprocess returns a preprocessed copy of the T×N series x (rows are
// samples) as stated by p.
func Preprocess(x mat.Matrix, p Preprocessing) (*mat.Dense, error) {
	t, n := x.Dims()
	if t < 2 || n < 1 {
		return nil, fmt.Errorf("fc: Preprocess of a %d×%d series, want ≥ 2 samples and ≥ 1 region", t, n)
	}
	out := mat.DenseCopyOf(x)
	if p.Band[1] > 0 {
		if !(p.TR > 0) || math.IsInf(p.TR, 0) {
			return nil, fmt.Errorf("fc: band-pass needs TR > 0, got %g", p.TR)
		}
		f, err := spectral.NewBandPass(p.Band[0], p.Band[1], 1/p.TR, p.Taps)
		if err != nil {
			return nil, err
		}
		d := f.Delay()
		if t-2*d < 2 {
			return nil, fmt.Errorf("fc: band-pass with %d taps leaves %d of %d samples, want ≥ 2: raise the low edge or give fewer taps", len(f.Taps), t-2*d, t)
		}
		col := make([]float64, t)
		var y []float64
		res := mat.NewDense(t-2*d, n, nil)
		for j := 0; j < n; j++ {
			mat.Col(col, j, out)
			demean(col)
			y = f.Filter(y, col)
			res.SetCol(j, y[d:t-d])
		}
		out = res
	}
	if p.GSR {
		regressGlobal(out)
	}
	return out, nil
}

func demean(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	for i := range v {
		v[i] -= m
	}
	return m
}

// regressGlobal removes the global signal from every column of x in place.
func regressGlobal(x *mat.Dense) {
	t, n := x.Dims()
	g := make([]float64, t)
	for i := 0; i < t; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += x.At(i, j)
		}
		g[i] = s / float64(n)
	}
	demean(g)
	gg := 0.0
	for _, v := range g {
		gg += v * v
	}
	col := make([]float64, t)
	for j := 0; j < n; j++ {
		mat.Col(col, j, x)
		demean(col)
		b := 0.0
		if gg > 0 {
			for i, v := range col {
				b += v * g[i]
			}
			b /= gg
		}
		for i := range col {
			col[i] -= b * g[i]
		}
		x.SetCol(j, col)
	}
}

// FCDDistribution returns the strict upper triangle of the FCD matrix of x
// ([FCD] with the same window and step, in samples): the distribution of
// window-to-window FC correlations that [KSDistance] compares.
func FCDDistribution(x mat.Matrix, window, step int) ([]float64, error) {
	d, err := FCD(x, window, step)
	if err != nil {
		return nil, err
	}
	if r, _ := d.Dims(); r < 2 {
		return nil, fmt.Errorf("fc: FCD of %d window, want ≥ 2 windows", r)
	}
	return UpperTriangle(d), nil
}

// KSDistance returns the two-sample Kolmogorov–Smirnov statistic
// sup_x |F_a(x) − F_b(x)| of the empirical distribution functions of a and
// b (both non-empty), as scipy.stats.ks_2samp's statistic. a and b are not
// modified.
func KSDistance(a, b []float64) (float64, error) {
	if len(a) == 0 || len(b) == 0 {
		return 0, fmt.Errorf("fc: KS distance of samples of sizes %d and %d, want both ≥ 1", len(a), len(b))
	}
	x := append([]float64(nil), a...)
	y := append([]float64(nil), b...)
	for _, v := range x {
		if math.IsNaN(v) {
			return 0, fmt.Errorf("fc: KS distance: NaN in the first sample")
		}
	}
	for _, v := range y {
		if math.IsNaN(v) {
			return 0, fmt.Errorf("fc: KS distance: NaN in the second sample")
		}
	}
	sort.Float64s(x)
	sort.Float64s(y)
	na, nb := float64(len(x)), float64(len(y))
	var i, j int
	d := 0.0
	for i < len(x) && j < len(y) {
		v := math.Min(x[i], y[j])
		for i < len(x) && x[i] <= v {
			i++
		}
		for j < len(y) && y[j] <= v {
			j++
		}
		d = math.Max(d, math.Abs(float64(i)/na-float64(j)/nb))
	}
	return d, nil
}

// Distance returns the FC distance of two N×N matrices: the root mean
// square difference of their strict upper triangles,
// √(Σ_{i<j} (a_ij − b_ij)² / (N(N−1)/2)), so that it does not grow with N.
func Distance(a, b mat.Matrix) (float64, error) {
	ua, ub, err := triangles(a, b, "Distance")
	if err != nil {
		return 0, err
	}
	s := 0.0
	for k := range ua {
		d := ua[k] - ub[k]
		s += d * d
	}
	return math.Sqrt(s / float64(len(ua))), nil
}

// MeanDifference returns Mean(a) − Mean(b): the difference of the mean
// upper-triangle FC of a model (a) and of the data (b).
func MeanDifference(a, b mat.Matrix) (float64, error) {
	if _, _, err := triangles(a, b, "MeanDifference"); err != nil {
		return 0, err
	}
	return Mean(a) - Mean(b), nil
}

func triangles(a, b mat.Matrix, what string) ([]float64, []float64, error) {
	n, m := a.Dims()
	p, q := b.Dims()
	if n != m || p != q || n != p || n < 2 {
		return nil, nil, fmt.Errorf("fc: %s of %d×%d and %d×%d matrices, want equal square ≥ 2×2", what, n, m, p, q)
	}
	return UpperTriangle(a), UpperTriangle(b), nil
}

// Symmetrise returns (W + Wᵀ)/2 of a square matrix.
func Symmetrise(w mat.Matrix) *mat.Dense {
	n, _ := w.Dims()
	s := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s.Set(i, j, (w.At(i, j)+w.At(j, i))/2)
		}
	}
	return s
}

// SCBaseline returns the structural baseline of an FC fit: the Pearson
// correlation of the strict upper triangles of fc and of the symmetrised
// structural weights sc (raw, unnormalised: a rescaling does not change r).
func SCBaseline(fc, sc mat.Matrix) (float64, error) {
	return Similarity(fc, Symmetrise(sc))
}

// DistanceBaseline returns the distance-based null of an FC fit: the
// Pearson correlation, over the pairs i < j with a positive finite tract
// length, of FC with −L (the symmetrised tract lengths), i.e. how well "FC
// falls linearly with wiring distance" predicts FC. It is positive when FC
// decreases with length.
func DistanceBaseline(fc, lengths mat.Matrix) (float64, error) {
	n, m := fc.Dims()
	p, q := lengths.Dims()
	if n != m || p != q || n != p || n < 3 {
		return 0, fmt.Errorf("fc: DistanceBaseline of %d×%d FC and %d×%d lengths, want equal square ≥ 3×3", n, m, p, q)
	}
	l := Symmetrise(lengths)
	var x, y []float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if v := l.At(i, j); v > 0 && !math.IsInf(v, 0) {
				x = append(x, fc.At(i, j))
				y = append(y, -v)
			}
		}
	}
	if len(x) < 3 {
		return 0, fmt.Errorf("fc: DistanceBaseline: %d pairs with a positive length, want ≥ 3", len(x))
	}
	return Pearson(x, y), nil
}

// SplitHalf returns the split-half noise ceiling of one series: the
// [Similarity] of the FC of its first ⌊T/2⌋ samples and of its last ⌊T/2⌋
// samples (the middle sample of an odd T is left out).
func SplitHalf(x mat.Matrix) (float64, error) {
	t, n := x.Dims()
	h := t / 2
	if h < 2 || n < 3 {
		return 0, fmt.Errorf("fc: SplitHalf of a %d×%d series, want ≥ 4 samples and ≥ 3 regions", t, n)
	}
	d := mat.DenseCopyOf(x)
	a, err := Matrix(nil, d.Slice(0, h, 0, n))
	if err != nil {
		return 0, err
	}
	b, err := Matrix(nil, d.Slice(t-h, t, 0, n))
	if err != nil {
		return 0, err
	}
	return Similarity(a, b)
}

// SubjectCeiling returns the subject-to-subject noise ceiling of a set of
// FC matrices (one per subject, ≥ 2): the mean and the sample standard
// deviation (n−1) of the [Similarity] over all pairs of subjects.
func SubjectCeiling(fcs []mat.Matrix) (mean, sd float64, err error) {
	if len(fcs) < 2 {
		return 0, 0, fmt.Errorf("fc: SubjectCeiling of %d FC matrices, want ≥ 2", len(fcs))
	}
	var rs []float64
	for a := range fcs {
		for b := a + 1; b < len(fcs); b++ {
			r, err := Similarity(fcs[a], fcs[b])
			if err != nil {
				return 0, 0, err
			}
			rs = append(rs, r)
		}
	}
	for _, r := range rs {
		mean += r
	}
	mean /= float64(len(rs))
	if len(rs) > 1 {
		for _, r := range rs {
			sd += (r - mean) * (r - mean)
		}
		sd = math.Sqrt(sd / float64(len(rs)-1))
	}
	return mean, sd, nil
}
