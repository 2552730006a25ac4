package fit

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

func readCSV(t *testing.T, name string) *mat.Dense {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := data.ReadMatrixCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// syntheticSubject is the subject of testdata/gen_compare.py (emp_bold.csv,
// sc.csv, lengths.csv; TR 0.72 s) under protocol p.
func syntheticSubject(t *testing.T, p Protocol) *Subject {
	t.Helper()
	emp := readCSV(t, "emp_bold.csv")
	_, n := emp.Dims()
	labels := make([]string, n)
	for i := range labels {
		labels[i] = string(rune('a' + i))
	}
	c := &data.Connectome{Name: "synthetic", Labels: labels, Weights: readCSV(t, "sc.csv"), Lengths: readCSV(t, "lengths.csv"),
		BOLD: mat.DenseCopyOf(emp.T()), TR: 0.72}
	s, err := NewSubject(c, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCompareNumPy: the objective's FC r and FCD KS of a fixed "simulated"
// BOLD against a fixed "empirical" subject, and the subject's baselines,
// equal the committed NumPy/SciPy computation (testdata/gen_compare.py).
func TestCompareNumPy(t *testing.T) {
	var ref map[string]float64
	b, err := os.ReadFile("testdata/compare_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	p := DefaultProtocol()
	s := syntheticSubject(t, p)
	r, ks, err := Compare(readCSV(t, "sim_bold.csv"), s, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name string
		got  float64
	}{{"fc_r", r}, {"fcd_ks", ks}, {"sc_fc_r", s.SCFC}, {"dist_r", s.DistanceFC}, {"split_half", s.SplitHalf}} {
		if d := math.Abs(v.got - ref[v.name]); !(d <= 1e-12) {
			t.Errorf("%s = %.15g, NumPy %.15g (|Δ| = %.2g)", v.name, v.got, ref[v.name], d)
		}
	}
	if rs := mat.Sum(s.Weights.RowView(0)); math.Abs(rs-1) > 1e-12 {
		t.Errorf("row sum of the subject's weights %v, want 1 (row-normalised)", rs)
	}
}

// TestMinimise: Nelder–Mead finds the known minima of a quadratic with
// cross term (at (0.7, −0.2)) and of Rosenbrock's function (at (1, 1)).
func TestMinimise(t *testing.T) {
	quad := func(u []float64) float64 {
		a, b := u[0]-0.7, u[1]+0.2
		return a*a + 3*b*b + 0.5*a*b + 2
	}
	u, v := Minimise(quad, 2, 500)
	if math.Hypot(u[0]-0.7, u[1]+0.2) > 1e-4 || math.Abs(v-2) > 1e-8 {
		t.Errorf("quadratic: minimum at %v = %v, want (0.7, -0.2) = 2", u, v)
	}
	rosen := func(u []float64) float64 {
		return 100*(u[1]-u[0]*u[0])*(u[1]-u[0]*u[0]) + (1-u[0])*(1-u[0])
	}
	u, v = Minimise(rosen, 2, 5000)
	if math.Hypot(u[0]-1, u[1]-1) > 1e-3 || v > 1e-6 {
		t.Errorf("Rosenbrock: minimum at %v = %v, want (1, 1) = 0", u, v)
	}
	n := 0
	Minimise(func(u []float64) float64 { n++; return rosen(u) }, 2, 17)
	if n != 17 {
		t.Errorf("%d evaluations with maxEvals 17", n)
	}
}

// TestBoxMap: fromU maps u = 0 to the box centre and ±π/2 to its corners,
// and Minimise through it finds a maximum on the box edge.
func TestBoxMap(t *testing.T) {
	c := &Config{Lo: []float64{0, -2}, Hi: []float64{10, 4}}
	x := c.fromU([]float64{0, math.Pi / 2})
	if math.Abs(x[0]-5) > 1e-12 || math.Abs(x[1]-4) > 1e-12 {
		t.Errorf("fromU(0, π/2) = %v, want (5, 4)", x)
	}
	// maximise −(x0 − 3)² + x1 on the box: optimum (3, 4), value 4
	u, v := Minimise(func(u []float64) float64 {
		x := c.fromU(u)
		return (x[0]-3)*(x[0]-3) - x[1]
	}, 2, 2000)
	x = c.fromU(u)
	if math.Abs(x[0]-3) > 1e-3 || math.Abs(x[1]-4) > 1e-6 || math.Abs(v+4) > 1e-6 {
		t.Errorf("box optimum at %v = %v, want (3, 4) = -4", x, v)
	}
}

// TestSummariseAggregate: mean and sample s.d. over subjects × seeds, and
// grouping by point; the job index of an evaluation inverts sweep.Grid.Job.
func TestSummariseAggregate(t *testing.T) {
	s := Summarise([]Score{{FCR: 0.1, FCDKS: 0.5}, {FCR: 0.3, FCDKS: 0.7}, {FCR: 0.5, FCDKS: 0.3}})
	if math.Abs(float64(s.FCR)-0.3) > 1e-15 || math.Abs(float64(s.FCRSD)-0.2) > 1e-15 || math.Abs(float64(s.FCDKS)-0.5) > 1e-15 || math.Abs(float64(s.FCDKSSD)-0.2) > 1e-15 || s.N != 3 {
		t.Errorf("Summarise = %+v, want fc_r 0.3 ± 0.2, fcd_ks 0.5 ± 0.2, n 3", s)
	}
	pts := Aggregate([]Eval{{X: []float64{1, 2}, Train: []Score{{FCR: 0.2}}}, {X: []float64{3, 2}, Train: []Score{{FCR: 0.4}}},
		{X: []float64{1, 2}, Replica: 1, Train: []Score{{FCR: 0.4}}}})
	if len(pts) != 2 || math.Abs(float64(pts[0].Train.FCR)-0.3) > 1e-15 || pts[0].Train.N != 2 || pts[1].Train.N != 1 || pts[0].Test != nil {
		t.Errorf("Aggregate = %+v", pts)
	}
	if b := Best(pts, FC); b != 1 {
		t.Errorf("Best = %d, want 1", b)
	}
	g := sweep.Grid{Axes: []sweep.Axis{{Name: "eps", Lo: 0, Hi: 12, N: 4}, {Name: "IE", Lo: 2, Hi: 4, N: 3}}, Seeds: 2}
	for idx := range g.Size() {
		j := g.Job(idx)
		if got := indexOf(g, Eval{X: j.Values, Replica: j.Replica}); got != idx {
			t.Fatalf("indexOf(job %d) = %d", idx, got)
		}
	}
}

// TestSimulateHCP: a short evaluation on hcp-101309 (delays from its tract
// lengths) is reproducible with the same seed, differs with another, and
// reports a finite regime; the subject's baselines are those of nmm/fc's
// NumPy reference (sc_fc_r 0.311759 of 'data fc', docs/reference-values.md).
func TestSimulateHCP(t *testing.T) {
	c, err := data.Load(context.Background(), "hcp-101309")
	if err != nil {
		t.Skipf("hcp-101309 not available: %v", err)
	}
	p := DefaultProtocol()
	p.T, p.Transient, p.Dt, p.Window, p.Step = 6, 1, 0.1, 4, 2
	s, err := NewSubject(c, p)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.SCFC-0.311759) > 5e-7 {
		t.Errorf("SC→FC r = %.7f, want 0.311759", s.SCFC)
	}
	m, err := NewModel("ei", []string{"eps", "IE"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Model: m, Lo: []float64{0, 2}, Hi: []float64{12, 5}, Train: []*Subject{s}, Protocol: p, Replicas: 2, Seed: 3}
	run := func(rep int) Score {
		e, err := cfg.Evaluate(context.Background(), []float64{8, 3.8}, rep, true, false)
		if err != nil {
			t.Fatal(err)
		}
		return e.Train[0]
	}
	a, b, d := run(0), run(0), run(1)
	if a != b {
		t.Errorf("same seed: %+v then %+v", a, b)
	}
	if a == d {
		t.Errorf("seeds 0 and 1 gave the same score %+v", a)
	}
	if !(a.RateHz > 0 && a.RateHz < 1000) || !a.FCR.Defined() || !(a.FCDKS >= 0 && a.FCDKS <= 1) {
		t.Errorf("score %+v: want 0 < rate < 1000 Hz, finite fc_r, 0 ≤ fcd_ks ≤ 1", a)
	}
}
