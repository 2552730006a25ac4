package cycle_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// TestOrbitDiagram: the orbit diagram of the homogeneous E–I network at
// ε = 12 (the self-coupled node, from the low-rate start) has, at each
// I_ext^E of testdata/orbit_reference.json (SciPy DOP853 rtol 1e-11, maxima
// by brentq on the dense output; gen_orbit_reference.py), the same distinct
// local maxima of r_E within 0.01 Hz: one at 7 and 8 (period 1), two at 9,
// three at 9.5 — the route towards the chaos of TestEIHomogeneousChaos.
func TestOrbitDiagram(t *testing.T) {
	raw, err := os.ReadFile("testdata/orbit_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Columns []struct {
			IE, Eps  float64
			Distinct []float64 `json:"distinct_hz"`
		}
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var ps []float64
	for _, c := range ref.Columns {
		ps = append(ps, c.IE)
	}
	eps := ref.Columns[0].Eps
	cols, err := cycle.OrbitDiagram(func(p float64) (ode.System, error) {
		m := nmm.DefaultEI()
		m.IE = p
		return &nmm.SelfCoupled{Node: &m, G: eps}, nil
	}, ps, []float64{0.01, -2, 0.01, 0.01, -2, 0.01}, &cycle.OrbitSettings{Var: 0, Transient: 2000, Duration: 1000, Dt: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cols {
		want := ref.Columns[i].Distinct
		if got := c.Branches(1e-5); got != len(want) {
			t.Errorf("I_E = %v: %d branches, SciPy %d (%v)", c.P, got, len(want), want)
			continue
		}
		for _, m := range c.Maxima {
			d := math.Inf(1)
			for _, w := range want {
				d = math.Min(d, math.Abs(1000*m-w))
			}
			if d > 0.01 {
				t.Errorf("I_E = %v: maximum %.4f Hz is %.3g Hz from every SciPy value %v", c.P, 1000*m, d, want)
				break
			}
		}
		t.Logf("I_E = %v: %d maxima, %d branches (SciPy %v Hz)", c.P, len(c.Maxima), c.Branches(1e-5), want)
	}
	if _, err := cycle.OrbitDiagram(nil, ps, []float64{0}, &cycle.OrbitSettings{Dt: 0.01, Duration: 1e12}); err == nil {
		t.Error("1e14 steps per value accepted")
	}
}
