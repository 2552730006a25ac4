package stability

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/settings"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// FixedPoint is an equilibrium y* (f(y*) = 0) with the eigenvalues of the
// Jacobian there.
type FixedPoint struct {
	Y           []float64    // the state y*
	Eigenvalues []complex128 // eigenvalues of ∂f/∂y at y*, by decreasing real part
	Stable      bool         // all Re λ < 0 (linearly asymptotically stable)
	Kind        Kind         // StableNode, …
}

// Settings are the options of the Newton solver and the classification.
// A nil *Settings or a zero field means the default named in the field's
// comment (applied with package settings); a negative tolerance or
// iteration count is an error.
type Settings struct {
	T        float64 // time at which the (autonomous) system is evaluated; default 0
	Tol      float64 // convergence: ‖f(y)‖∞ ≤ Tol·max(1, ‖y‖∞) and step ≤ Tol·max(1, ‖y‖∞); default 1e-10
	MaxIter  int     // maximum Newton iterations per seed; default 100
	DedupTol float64 // equilibria closer than DedupTol·max(1, ‖y‖∞) are one; default 1e-6
	// ZeroTol: |Re λ| ≤ ZeroTol·max(1, |λ|max) counts as zero (non-hyperbolic),
	// and |Im λ| ≤ ZeroTol·max(1, |λ|max) as real; default 1e-9.
	ZeroTol float64
	// Valid, if non-nil, rejects converged states outside the model's
	// domain (e.g. r < 0 for a firing rate).
	Valid func(y []float64) bool
}

func (s *Settings) defaults() (Settings, error) {
	d := settings.Of(s)
	settings.Default(&d.Tol, 1e-10)
	settings.Default(&d.MaxIter, 100)
	settings.Default(&d.DedupTol, 1e-6)
	settings.Default(&d.ZeroTol, 1e-9)
	if !(d.Tol > 0) || d.MaxIter < 1 || !(d.DedupTol > 0) || !(d.ZeroTol > 0) {
		return d, fmt.Errorf("stability: Settings Tol = %v, MaxIter = %d, DedupTol = %v, ZeroTol = %v: want > 0 (0: default)", d.Tol, d.MaxIter, d.DedupTol, d.ZeroTol)
	}
	return d, nil
}

// ErrNoConvergence reports that Newton's method did not converge from a seed.
var ErrNoConvergence = errors.New("stability: Newton iteration did not converge")

// Jac writes the Jacobian ∂f_i/∂y_j of sys at (t, y) into dst (n×n): the
// model's analytic Jacobian if sys implements ode.Jacobian, otherwise
// central finite differences with the step rule of ode.FDStep (see
// ode.Jac).
func Jac(dst *mat.Dense, sys ode.System, t float64, y []float64) { ode.Jac(dst, sys, t, y) }

// FDJac writes the central finite-difference Jacobian of sys at (t, y) into
// dst, ignoring any analytic Jacobian (see ode.FDJac for the step rule).
func FDJac(dst *mat.Dense, sys ode.System, t float64, y []float64) { ode.FDJac(dst, sys, t, y) }

// Analyze returns the fixed point record of y (assumed an equilibrium of
// sys): a copy of y, the eigenvalues of the Jacobian and the classification.
func Analyze(sys ode.System, y []float64, s *Settings) (FixedPoint, error) {
	set, err := s.defaults()
	if err != nil {
		return FixedPoint{}, err
	}
	n := sys.Dim()
	jac := mat.NewDense(n, n, nil)
	Jac(jac, sys, set.T, y)
	ev, err := Eigenvalues(jac)
	if err != nil {
		return FixedPoint{}, fmt.Errorf("%w at y = %v", err, y)
	}
	kind, stable := Classify(ev, set.ZeroTol)
	return FixedPoint{Y: slices.Clone(y), Eigenvalues: ev, Stable: stable, Kind: kind}, nil
}

// Newton solves f(y) = 0 by Newton's method from y0 with a backtracking
// line search on ‖f‖₂ (damping), and returns the root. It stops with
// success when both the residual ‖f‖∞ and the last step are below
// Tol·max(1, ‖y‖∞), and returns an error wrapping [ErrNoConvergence] when
// the Jacobian is singular, the state becomes non-finite, or MaxIter is
// reached.
func Newton(sys ode.System, y0 []float64, s *Settings) ([]float64, error) {
	set, err := s.defaults()
	if err != nil {
		return nil, err
	}
	n := sys.Dim()
	if len(y0) != n {
		return nil, fmt.Errorf("stability: seed has length %d, want %d", len(y0), n)
	}
	w := newNewtonWork(sys)
	y := slices.Clone(y0)
	if err := w.solve(sys, y, &set); err != nil {
		return y, err
	}
	return y, nil
}

type newtonWork struct {
	f, ft, dy, yt []float64
	jac           *mat.Dense
	jf            ode.JacFunc
	lu            mat.LU
	dyv           *mat.VecDense
	fv            *mat.VecDense
}

func newNewtonWork(sys ode.System) *newtonWork {
	n := sys.Dim()
	w := &newtonWork{f: make([]float64, n), ft: make([]float64, n), dy: make([]float64, n), yt: make([]float64, n),
		jac: mat.NewDense(n, n, nil), jf: ode.JacOf(sys)}
	w.dyv = mat.NewVecDense(n, w.dy)
	w.fv = mat.NewVecDense(n, w.f)
	return w
}

func (w *newtonWork) solve(sys ode.System, y []float64, set *Settings) error {
	t := set.T
	sys.Deriv(w.f, t, y)
	norm2 := floats.Dot(w.f, w.f)
	for it := 0; it < set.MaxIter; it++ {
		scale := math.Max(1, floats.Norm(y, math.Inf(1)))
		res := floats.Norm(w.f, math.Inf(1))
		if !finite(res) {
			return fmt.Errorf("%w: non-finite residual at y = %v", ErrNoConvergence, y)
		}
		w.jf(w.jac, t, y)
		w.lu.Factorize(w.jac)
		if w.lu.Det() == 0 || w.lu.Cond() > 1e15 {
			if res <= set.Tol*scale {
				return nil // converged onto a singular equilibrium
			}
			return fmt.Errorf("%w: singular Jacobian at y = %v", ErrNoConvergence, y)
		}
		if err := w.lu.SolveVecTo(w.dyv, false, w.fv); err != nil {
			return fmt.Errorf("%w: %v", ErrNoConvergence, err)
		}
		// y_new = y − λ dy, halving λ until ‖f‖ decreases (Armijo-like)
		lambda := 1.0
		var nt float64
		for k := 0; ; k++ {
			for i := range y {
				w.yt[i] = y[i] - lambda*w.dy[i]
			}
			sys.Deriv(w.ft, t, w.yt)
			nt = floats.Dot(w.ft, w.ft)
			if (finite(nt) && nt <= (1-1e-4*lambda)*norm2) || k >= 30 {
				break
			}
			lambda /= 2
		}
		if !finite(nt) {
			return fmt.Errorf("%w: non-finite state near y = %v", ErrNoConvergence, y)
		}
		step := lambda * floats.Norm(w.dy, math.Inf(1))
		copy(y, w.yt)
		copy(w.f, w.ft)
		norm2 = nt
		scale = math.Max(1, floats.Norm(y, math.Inf(1)))
		if step <= set.Tol*scale && floats.Norm(w.f, math.Inf(1)) <= set.Tol*scale {
			return nil
		}
		if floats.Norm(w.f, math.Inf(1)) <= 1e-3*set.Tol*scale {
			return nil // residual at rounding level
		}
	}
	return fmt.Errorf("%w after %d iterations (y = %v)", ErrNoConvergence, set.MaxIter, y)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// FixedPoints runs damped Newton ([Newton]) from every seed, keeps the
// converged, valid, distinct equilibria and returns them with their
// eigenvalues and classification, sorted by the first state variable.
// Seeds that do not converge are skipped; an empty result is not an error.
// The search is only as complete as the seeds; for the MPR model use
// [MPRFixedPoints], which is exact.
func FixedPoints(sys ode.System, seeds [][]float64, s *Settings) ([]FixedPoint, error) {
	set, err := s.defaults()
	if err != nil {
		return nil, err
	}
	n := sys.Dim()
	w := newNewtonWork(sys)
	var roots [][]float64
	y := make([]float64, n)
	for k, seed := range seeds {
		if len(seed) != n {
			return nil, fmt.Errorf("stability: seed %d has length %d, want %d", k, len(seed), n)
		}
		copy(y, seed)
		if err := w.solve(sys, y, &set); err != nil {
			continue
		}
		if set.Valid != nil && !set.Valid(y) {
			continue
		}
		roots = addDistinct(roots, y, set.DedupTol)
	}
	return analyzeAll(sys, roots, &set)
}

func addDistinct(roots [][]float64, y []float64, tol float64) [][]float64 {
	scale := math.Max(1, floats.Norm(y, math.Inf(1)))
	for _, r := range roots {
		if floats.Distance(r, y, math.Inf(1)) <= tol*scale {
			return roots
		}
	}
	return append(roots, slices.Clone(y))
}

func analyzeAll(sys ode.System, roots [][]float64, set *Settings) ([]FixedPoint, error) {
	slices.SortFunc(roots, func(a, b []float64) int {
		for i := range a {
			if a[i] < b[i] {
				return -1
			}
			if a[i] > b[i] {
				return 1
			}
		}
		return 0
	})
	out := make([]FixedPoint, 0, len(roots))
	for _, r := range roots {
		fp, err := Analyze(sys, r, set)
		if err != nil {
			return out, err
		}
		out = append(out, fp)
	}
	return out, nil
}

// GridSeeds returns the seeds of a regular grid with k points per axis on
// the box lo[i] ≤ y_i ≤ hi[i] (k^n seeds; keep n·log k small).
func GridSeeds(lo, hi []float64, k int) [][]float64 {
	n := len(lo)
	if k < 1 || len(hi) != n {
		return nil
	}
	total := 1
	for range n {
		total *= k
	}
	out := make([][]float64, 0, total)
	idx := make([]int, n)
	for range total {
		y := make([]float64, n)
		for i := range n {
			if k == 1 {
				y[i] = (lo[i] + hi[i]) / 2
			} else {
				y[i] = lo[i] + (hi[i]-lo[i])*float64(idx[i])/float64(k-1)
			}
		}
		out = append(out, y)
		for i := range n {
			idx[i]++
			if idx[i] < k {
				break
			}
			idx[i] = 0
		}
	}
	return out
}
