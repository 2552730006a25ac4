package lyapunov

import "gonum.org/v1/gonum/mat"

// Lorenz is the Lorenz (1963) system, the standard test case of Lyapunov
// spectrum algorithms:
//
//	dx/dt = σ (y − x)
//	dy/dt = x (ρ − z) − y
//	dz/dt = x y − β z
//
// The divergence (trace of the Jacobian) is the constant −(σ + 1 + β), so
// the exponents sum to −(σ + 1 + β). For σ = 10, ρ = 28, β = 8/3 the
// literature exponents are ≈ 0.9056, 0, −14.5723 (J. C. Sprott, Chaos and
// Time-Series Analysis, Oxford University Press 2003, Table A.1; Wolf et
// al. 1985 give 0.90).
//
// References:
//   - E. N. Lorenz, Deterministic nonperiodic flow, J. Atmos. Sci. 20, 130
//     (1963), doi:10.1175/1520-0469(1963)020<0130:DNF>2.0.CO;2.
type Lorenz struct {
	Sigma, Rho, Beta float64 // σ, ρ, β (dimensionless)
}

// DefaultLorenz returns the classical chaotic parameters σ = 10, ρ = 28,
// β = 8/3.
func DefaultLorenz() Lorenz { return Lorenz{Sigma: 10, Rho: 28, Beta: 8.0 / 3} }

// Dim returns 3.
func (l *Lorenz) Dim() int { return 3 }

// Vars returns "x", "y", "z".
func (l *Lorenz) Vars() []string { return []string{"x", "y", "z"} }

// Deriv implements ode.System.
func (l *Lorenz) Deriv(dst []float64, t float64, y []float64) {
	dst[0] = l.Sigma * (y[1] - y[0])
	dst[1] = y[0]*(l.Rho-y[2]) - y[1]
	dst[2] = y[0]*y[1] - l.Beta*y[2]
}

// Jac writes the analytic Jacobian (nmm.Jacobian).
func (l *Lorenz) Jac(dst *mat.Dense, t float64, y []float64) {
	dst.Set(0, 0, -l.Sigma)
	dst.Set(0, 1, l.Sigma)
	dst.Set(0, 2, 0)
	dst.Set(1, 0, l.Rho-y[2])
	dst.Set(1, 1, -1)
	dst.Set(1, 2, -y[0])
	dst.Set(2, 0, y[1])
	dst.Set(2, 1, y[0])
	dst.Set(2, 2, -l.Beta)
}

// Linear is the linear system dy/dt = A y (A square, row-major, Dim×Dim).
// Its Lyapunov exponents are the real parts of the eigenvalues of A (with
// multiplicity), which makes it an exact test of the algorithm.
type Linear struct {
	A *mat.Dense
}

// Dim returns the size of A.
func (l *Linear) Dim() int { r, _ := l.A.Dims(); return r }

// Deriv implements ode.System.
func (l *Linear) Deriv(dst []float64, t float64, y []float64) {
	raw := l.A.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		s := 0.0
		for j, a := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			s += a * y[j]
		}
		dst[i] = s
	}
}

// Jac writes A.
func (l *Linear) Jac(dst *mat.Dense, t float64, y []float64) { dst.Copy(l.A) }
