package cycle

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/continuation"
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
	bautin := &normalForm{f: func(dst, y []float64, p, q float64) {
		r2 := y[0]*y[0] + y[1]*y[1]
		a := p + q*r2 - r2*r2
		dst[0] = a*y[0] - y[1]
		dst[1] = y[0] + a*y[1]
	}}
	prob := continuation.Problem2{Sys: bautin, Set: func(p, q float64) { bautin.p, bautin.q = p, q }}
	eq := func(p, q float64) ([]float64, error) { return []float64{0, 0}, nil }
	res, err := Codim2(prob, eq, Codim2Settings{PMin: -1, PMax: 1, Q0: -1, Q1: 1, Ds: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 1 || res.Points[0].Kind != GeneralisedHopf || math.Abs(res.Points[0].P) > 1e-9 || math.Abs(res.Points[0].Q) > 1e-5 {
		t.Errorf("Bautin: codim-2 points %+v, want one generalised Hopf at (0, 0)", res.Points)
	}
	bt := &normalForm{f: func(dst, y []float64, p, q float64) {
		dst[0] = y[1]
		dst[1] = p + q*y[0] + y[0]*y[0] - y[0]*y[1]
	}}
	prob = continuation.Problem2{Sys: bt, Set: func(p, q float64) { bt.p, bt.q = p, q }}
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
