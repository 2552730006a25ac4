package ode

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Tangent is the tangent system of a System (as DynamicalSystems.jl's
// tangent_integrator): the state y together with k deviation vectors
// q_1 … q_k obeying the variational equation
//
//	dy/dt = f(t, y),   dq_c/dt = J(t, y) q_c   (c = 1 … k),
//
// as one System of dimension n(1+k) with the layout z = [y, q_1, …, q_k]
// (each block contiguous; [Tangent.Vector]). With k = n and q_c(0) = e_c
// ([Tangent.SetIdentity]) the deviation vectors are the columns of the
// fundamental matrix Φ(t) ([Tangent.Matrix]): the monodromy matrix of a
// periodic orbit, the propagator of Floquet theory, the start of
// Lyapunov's QR method. Any Stepper integrates it; with a fixed-step
// scheme Φ is the exact derivative of the discrete flow map.
//
// J q comes from a JacFunc (an analytic Jacobian, [NumJac], or any
// modified Jacobian evaluated along the orbit of the system), or, with a nil
// JacFunc, from Jacobian-free central differences of the right-hand side,
//
//	J q ≈ [f(y + h q) − f(y − h q)] / (2h),  h = FDStep(‖y‖∞) / ‖q‖∞,
//
// two evaluations per vector and no n×n matrix (for large networks).
// Deriv allocates nothing; a Tangent must not be used concurrently.
type Tangent struct {
	sys  System
	n, k int
	jac  JacFunc
	jm   *mat.Dense
	raw  []float64 // row-major data of jm (stride n)
	yp   []float64 // finite-difference work: y ± h q
	fp   []float64
	fm   []float64
}

// NewTangent returns the tangent system of sys with k deviation vectors
// (1 ≤ k; k = sys.Dim() for the full fundamental matrix) and the Jacobian
// jac (nil: Jacobian-free finite differences). It panics if k < 1.
func NewTangent(sys System, k int, jac JacFunc) *Tangent {
	if k < 1 {
		panic(fmt.Sprintf("ode: NewTangent with k = %d deviation vectors", k))
	}
	n := sys.Dim()
	e := &Tangent{sys: sys, n: n, k: k, jac: jac}
	if jac != nil {
		e.jm = mat.NewDense(n, n, nil)
		e.raw = e.jm.RawMatrix().Data
	} else {
		e.yp, e.fp, e.fm = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	return e
}

// Dim implements System: n(1+k).
func (e *Tangent) Dim() int { return e.n * (1 + e.k) }

// K returns the number of deviation vectors.
func (e *Tangent) K() int { return e.k }

// Vector returns the deviation vector c (0 ≤ c < k) of the tangent state z
// (a subslice of z).
func (e *Tangent) Vector(z []float64, c int) []float64 { return z[e.n*(1+c) : e.n*(2+c)] }

// SetIdentity sets the deviation vectors of z to the first k unit vectors
// (Φ(0) = I for k = n); the state part is left alone.
func (e *Tangent) SetIdentity(z []float64) {
	q := z[e.n:e.Dim()]
	for i := range q {
		q[i] = 0
	}
	for c := 0; c < e.k && c < e.n; c++ {
		q[c*e.n+c] = 1
	}
}

// Matrix writes the n×k matrix whose columns are the deviation vectors of
// z into dst (Φ for k = n).
func (e *Tangent) Matrix(dst *mat.Dense, z []float64) {
	for c := range e.k {
		for i, v := range e.Vector(z, c) {
			dst.Set(i, c, v)
		}
	}
}

// Deriv implements System.
func (e *Tangent) Deriv(dst []float64, t float64, z []float64) {
	n := e.n
	y := z[:n]
	e.sys.Deriv(dst[:n], t, y)
	if e.jac != nil {
		e.jac(e.jm, t, y)
		jacVec(dst[n:e.Dim()], e.raw, z[n:e.Dim()], n, e.k)
		return
	}
	ymax := 0.0
	for _, v := range y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	for c := range e.k {
		q := z[n*(1+c) : n*(2+c)]
		d := dst[n*(1+c) : n*(2+c)]
		qmax := 0.0
		for _, v := range q {
			qmax = math.Max(qmax, math.Abs(v))
		}
		if qmax == 0 {
			for i := range d {
				d[i] = 0
			}
			continue
		}
		h := FDStep(ymax) / qmax
		for i := range y {
			e.yp[i] = y[i] + h*q[i]
		}
		e.sys.Deriv(e.fp, t, e.yp)
		for i := range y {
			e.yp[i] = y[i] - h*q[i]
		}
		e.sys.Deriv(e.fm, t, e.yp)
		for i := range d {
			d[i] = (e.fp[i] - e.fm[i]) / (2 * h)
		}
	}
}

// smallKernel is the largest dimension for which [jacVec] runs the blocked
// kernel (the rows of J stay in the first-level cache).
const smallKernel = 64

// jacVec writes d_c = J q_c for the k deviation vectors q_c (contiguous
// blocks of length n of q, results in the same layout in d) with J the
// row-major n×n matrix a. Every output element is the sum over j in
// increasing order from 0 (J_i0 q_0 + J_i1 q_1 + …), whichever path
// computes it, so results do not depend on n or k. For n ≤ smallKernel the
// vectors are processed four (then two, then one) at a time, each row of J
// loaded once per pass; above it J is sparse-skipped row by row (large
// Jacobians of networks are mostly zero). Zero entries of J contribute
// exactly nothing in both paths (a finite q gives ±0 terms that leave a
// sum started at +0 unchanged).
func jacVec(d, a, q []float64, n, k int) {
	if n > smallKernel {
		for c := range k {
			qc := q[c*n : c*n+n]
			dc := d[c*n : c*n+n]
			for i := range dc {
				s := 0.0
				for j, v := range a[i*n : i*n+n] {
					if v != 0 {
						s += v * qc[j]
					}
				}
				dc[i] = s
			}
		}
		return
	}
	c := 0
	for ; c+4 <= k; c += 4 {
		q0 := q[c*n : c*n+n]
		q1 := q[(c+1)*n : (c+1)*n+n]
		q2 := q[(c+2)*n : (c+2)*n+n]
		q3 := q[(c+3)*n : (c+3)*n+n]
		d0 := d[c*n : c*n+n]
		d1 := d[(c+1)*n : (c+1)*n+n]
		d2 := d[(c+2)*n : (c+2)*n+n]
		d3 := d[(c+3)*n : (c+3)*n+n]
		d1, d2, d3 = d1[:len(d0)], d2[:len(d0)], d3[:len(d0)]
		for i := range d0 {
			row := a[i*n : i*n+n]
			q0, q1, q2, q3 := q0[:len(row)], q1[:len(row)], q2[:len(row)], q3[:len(row)]
			var s0, s1, s2, s3 float64
			for j, v := range row {
				s0 += v * q0[j]
				s1 += v * q1[j]
				s2 += v * q2[j]
				s3 += v * q3[j]
			}
			d0[i], d1[i], d2[i], d3[i] = s0, s1, s2, s3
		}
	}
	if c+2 <= k {
		q0 := q[c*n : c*n+n]
		q1 := q[(c+1)*n : (c+1)*n+n]
		d0 := d[c*n : c*n+n]
		d1 := d[(c+1)*n : (c+1)*n+n]
		d1 = d1[:len(d0)]
		for i := range d0 {
			row := a[i*n : i*n+n]
			q0, q1 := q0[:len(row)], q1[:len(row)]
			var s0, s1 float64
			for j, v := range row {
				s0 += v * q0[j]
				s1 += v * q1[j]
			}
			d0[i], d1[i] = s0, s1
		}
		c += 2
	}
	if c < k {
		q0 := q[c*n : c*n+n]
		d0 := d[c*n : c*n+n]
		for i := range d0 {
			row := a[i*n : i*n+n]
			q0 := q0[:len(row)]
			s0 := 0.0
			for j, v := range row {
				s0 += v * q0[j]
			}
			d0[i] = s0
		}
	}
}
