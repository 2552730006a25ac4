package cycle

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
)

// TestEIScipyReference compares cycles (period, range of rE, Floquet
// multipliers) and Hopf points of the E–I node with an independent SciPy
// computation (testdata/gen_ei_reference.py: DOP853 at rtol 1e-11, crossing
// times by brentq on the dense output, variational equations written from
// docs/models.md § E–I node; output committed as testdata/ei_reference.json).
func TestEIScipyReference(t *testing.T) {
	raw, err := os.ReadFile("testdata/ei_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cycles []struct {
			IE          float64      `json:"IE"`
			EpsV        float64      `json:"eps"`
			Period      float64      `json:"period_ms"`
			Max         float64      `json:"rE_max_hz"`
			Min         float64      `json:"rE_min_hz"`
			Multipliers [][2]float64 `json:"multipliers"`
		} `json:"cycles"`
		Hopf []struct {
			Eps float64 `json:"eps"`
			IE  float64 `json:"IE"`
			F   float64 `json:"frequency_hz"`
		} `json:"hopf"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range ref.Cycles {
		m := nmm.DefaultEI()
		m.IE = c.IE
		o, err := Find(&nmm.SelfCoupled{Node: &m, G: c.EpsV}, []float64{0.05, -1, 0.05, 0.05, -1, 0.05}, nil)
		if err != nil {
			t.Fatalf("IE=%v eps=%v: %v", c.IE, c.EpsV, err)
		}
		if d := math.Abs(o.Period-c.Period) / c.Period; d > 1e-8 {
			t.Errorf("IE=%v eps=%v: period got=%.12g, scipy=%.12g (rel %.1e)", c.IE, c.EpsV, o.Period, c.Period, d)
		}
		if math.Abs(1000*o.Max[0]-c.Max) > 0.05 || math.Abs(1000*o.Min[0]-c.Min) > 0.05 {
			t.Errorf("IE=%v eps=%v: rE range got=[%v, %v] Hz, scipy=[%v, %v]", c.IE, c.EpsV, 1000*o.Min[0], 1000*o.Max[0], c.Min, c.Max)
		}
		for i, w := range c.Multipliers {
			got := o.Multipliers[i]
			if math.Hypot(real(got)-w[0], math.Abs(imag(got))-math.Abs(w[1])) > 1e-7 {
				t.Errorf("IE=%v eps=%v: multiplier %d got=%v, scipy=%v", c.IE, c.EpsV, i, got, w)
			}
		}
	}
	for _, h := range ref.Hopf {
		m := nmm.DefaultEI()
		m.IE = h.IE - 0.2
		fps, err := (&nmm.SelfCoupled{Node: &m, G: h.Eps}).FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatal(err)
		}
		got, err := LocateHopf(eiFamily(h.Eps), fps[0].Y, h.IE-0.2, h.IE+0.2)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got.P-h.IE) > 1e-8 || math.Abs(1000*got.Frequency()-h.F) > 1e-6 {
			t.Errorf("eps=%v: Hopf got IE=%.10f f=%.8f Hz, scipy IE=%.10f f=%.8f Hz", h.Eps, got.P, 1000*got.Frequency(), h.IE, h.F)
		}
	}
}
