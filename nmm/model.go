package nmm

import "github.com/ngnmm/ngnmm/nmm/ode"

// Model is a single-node neural mass model: an ode.System with named
// variables and units, and parameter validation.
type Model interface {
	Dim() int
	Deriv(dst []float64, t float64, y []float64)
	Vars() []string  // variable names, e.g. "r", "v"
	Units() []string // units of the variables, e.g. "1/τ", "" (dimensionless)
	Validate() error // a clear error naming the parameter, its value and the allowed range
}

// Jacobian is implemented by models with an analytic Jacobian: Jac writes
// ∂f_i/∂y_j into dst (Dim×Dim). It is the one Jacobian concept of the
// library, ode.Jacobian; analyses fall back to ode.NumJac without it.
type Jacobian = ode.Jacobian

// Coupled is a node model that can be placed in a network. It sends one
// state variable, y[CouplingVar()], to other nodes, and receives one scalar
// afferent input c = G Σ_m W[n][m] y_m[CouplingVar()] (already scaled by the
// network's global coupling G; W row = target). DerivCoupled(dst, t, y, 0)
// equals Deriv(dst, t, y). The model documents where c enters its equations.
type Coupled interface {
	Model
	CouplingVar() int
	DerivCoupled(dst []float64, t float64, y []float64, c float64)
}

// CouplingJacobian is implemented by coupled models that give the derivative
// of the right-hand side with respect to the input c: dst[i] = ∂f_i/∂c.
// The master stability function uses it.
type CouplingJacobian interface {
	CouplingJac(dst []float64, t float64, y []float64)
}
