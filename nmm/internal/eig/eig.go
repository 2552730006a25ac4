// Package eig holds the eigenvalue helpers shared by the equilibrium
// analyses (package stability for any model, the E–I node's exact fixed
// points in package nmm): sorted eigenvalues of a Jacobian and the
// classification of an equilibrium from them (Kuznetsov, Elements of
// Applied Bifurcation Theory, 3rd ed., Springer (2004), §2.1).
package eig

import (
	"errors"
	"math"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/internal/matcheck"
	"gonum.org/v1/gonum/mat"
)

// Kinds of equilibria returned by [Classify].
const (
	StableNode    = "stable node"    // all eigenvalues real and negative
	StableFocus   = "stable focus"   // all Re λ < 0, at least one complex pair
	Saddle        = "saddle"         // eigenvalues with Re λ > 0 and with Re λ < 0
	UnstableNode  = "unstable node"  // all eigenvalues real and positive
	UnstableFocus = "unstable focus" // all Re λ > 0, at least one complex pair
	Centre        = "centre"         // all eigenvalues purely imaginary, non-zero
	NonHyperbolic = "non-hyperbolic" // some Re λ = 0 (within tolerance), not a centre
)

// Values returns the eigenvalues of the square matrix a sorted by
// decreasing real part, then decreasing imaginary part. Matrices with Inf
// or NaN entries are refused (see package matcheck).
func Values(a mat.Matrix) ([]complex128, error) {
	if err := matcheck.Finite(a); err != nil {
		return nil, err
	}
	var e mat.Eigen
	if !e.Factorize(a, mat.EigenNone) {
		return nil, errors.New("eigenvalue decomposition did not converge")
	}
	ev := e.Values(nil)
	Sort(ev)
	return ev, nil
}

// Sort orders ev by decreasing real part, then decreasing imaginary part.
func Sort(ev []complex128) {
	slices.SortFunc(ev, func(a, b complex128) int {
		switch {
		case real(a) > real(b):
			return -1
		case real(a) < real(b):
			return 1
		case imag(a) > imag(b):
			return -1
		case imag(a) < imag(b):
			return 1
		}
		return 0
	})
}

// Classify names an equilibrium from its eigenvalues (see the kind
// constants) and reports whether it is linearly stable (all Re λ < 0).
// zeroTol is the relative tolerance below which a real or imaginary part
// counts as zero (scaled by max(1, max|λ|)); 0 means 1e-9.
func Classify(ev []complex128, zeroTol float64) (kind string, stable bool) {
	if zeroTol <= 0 {
		zeroTol = 1e-9
	}
	scale := 1.0
	for _, l := range ev {
		scale = math.Max(scale, cmplxAbs(l))
	}
	tol := zeroTol * scale
	var pos, neg, zero, complexPair, imagNonZero int
	for _, l := range ev {
		switch {
		case real(l) > tol:
			pos++
		case real(l) < -tol:
			neg++
		default:
			zero++
			if math.Abs(imag(l)) > tol {
				imagNonZero++
			}
		}
		if math.Abs(imag(l)) > tol {
			complexPair++
		}
	}
	switch {
	case len(ev) == 0:
		return NonHyperbolic, false
	case zero > 0:
		if zero == len(ev) && imagNonZero == zero {
			return Centre, false
		}
		return NonHyperbolic, false
	case pos > 0 && neg > 0:
		return Saddle, false
	case neg > 0 && complexPair > 0:
		return StableFocus, true
	case neg > 0:
		return StableNode, true
	case complexPair > 0:
		return UnstableFocus, false
	default:
		return UnstableNode, false
	}
}

func cmplxAbs(z complex128) float64 { return math.Hypot(real(z), imag(z)) }
