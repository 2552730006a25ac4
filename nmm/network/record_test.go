package network

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
)

// Record's series holds variable v of every node, labelled name[i].
func TestRecord(t *testing.T) {
	m := nmm.DefaultMPR()
	net, err := New(Homogeneous(&m, 3), mat.NewDense(3, 3, []float64{0, 1, 0, 0, 0, 1, 1, 0, 0}), &Config{G: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	ts, sel, err := Record(net, 1, "v", "mV", "ms", 4)
	if err != nil {
		t.Fatal(err)
	}
	y := []float64{1, 2, 3, 4, 5, 6} // node i: (r, v) = (2i+1, 2i+2)
	if err := sel.Observe(0.5, y); err != nil {
		t.Fatal(err)
	}
	if ts.Len() != 1 || ts.T[0] != 0.5 || ts.TimeUnit != "ms" {
		t.Fatalf("len %d, t %v, time unit %q", ts.Len(), ts.T, ts.TimeUnit)
	}
	for i, want := range []float64{2, 4, 6} {
		if got := ts.At(0, i); got != want || ts.Labels[i] != []string{"v[0]", "v[1]", "v[2]"}[i] || ts.Units[i] != "mV" {
			t.Errorf("column %d: %v %q %q, want %v v[%d] mV", i, got, ts.Labels[i], ts.Units[i], want, i)
		}
	}
	if _, _, err := Record(net, 2, "x", "", "ms", 0); err == nil {
		t.Error("variable 2 of a 2-variable node: no error")
	}
}
