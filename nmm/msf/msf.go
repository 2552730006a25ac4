// Package msf computes the master stability function (dispersion relation)
// of homogeneous states of networks of identical nodes with a
// row-normalised coupling matrix, and stability maps over two parameters.
//
// # Theory
//
// Node n of the network obeys dy_n/dt = f(y_n, c_n) with the afferent input
// c_n = G Σ_m W_nm y_m[k] (k = the node's coupling variable, G the global
// coupling, W row = target; see [nmm.Coupled]). When every row of W sums to
// 1, the synchronous (homogeneous) state y_n(t) = y_h(t) is invariant and
// obeys the self-coupled node
//
//	dy_h/dt = f(y_h, G y_h[k]).
//
// Expanding a perturbation on the eigenvectors of W (W φ_α = Λ_α φ_α),
// δy_n = Σ_α φ_α,n ξ_α, every mode obeys the same n-dimensional linear
// equation with Λ as a parameter,
//
//	dξ/dt = [ ∂f/∂y(y_h, G y_h[k]) + G Λ (∂f/∂c) e_kᵀ ] ξ,
//
// so the growth rates of all spatial modes follow from one node's equations.
// For a stationary y_h they are the eigenvalues of the bracket (the
// dispersion relation); for a periodic y_h of period T they are the Floquet
// exponents μ = ln(m)/T of the monodromy matrix of that equation (the
// master stability function), with Im μ ∈ (−π/T, π/T]. Λ = 1 (eigenvector
// all-ones) is the uniform mode: the stability of y_h within the homogeneous
// manifold; the other Λ are transverse. Λ may be complex (a general,
// non-symmetric W).
//
// Units: exponents are in 1/time unit of the node (1/ms for [nmm.EI]);
// frequency in Hz = |Im μ|/(2π) · 1000 for ms.
//
// References:
//   - L. M. Pecora, T. L. Carroll, Master stability functions for
//     synchronized coupled systems, Phys. Rev. Lett. 80, 2109 (1998),
//     doi:10.1103/PhysRevLett.80.2109.
//   - P. Clusella, G. Deco, M. L. Kringelbach, G. Ruffini, J. Garcia-Ojalvo,
//     Complex spatiotemporal oscillations emerge from transverse
//     instabilities in large-scale brain networks, PLoS Comput. Biol. 19,
//     e1010781 (2023), doi:10.1371/journal.pcbi.1010781.
//   - R. M. Delicado, G. Huguet, P. Clusella, Emergent spatiotemporal
//     dynamics in large-scale brain networks with next generation neural
//     mass models, arXiv:2512.03907 (2025).
package msf

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// Problem is a node model with a coupling port and the global coupling G:
// the data from which the homogeneous state and the dispersion relation
// follow.
//
// The node's analytic Jacobian ([nmm.Jacobian]) and coupling Jacobian
// ([nmm.CouplingJacobian]) are used when both are implemented (the Jacobian
// must then be ∂f/∂y at any input c, which holds for every model whose
// input enters additively, as in [nmm.MPR] and [nmm.EI]); otherwise, or with
// FiniteDifferences set, central finite differences of DerivCoupled are used.
type Problem struct {
	Node nmm.Coupled // node model (the network node; the coupling is G)
	G    float64     // global coupling (ε): c = G Σ_m W_nm y_m[k]; finite
	// FiniteDifferences forces finite-difference Jacobians.
	FiniteDifferences bool
}

// Validate checks the node's parameters and G.
func (p *Problem) Validate() error {
	if p.Node == nil {
		return fmt.Errorf("msf: Problem.Node is nil")
	}
	if math.IsNaN(p.G) || math.IsInf(p.G, 0) {
		return fmt.Errorf("msf: coupling G = %v, want finite", p.G)
	}
	if err := p.Node.Validate(); err != nil {
		return err
	}
	if k := p.Node.CouplingVar(); k < 0 || k >= p.Node.Dim() {
		return fmt.Errorf("msf: CouplingVar() = %d, want in [0, %d)", k, p.Node.Dim())
	}
	return nil
}

// Homogeneous returns the self-coupled node dy/dt = f(y, G y[k]), the
// dynamics on the synchronous manifold (an ode.System).
func (p *Problem) Homogeneous() *Homogeneous {
	return &Homogeneous{node: p.Node, g: p.G, k: p.Node.CouplingVar()}
}

// Homogeneous is the self-coupled node dy/dt = f(y, G y[k]) (see
// [Problem.Homogeneous]); it implements ode.System.
type Homogeneous struct {
	node nmm.Coupled
	g    float64
	k    int
}

// Dim returns the node's dimension.
func (h *Homogeneous) Dim() int { return h.node.Dim() }

// Vars returns the node's variable names.
func (h *Homogeneous) Vars() []string { return h.node.Vars() }

// Deriv implements ode.System.
func (h *Homogeneous) Deriv(dst []float64, t float64, y []float64) {
	h.node.DerivCoupled(dst, t, y, h.g*y[h.k])
}

// jacobians evaluates, at state y with the homogeneous input c = G y[k],
// the node Jacobian ∂f/∂y into jac (n×n row-major) and ∂f/∂c into b:
// analytic when the node implements both nmm.Jacobian and
// nmm.CouplingJacobian, otherwise central differences with the step rule of
// ode.FDStep (ode.NumJac at fixed input c, and the same rule in c).
type jacobians struct {
	node  nmm.Coupled
	g     float64
	n, k  int
	ajac  nmm.Jacobian
	acoup nmm.CouplingJacobian
	dense *mat.Dense
	fixed *fixedInput
	num   ode.JacFunc
	fp    []float64
	fm    []float64
}

// fixedInput is the node with its afferent input held at c (an ode.System).
type fixedInput struct {
	node nmm.Coupled
	c    float64
}

func (f *fixedInput) Dim() int { return f.node.Dim() }

func (f *fixedInput) Deriv(dst []float64, t float64, y []float64) {
	f.node.DerivCoupled(dst, t, y, f.c)
}

func (p *Problem) newJacobians() *jacobians {
	n := p.Node.Dim()
	j := &jacobians{node: p.Node, g: p.G, n: n, k: p.Node.CouplingVar(),
		dense: mat.NewDense(n, n, nil), fp: make([]float64, n), fm: make([]float64, n)}
	if !p.FiniteDifferences {
		aj, ok1 := p.Node.(nmm.Jacobian)
		ac, ok2 := p.Node.(nmm.CouplingJacobian)
		if ok1 && ok2 {
			j.ajac, j.acoup = aj, ac
			return j
		}
	}
	j.fixed = &fixedInput{node: p.Node}
	j.num = ode.NumJac(j.fixed)
	return j
}

func (j *jacobians) eval(jac, b []float64, t float64, y []float64) {
	n := j.n
	c := j.g * y[j.k]
	if j.ajac != nil {
		j.ajac.Jac(j.dense, t, y)
		copy(jac[:n*n], j.dense.RawMatrix().Data)
		j.acoup.CouplingJac(b, t, y)
		return
	}
	j.fixed.c = c
	j.num(j.dense, t, y)
	copy(jac[:n*n], j.dense.RawMatrix().Data)
	h := ode.FDStep(c)
	j.node.DerivCoupled(j.fp, t, y, c+h)
	j.node.DerivCoupled(j.fm, t, y, c-h)
	for i := 0; i < n; i++ {
		b[i] = (j.fp[i] - j.fm[i]) / (2 * h)
	}
}

// modeMatrix writes J + G Λ b e_kᵀ (complex, row-major) into dst.
func modeMatrix(dst []complex128, jac, b []float64, n, k int, gl complex128) {
	for i, v := range jac[:n*n] {
		dst[i] = complex(v, 0)
	}
	for i := 0; i < n; i++ {
		dst[i*n+k] += gl * complex(b[i], 0)
	}
}
