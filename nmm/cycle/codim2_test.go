package cycle

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// normalForm is a planar system f(x, y; p, q) given by a function.
type normalForm struct {
	p, q float64
	f    func(dst, y []float64, p, q float64)
}

func (s *normalForm) Dim() int                                    { return 2 }
func (s *normalForm) Deriv(dst []float64, _ float64, y []float64) { s.f(dst, y, s.p, s.q) }

// TestCodim2NormalForms checks the codimension-two points on the normal
// forms where they are known analytically (Kuznetsov 2004, §8.3–8.4):
// Bautin ż = (β1 + i) z + β2 z|z|² − z|z|⁴ (Hopf curve β1 = 0, l1 = β2,
// generalised Hopf at (0, 0)) and Bogdanov–Takens ẋ = y,
// ẏ = β1 + β2 x + x² − x y (Hopf curve β1 = 0, β2 < 0; BT at (0, 0)).
// Tolerances: the generalised Hopf point to 1e-5 in β2 (l1 by finite
// differences of a numerical Jacobian, error ~1e-6), the BT point (where
// the curve ends, within one corrector step) to 1e-3.
func TestCodim2NormalForms(t *testing.T) {
	bt := &bautin{omega: 1}
	prob := continuation.Problem2{Sys: bt, Set: func(p, q float64) { bt.p, bt.q = p, q }}
	eq := func(p, q float64) ([]float64, error) { return []float64{0, 0}, nil }
	res, err := Codim2(prob, eq, Codim2Settings{PMin: -1, PMax: 1, Q0: -1, Q1: 1, Ds: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 1 || res.Points[0].Kind != GeneralisedHopf || math.Abs(res.Points[0].P) > 1e-9 || math.Abs(res.Points[0].Q) > 1e-5 {
		t.Errorf("Bautin: codim-2 points %+v, want one generalised Hopf at (0, 0)", res.Points)
	}
	bogdanov := &normalForm{f: func(dst, y []float64, p, q float64) {
		dst[0] = y[1]
		dst[1] = p + q*y[0] + y[0]*y[0] - y[0]*y[1]
	}}
	prob = continuation.Problem2{Sys: bogdanov, Set: func(p, q float64) { bogdanov.p, bogdanov.q = p, q }}
	// the equilibrium x = (−q − √(q² − 4p))/2 exists for p ≤ q²/4; from
	// p = −1 at q = −1 the branch in p meets the Hopf point at p = 0
	eq = func(p, q float64) ([]float64, error) { return []float64{(-q - math.Sqrt(q*q-4*p)) / 2, 0}, nil }
	res, err = Codim2(prob, eq, Codim2Settings{PMin: -0.2, PMax: 0.2, Q0: -1, Q1: 0.5, Ds: 0.002})
	if err != nil {
		t.Fatal(err)
	}
	var bts []Codim2Point
	for _, p := range res.Points {
		if p.Kind == BogdanovTakens {
			bts = append(bts, p)
		}
	}
	if len(bts) != 1 || math.Hypot(bts[0].P, bts[0].Q) > 1e-3 {
		t.Errorf("BT: codim-2 points %+v (curves %d), want one Bogdanov–Takens point at (0, 0)", res.Points, len(res.Curves))
	}
	if len(bts) == 1 {
		t.Logf("BT at (%.2e, %.2e)", bts[0].P, bts[0].Q)
	}
}

// TestCodim2CyclesEI continues the period doublings of the PING cycles of
// the homogeneous E–I network (docs/models.md § E–I network) from
// ε = 12 to ε = 13 in (I_ext^E, ε) and checks that each period-doubling
// curve ends, on ε = 13, at a period doubling of the independent SciPy
// computation testdata/gen_pd_reference.py (fsolve shooting with DOP853 at
// rtol 1e-11, brentq on det(M + I): I_ext^E = 8.9567911477, 11.0706214806)
// to 1e-6 in I_ext^E and 1e-5 Hz in the cycle's frequency (measured: 7.1e-8
// and 6.4e-9 in I_ext^E; RK4 with 1000 steps per period), and at one that
// the one-parameter bifurcation diagram at ε = 13 finds (BifurcationDiagram:
// the multiplier −1 located along the cycle branch), to 1e-6.
func TestCodim2CyclesEI(t *testing.T) {
	m := nmm.DefaultEI()
	s := &nmm.SelfCoupled{Node: &m, G: 12}
	prob := continuation.Problem2{Sys: s, Set: func(p, q float64) { m.IE, s.G = p, q }}
	eq := func(p, q float64) ([]float64, error) {
		prob.Set(p, q)
		fps, err := s.FixedPoints()
		if err != nil || len(fps) == 0 {
			return nil, fmt.Errorf("no equilibrium at (%v, %v): %v", p, q, err)
		}
		return fps[0].Y, nil
	}
	res, err := Codim2(prob, eq, Codim2Settings{PMin: 0, PMax: 20, Q0: 12, Q1: 13, Ds: 0.2, Cycles: true})
	if err != nil {
		t.Fatal(err)
	}
	y0, err := eq(0, 13)
	if err != nil {
		t.Fatal(err)
	}
	d, err := BifurcationDiagram(func(p float64) (ode.System, JacFunc) { prob.Set(p, 13); return s, s.Jac }, y0, 0, 20, &DiagramSettings{Points: 100})
	if err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, br := range d.Cycles {
		for _, b := range br.Bifurcations {
			if b.Kind == PeriodDoubling {
				want = append(want, b.P)
			}
		}
	}
	var got []float64
	for _, c := range res.Curves {
		if c.Kind == Curve2PeriodDoubling {
			last := c.Points[len(c.Points)-1]
			if c.Stop != "bound" || math.Abs(last.Q-13) > 1e-9 {
				t.Errorf("period-doubling curve stops %q at (%v, %v), want the bound ε = 13", c.Stop, last.P, last.Q)
			}
			got = append(got, last.P)
		}
	}
	raw, err := os.ReadFile("testdata/pd_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		PD []struct {
			IE          float64 `json:"IE"`
			FrequencyHz float64 `json:"frequency_hz"`
		} `json:"period_doublings"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, r := range ref.PD {
		ok := false
		for _, c := range res.Curves {
			last := c.Points[len(c.Points)-1]
			if c.Kind == Curve2PeriodDoubling && math.Abs(last.P-r.IE) <= 1e-6 && math.Abs(1000*last.Omega/(2*math.Pi)-r.FrequencyHz) <= 1e-5 {
				ok = true
				t.Logf("SciPy period doubling I_ext^E = %.10f (%.6f Hz): curve end %.10f (%.6f Hz)", r.IE, r.FrequencyHz, last.P, 1000*last.Omega/(2*math.Pi))
			}
		}
		if !ok {
			t.Errorf("no period-doubling curve ends within 1e-6 of the SciPy period doubling at I_ext^E = %v (%v Hz)", r.IE, r.FrequencyHz)
		}
	}
	t.Logf("period doublings on ε = 13: curves end at %v, one-parameter diagram %v", got, want)
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("curves end at %v, diagram %v: want two period doublings", got, want)
	}
	for _, g := range got {
		best := math.Inf(1)
		for _, w := range want {
			best = math.Min(best, math.Abs(g-w))
		}
		if best > 1e-6 {
			t.Errorf("curve end I_ext^E = %v: nearest diagram period doubling %v away, want ≤ 1e-6", g, best)
		}
	}
}
