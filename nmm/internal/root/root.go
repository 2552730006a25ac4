// Package root holds the scalar root finder shared by the analysis packages
// (continuation: folds and Hopf points on equilibrium branches; cycle: Hopf
// points and cycle bifurcations on periodic branches).
package root

import "math"

// Illinois finds s between a and b with phi(s) = 0, where phi(a) = fa and
// phi(b) = fb have opposite signs, by the Illinois variant of regula falsi
// (Dowell & Jarratt, BIT 11, 168 (1971)): the secant through the bracket
// ends, and when the same end is kept twice its function value is halved,
// which restores superlinear convergence. A trial point outside the open
// bracket, and every 8th trial, is replaced by the midpoint (a bisection
// safeguard).
//
// It stops when |b − a| ≤ tol, at an exact zero, or after maxIter
// evaluations of phi, and returns the zero or the bracket end with the
// smaller |phi|. An error from phi is returned at once with the last trial.
func Illinois(phi func(s float64) (float64, error), a, b, fa, fb, tol float64, maxIter int) (float64, error) {
	side := 0
	for it := 0; it < maxIter; it++ {
		if math.Abs(b-a) <= tol {
			break
		}
		s := (a*fb - b*fa) / (fb - fa)
		if !(s > math.Min(a, b) && s < math.Max(a, b)) || it%8 == 7 {
			s = (a + b) / 2
		}
		fs, err := phi(s)
		if err != nil {
			return s, err
		}
		if fs == 0 {
			return s, nil
		}
		if (fs > 0) == (fb > 0) {
			b, fb = s, fs
			if side == -1 {
				fa /= 2
			}
			side = -1
		} else {
			a, fa = s, fs
			if side == 1 {
				fb /= 2
			}
			side = 1
		}
	}
	if math.Abs(fa) < math.Abs(fb) {
		return a, nil
	}
	return b, nil
}

// Bisect returns a zero of the continuous f in [a, b], where f(a) and f(b)
// have opposite signs (or one is zero), to full floating-point resolution.
func Bisect(f func(float64) float64, a, b float64) float64 {
	fa := f(a)
	if fa == 0 {
		return a
	}
	for range 200 {
		m := a + (b-a)/2
		if m <= a || m >= b {
			break
		}
		fm := f(m)
		if fm == 0 {
			return m
		}
		if (fm < 0) == (fa < 0) {
			a, fa = m, fm
		} else {
			b = m
		}
	}
	return a + (b-a)/2
}
