package lyapunov_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/lyapunov"
)

// TestEIHomogeneousChaos: the homogeneous E–I network (the self-coupled E–I
// node, Delicado, Huguet & Clusella 2025) is chaotic at (I_ext^E, ε) =
// (10, 12): the largest exponent is positive and within 10 % of the
// independent SciPy computation testdata/ei_lyapunov.json (variational
// equations with the analytic Jacobian, DOP853, QR every 5 ms, three starts;
// gen_ei_lyapunov.py), and the second is the zero exponent of the flow.
// Settings as `ngnmm lyapunov --system ei-homogeneous` (RK4 dt 0.02 ms,
// interval 5 ms, transient 1000 ms, T 20 000 ms).
func TestEIHomogeneousChaos(t *testing.T) {
	raw, err := os.ReadFile("testdata/ei_lyapunov.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		IE, Eps     float64
		Lambda1Mean float64     `json:"lambda1_mean"`
		Lambda1Sprd float64     `json:"lambda1_spread"`
		PerStart    [][]float64 `json:"exponents_per_start"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	m := nmm.DefaultEI()
	m.IE = ref.IE
	sys := &nmm.SelfCoupled{Node: &m, G: ref.Eps}
	y0 := []float64{0.01, -2, 0.01, 0.01, -2, 0.01}
	res, err := lyapunov.Spectrum(sys, 0, y0, &lyapunov.Options{K: 2, Transient: 1000, Duration: 20000, Interval: 5, Dt: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	l1, l2 := res.Exponents[0], res.Exponents[1]
	t.Logf("λ1 = %.6f /ms (SciPy %.6f, spread over starts %.2g), λ2 = %.2g /ms", l1, ref.Lambda1Mean, ref.Lambda1Sprd, l2)
	if !(l1 > 0) || math.Abs(l1/ref.Lambda1Mean-1) > 0.10 {
		t.Errorf("λ1 = %v, want > 0 and within 10 %% of %v", l1, ref.Lambda1Mean)
	}
	if math.Abs(l2) > 0.1*l1 {
		t.Errorf("λ2 = %v, want ≈ 0 (|λ2| < λ1/10 = %v)", l2, 0.1*l1)
	}
}
