package cycle

import (
	"math"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
)

// TestBifurcationDiagramEI: the homogeneous system at ε = 8 (docs/reference-values.md
// § E–I node): two Hopf points, IE = 3.85037 (15.52 Hz) and 15.35119 (83.80 Hz),
// the equilibrium unstable between them, and one branch of cycles joining
// them. Reports the time of the whole diagram (200 equilibria).
func TestBifurcationDiagramEI(t *testing.T) {
	m := nmm.DefaultEI()
	fps, err := (&nmm.SelfCoupled{Node: &m, G: 8}).FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	d, err := BifurcationDiagram(eiFamily(8), fps[0].Y, 0, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	ncyc := 0
	for _, c := range d.Cycles {
		ncyc += len(c.Points)
	}
	t.Logf("ε=8 diagram: %d equilibria, %d Hopf, %d cycle branches (%d cycles) in %v",
		len(d.Equilibria.Points), len(d.Hopf), len(d.Cycles), ncyc, time.Since(start))
	want := []struct{ p, f float64 }{{3.85037, 15.52}, {15.35119, 83.80}}
	if len(d.Hopf) != 2 {
		t.Fatalf("%d Hopf points, want 2", len(d.Hopf))
	}
	for i, w := range want {
		h := d.Hopf[i]
		if math.Abs(h.P-w.p) > 1e-3 || math.Abs(1000*h.Frequency()-w.f) > 0.2 || !(h.L1 < 0) {
			t.Errorf("Hopf %d: IE=%v f=%v Hz l1=%v, want IE=%v f=%v Hz, l1<0", i, h.P, 1000*h.Frequency(), h.L1, w.p, w.f)
		}
	}
	for _, p := range d.Equilibria.Points {
		if inside := p.P > 3.8504 && p.P < 15.3511; p.Stable == inside {
			t.Errorf("IE=%v: equilibrium stable=%v", p.P, p.Stable)
		}
	}
	if len(d.Cycles) != 1 {
		t.Fatalf("%d cycle branches, want one joining the Hopf points", len(d.Cycles))
	}
	if d.Cycles[0].End != "amplitude vanished" {
		t.Errorf("cycle branch ends with %q, want amplitude vanished (at the second Hopf point)", d.Cycles[0].End)
	}
}
