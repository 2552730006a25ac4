package lesion

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Hand-computed lesion of a 3-node network: removing node 2 leaves node 0
// with input only from 1 (weight 1 after re-normalisation) and node 1 with
// input only from 0.
func TestDisconnectRemove(t *testing.T) {
	w := mat.NewDense(3, 3, []float64{
		5, 1, 3,
		2, 0, 2,
		1, 1, 0,
	})
	d, err := Disconnect(w, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 1, 0, 1, 0, 0, 0, 0, 0}
	for i, v := range d.RawMatrix().Data {
		if v != want[i] {
			t.Fatalf("Disconnect: %v, want %v", d.RawMatrix().Data, want)
		}
	}
	r, _ := Remove(w, 2)
	if r.At(0, 1) != 1 || r.At(1, 0) != 1 || r.At(0, 0) != 0 {
		t.Fatalf("Remove: %v", r.RawMatrix().Data)
	}
	r0, _ := Remove(w, 0) // node 1 keeps input from 2 only: 1; node 2 from 1: 1
	if r0.At(0, 1) != 1 || r0.At(1, 0) != 1 {
		t.Fatalf("Remove(0): %v", r0.RawMatrix().Data)
	}
	n, _ := RowNormalize(w)
	if math.Abs(n.At(0, 1)-0.25) > 1e-15 || math.Abs(n.At(0, 2)-0.75) > 1e-15 || n.At(0, 0) != 0 {
		t.Fatalf("RowNormalize row 0: %v", n.RawRowView(0))
	}
	if _, err := Disconnect(w, 3); err == nil {
		t.Fatal("want error for region 3")
	}
}

func smallNet(n, isolated int) *mat.Dense {
	rng := rand.New(rand.NewPCG(11, 0))
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && i != isolated && j != isolated && rng.Float64() < 0.6 {
				w.Set(i, j, rng.Float64())
			}
		}
	}
	return w
}

func quickSim(t *testing.T) Simulator {
	o := DefaultEIOptions()
	o.T, o.Transient = 300, 50
	sim, err := EISimulator(o)
	if err != nil {
		t.Fatal(err)
	}
	return sim
}

// Issue 9: the lesion of a region with zero strength leaves the FC of the
// other regions unchanged (exactly: same noise, same weights); the ranking is
// deterministic for a fixed seed and independent of the number of workers.
func TestZeroStrengthAndDeterminism(t *testing.T) {
	const n, iso = 10, 4
	w := smallNet(n, iso)
	cfg := Config{W: w, Simulate: quickSim(t), Seed: 3, Workers: 2}
	r, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Effects {
		if e.Region == iso {
			if e.Distance != 0 || e.DeltaSync != 0 || math.Abs(e.FitIntact-1) > 1e-15 {
				t.Fatalf("zero-strength lesion changed FC: %+v", e)
			}
			continue
		}
		var out float64 // a region that sends nothing cannot change the others
		for i := 0; i < n; i++ {
			out += w.At(i, e.Region)
		}
		if (out == 0) != (e.Distance == 0) {
			t.Fatalf("region %d (out-strength %g): distance %g", e.Region, out, e.Distance)
		}
	}
	cfg.Workers = 1
	r1, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Intact once, then Lesion per region (a study split over processes):
	// the same effects
	base, err := Intact(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, iso, n - 1} {
		e, err := Lesion(context.Background(), cfg, base, k)
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Effects[k]; e != want && !(math.IsNaN(e.Fit) && math.IsNaN(want.Fit) && e.Distance == want.Distance && e.Sync == want.Sync && e.DeltaSync == want.DeltaSync && e.FitIntact == want.FitIntact) {
			t.Errorf("Lesion(%d) = %+v, Run's effect %+v", k, e, want)
		}
	}
	if base.Sync != r.IntactSync || !mat.Equal(base.FC, r.Intact) {
		t.Error("Intact differs from Run's intact network")
	}
	if _, err := Lesion(context.Background(), cfg, base, n); err == nil {
		t.Error("Lesion of region N: no error")
	}
	a, b := Ranking(r.Effects), Ranking(r1.Effects)
	for i := range r.Effects {
		if r.Effects[i] != r1.Effects[i] && !(math.IsNaN(r.Effects[i].Fit) && math.IsNaN(r1.Effects[i].Fit)) {
			t.Fatalf("effect %d differs: %+v vs %+v", i, r.Effects[i], r1.Effects[i])
		}
		if a[i] != b[i] {
			t.Fatalf("ranking differs at %d: %v vs %v", i, a, b)
		}
	}
}

// The Frobenius distance and fits of a lesion, recomputed by hand from the
// signals of a deterministic simulator whose region signals are fixed
// functions of the weights.
func TestMeasuresByHand(t *testing.T) {
	const n = 4
	w := smallNet(n, -1)
	fake := func(_ context.Context, w *mat.Dense, rng *rand.Rand) (*mat.Dense, error) {
		x := mat.NewDense(50, n, nil)
		base := make([]float64, 50)
		for i := range base {
			base[i] = rng.NormFloat64()
		}
		for i := 0; i < 50; i++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for k := 0; k < n; k++ {
					s += w.At(j, k) * float64(k+1)
				}
				x.Set(i, j, s*base[i]+math.Sin(float64(i*(j+1))))
			}
		}
		return x, nil
	}
	r, err := Run(context.Background(), Config{W: w, Simulate: fake, Seed: 1, Regions: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	// recompute
	w0, _ := RowNormalize(w)
	wl, _ := Disconnect(w, 1)
	x0, _ := fake(nil, w0, rand.New(rand.NewPCG(1, 0)))
	xl, _ := fake(nil, wl, rand.New(rand.NewPCG(1, 0)))
	corr := func(x *mat.Dense, a, b int) float64 {
		var ma, mb float64
		for i := 0; i < 50; i++ {
			ma += x.At(i, a) / 50
			mb += x.At(i, b) / 50
		}
		var sab, saa, sbb float64
		for i := 0; i < 50; i++ {
			da, db := x.At(i, a)-ma, x.At(i, b)-mb
			sab += da * db
			saa += da * da
			sbb += db * db
		}
		return sab / math.Sqrt(saa*sbb)
	}
	var d2 float64
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a == 1 || b == 1 || a == b {
				continue
			}
			e := corr(xl, a, b) - corr(x0, a, b)
			d2 += e * e
		}
	}
	if got := r.Effects[0].Distance; math.Abs(got-math.Sqrt(d2)) > 1e-12 {
		t.Fatalf("distance got=%g want=%g", got, math.Sqrt(d2))
	}
}

func BenchmarkEISimulator(b *testing.B) {
	o := DefaultEIOptions()
	o.T, o.Transient = 100, 0
	sim, _ := EISimulator(o)
	w, _ := RowNormalize(smallNet(90, -1))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim(context.Background(), w, rand.New(rand.NewPCG(1, 0))); err != nil {
			b.Fatal(err)
		}
	}
}
