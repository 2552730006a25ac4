package continuation

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// eiHopfReference reads the Hopf points of the homogeneous E–I network
// computed by SciPy (nmm/cycle/testdata/gen_ei_reference.py: fsolve for the
// equilibrium, brentq on the largest real part, xtol 1e-13).
func eiHopfReference(t *testing.T) []struct{ Eps, IE, Frequency float64 } {
	t.Helper()
	b, err := os.ReadFile("../cycle/testdata/ei_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Hopf []struct {
			Eps       float64 `json:"eps"`
			IE        float64 `json:"IE"`
			Frequency float64 `json:"frequency_hz"`
		} `json:"hopf"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	out := make([]struct{ Eps, IE, Frequency float64 }, len(ref.Hopf))
	for i, h := range ref.Hopf {
		out[i] = struct{ Eps, IE, Frequency float64 }{h.Eps, h.IE, h.Frequency}
	}
	return out
}

// eiHopfStart returns the E–I Hopf point at ε = 0 found by Equilibria.
func eiHopfStart(t *testing.T) (*nmm.EI, *nmm.SelfCoupled, SpecialPoint) {
	t.Helper()
	m := nmm.DefaultEI()
	m.IE = 1
	s := &nmm.SelfCoupled{Node: &m, G: 0}
	fps, err := s.FixedPoints()
	if err != nil || len(fps) != 1 {
		t.Fatalf("fixed points %v %v", fps, err)
	}
	br, err := Equilibria(Problem{Sys: s, Set: func(p float64) { m.IE = p }}, fps[0].Y, 1, &Settings{PMin: 1, PMax: 20})
	if err != nil || len(br.Hopfs) != 1 {
		t.Fatalf("Hopf points %+v %v", br.Hopfs, err)
	}
	return &m, s, br.Hopfs[0]
}

// TestHopfCurveEI continues the ε = 0 Hopf point of the E–I node in
// (I_ext^E, ε) up to ε = 8, and the upper Hopf point of ε = 12 down to
// ε = 8, and checks that the curves pass through the one-parameter Hopf
// points of the SciPy reference (ε = 8: I_ext^E = 3.8503723 and
// 15.3511931) to 1e-6, with their frequencies to 1e-4 Hz.
func TestHopfCurveEI(t *testing.T) {
	ref := eiHopfReference(t)
	m, s, h := eiHopfStart(t)
	prob := Problem2{Sys: s, Set: func(p, q float64) { m.IE, s.G = p, q }}
	if math.Abs(h.P-ref[0].IE) > 1e-6 {
		t.Fatalf("ε = 0 Hopf at %v, SciPy %v", h.P, ref[0].IE)
	}
	// up to ε = 8: the curve lands on the bound at the lower Hopf point
	res, err := HopfCurve(prob, h.Y, h.P, 0, h.Omega, &HopfSettings{FoldSettings: FoldSettings{
		Settings: Settings{PMin: 0, PMax: 20, Ds: 0.05}, QMin: 0, QMax: 8}})
	if err != nil {
		t.Fatal(err)
	}
	end := res.Points[len(res.Points)-1]
	t.Logf("%d points, stop %q, end (IE, ε) = (%.10f, %.10f), %.6f Hz", len(res.Points), res.Stop, end.P, end.Q, end.Omega/(2*math.Pi)*1000)
	checkHopfEnd(t, end, ref[1].IE, ref[1].Frequency)
	// the upper Hopf point: from the one of ε = 12 (found by Equilibria)
	// down to ε = 8
	m.IE, s.G = 1, 12
	fps, err := s.FixedPoints()
	if err != nil || len(fps) != 1 {
		t.Fatalf("ε = 12: fixed points %v %v", fps, err)
	}
	br, err := Equilibria(Problem{Sys: s, Set: func(p float64) { m.IE = p }}, fps[0].Y, 1, &Settings{PMin: 1, PMax: 20})
	if err != nil || len(br.Hopfs) != 2 {
		t.Fatalf("ε = 12: Hopf points %+v %v", br.Hopfs, err)
	}
	h2 := br.Hopfs[1]
	res2, err := HopfCurve(prob, h2.Y, h2.P, 12, h2.Omega, &HopfSettings{FoldSettings: FoldSettings{
		Settings: Settings{PMin: 0, PMax: 40, Ds: -0.05}, QMin: 8, QMax: 40}})
	if err != nil {
		t.Fatal(err)
	}
	end2 := res2.Points[len(res2.Points)-1]
	t.Logf("%d points, stop %q, end (IE, ε) = (%.10f, %.10f), %.6f Hz", len(res2.Points), res2.Stop, end2.P, end2.Q, end2.Omega/(2*math.Pi)*1000)
	checkHopfEnd(t, end2, ref[2].IE, ref[2].Frequency)
}

func checkHopfEnd(t *testing.T, end HopfPoint, ie, f float64) {
	t.Helper()
	if math.Abs(end.Q-8) > 1e-12 || math.Abs(end.P-ie) > 1e-6 || math.Abs(end.Omega/(2*math.Pi)*1000-f) > 1e-4 {
		t.Errorf("curve at (IE, ε) = (%v, %v), %v Hz; SciPy (%v, 8), %v Hz", end.P, end.Q, end.Omega/(2*math.Pi)*1000, ie, f)
	}
}

// TestHopfCurveGridEI compares the regions that the E–I Hopf curves
// separate in (I_ext^E, ε) ∈ [0, 20]² with a brute-force grid: at each grid
// point the (unique) equilibrium of nmm.SelfCoupled.FixedPoints is unstable
// (max Re λ > 0, eigenvalues by the stability package) exactly when an odd
// number of Hopf-curve crossings lies below I_ext^E at that ε (the
// equilibrium is stable at I_ext^E = 0). Grid points within 0.05 of a
// crossing are skipped.
func TestHopfCurveGridEI(t *testing.T) {
	m, s, h := eiHopfStart(t)
	prob := Problem2{Sys: s, Set: func(p, q float64) { m.IE, s.G = p, q }}
	box := FoldSettings{Settings: Settings{PMin: 0, PMax: 60, Ds: 0.05}, QMin: 0, QMax: 20}
	var curves [][]HopfPoint
	res, err := HopfCurve(prob, h.Y, h.P, 0, h.Omega, &HopfSettings{FoldSettings: box})
	if err != nil {
		t.Fatal(err)
	}
	curves = append(curves, res.Points)
	m.IE, s.G = 1, 12
	fps, err := s.FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	br, err := Equilibria(Problem{Sys: s, Set: func(p float64) { m.IE = p }}, fps[0].Y, 1, &Settings{PMin: 1, PMax: 20})
	if err != nil || len(br.Hopfs) != 2 {
		t.Fatalf("ε = 12: Hopf points %+v %v", br.Hopfs, err)
	}
	for _, ds := range []float64{-0.05, 0.05} {
		b := box
		b.Ds = ds
		r, err := HopfCurve(prob, br.Hopfs[1].Y, br.Hopfs[1].P, 12, br.Hopfs[1].Omega, &HopfSettings{FoldSettings: b})
		if err != nil {
			t.Fatal(err)
		}
		curves = append(curves, r.Points)
	}
	checked := 0
	for eps := 1.0; eps <= 19; eps += 2 {
		var cross []float64
		for _, c := range curves {
			for i := 1; i < len(c); i++ {
				a, b := c[i-1], c[i]
				if (a.Q-eps)*(b.Q-eps) <= 0 && a.Q != b.Q {
					cross = append(cross, a.P+(eps-a.Q)/(b.Q-a.Q)*(b.P-a.P))
				}
			}
		}
		for ie := 0.5; ie < 20; ie++ {
			below, near := 0, false
			for _, c := range cross {
				if c < ie {
					below++
				}
				near = near || math.Abs(c-ie) < 0.05
			}
			if near {
				continue
			}
			m.IE, s.G = ie, eps
			fps, err := s.FixedPoints()
			if err != nil || len(fps) != 1 {
				t.Fatalf("(%v, %v): fixed points %v %v", ie, eps, fps, err)
			}
			unstable := maxRe(t, s, fps[0].Y) > 0
			if unstable != (below%2 == 1) {
				t.Errorf("(IE, ε) = (%v, %v): max Re λ > 0 is %v, Hopf crossings %v", ie, eps, unstable, cross)
			}
			checked++
		}
	}
	t.Logf("%d grid points agree with the Hopf curves", checked)
}

func maxRe(t *testing.T, sys *nmm.SelfCoupled, y []float64) float64 {
	t.Helper()
	n := sys.Dim()
	jac := mat.NewDense(n, n, nil)
	stability.Jac(jac, sys, 0, y)
	ev, err := stability.Eigenvalues(jac)
	if err != nil {
		t.Fatal(err)
	}
	mx := math.Inf(-1)
	for _, l := range ev {
		mx = math.Max(mx, real(l))
	}
	return mx
}
