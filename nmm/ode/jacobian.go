package ode

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// Jacobian is implemented by systems with an analytic Jacobian: Jac writes
// ∂f_i/∂y_j at (t, y) into dst (Dim×Dim) and must not allocate.
type Jacobian interface {
	Jac(dst *mat.Dense, t float64, y []float64)
}

// JacFunc writes the Jacobian ∂f_i/∂y_j of a system at (t, y) into dst
// (Dim×Dim). The Jac method of a [Jacobian] system is a JacFunc.
type JacFunc func(dst *mat.Dense, t float64, y []float64)

// cbrtEps is ε^{1/3} for float64, the relative step that balances the
// O(h²) truncation and O(ε/h) rounding errors of central differences.
const cbrtEps = 6.055454452393343e-06

// FDStep is the one finite-difference step rule of the library: the step of
// a central difference in a variable of magnitude |x| is
//
//	h = ε^{1/3}·max(1, |x|)   (ε the float64 machine epsilon),
//
// the rule of SciPy's approx_derivative for its '3-point' scheme. With it
// the error of a central difference of a smooth f is about ε^{2/3} ≈ 4e-11
// relative. Jacobian columns use the magnitude of their own variable;
// Jacobian–vector products J q use x = ‖y‖∞ and divide h by ‖q‖∞.
func FDStep(x float64) float64 { return cbrtEps * math.Max(1, math.Abs(x)) }

// NumJac returns a JacFunc computing the Jacobian of sys by the central
// difference formula of gonum's diff/fd (fd.Central) with the step rule
// [FDStep] for every column. The returned function owns its workspace
// (it allocates nothing per call) and must not be called concurrently.
func NumJac(sys System) JacFunc {
	n := sys.Dim()
	yp, f, col := make([]float64, n), make([]float64, n), make([]float64, n)
	st := fd.Central.Stencil
	return func(dst *mat.Dense, t float64, y []float64) {
		copy(yp, y)
		for j := range n {
			h := FDStep(y[j])
			for i := range col {
				col[i] = 0
			}
			for _, pt := range st {
				yp[j] = y[j] + pt.Loc*h
				sys.Deriv(f, t, yp)
				for i, v := range f {
					col[i] += pt.Coeff * v
				}
			}
			yp[j] = y[j]
			for i, v := range col {
				dst.Set(i, j, v/h)
			}
		}
	}
}

// JacOf returns the Jacobian of sys: its analytic Jac method if sys
// implements [Jacobian], otherwise [NumJac](sys).
func JacOf(sys System) JacFunc {
	if j, ok := sys.(Jacobian); ok {
		return j.Jac
	}
	return NumJac(sys)
}

// Jac writes the Jacobian of sys at (t, y) into dst (Dim×Dim): the analytic
// one if sys implements [Jacobian], otherwise central finite differences
// ([NumJac]; this one-off call allocates its small workspace).
func Jac(dst *mat.Dense, sys System, t float64, y []float64) {
	JacOf(sys)(dst, t, y)
}

// FDJac writes the central finite-difference Jacobian of sys at (t, y) into
// dst ([NumJac]), ignoring any analytic Jacobian.
func FDJac(dst *mat.Dense, sys System, t float64, y []float64) {
	NumJac(sys)(dst, t, y)
}
