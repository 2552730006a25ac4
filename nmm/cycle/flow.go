package cycle

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/internal/matcheck"
	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// JacFunc writes the Jacobian ∂f_i/∂y_j of a system at (t, y) into dst
// (Dim×Dim); it is ode.JacFunc. The Jac method of an ode.Jacobian (nmm.Jacobian)
// model is a JacFunc.
type JacFunc = ode.JacFunc

// NumJac returns a JacFunc computing the Jacobian of sys by central finite
// differences (ode.NumJac: gonum's fd.Central with the step rule of
// ode.FDStep). The returned function owns a workspace and must not be
// called concurrently.
func NumJac(sys ode.System) JacFunc { return ode.NumJac(sys) }

// DefaultSteps is the number of RK4 steps per period used when
// Options.Steps is 0.
const DefaultSteps = 2000

// integrator integrates a system (optionally with its variational equation)
// over [0, T] in a fixed number of RK4 steps. It owns its workspaces.
type integrator struct {
	sys   ode.System
	n     int
	steps int
	rk    *ode.RK4
	va    *ode.Tangent // state + n deviation vectors (the columns of Φ)
	y     []float64    // n + n*n
	min   []float64
	max   []float64
}

func newIntegrator(sys ode.System, jac JacFunc, steps int) *integrator {
	n := sys.Dim()
	if steps <= 0 {
		steps = DefaultSteps
	}
	in := &integrator{sys: sys, n: n, steps: steps, rk: ode.NewRK4(1), y: make([]float64, n+n*n),
		min: make([]float64, n), max: make([]float64, n)}
	if jac != nil {
		in.va = ode.NewTangent(sys, n, jac)
	}
	return in
}

// flow integrates y0 over time T; with variational=true also Φ from Φ(0)=I.
// The result is in in.y (state in in.y[:n], then the columns of Φ, see
// ode.Tangent; [integrator.phi] reads Φ_ij); the
// range of every variable over the steps is in in.min, in.max.
func (in *integrator) flow(y0 []float64, T float64, variational bool) error {
	n := in.n
	if !(T > 0) || math.IsInf(T, 0) {
		return fmt.Errorf("cycle: period %v, want finite > 0", T)
	}
	var sys ode.System = in.sys
	y := in.y[:n]
	copy(y, y0)
	if variational {
		if in.va == nil {
			panic("cycle: no Jacobian")
		}
		sys = in.va
		y = in.y
		in.va.SetIdentity(y)
	}
	copy(in.min, y0)
	copy(in.max, y0)
	in.rk.Dt = T / float64(in.steps)
	if err := in.rk.Init(sys, 0, y); err != nil {
		return err
	}
	for range in.steps {
		if err := in.rk.Step(); err != nil {
			return err
		}
		_, ys := in.rk.State()
		lo, hi := in.min[:n], in.max[:n]
		// The builtins: math.Min/Max's semantics (NaN, −0 < +0), inlined.
		for i, v := range ys[:len(lo)] {
			lo[i] = min(lo[i], v)
			hi[i] = max(hi[i], v)
		}
	}
	_, ys := in.rk.State()
	copy(y, ys)
	return nil
}

// Monodromy integrates y0 together with the variational equation
// dΦ/dt = jac(y(t)) Φ, Φ(0) = I, over [0, T] and writes Φ(T) into dst
// (n×n). For a periodic orbit of period T through y0 and jac the system's
// Jacobian this is the monodromy matrix, whose eigenvalues are the Floquet
// multipliers; jac may be any other (e.g. a master-stability-function
// modified) Jacobian evaluated along the orbit of sys.
//
// Integration: RK4 with DefaultSteps steps (see [MonodromySteps]).
func Monodromy(dst *mat.Dense, sys ode.System, jac JacFunc, y0 []float64, T float64) error {
	return MonodromySteps(dst, sys, jac, y0, T, DefaultSteps)
}

// MonodromySteps is [Monodromy] with a given number of RK4 steps.
func MonodromySteps(dst *mat.Dense, sys ode.System, jac JacFunc, y0 []float64, T float64, steps int) error {
	n := sys.Dim()
	if r, c := dst.Dims(); r != n || c != n {
		panic("cycle: Monodromy dst dimension mismatch")
	}
	if len(y0) != n {
		panic("cycle: Monodromy y0 length mismatch")
	}
	if jac == nil {
		return errors.New("cycle: Monodromy needs a Jacobian (use NumJac)")
	}
	in := newIntegrator(sys, jac, steps)
	if err := in.flow(y0, T, true); err != nil {
		return err
	}
	in.va.Matrix(dst, in.y)
	return nil
}

// phi returns Φ_ij of the last variational flow.
func (in *integrator) phi(i, j int) float64 { return in.y[in.n*(1+j)+i] }

// Multipliers returns the eigenvalues of the monodromy matrix m (the Floquet
// multipliers), sorted by decreasing modulus (ties: by decreasing real part,
// then by decreasing imaginary part).
func Multipliers(m *mat.Dense) ([]complex128, error) {
	if err := matcheck.Finite(m); err != nil {
		return nil, fmt.Errorf("cycle: monodromy matrix: %w", err)
	}
	var eig mat.Eigen
	if !eig.Factorize(m, mat.EigenNone) {
		return nil, errors.New("cycle: eigenvalue decomposition of the monodromy matrix failed")
	}
	ev := eig.Values(nil)
	slices.SortStableFunc(ev, func(a, b complex128) int {
		if d := cmplx.Abs(b) - cmplx.Abs(a); d != 0 && math.Abs(d) > 1e-14*(cmplx.Abs(a)+cmplx.Abs(b)) {
			if d > 0 {
				return 1
			}
			return -1
		}
		if real(a) != real(b) {
			if real(a) > real(b) {
				return -1
			}
			return 1
		}
		if imag(a) > imag(b) {
			return -1
		} else if imag(a) < imag(b) {
			return 1
		}
		return 0
	})
	return ev, nil
}

// Exponents returns the Floquet exponents μ = ln(multiplier)/T (principal
// branch of the complex logarithm; 1/time unit) of the given multipliers.
// A zero multiplier gives −Inf real part.
func Exponents(multipliers []complex128, T float64) []complex128 {
	mu := make([]complex128, len(multipliers))
	for i, m := range multipliers {
		mu[i] = cmplx.Log(m) / complex(T, 0)
	}
	return mu
}

// trivialIndex returns the index of the multiplier closest to 1.
func trivialIndex(m []complex128) int {
	best, bi := math.Inf(1), 0
	for i, x := range m {
		if d := cmplx.Abs(x - 1); d < best {
			best, bi = d, i
		}
	}
	return bi
}

// shootingRows writes the first n rows of a shooting Jacobian into A: the
// monodromy matrix minus the identity in columns 0…n−1 (from the last
// variational flow of in) and the vector field f at the end point in
// column n.
func shootingRows(A *mat.Dense, in *integrator, f []float64, n int) {
	for i := range n {
		for j := range n {
			v := in.phi(i, j)
			if i == j {
				v--
			}
			A.Set(i, j, v)
		}
		A.Set(i, n, f[i])
	}
}
