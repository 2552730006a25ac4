package continuation

import "math"

// Curves splits component i of the branch states into its stable and
// unstable parts for plotting: p holds the parameter of every point, and
// stable[k] (unstable[k]) is Y[i] at point k when it is (is not) stable and
// NaN otherwise, so that a plotting library draws each part with gaps. At a
// change of stability both curves hold the point, so the parts join. i = -1
// selects the parameter itself.
func (b *Branch) Curves(i int) (p, stable, unstable []float64) {
	n := len(b.Points)
	p, stable, unstable = make([]float64, n), make([]float64, n), make([]float64, n)
	for k, pt := range b.Points {
		p[k] = pt.P
		y := pt.P
		if i >= 0 {
			y = pt.Y[i]
		}
		stable[k], unstable[k] = math.NaN(), math.NaN()
		join := (k > 0 && b.Points[k-1].Stable != pt.Stable) || (k+1 < n && b.Points[k+1].Stable != pt.Stable)
		if pt.Stable || join {
			stable[k] = y
		}
		if !pt.Stable || join {
			unstable[k] = y
		}
	}
	return p, stable, unstable
}
