package cfc

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
)

// The driven node equals the E–I node with I_ext^E replaced by the drive.
func TestDriven(t *testing.T) {
	node := nmm.DefaultEI()
	node.IE = 8
	d, err := Driven(node, Theta{Amp: 2, Freq: 6, Phase: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	y := []float64{0.05, -1.2, 0.04, 0.02, -1.5, 0.03}
	for _, tm := range []float64{0, 17.3, 250} {
		got := make([]float64, 6)
		d.Deriv(got, tm, y)
		m := nmm.DefaultEI()
		m.IE = 8 + 2*math.Sin(2*math.Pi*6*tm/1000+0.3)
		want := make([]float64, 6)
		m.Deriv(want, tm, y)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("t=%g var %d: got=%g want=%g", tm, i, got[i], want[i])
			}
		}
	}
	if a := testing.AllocsPerRun(100, func() { d.Deriv(y, 1, y) }); a != 0 {
		t.Fatalf("Deriv allocates %g", a)
	}
	if _, err := Driven(nmm.DefaultEI(), Theta{Freq: -1}); err == nil {
		t.Fatal("want error for Freq < 0")
	}
}

// docs/reference-values.md § E–I network and MSF: the synchronous cycle at (I_ext^E, ε) = (12, 8) has
// frequency 71.93 Hz; a network with row sums 1 started exactly on it stays
// synchronous at that frequency.
func TestNetworkSynchronousCycle(t *testing.T) {
	w := mat.NewDense(4, 4, nil)
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if i != j {
				w.Set(i, j, 1.0/3)
			}
		}
	}
	o := DefaultNetworkOptions()
	o.Perturbation = 0
	o.T = 300
	o.Sample = 0.02
	ts, orb, err := NetworkGamma(context.Background(), w, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := 1000 / orb.Period; math.Abs(f-71.93) > 0.01 {
		t.Fatalf("cycle frequency %g Hz, want 71.93", f)
	}
	// upward crossings of the mid level of node 0
	lvl := (orb.Min[0] + orb.Max[0]) / 2
	var first, last float64
	n := 0
	for i := 1; i < ts.Len(); i++ {
		a, b := ts.At(i-1, 0), ts.At(i, 0)
		if a < lvl && b >= lvl {
			tc := ts.T[i-1] + (lvl-a)/(b-a)*(ts.T[i]-ts.T[i-1])
			if n == 0 {
				first = tc
			}
			last = tc
			n++
		}
		for j := 1; j < 4; j++ {
			if math.Abs(ts.At(i, j)-ts.At(i, 0)) > 1e-9 {
				t.Fatalf("t=%g: node %d left synchrony", ts.T[i], j)
			}
		}
	}
	if f := float64(n-1) / (last - first) * 1000; math.Abs(f-71.93) > 0.05 {
		t.Fatalf("simulated frequency %g Hz, want 71.93", f)
	}
}
