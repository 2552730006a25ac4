package msf

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
)

func eiMapConfig(t testing.TB, g Grid, workers int) *MapConfig {
	return EIMap(nmm.DefaultEI(), g.X, g.Y, eigW(t, loadAAL(t)), workers)
}

func runToBytes(t *testing.T, cfg *MapConfig, sh Shard, skip func(int) bool) (MapHeader, []Point) {
	t.Helper()
	var pts []Point
	err := RunMap(context.Background(), cfg, sh, skip, func(p Point) error { pts = append(pts, p); return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := MapHeader{Map: "ei aal90", Grid: cfg.Grid}
	if sh.Count > 1 {
		h.Shard = &sh
	}
	return h, pts
}

// A sharded map (3 shards, different worker counts) merged equals the
// unsharded map byte for byte; a resumed run (half the points first, then
// the rest skipping those) equals it too. Known points are classified as in
// docs/reference-values.md § E–I node.
func TestMapShardMergeResume(t *testing.T) {
	g := Grid{X: Axis{Name: "IE", Lo: 0, Hi: 12, N: 4}, Y: Axis{Name: "eps", Lo: 8, Hi: 12, N: 2}}
	full := eiMapConfig(t, g, 2)
	h, pts := runToBytes(t, full, Shard{}, nil)
	var want bytes.Buffer
	if err := WriteMap(&want, h, pts); err != nil {
		t.Fatal(err)
	}
	// shards, each written to and read back from its own file format
	var hs []MapHeader
	var ps [][]Point
	for i := 0; i < 3; i++ {
		cfg := eiMapConfig(t, g, 1+i%2)
		sh, spts := runToBytes(t, cfg, Shard{Index: i, Count: 3}, nil)
		var buf bytes.Buffer
		if err := WriteMap(&buf, sh, spts); err != nil {
			t.Fatal(err)
		}
		rh, rp, err := ReadMap(&buf)
		if err != nil {
			t.Fatal(err)
		}
		hs, ps = append(hs, rh), append(ps, rp)
	}
	mh, mp, missing, err := MergeMaps(hs, ps)
	if err != nil || missing != 0 {
		t.Fatalf("merge: %v, %d missing", err, missing)
	}
	var got bytes.Buffer
	WriteMap(&got, mh, mp)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("merged shards differ from the unsharded map:\n%s\nwant\n%s", got.String(), want.String())
	}
	// resume: an interrupted file with half of the points (unsorted) and a
	// truncated last line
	var part bytes.Buffer
	WriteMap(&part, h, nil)
	for k := len(pts) - 1; k >= 0; k -= 2 {
		AppendPoint(&part, pts[k])
	}
	part.WriteString(`{"idx":3,"i":`)
	rh, rp, err := ReadMap(&part)
	if err != nil {
		t.Fatal(err)
	}
	done := map[int]bool{}
	for _, p := range rp {
		done[p.Index] = true
	}
	_, more := runToBytes(t, full, Shard{}, func(i int) bool { return done[i] })
	if len(more)+len(rp) != g.Size() {
		t.Errorf("resume computed %d + %d points, want %d", len(more), len(rp), g.Size())
	}
	var res bytes.Buffer
	WriteMap(&res, rh, append(rp, more...))
	if !bytes.Equal(res.Bytes(), want.Bytes()) {
		t.Error("resumed map differs from the unsharded map")
	}
	// classification (docs/reference-values.md § E–I network and MSF)
	for _, p := range pts {
		switch {
		case p.X == 0 && p.Y == 8:
			if p.State != "stationary" || !p.UniformStable() || !p.TransverseStable() {
				t.Errorf("(0, 8): %+v, want a stable stationary state", p)
			}
		case p.X == 12 && p.Y == 8:
			if p.State != "periodic" || !p.UniformStable() || p.TransverseStable() || p.Unstable != 87 {
				t.Errorf("(12, 8): %+v, want a uniformly stable, transversally unstable cycle (87 modes)", p)
			}
		}
	}
}

func TestMapErrors(t *testing.T) {
	cfg := eiMapConfig(t, Grid{X: Axis{N: 0}, Y: Axis{N: 2}}, 1)
	if err := RunMap(context.Background(), cfg, Shard{}, nil, func(Point) error { return nil }, nil); err == nil {
		t.Error("empty axis: no error")
	}
	cfg.Grid = Grid{X: Axis{N: 2}, Y: Axis{N: 2}}
	if err := RunMap(context.Background(), cfg, Shard{Index: 3, Count: 2}, nil, func(Point) error { return nil }, nil); err == nil {
		t.Error("bad shard: no error")
	}
	for _, s := range []string{"", "{}\n", "{\"grid\":{\"x\":{\"n\":2},\"y\":{\"n\":2}}}\n{\"idx\":9}\n", "{\"grid\":{\"x\":{\"n\":2},\"y\":{\"n\":2}}}\nxx\n{\"idx\":1}\n"} {
		if _, _, err := ReadMap(bytes.NewBufferString(s)); err == nil {
			t.Errorf("ReadMap(%q): no error", s)
		}
	}
}

// Issue 7: a 100×100 (IE, ε) map in ≤ 5 min on 2 cores. The default run
// computes a 10×10 map over the same ranges and extrapolates its CPU time per
// point to 10⁴ points; NGNMM_LONG=1 computes the full map.
func TestMapSpeedLong(t *testing.T) {
	n := 10
	if os.Getenv("NGNMM_LONG") == "1" {
		n = 100
	}
	cfg := eiMapConfig(t, Grid{X: Axis{Name: "IE", Lo: 0, Hi: 16, N: n}, Y: Axis{Name: "eps", Lo: 0, Hi: 30, N: n}}, 2)
	start, c0 := time.Now(), cpuTime()
	counts := map[string]int{}
	err := RunMap(context.Background(), cfg, Shard{}, nil, func(p Point) error { counts[p.State]++; return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	el, cpu := time.Since(start), cpuTime()-c0
	t.Logf("%d×%d map on 2 workers: wall %v, CPU %v (%.1f ms CPU/point); states %v", n, n, el, cpu, float64(cpu.Milliseconds())/float64(n*n), counts)
	// 2 cores: the wall time of an otherwise idle machine is ≥ CPU/2; on a
	// shared machine wall time includes waiting, so the limit is on CPU/2.
	if full := cpu / 2 * time.Duration(100*100/(n*n)); full > 5*time.Minute {
		t.Errorf("%d×%d map took %v CPU: 100×100 takes %v per core, want ≤ 5 min", n, n, cpu, full)
	}
}

func BenchmarkAnalysePoint(b *testing.B) {
	cfg := eiMapConfig(b, Grid{X: Axis{Lo: 12, N: 1}, Y: Axis{Lo: 8, N: 1}}, 1)
	b.ReportAllocs()
	for b.Loop() {
		if p := cfg.AnalysePoint(0); p.State != "periodic" {
			b.Fatal(p)
		}
	}
}
