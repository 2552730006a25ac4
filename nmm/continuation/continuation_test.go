package continuation

import (
	"math"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// snCurve is the analytic saddle-node curve of docs/models.md § MPR equilibria and folds (τ = 1,
// Δ = 1), parametrised by the rate at the fold:
// J_SN(r) = 2π²r + 1/(2π²r³), η̄_SN(r) = −π²r² − 3/(4π²r²).
func snCurve(r float64) (j, eta float64) {
	pi2 := math.Pi * math.Pi
	return 2*pi2*r + 1/(2*pi2*r*r*r), -pi2*r*r - 3/(4*pi2*r*r)
}

// bisection solves g(r) = 0 on [a, b] (sign change assumed).
func bisection(g func(float64) float64, a, b float64) float64 {
	ga := g(a)
	for range 200 {
		m := (a + b) / 2
		if gm := g(m); (gm > 0) == (ga > 0) {
			a, ga = m, gm
		} else {
			b = m
		}
	}
	return (a + b) / 2
}

// cusp rate r_c = (3/4)^¼/π (docs/models.md § MPR equilibria and folds) separates the two fold branches.
var rCusp = math.Pow(0.75, 0.25) / math.Pi

// analyticFoldsJ returns the fold rates and drives at fixed J, ordered by
// decreasing η̄ (low-rate fold first): roots of J_SN(r) = J.
func analyticFoldsJ(j float64) (r, eta [2]float64) {
	g := func(r float64) float64 { jj, _ := snCurve(r); return jj - j }
	r[0] = bisection(g, 1e-3, rCusp)
	r[1] = bisection(g, rCusp, 10)
	_, eta[0] = snCurve(r[0])
	_, eta[1] = snCurve(r[1])
	return r, eta
}

func lowFP(t *testing.T, m nmm.MPR) []float64 {
	t.Helper()
	fps, err := m.FixedPoints()
	if err != nil || len(fps) == 0 {
		t.Fatalf("fixed points: %v %v", fps, err)
	}
	return fps[0].Y
}

// TestMPRFoldsEta continues the MPR equilibria in η̄ at J = 15 (τ = 1, Δ = 1)
// across the bistable region and compares the two folds with the analytic
// saddle-node curve (docs/models.md § MPR equilibria and folds; docs/reference-values.md § MPR: η̄ ∈ (−5.74353, −3.13613), SN at
// r = 0.75392 and 0.16257) to 1e-6 (measured: ≲1e-11).
func TestMPRFoldsEta(t *testing.T) {
	for _, tau := range []float64{1, 10} {
		m := nmm.MPR{Tau: tau, Delta: 1, EtaBar: -8, J: 15}
		prob := Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
		start := time.Now()
		br, err := Equilibria(prob, lowFP(t, m), -8, &Settings{PMin: -8, PMax: 0})
		elapsed := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		wr, we := analyticFoldsJ(15)
		t.Logf("τ=%v: %d points in %v; folds %+v", tau, len(br.Points), elapsed, br.Folds)
		if len(br.Folds) != 2 {
			t.Fatalf("τ=%v: %d folds, want 2", tau, len(br.Folds))
		}
		// along increasing η̄ from the low state the first fold met is the
		// low-rate one at η̄ = −3.136, then the branch turns back to −5.744
		for k := range 2 {
			f := br.Folds[k]
			if math.Abs(f.P-we[k]) > 1e-6 || math.Abs(f.Y[0]*tau-wr[k]) > 1e-6 {
				t.Errorf("τ=%v fold %d: (η̄, τr) = (%.10f, %.10f), analytic (%.10f, %.10f)", tau, k, f.P, f.Y[0]*tau, we[k], wr[k])
			}
			t.Logf("τ=%v fold %d: |Δη̄| = %.2e, |Δr| = %.2e", tau, k, math.Abs(f.P-we[k]), math.Abs(f.Y[0]*tau-wr[k]))
		}
		// docs/reference-values.md § MPR printed values
		if math.Abs(br.Folds[0].P+3.13613) > 5e-6 || math.Abs(br.Folds[1].P+5.74353) > 5e-6 {
			t.Errorf("folds at η̄ = %v, %v; docs/reference-values.md § MPR: −3.13613, −5.74353", br.Folds[0].P, br.Folds[1].P)
		}
		if len(br.Hopfs) != 0 {
			t.Errorf("MPR has no Hopf bifurcation (docs/models.md § MPR equilibria and folds), got %v", br.Hopfs)
		}
		if br.Stop != "bound" || br.Points[len(br.Points)-1].P != 0 {
			t.Errorf("stop %q at p = %v, want bound at 0", br.Stop, br.Points[len(br.Points)-1].P)
		}
		// stability: stable outside the folds, saddle between them
		f0, f1 := br.Folds[0].Index, br.Folds[1].Index
		for i, p := range br.Points {
			middle := i > f0 && i <= f1
			if p.Stable == middle || (middle && p.Kind != stability.Saddle) {
				t.Errorf("τ=%v point %d (η̄=%v r=%v): stable=%v kind %q, middle=%v", tau, i, p.P, p.Y[0], p.Stable, p.Kind, middle)
			}
			// every point is an equilibrium
			f := make([]float64, 2)
			m.EtaBar = p.P
			m.Deriv(f, 0, p.Y)
			if math.Abs(f[0]) > 1e-8 || math.Abs(f[1]) > 1e-8 {
				t.Errorf("point %d: residual %v", i, f)
			}
		}
		if m.EtaBar = -8; prob.Sys.(*nmm.MPR).EtaBar != -8 {
			t.Error("parameter not restored")
		}
	}
}

// TestMPRFoldsJ continues in J at η̄ = −5 (starting in the high state at
// J = 40, going down: fold at J ≈ 13.98, back up to the fold at J ≈ 29.6,
// down the low branch) and compares the folds with the analytic curve:
// roots of η̄_SN(r) = −5, then J = J_SN(r).
func TestMPRFoldsJ(t *testing.T) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 40}
	fps, _ := m.FixedPoints()
	prob := Problem{Sys: &m, Set: func(p float64) { m.J = p }}
	br, err := Equilibria(prob, fps[len(fps)-1].Y, 40, &Settings{PMin: 5, PMax: 40, Ds: -0.05})
	if err != nil {
		t.Fatal(err)
	}
	g := func(r float64) float64 { _, e := snCurve(r); return e + 5 }
	rHigh := bisection(g, rCusp, 5)
	rLow := bisection(g, 1e-3, rCusp)
	jHigh, _ := snCurve(rHigh)
	jLow, _ := snCurve(rLow)
	if len(br.Folds) != 2 {
		t.Fatalf("%d folds, want 2: %+v", len(br.Folds), br.Folds)
	}
	want := [][2]float64{{jHigh, rHigh}, {jLow, rLow}}
	for k, w := range want {
		f := br.Folds[k]
		if math.Abs(f.P-w[0]) > 1e-6 || math.Abs(f.Y[0]-w[1]) > 1e-6 {
			t.Errorf("fold %d: (J, r) = (%.10f, %.10f), analytic (%.10f, %.10f)", k, f.P, f.Y[0], w[0], w[1])
		}
	}
}

// lorenz is the Lorenz system (σ, ρ, β) without an analytic Jacobian.
type lorenz struct{ sigma, rho, beta float64 }

func (l *lorenz) Dim() int { return 3 }
func (l *lorenz) Deriv(dst []float64, _ float64, y []float64) {
	dst[0] = l.sigma * (y[1] - y[0])
	dst[1] = y[0]*(l.rho-y[2]) - y[1]
	dst[2] = y[0]*y[1] - l.beta*y[2]
}

// TestHopfLorenz continues the Lorenz equilibrium C+ = (√(β(ρ−1)),
// √(β(ρ−1)), ρ−1) in ρ with finite-difference Jacobians and checks the
// Hopf point against the analytic ρ_H = σ(σ+β+3)/(σ−β−1) = 24.7368… and
// ω² = β(σ+ρ_H) (Routh–Hurwitz on λ³ + (σ+β+1)λ² + β(σ+ρ)λ + 2σβ(ρ−1)).
func TestHopfLorenz(t *testing.T) {
	l := &lorenz{sigma: 10, rho: 2, beta: 8.0 / 3}
	c := math.Sqrt(l.beta * (l.rho - 1))
	prob := Problem{Sys: l, Set: func(p float64) { l.rho = p }}
	br, err := Equilibria(prob, []float64{c, c, l.rho - 1}, 2, &Settings{PMin: 2, PMax: 30, Ds: 0.1, DsMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	rhoH := l.sigma * (l.sigma + l.beta + 3) / (l.sigma - l.beta - 1)
	omega := math.Sqrt(l.beta * (l.sigma + rhoH))
	if len(br.Hopfs) != 1 || len(br.Folds) != 0 {
		t.Fatalf("hopfs %+v folds %+v, want one Hopf", br.Hopfs, br.Folds)
	}
	h := br.Hopfs[0]
	t.Logf("Lorenz Hopf ρ = %.10f (analytic %.10f), ω = %.10f (analytic %.10f)", h.P, rhoH, h.Omega, omega)
	if math.Abs(h.P-rhoH) > 1e-6 || math.Abs(h.Omega-omega) > 1e-6 {
		t.Errorf("Hopf at ρ = %v ω = %v, want %v, %v", h.P, h.Omega, rhoH, omega)
	}
	cs := math.Sqrt(l.beta * (h.P - 1))
	if math.Abs(h.Y[0]-cs) > 1e-8 || math.Abs(h.Y[2]-(h.P-1)) > 1e-8 {
		t.Errorf("Hopf state %v, want (%v, %v, %v)", h.Y, cs, cs, h.P-1)
	}
	// stable focus-type before, saddle after
	for _, p := range br.Points {
		if p.Stable != (p.P < rhoH) {
			t.Errorf("ρ=%v: stable=%v", p.P, p.Stable)
		}
	}
}

// brusselator: ẋ = a − (b+1)x + x²y, ẏ = bx − x²y; equilibrium (a, b/a),
// Hopf at b = 1 + a² with ω = a.
type brusselator struct{ a, b float64 }

func (s *brusselator) Dim() int { return 2 }
func (s *brusselator) Deriv(dst []float64, _ float64, y []float64) {
	dst[0] = s.a - (s.b+1)*y[0] + y[0]*y[0]*y[1]
	dst[1] = s.b*y[0] - y[0]*y[0]*y[1]
}

// TestHopfBrusselator checks Hopf detection in both directions.
func TestHopfBrusselator(t *testing.T) {
	for _, ds := range []float64{0.05, -0.05} {
		s := &brusselator{a: 2}
		p0 := 1.0
		if ds < 0 {
			p0 = 8
		}
		s.b = p0
		prob := Problem{Sys: s, Set: func(p float64) { s.b = p }}
		br, err := Equilibria(prob, []float64{2.1, p0 / 2}, p0, &Settings{PMin: 1, PMax: 8, Ds: ds})
		if err != nil {
			t.Fatal(err)
		}
		if len(br.Hopfs) != 1 {
			t.Fatalf("ds=%v: %d Hopf points, want 1", ds, len(br.Hopfs))
		}
		h := br.Hopfs[0]
		if math.Abs(h.P-5) > 1e-7 || math.Abs(h.Omega-2) > 1e-7 || math.Abs(h.Y[1]-h.P/2) > 1e-7 {
			t.Errorf("ds=%v: Hopf at b=%v ω=%v y=%v, want b=5, ω=2", ds, h.P, h.Omega, h.Y)
		}
		last := br.Points[len(br.Points)-1]
		if want := map[bool]float64{true: 8, false: 1}[ds > 0]; last.P != want {
			t.Errorf("ds=%v: last point at b = %v, want %v", ds, last.P, want)
		}
	}
}

func TestEquilibriaErrors(t *testing.T) {
	m := nmm.DefaultMPR()
	prob := Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
	if _, err := Equilibria(prob, []float64{0.1, -2}, -5, &Settings{PMin: 0, PMax: -8}); err == nil {
		t.Error("PMin > PMax accepted")
	}
	if _, err := Equilibria(prob, []float64{0.1}, -5, &Settings{PMin: -8, PMax: 0}); err == nil {
		t.Error("y0 of wrong length accepted")
	}
	if _, err := Equilibria(prob, []float64{0.1, -2}, 3, &Settings{PMin: -8, PMax: 0}); err == nil {
		t.Error("p0 outside bounds accepted")
	}
	sq := ode.Func{N: 1, F: func(dst []float64, _ float64, y []float64) { dst[0] = y[0]*y[0] + 1 }}
	if _, err := Equilibria(Problem{Sys: sq, Set: func(float64) {}}, []float64{0}, 0, &Settings{PMin: -1, PMax: 1}); err == nil {
		t.Error("start without equilibrium accepted")
	}
}

func BenchmarkEquilibriaMPR(b *testing.B) {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -8, J: 15}
	fps, _ := m.FixedPoints()
	y0 := fps[0].Y
	b.ReportAllocs()
	for b.Loop() {
		m.EtaBar = -8
		prob := Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
		if _, err := Equilibria(prob, y0, -8, &Settings{PMin: -8, PMax: 0}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCurves(t *testing.T) {
	br := &Branch{Points: []Point{
		{P: 0, Y: []float64{1}, Stable: true},
		{P: 1, Y: []float64{2}, Stable: true},
		{P: 2, Y: []float64{3}, Stable: false},
		{P: 3, Y: []float64{4}, Stable: false},
	}}
	p, s, u := br.Curves(0)
	nan := math.NaN()
	want := [][]float64{{0, 1, 2, 3}, {1, 2, 3, nan}, {nan, 2, 3, 4}}
	for k, got := range [][]float64{p, s, u} {
		for j := range got {
			if got[j] != want[k][j] && !(math.IsNaN(got[j]) && math.IsNaN(want[k][j])) {
				t.Errorf("curve %d = %v, want %v", k, got, want[k])
				break
			}
		}
	}
}

// TestHopfEI continues the 6-D E–I node (nmm.EI, analytic Jacobian) in
// I_ext^E and compares the Hopf points with docs/reference-values.md § E–I node: single node
// (ε = 0) at I_ext^E = 5.99319 (26.79 Hz); homogeneous network mode ε = 8 at
// 3.85037 (15.52 Hz) and 15.35119 (83.80 Hz).
func TestHopfEI(t *testing.T) {
	cases := []struct {
		eps  float64
		ie   []float64
		freq []float64 // Hz (rates in kHz, time in ms)
	}{
		{0, []float64{5.99319}, []float64{26.79}},
		{8, []float64{3.85037, 15.35119}, []float64{15.52, 83.80}},
	}
	for _, c := range cases {
		m := nmm.DefaultEI()
		m.IE = 1
		s := &nmm.SelfCoupled{Node: &m, G: c.eps}
		fps, err := s.FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatalf("ε=%v: fixed points %v %v", c.eps, fps, err)
		}
		br, err := Equilibria(Problem{Sys: s, Set: func(p float64) { m.IE = p }}, fps[0].Y, 1, &Settings{PMin: 1, PMax: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(br.Hopfs) != len(c.ie) {
			t.Fatalf("ε=%v: Hopf points %+v, want at %v", c.eps, br.Hopfs, c.ie)
		}
		for k, h := range br.Hopfs {
			f := h.Omega / (2 * math.Pi) * 1000
			t.Logf("ε=%v: Hopf at I_E = %.7f, f = %.4f Hz", c.eps, h.P, f)
			if math.Abs(h.P-c.ie[k]) > 5e-6 || math.Abs(f-c.freq[k]) > 0.005 {
				t.Errorf("ε=%v: Hopf at I_E = %v, f = %v Hz; docs/reference-values.md § E–I node: %v, %v Hz", c.eps, h.P, f, c.ie[k], c.freq[k])
			}
		}
	}
}
