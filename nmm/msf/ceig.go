package msf

import (
	"cmp"
	"math"
	"math/cmplx"
	"slices"
)

// ceig computes the eigenvalues of the complex n×n matrix a (row-major; it
// is overwritten) by Hessenberg reduction with Givens rotations followed by
// the single-shift complex QR algorithm with Wilkinson shifts and deflation.
// It writes them into dst (len n) and reports whether the iteration
// converged. It is meant for the small mode matrices of the master stability
// function (n ≲ 20).
func ceig(dst []complex128, a []complex128, n int) bool {
	at := func(i, j int) complex128 { return a[i*n+j] }
	// Hessenberg reduction: zero a[i][j] for i > j+1 with rotations in the
	// planes (i−1, i), applied as similarity transforms.
	for j := 0; j < n-2; j++ {
		for i := n - 1; i > j+1; i-- {
			if at(i, j) == 0 {
				continue
			}
			c, s := givens(at(i-1, j), at(i, j))
			rotRows(a, n, i-1, i, c, s, 0, n)
			rotCols(a, n, i-1, i, c, s, 0, n)
			a[i*n+j] = 0
		}
	}
	const eps = 2.220446049250313e-16
	hi := n - 1
	iter := 0
	cs := make([]float64, n)
	ss := make([]complex128, n)
	for hi >= 0 {
		if hi == 0 {
			dst[0] = at(0, 0)
			break
		}
		// find the start of the active unreduced block
		lo := hi
		for lo > 0 {
			sub := cmplx.Abs(at(lo, lo-1))
			d := cmplx.Abs(at(lo, lo)) + cmplx.Abs(at(lo-1, lo-1))
			if d == 0 {
				d = 1
			}
			if sub <= eps*d {
				a[lo*n+lo-1] = 0
				break
			}
			lo--
		}
		if lo == hi {
			dst[hi] = at(hi, hi)
			hi--
			iter = 0
			continue
		}
		iter++
		if iter > 60*n {
			return false
		}
		// Wilkinson shift: eigenvalue of the trailing 2×2 block closer to a[hi][hi]
		p, q, r, s := at(hi-1, hi-1), at(hi-1, hi), at(hi, hi-1), at(hi, hi)
		tr, det := p+s, p*s-q*r
		disc := cmplx.Sqrt(tr*tr/4 - det)
		sh1, sh2 := tr/2+disc, tr/2-disc
		shift := sh1
		if cmplx.Abs(sh2-s) < cmplx.Abs(sh1-s) {
			shift = sh2
		}
		if iter%11 == 0 { // exceptional shift
			shift = s + complex(0.75*cmplx.Abs(at(hi, hi-1)), 0)
		}
		for k := lo; k <= hi; k++ {
			a[k*n+k] -= shift
		}
		for k := lo; k < hi; k++ {
			c, sn := givens(at(k, k), at(k+1, k))
			cs[k], ss[k] = c, sn
			rotRows(a, n, k, k+1, c, sn, k, hi+1)
			a[(k+1)*n+k] = 0
		}
		for k := lo; k < hi; k++ {
			top := k + 2
			if top > hi {
				top = hi
			}
			rotCols(a, n, k, k+1, cs[k], ss[k], lo, top+1)
		}
		for k := lo; k <= hi; k++ {
			a[k*n+k] += shift
		}
	}
	sortExp(dst)
	return true
}

// givens returns c (real) and s such that G = [[c, s], [−conj(s), c]] maps
// (x, y) to (ρ, 0).
func givens(x, y complex128) (float64, complex128) {
	ax, ay := cmplx.Abs(x), cmplx.Abs(y)
	if ay == 0 {
		return 1, 0
	}
	if ax == 0 {
		return 0, cmplx.Conj(y) / complex(ay, 0)
	}
	r := math.Hypot(ax, ay)
	return ax / r, (x / complex(ax, 0)) * cmplx.Conj(y) / complex(r, 0)
}

// rotRows applies G to rows i, j (columns c0..c1−1).
func rotRows(a []complex128, n, i, j int, c float64, s complex128, c0, c1 int) {
	cc := complex(c, 0)
	for k := c0; k < c1; k++ {
		x, y := a[i*n+k], a[j*n+k]
		a[i*n+k] = cc*x + s*y
		a[j*n+k] = -cmplx.Conj(s)*x + cc*y
	}
}

// rotCols applies Gᴴ from the right to columns i, j (rows r0..r1−1).
func rotCols(a []complex128, n, i, j int, c float64, s complex128, r0, r1 int) {
	cc := complex(c, 0)
	for k := r0; k < r1; k++ {
		x, y := a[k*n+i], a[k*n+j]
		a[k*n+i] = cc*x + cmplx.Conj(s)*y
		a[k*n+j] = -s*x + cc*y
	}
}

// sortExp sorts by decreasing real part (real parts equal to within
// rounding count as equal, so conjugate pairs stay together), then by
// decreasing imaginary part.
func sortExp(v []complex128) {
	slices.SortStableFunc(v, func(x, y complex128) int {
		if math.Abs(real(x)-real(y)) > 1e-9*(1+math.Abs(real(x))+math.Abs(real(y))) {
			return cmp.Compare(real(y), real(x))
		}
		return cmp.Compare(imag(y), imag(x))
	})
}
