package nmm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The batch evaluation is the same model as DerivCoupled (to rounding).
func TestEIDerivCoupledBatch(t *testing.T) {
	m := DefaultEI()
	m.IE, m.II = 12.5, 0.3
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 17
	y := make([]float64, 6*n)
	c := make([]float64, n)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	for i := range c {
		c[i] = rng.NormFloat64()
	}
	got := make([]float64, 6*n)
	m.DerivCoupledBatch(got, 0, y, c)
	want := make([]float64, 6)
	for i := 0; i < n; i++ {
		m.DerivCoupled(want, 0, y[6*i:6*i+6], c[i])
		for k, w := range want {
			if d := math.Abs(got[6*i+k] - w); d > 1e-13*(1+math.Abs(w)) {
				t.Fatalf("node %d var %d: %v, want %v", i, k, got[6*i+k], w)
			}
		}
	}
}

// The batch right-hand side allocates nothing (it runs once per stage of
// every step of a network simulation).
func TestEIDerivCoupledBatchAllocs(t *testing.T) {
	m := DefaultEI()
	const n = 90
	y := make([]float64, 6*n)
	for i := range y {
		y[i] = 0.1 * float64(i%6+1)
	}
	c := make([]float64, n)
	dst := make([]float64, 6*n)
	if a := testing.AllocsPerRun(100, func() { m.DerivCoupledBatch(dst, 0, y, c) }); a != 0 {
		t.Errorf("DerivCoupledBatch: %v allocations per call, want 0", a)
	}
}
