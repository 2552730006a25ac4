package nmm

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// TestWilsonCowanDeriv checks the right-hand side against the equations
// written out again, Jac against finite differences, the analytic
// equilibrium without couplings (E* = S(P), I* = S(Q)), and no allocations.
func TestWilsonCowanDeriv(t *testing.T) {
	m := DefaultWilsonCowan()
	S := func(x float64) float64 { return 1 / (1 + math.Exp(-1.3*(x-4))) }
	y := []float64{0.3, 0.2}
	f := make([]float64, 2)
	m.DerivCoupled(f, 0, y, 0.5)
	want := []float64{(-0.3 + S(16*0.3-12*0.2+1.25+0.5)) / 10, (-0.2 + S(15*0.3-3*0.2)) / 10}
	for i := range f {
		if math.Abs(f[i]-want[i]) > 1e-15 {
			t.Errorf("f[%d] = %v, want %v", i, f[i], want[i])
		}
	}
	ja := mat.NewDense(2, 2, nil)
	jn := mat.NewDense(2, 2, nil)
	for _, y := range [][]float64{{0.1, 0.05}, {0.3, 0.2}, {0.7, 0.4}} {
		m.Jac(ja, 0, y)
		ode.NumJac(&m)(jn, 0, y)
		if !mat.EqualApprox(ja, jn, 1e-8) {
			t.Errorf("Jac at %v = %v, finite differences %v", y, mat.Formatted(ja), mat.Formatted(jn))
		}
	}
	z := WilsonCowan{TauE: 5, TauI: 7, P: 3, Q: 5, A: 2, Theta: 4}
	ys := []float64{1 / (1 + math.Exp(-2*(3-4))), 1 / (1 + math.Exp(-2*(5-4)))}
	z.Deriv(f, 0, ys)
	if math.Abs(f[0]) > 1e-16 || math.Abs(f[1]) > 1e-16 {
		t.Errorf("uncoupled equilibrium residual %v", f)
	}
	if n := testing.AllocsPerRun(100, func() { m.DerivCoupled(f, 0, y, 0.1) }); n != 0 {
		t.Errorf("DerivCoupled allocates %v", n)
	}
	if err := (&WilsonCowan{TauE: 1, TauI: 1, A: 0}).Validate(); err == nil {
		t.Error("a = 0 accepted")
	}
}

// TestWilsonCowanSciPy compares the trajectory and the limit-cycle period
// of the default set with SciPy's DOP853 (testdata/gen_wilsoncowan.py →
// testdata/wilsoncowan.json).
func TestWilsonCowanSciPy(t *testing.T) {
	raw, err := os.ReadFile("testdata/wilsoncowan.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Y0     []float64   `json:"y0"`
		Times  []float64   `json:"times"`
		States [][]float64 `json:"states"`
		Period float64     `json:"period_ms"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	m := DefaultWilsonCowan()
	prev := 0.0
	y := append([]float64(nil), ref.Y0...)
	for k, tk := range ref.Times {
		last := ode.ObserverFunc(func(_ float64, s []float64) error { copy(y, s); return nil })
		if _, err := ode.Solve(&m, ode.NewDoPri5(1e-11, 1e-13), prev, tk, append([]float64(nil), y...), nil, last); err != nil {
			t.Fatal(err)
		}
		for i := range y {
			if math.Abs(y[i]-ref.States[k][i]) > 1e-8 {
				t.Errorf("t = %v: y[%d] = %v, SciPy %v", tk, i, y[i], ref.States[k][i])
			}
		}
		prev = tk
	}
	o, err := cycle.Find(&m, ref.Y0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(o.Period-ref.Period) > 1e-4*ref.Period || !o.Stable {
		t.Errorf("period %v ms (stable %v), SciPy %v", o.Period, o.Stable, ref.Period)
	}
}
