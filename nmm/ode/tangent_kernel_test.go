package ode

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// linear is y' = A y with a dense A (its own Jacobian), the system of the
// tangent-kernel tests and benchmark.
type linear struct{ a *mat.Dense }

func (l linear) Dim() int { r, _ := l.a.Dims(); return r }
func (l linear) Deriv(dst []float64, _ float64, y []float64) {
	for i := range dst {
		s := 0.0
		for j, v := range y {
			s += l.a.At(i, j) * v
		}
		dst[i] = s
	}
}
func (l linear) Jac(dst *mat.Dense, _ float64, _ []float64) { dst.Copy(l.a) }

// randJac returns an n×n matrix with about a third of its entries zero (as
// the Jacobians of the models) and the others uniform in [−1, 1).
func randJac(rng *rand.Rand, n int) *mat.Dense {
	a := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if rng.IntN(3) != 0 {
				a.Set(i, j, 2*rng.Float64()-1)
			}
		}
	}
	return a
}

// TestTangentJacVec: the J·Q part of Tangent.Deriv (jacVec; the blocked
// kernel for n ≤ 64 with 4/2/1 vectors per pass, the row loop above)
// against gonum's mat.Mul, for dimensions on both sides of the switch and
// k not a multiple of 4; every element also bit-identical to the sum
// Σ_j J_ij q_j taken in increasing j (the documented order, on which the
// byte-identical CLI output rests), and Deriv allocates nothing.
func TestTangentJacVec(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for _, n := range []int{1, 2, 3, 6, 7, 17, 64, 65, 90} {
		for _, k := range []int{1, 2, 3, 4, 5, 6, 7, 9} {
			t.Run(fmt.Sprintf("n=%d,k=%d", n, k), func(t *testing.T) {
				a := randJac(rng, n)
				tg := NewTangent(linear{a}, k, linear{a}.Jac)
				z := make([]float64, tg.Dim())
				for i := range z {
					z[i] = 2*rng.Float64() - 1
				}
				dst := make([]float64, tg.Dim())
				tg.Deriv(dst, 0, z)
				q := mat.NewDense(n, k, nil)
				for c := range k {
					for i, v := range tg.Vector(z, c) {
						q.Set(i, c, v)
					}
				}
				var ref mat.Dense
				ref.Mul(a, q)
				for c := range k {
					d := tg.Vector(dst, c)
					qc := tg.Vector(z, c)
					for i := range n {
						if e := math.Abs(d[i] - ref.At(i, c)); e > 1e-13*float64(n) {
							t.Fatalf("(J Q)_%d,%d = %v, mat.Mul %v (error %.3g)", i, c, d[i], ref.At(i, c), e)
						}
						s := 0.0
						for j := range n {
							s += a.At(i, j) * qc[j]
						}
						if d[i] != s {
							t.Fatalf("(J Q)_%d,%d = %v, in-order sum %v: summation order changed", i, c, d[i], s)
						}
					}
				}
				if allocs := testing.AllocsPerRun(20, func() { tg.Deriv(dst, 0, z) }); allocs != 0 {
					t.Errorf("Deriv allocates %v times per call", allocs)
				}
			})
		}
	}
}

// BenchmarkTangentDeriv: one Deriv of the tangent system with the full
// fundamental matrix (k = n) for n = 6 (the E–I node of the cycle
// continuation) and larger dense Jacobians.
func BenchmarkTangentDeriv(b *testing.B) {
	for _, n := range []int{6, 12, 64, 90} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(13, 2))
			a := randJac(rng, n)
			sys := constJac{n: n, a: a}
			tg := NewTangent(sys, n, sys.Jac)
			z := make([]float64, tg.Dim())
			for i := range z {
				z[i] = rng.Float64()
			}
			dst := make([]float64, tg.Dim())
			b.ReportAllocs()
			for b.Loop() {
				tg.Deriv(dst, 0, z)
			}
		})
	}
}

// constJac is a zero vector field with the constant Jacobian a: the
// benchmark then times the tangent part alone (plus the Jacobian copy).
type constJac struct {
	n int
	a *mat.Dense
}

func (c constJac) Dim() int                                    { return c.n }
func (c constJac) Deriv(dst []float64, _ float64, _ []float64) { clear(dst) }
func (c constJac) Jac(dst *mat.Dense, _ float64, _ []float64)  { dst.Copy(c.a) }
