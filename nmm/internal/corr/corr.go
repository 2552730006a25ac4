// Package corr holds the centred cross- and auto-sums behind the Pearson
// correlations of packages fc (FC convention: 0 for a constant signal) and
// graph (scipy convention: NaN).
package corr

// Sums returns Σ(x−x̄)(y−ȳ), Σ(x−x̄)² and Σ(y−ȳ)² of two equally long,
// non-empty slices (two passes: means first, for accuracy).
func Sums(x, y []float64) (sxy, sxx, syy float64) {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	for i := range x {
		a, b := x[i]-mx, y[i]-my
		sxy += a * b
		sxx += a * a
		syy += b * b
	}
	return sxy, sxx, syy
}
