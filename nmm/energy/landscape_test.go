package energy

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

type refs struct {
	Mutual struct {
		Equilibria []struct {
			Y     []float64 `json:"y"`
			MaxRe float64   `json:"max_re"`
		} `json:"equilibria"`
		Switch float64 `json:"switch_threshold_pop2"`
	} `json:"mutual"`
	Burst struct {
		Spikes []struct {
			T      float64  `json:"t"`
			R      float64  `json:"r"`
			Frozen *float64 `json:"frozen"`
		} `json:"spikes"`
	} `json:"burst"`
}

func loadRefs(t *testing.T) refs {
	t.Helper()
	b, err := os.ReadFile("testdata/refs.json")
	if err != nil {
		t.Fatal(err)
	}
	var r refs
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestLandscapeCriticalPoints: the critical points of L are the equilibria
// of the 4-D circuit computed independently by scipy fsolve
// (testdata/gen_refs.py), the minima are its stable states and the saddle
// is unstable (eigenvalues of the analytic Jacobian, compared with numpy's
// largest real part).
func TestLandscapeCriticalPoints(t *testing.T) {
	ref := loadRefs(t)
	m := nmm.DefaultMutualInhibition()
	l, err := NewLandscape(&m)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := l.CriticalPoints(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d critical points, want 3: %+v", len(cs), cs)
	}
	// sorted by R1: suppressed-1 state, saddle, suppressed-2 state
	want := []int{2, 1, 0}
	kinds := []CriticalKind{Minimum, Saddle, Minimum}
	dy := make([]float64, 4)
	for i, c := range cs {
		e := ref.Mutual.Equilibria[want[i]]
		for k := range 4 {
			near(t, "equilibrium component", c.State[k], e.Y[k], 1e-9*math.Max(1, math.Abs(e.Y[k])))
		}
		if c.Kind != kinds[i] {
			t.Errorf("critical point %d kind %s, want %s", i, c.Kind, kinds[i])
		}
		m.Deriv(dy, 0, c.State)
		for k := range dy {
			near(t, "f(equilibrium)", dy[k], 0, 1e-9)
		}
		fp, err := stability.Analyze(&m, c.State, nil)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "max Re λ", real(fp.Eigenvalues[0]), e.MaxRe, 1e-8)
		if fp.Stable != (c.Kind == "min") {
			t.Errorf("critical point %d (%s): full-model stable = %v", i, c.Kind, fp.Stable)
		}
		t.Logf("%s at (r1, r2) = (%.6f, %.6f), L = %.6f, max Re λ = %.4f", c.Kind, c.R1, c.R2, c.L, real(fp.Eigenvalues[0]))
	}
	// gradient vs finite differences of L
	r1, r2 := 0.4, 0.2
	g1, g2 := l.Grad(r1, r2, 0)
	h := 1e-6
	near(t, "dL/dR1", g1, (l.L(r1+h, r2, 0)-l.L(r1-h, r2, 0))/(2*h), 1e-6)
	near(t, "dL/dR2", g2, (l.L(r1, r2+h, 0)-l.L(r1, r2-h, 0))/(2*h), 1e-6)
}

// TestLandscapeU: for one population at Δ = 0 the landscape derivative is
// R² U'(R) (same critical points as the Hamiltonian potential).
func TestLandscapeU(t *testing.T) {
	p := nmm.MPR{Tau: 1, Delta: 0, EtaBar: -5, J: 15}
	// population 2 at fixed rate ρ acts as an input −Kρ on population 1
	m := nmm.MutualInhibition{Pop: [2]nmm.MPR{p, p}, K: 1}
	l, _ := NewLandscape(&m)
	rho := 0.3
	h := Hamiltonian{Tau: 1, Eta: -5 - rho, J: 15}
	for _, R := range []float64{0.2, 0.5, 1, 2} {
		g1, _ := l.Grad(R, rho, 0)
		near(t, "L' = R² U'", g1, R*R*h.du(R), 1e-12)
	}
	// each population's energy with the other's rate as input (written out)
	y := []float64{0.8, 0.3, rho, -0.2}
	want := (0.3*0.3+(-5-1*rho))/0.8 + math.Pi*math.Pi*0.8 - 15*math.Log(0.8)
	near(t, "population energy", l.Energy(0, 0, y), want, 1e-12)
}

// TestSwitchThreshold: the stimulus at which the suppressed state vanishes
// equals the fold computed by scipy (f = 0, det Df = 0); a sustained
// stimulus 10 % below it leaves the circuit in its state, 10 % above it
// switches the circuit, which stays switched after the stimulus ends.
func TestSwitchThreshold(t *testing.T) {
	ref := loadRefs(t)
	m := nmm.DefaultMutualInhibition()
	l, _ := NewLandscape(&m)
	S, err := l.SwitchThreshold(1, 10)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "switch threshold", S, ref.Mutual.Switch, 1e-7)
	t.Logf("switch threshold (pop 2): %.8f, scipy fold %.8f", S, ref.Mutual.Switch)
	b0, ok0, _ := l.Barrier(1, 0, 0)
	b1, ok1, _ := l.Barrier(1, 0.5*S, 0)
	if !ok0 || !ok1 || !(b1 < b0) || !(b1 > 0) {
		t.Errorf("barrier at S=0: %v (%v), at S*/2: %v (%v); want positive and decreasing", b0, ok0, b1, ok1)
	}
	cs, _ := l.Minima(0)
	start := cs[1].State // population 1 active, 2 suppressed
	for _, f := range []float64{0.9, 1.1} {
		mm := m
		amp := f * S
		mm.Pop[1].Input = func(t float64) float64 {
			if t >= 5 && t < 45 {
				return amp
			}
			return 0
		}
		var last []float64
		_, err := ode.Solve(&mm, ode.NewRK4(1e-3), 0, 80, start, &ode.Settings{SampleEvery: 1},
			ode.ObserverFunc(func(t float64, y []float64) error { last = append(last[:0], y...); return nil }))
		if err != nil {
			t.Fatal(err)
		}
		switched := last[2] > last[0]
		if switched != (f > 1) {
			t.Errorf("stimulus %.2f·S*: final (r1, r2) = (%.4f, %.4f), switched = %v", f, last[0], last[2], switched)
		}
		t.Logf("stimulus %.2f·S* for 40 τ: final (r1, r2) = (%.4f, %.4f)", f, last[0], last[2])
	}
}

func defaultLandscape() *Landscape {
	m := nmm.DefaultMutualInhibition()
	l, _ := NewLandscape(&m)
	return l
}

// TestLandscapeTau: with τ = 2 the critical points are those of τ = 1 with
// halved rates and the same voltages, and L is unchanged.
func TestLandscapeTau(t *testing.T) {
	m1 := nmm.DefaultMutualInhibition()
	m2 := m1
	m2.Pop[0].Tau, m2.Pop[1].Tau = 2, 2
	l1, _ := NewLandscape(&m1)
	l2, _ := NewLandscape(&m2)
	c1, _ := l1.CriticalPoints(0)
	c2, _ := l2.CriticalPoints(0)
	if len(c1) != len(c2) {
		t.Fatalf("%d vs %d critical points", len(c1), len(c2))
	}
	dy := make([]float64, 4)
	for i := range c1 {
		near(t, "r1", c2[i].R1, c1[i].R1/2, 1e-12)
		near(t, "v1", c2[i].State[1], c1[i].State[1], 1e-12)
		near(t, "L", c2[i].L, c1[i].L, 1e-12)
		m2.Deriv(dy, 0, c2[i].State)
		for k := range dy {
			near(t, "f = 0 at τ = 2", dy[k], 0, 1e-9)
		}
	}
	if _, err := NewLandscape(&nmm.MutualInhibition{Pop: m1.Pop, K: 0}); err == nil {
		t.Error("K = 0 accepted")
	}
}
