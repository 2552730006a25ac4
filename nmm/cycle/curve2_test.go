package cycle

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// TestCycleBifurcationCurves continues cycle bifurcations of normal forms
// with closed-form curves in two parameters and checks every point of the
// curve against them to 1e-6:
//
//   - fold of cycles of the Bautin normal form dr/dt = r(p + q r² − r⁴):
//     p = −q²/4 (r² = q/2), from (p, q) = (−1/4, 1) to the bounds q = 0.5, 2;
//   - period doubling and torus points of the twisted families (multipliers
//     −e^{(p−q²)T} resp. e^{(p−q²)T ± iκT}): p = q², from (0, 0) to q = 1.
func TestCycleBifurcationCurves(t *testing.T) {
	type tc struct {
		name   string
		kind   BifurcationKind
		fam    Family2
		start  *Orbit
		p0, q0 float64
		box    CycleCurveSettings
		curve  func(q float64) float64 // p on the curve
	}
	cases := []tc{
		{"bautin fold", FoldOfCycles, func(p, q float64) (ode.System, JacFunc) {
			s := &bautin{p: p, q: q, omega: 2}
			return s, NumJac(s)
		}, &Orbit{Y0: []float64{math.Sqrt(0.5), 0}, Period: math.Pi}, -0.25, 1,
			CycleCurveSettings{PMin: -2, PMax: 0, QMin: 0.5, QMax: 2}, func(q float64) float64 { return -q * q / 4 }},
	}
	for _, kind := range []string{"pd", "ns"} {
		k := PeriodDoubling
		if kind == "ns" {
			k = NeimarkSacker
		}
		cases = append(cases, tc{"twisted " + kind, k, func(p, q float64) (ode.System, JacFunc) {
			s := &twisted{p: p, q: q, omega: 2 * math.Pi, kappa: 0.7, kind: kind}
			return s, NumJac(s)
		}, &Orbit{Y0: []float64{1, 0, 0, 0}, Period: 1}, 0, 0,
			CycleCurveSettings{PMin: -1, PMax: 2, QMin: 0, QMax: 1}, func(q float64) float64 { return q * q }})
	}
	for _, c := range cases {
		for _, dir := range []float64{1, -1} {
			cur, err := ContinueCycleBifurcation(c.fam, c.kind, c.start, c.p0, c.q0, dir, &c.box)
			if c.q0 == c.box.QMin && dir < 0 {
				// starting on the lower bound towards it: one point
				if err != nil || len(cur.Points) > 2 {
					t.Errorf("%s dir %v: %v, %d points", c.name, dir, err, len(cur.Points))
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s dir %v: %v", c.name, dir, err)
			}
			last := cur.Points[len(cur.Points)-1]
			t.Logf("%s dir %v: %d points, stop %s, last (p, q) = (%.6f, %.6f)", c.name, dir, len(cur.Points), cur.Stop, last.P, last.Q)
			if cur.Stop != "bound" || len(cur.Points) < 5 {
				t.Errorf("%s dir %v: stop %q after %d points, want the bound", c.name, dir, cur.Stop, len(cur.Points))
			}
			worst := 0.0
			for _, pt := range cur.Points {
				worst = math.Max(worst, math.Abs(pt.P-c.curve(pt.Q)))
			}
			if worst > 1e-6 {
				t.Errorf("%s dir %v: max |p − p(q)| = %.2e, want ≤ 1e-6", c.name, dir, worst)
			}
		}
	}
}
