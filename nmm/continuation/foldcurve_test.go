package continuation

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
)

// TestMPRFoldCurve traces the saddle-node curve of the MPR model in
// (η̄, J) from the J = 15 low-rate fold, through the cusp, up the other
// branch, and checks every point against the analytic curve
// (J_SN(r), η̄_SN(r)) of docs/models.md § MPR equilibria and folds and the cusp against
// r_c = (3/4)^¼/π = 0.29622, J_c = 2π(4/3)^¾ = 7.79622, η̄_c = −√3.
func TestMPRFoldCurve(t *testing.T) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -3, J: 15}
	wr, we := analyticFoldsJ(15)
	y0 := []float64{wr[0], -1 / (2 * math.Pi * wr[0])}
	prob := Problem2{Sys: &m, Set: func(p, q float64) { m.EtaBar, m.J = p, q }}
	// start slightly off the fold: the corrector must find it
	res, err := FoldCurve(prob, []float64{y0[0] * 1.01, y0[1]}, we[0]+0.01, 15,
		&FoldSettings{Settings: Settings{PMin: -12, PMax: 0, Ds: -0.05}, QMin: 5, QMax: 25})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != "bound" || len(res.Points) < 20 {
		t.Fatalf("stop %q after %d points", res.Stop, len(res.Points))
	}
	worst := 0.0
	for i, p := range res.Points {
		j, eta := snCurve(p.Y[0])
		e := math.Max(math.Abs(p.Q-j), math.Abs(p.P-eta))
		worst = math.Max(worst, e)
		if e > 1e-6 || math.Abs(p.Y[1]+1/(2*math.Pi*p.Y[0])) > 1e-9 {
			t.Errorf("point %d (η̄=%v, J=%v, r=%v): analytic (η̄, J) = (%v, %v)", i, p.P, p.Q, p.Y[0], eta, j)
		}
	}
	t.Logf("%d fold-curve points, max deviation from the analytic curve %.2e", len(res.Points), worst)
	last := res.Points[len(res.Points)-1]
	// the high-rate branch leaves the box at η̄ = −12 (J_SN = 21.75 < 25)
	if math.Abs(last.P+12) > 1e-9 || last.Y[0] < rCusp {
		t.Errorf("last point %+v, want η̄ = −12 on the high-rate branch", last)
	}
	if len(res.Cusps) != 1 {
		t.Fatalf("cusps %+v, want one", res.Cusps)
	}
	c := res.Cusps[0]
	jc, etac := 2*math.Pi*math.Pow(4.0/3, 0.75), -math.Sqrt(3)
	t.Logf("cusp (r, J, η̄) = (%.10f, %.10f, %.10f), analytic (%.10f, %.10f, %.10f)", c.Y[0], c.Q, c.P, rCusp, jc, etac)
	if math.Abs(c.Y[0]-rCusp) > 1e-6 || math.Abs(c.Q-jc) > 1e-6 || math.Abs(c.P-etac) > 1e-6 {
		t.Errorf("cusp at r=%v J=%v η̄=%v, want %v %v %v", c.Y[0], c.Q, c.P, rCusp, jc, etac)
	}
	if m.EtaBar != we[0]+0.01 || m.J != 15 {
		t.Errorf("parameters not restored: %v %v", m.EtaBar, m.J)
	}
}

func BenchmarkFoldCurveMPR(b *testing.B) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -3, J: 15}
	wr, we := analyticFoldsJ(15)
	y0 := []float64{wr[0], -1 / (2 * math.Pi * wr[0])}
	prob := Problem2{Sys: &m, Set: func(p, q float64) { m.EtaBar, m.J = p, q }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FoldCurve(prob, y0, we[0], 15, &FoldSettings{Settings: Settings{PMin: -12, PMax: 0, Ds: -0.05}, QMin: 5, QMax: 25}); err != nil {
			b.Fatal(err)
		}
	}
}
