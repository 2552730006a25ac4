package plotting

import (
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
)

// This file holds the small conversions that notebooks need between library
// results and figures, so that no notebook defines its own.

// Must stops a notebook cell when err is non-nil: it logs the error and
// exits (log.Fatal), which the notebook runner reports as a failed cell.
// It is meant for notebooks and command-line examples only; library code
// returns its errors.
func Must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// Scale returns a new slice c·x, for a change of display unit: Scale(1000,
// x) turns rates in kHz (1/ms) into Hz.
func Scale(c float64, x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = c * v
	}
	return out
}

// MatrixRows returns the entries of m as the rows of a [Heatmap] matrix
// (row i of m is row i of the figure). If f is not nil, entry (i, j) is
// f(i, j, m(i, j)) instead, e.g. a logarithm, a unit change, or NaN to leave
// the diagonal blank.
func MatrixRows(m mat.Matrix, f func(i, j int, v float64) float64) [][]float64 {
	r, c := m.Dims()
	out := make([][]float64, r)
	for i := range out {
		out[i] = make([]float64, c)
		for j := range out[i] {
			v := m.At(i, j)
			if f != nil {
				v = f(i, j, v)
			}
			out[i][j] = v
		}
	}
	return out
}

// NoDiagonal is a MatrixRows entry function that leaves the diagonal blank
// (NaN), as in functional-connectivity maps whose diagonal is 1 by
// definition.
func NoDiagonal(i, j int, v float64) float64 {
	if i == j {
		return math.NaN()
	}
	return v
}

// GridHeatmap returns a [Heatmap] of a quantity on a grid of two
// parameters: value(i, j) at x = xs[i] (columns, left to right) and
// y = ys[j] (rows, increasing upwards, the orientation of a parameter map or
// a comodulogram). The rows and columns are labelled with the coordinates
// formatted by format (e.g. "%.1f", "%g").
func GridHeatmap(title string, x, y, v Axis, xs, ys []float64, format string, value func(i, j int) float64) *Figure {
	m := make([][]float64, len(ys))
	rows := make([]string, len(ys))
	cols := make([]string, len(xs))
	for i, xv := range xs {
		cols[i] = fmt.Sprintf(format, xv)
	}
	for r := range m {
		j := len(ys) - 1 - r
		rows[r] = fmt.Sprintf(format, ys[j])
		m[r] = make([]float64, len(xs))
		for i := range xs {
			m[r][i] = value(i, j)
		}
	}
	f := Heatmap(title, x, y, v, m)
	f.RowLabels, f.ColLabels = rows, cols
	return f
}

// TimeHeatmap returns a [Heatmap] of the columns of ts against time: row n
// is column n of ts (labelled with its label), column b the mean of scale·x
// over the b-th of at most maxBins equal bins of consecutive samples (a
// region × time map of a network run; scale changes the display unit, e.g.
// 1000 for kHz → Hz). Bins hold ⌊Len/bins⌋ samples each, trailing samples
// that do not fill a bin are dropped, and each time bin is labelled with the
// time of its first sample (format "%.0f").
func TimeHeatmap(title string, t, y, value Axis, ts *nmm.TimeSeries, scale float64, maxBins int) *Figure {
	bins := min(maxBins, ts.Len())
	if bins < 1 {
		return Heatmap(title, t, y, value, nil)
	}
	per := ts.Len() / bins
	m := make([][]float64, ts.Cols())
	for n := range m {
		m[n] = make([]float64, bins)
		for b := range m[n] {
			s := 0.0
			for k := b * per; k < (b+1)*per; k++ {
				s += ts.At(k, n)
			}
			m[n][b] = scale * s / float64(per)
		}
	}
	cols := make([]string, bins)
	for b := range cols {
		cols[b] = fmt.Sprintf("%.0f", ts.T[b*per])
	}
	f := Heatmap(title, t, y, value, m)
	f.RowLabels, f.ColLabels = ts.Labels, cols
	return f
}
