package stability

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/internal/matcheck"
	"gonum.org/v1/gonum/mat"
)

// Kind names the type of an equilibrium from the eigenvalues of its
// Jacobian (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.,
// Springer (2004), §2.1). Its String form is the name used in JSON and CSV
// output ("stable node", …).
type Kind string

// String returns the name of the kind ("stable focus", …).
func (k Kind) String() string { return string(k) }

// Kinds of equilibria returned by [Classify].
const (
	StableNode    Kind = "stable node"    // all eigenvalues real and negative
	StableFocus   Kind = "stable focus"   // all Re λ < 0, at least one complex pair
	Saddle        Kind = "saddle"         // eigenvalues with Re λ > 0 and with Re λ < 0
	UnstableNode  Kind = "unstable node"  // all eigenvalues real and positive
	UnstableFocus Kind = "unstable focus" // all Re λ > 0, at least one complex pair
	Centre        Kind = "centre"         // all eigenvalues purely imaginary, non-zero
	NonHyperbolic Kind = "non-hyperbolic" // some Re λ = 0 (within tolerance), not a centre
)

// Eigenvalues returns the eigenvalues of the square matrix a sorted by
// decreasing real part, then decreasing imaginary part ([SortEigenvalues]).
// It returns an error if a has Inf or NaN entries or the
// eigen-decomposition fails.
func Eigenvalues(a mat.Matrix) ([]complex128, error) {
	if err := matcheck.Finite(a); err != nil {
		return nil, fmt.Errorf("stability: eigenvalue decomposition failed: %w", err)
	}
	var e mat.Eigen
	if !e.Factorize(a, mat.EigenNone) {
		return nil, errors.New("stability: eigenvalue decomposition failed: did not converge")
	}
	ev := e.Values(nil)
	SortEigenvalues(ev)
	return ev, nil
}

// SortEigenvalues orders ev by decreasing real part, then decreasing
// imaginary part.
func SortEigenvalues(ev []complex128) {
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
func Classify(ev []complex128, zeroTol float64) (kind Kind, stable bool) {
	if zeroTol <= 0 {
		zeroTol = 1e-9
	}
	scale := 1.0
	for _, l := range ev {
		scale = math.Max(scale, math.Hypot(real(l), imag(l)))
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
