package graph

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
)

type graphRef struct {
	W        [][]float64
	Dist     [][]float64
	Hops     [][]float64
	Eig      []float64
	X, Y     []float64
	Spearman float64
	Ranks    []float64
}

func loadRef(t *testing.T) (*graphRef, *mat.Dense) {
	b, err := os.ReadFile("testdata/graph_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var r graphRef
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	n := len(r.W)
	w := mat.NewDense(n, n, nil)
	for i := range r.W {
		w.SetRow(i, r.W[i])
	}
	return &r, w
}

// Shortest paths equal scipy.sparse.csgraph.dijkstra (testdata/gen_graph.py),
// with length 1/w and with hop counts; unreachable nodes are +Inf.
func TestPathLengthsScipy(t *testing.T) {
	r, w := loadRef(t)
	hop := func(float64) float64 { return 1 }
	for src := range r.W {
		d, err := PathLengths(w, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		h, err := PathLengths(w, src, hop)
		if err != nil {
			t.Fatal(err)
		}
		for j := range d {
			for _, c := range []struct {
				got, want float64
			}{{d[j], r.Dist[src][j]}, {h[j], r.Hops[src][j]}} {
				if c.want < 0 {
					if !math.IsInf(c.got, 1) {
						t.Fatalf("%d→%d: got=%g want=+Inf", src, j, c.got)
					}
					continue
				}
				if math.Abs(c.got-c.want) > 1e-12*math.Max(1, c.want) {
					t.Fatalf("%d→%d: got=%g want=%g", src, j, c.got, c.want)
				}
			}
		}
	}
}

func TestEigenvectorCentralityNumpy(t *testing.T) {
	r, w := loadRef(t)
	c, err := EigenvectorCentrality(w)
	if err != nil {
		t.Fatal(err)
	}
	for i := range c {
		if math.Abs(c[i]-r.Eig[i]) > 1e-12 {
			t.Fatalf("node %d: got=%g want=%g", i, c[i], r.Eig[i])
		}
	}
}

func TestSpearmanScipy(t *testing.T) {
	r, _ := loadRef(t)
	if got := Spearman(r.X, r.Y); math.Abs(got-r.Spearman) > 1e-14 {
		t.Fatalf("got=%g want=%g", got, r.Spearman)
	}
	rk := Ranks(r.X)
	for i := range rk {
		if rk[i] != r.Ranks[i] {
			t.Fatalf("rank %d got=%g want=%g", i, rk[i], r.Ranks[i])
		}
	}
	if !math.IsNaN(Spearman([]float64{1, 1, 1}, []float64{1, 2, 3})) {
		t.Fatal("constant input: want NaN")
	}
}

// Strength and degree of a hand-computed 3-node graph.
func TestStrengthDegree(t *testing.T) {
	w := mat.NewDense(3, 3, []float64{
		9, 1, 0, // diagonal ignored
		2, 0, 3,
		0, 0, 0,
	})
	in, out, err := Strength(w)
	if err != nil {
		t.Fatal(err)
	}
	di, do, _ := Degree(w)
	wantIn, wantOut := []float64{1, 5, 0}, []float64{2, 1, 3}
	wantDi, wantDo := []int{1, 2, 0}, []int{1, 1, 1}
	for i := range in {
		if in[i] != wantIn[i] || out[i] != wantOut[i] || di[i] != wantDi[i] || do[i] != wantDo[i] {
			t.Fatalf("node %d: in=%g out=%g deg=%d,%d", i, in[i], out[i], di[i], do[i])
		}
	}
	if _, _, err := Strength(mat.NewDense(2, 2, []float64{0, -1, 0, 0})); err == nil {
		t.Fatal("want error for a negative weight")
	}
}
