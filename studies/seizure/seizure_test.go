package seizure

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// kicked is the homogeneous node (self-coupling eps) with a rectangular
// input pulse.
type kicked struct {
	nmm.EI
	eps, amp, t0, t1 float64
}

func (k *kicked) Deriv(dst []float64, t float64, y []float64) {
	c := 0.0
	if t >= k.t0 && t < k.t1 {
		c = k.amp
	}
	k.EI.DerivCoupled(dst, t, y, k.eps*y[nmm.EIsE]+c)
}

// rangeAfter simulates the homogeneous node from y0 with a pulse and returns
// the range of rE (kHz) over the last 200 ms of 1500 ms (self-coupling ε = 25).
func rangeAfter(t *testing.T, m nmm.EI, y0 []float64, amp float64) float64 {
	k := &kicked{m, 25, amp, 50, 100}
	ts := nmm.NewTimeSeries(m.Vars(), m.Units())
	if _, err := ode.Solve(k, ode.NewRK4(0.005), 0, 1500, append([]float64(nil), y0...), &ode.Settings{SampleEvery: 0.5, Breakpoints: []float64{50, 100}}, ts); err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := ts.Len() - 400; i < ts.Len(); i++ {
		lo, hi = math.Min(lo, ts.At(i, 0)), math.Max(hi, ts.At(i, 0))
	}
	return hi - lo
}

// The bistable interval from the bifurcation diagram is confirmed by direct
// simulation of the homogeneous node (independent of the continuation): in
// the middle of it the unperturbed rest state stays at rest while a pulse
// switches it to a persistent large oscillation; just above the fold of
// cycles the same pulse only gives a transient (no cycle exists); the Hopf
// point is where the equilibrium's leading complex pair crosses the
// imaginary axis.
func TestFindBistableEI(t *testing.T) {
	r, err := FindBistableEI(nmm.DefaultEI(), 25, 6, 9)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ε=25: subcritical Hopf at I_ext^E=%.5f (l1=%.3g, %.2f Hz), fold of cycles at %.5f", r.Hopf.P, r.Hopf.L1, r.Hopf.Frequency()*1000, r.FoldIE)
	if !(r.Hopf.L1 > 0) || !(r.Lo < r.Hi) {
		t.Fatalf("regime %+v", r)
	}
	for _, c := range []struct {
		ie     float64
		stable bool
	}{{r.Hopf.P - 0.01, false}, {r.Hopf.P + 0.01, true}} {
		m := nmm.DefaultEI()
		m.IE = c.ie
		fps, _ := (&nmm.SelfCoupled{Node: &m, G: 25}).FixedPoints()
		if len(fps) != 1 || fps[0].Stable != c.stable {
			t.Fatalf("I_ext^E=%g: equilibria %+v, want one with stable=%v", c.ie, fps, c.stable)
		}
	}
	m := nmm.DefaultEI()
	m.IE = (r.Lo + r.Hi) / 2
	rest, err := RestState(m, 25)
	if err != nil {
		t.Fatal(err)
	}
	if a := rangeAfter(t, m, rest, 0); a > 1e-6 {
		t.Fatalf("mid-interval rest state not at rest: range %g kHz", a)
	}
	if a := rangeAfter(t, m, rest, -3); a < 0.3 {
		t.Fatalf("mid-interval: pulse gave range %g kHz, want a large cycle", a)
	}
	m.IE = r.Hi + 0.05
	rest, _ = RestState(m, 25)
	if a := rangeAfter(t, m, rest, -3); a > 1e-3 {
		t.Fatalf("above the fold of cycles: pulse left an oscillation of range %g kHz", a)
	}
}

// Onset times of synthetic signals with known threshold crossings.
func TestOnsets(t *testing.T) {
	ts := nmm.NewTimeSeries([]string{"a", "b", "c"}, nil)
	for i := 0; i <= 100; i++ {
		tm := float64(i)
		a := 1.0
		if tm >= 30 {
			a = 1.6 // |1.6−1| > 0.5 from t = 30
		}
		b := 1 - 0.01*tm // |b−1| > 0.5 once 0.01 t > 0.5: t = 51
		ts.Observe(tm, []float64{a, b, 1.2})
	}
	on := Onsets(ts, 1, 0.5, 10)
	if on[0] != 20 || on[1] != 41 || !math.IsInf(on[2], 1) {
		t.Fatalf("onsets %v, want [20 41 +Inf]", on)
	}
}

// Recruitment order and path lengths on a 4-node chain 0→1→2→3 (weights
// 1, 0.5, 0.25): path lengths 1, 3, 7; onset increasing along the chain
// gives Spearman = 1.
func TestAnalyzeChain(t *testing.T) {
	w := mat.NewDense(4, 4, nil)
	w.Set(1, 0, 1)
	w.Set(2, 1, 0.5)
	w.Set(3, 2, 0.25)
	s, err := Analyze([]float64{0, 5, 9, 30}, w, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 1, 3, 7}
	for i := range want {
		if s.PathLength[i] != want[i] {
			t.Fatalf("path lengths %v, want %v", s.PathLength, want)
		}
	}
	if s.Recruited != 4 || s.Spearman != 1 || s.Order[3] != 3 {
		t.Fatalf("spread %+v", s)
	}
	s, _ = Analyze([]float64{0, math.Inf(1), 9, 3}, w, []int{0})
	if s.Recruited != 3 || s.Order[1] != 3 {
		t.Fatalf("partial spread %+v", s)
	}
}

// On the AAL-90 connectome (skipped without the data) a focus recruits
// regions in an order that follows the path length from the focus.
func TestAAL90Spread(t *testing.T) {
	dir := os.Getenv(data.DataEnv)
	if dir == "" {
		if _, err := os.Stat("/work/shared/data/aal90"); err != nil {
			t.Skip("NGNMM_DATA not set")
		}
		t.Setenv(data.DataEnv, "/work/shared/data")
	} else if _, err := os.Stat(filepath.Join(dir, "aal90")); err != nil {
		t.Skip("no aal90 data")
	}
	c, err := data.Load(context.Background(), "aal90")
	if err != nil {
		t.Fatal(err)
	}
	rn, err := c.RowNormalized()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.W = rn.Weights
	cfg.T = 700
	s, _, err := Run(context.Background(), cfg, []int{0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("focus 0: %d recruited, Spearman(onset, path) = %.3f", s.Recruited, s.Spearman)
	if s.Recruited < 80 || !(s.Spearman > 0.4) {
		t.Fatalf("focus 0: %d recruited, Spearman %g", s.Recruited, s.Spearman)
	}
}

func BenchmarkOnsets(b *testing.B) {
	ts := nmm.NewTimeSeries(make([]string, 90), nil)
	y := make([]float64, 90)
	for i := 0; i < 2000; i++ {
		for j := range y {
			y[j] = 0.165 + 0.001*float64((i*j)%7)
		}
		ts.Observe(float64(i)*0.5, y)
	}
	b.ReportAllocs()
	for b.Loop() {
		Onsets(ts, 0.165, 0.5, 100)
	}
}
