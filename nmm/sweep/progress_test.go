package sweep

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"
)

// reports records Run's progress reports.
type reports struct {
	mu  sync.Mutex
	got [][2]float64
}

func (r *reports) add(d, t float64) {
	r.mu.Lock()
	r.got = append(r.got, [2]float64{d, t})
	r.mu.Unlock()
}

// TestRunJobProgress: with one worker and no throttling, Run's prog
// receives every in-job fraction on top of the finished jobs — job j
// reporting k/4 of its work gives j + k/4 (the last quarter just below 1
// until the job ends) — then j + 1 when it ends; the totals are the jobs to
// do (2 of 3: one skipped).
func TestRunJobProgress(t *testing.T) {
	defer func(old time.Duration) { ProgressInterval = old }(ProgressInterval)
	ProgressInterval = 0
	var r reports
	err := Run(context.Background(), 3, Shard{}, 1, func(idx int) bool { return idx == 1 }, func(ctx context.Context, idx int) (int, error) {
		p := JobProgress(ctx)
		for k := 1; k <= 4; k++ {
			p(float64(k), 4)
		}
		return idx, nil
	}, func(int) error { return nil }, r.add)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.25, 0.5, 0.75, 0.999999, 1, 1.25, 1.5, 1.75, 1.999999, 2}
	if len(r.got) != len(want) {
		t.Fatalf("%d reports %v, want %v", len(r.got), r.got, want)
	}
	for i, w := range want {
		if math.Abs(r.got[i][0]-w) > 1e-12 || r.got[i][1] != 2 {
			t.Errorf("report %d = %v, want (%g, 2)", i, r.got[i], w)
		}
	}
}

// TestRunJobProgressConcurrent: 8 workers, 40 jobs reporting 100 steps
// each: the reports never decrease, never exceed the 40 jobs, include
// fractional values (progress inside jobs) and end at exactly (40, 40).
func TestRunJobProgressConcurrent(t *testing.T) {
	defer func(old time.Duration) { ProgressInterval = old }(ProgressInterval)
	ProgressInterval = 0
	var r reports
	err := Run(context.Background(), 40, Shard{}, 8, nil, func(ctx context.Context, idx int) (int, error) {
		p := JobProgress(ctx)
		for k := 1; k <= 100; k++ {
			p(float64(k), 100)
		}
		return idx, nil
	}, func(int) error { return nil }, r.add)
	if err != nil {
		t.Fatal(err)
	}
	frac := 0
	for i, g := range r.got {
		if g[1] != 40 || g[0] > 40 || (i > 0 && g[0] < r.got[i-1][0]) {
			t.Fatalf("report %d = %v after %v: want non-decreasing, ≤ 40, total 40", i, g, r.got[max(i-1, 0)])
		}
		if g[0] != math.Trunc(g[0]) {
			frac++
		}
	}
	if n := len(r.got); n == 0 || r.got[n-1] != [2]float64{40, 40} {
		t.Fatalf("last report %v, want (40, 40)", r.got[len(r.got)-1:])
	}
	if frac == 0 {
		t.Error("no report from inside a job")
	}
}

// TestJobProgressThrottledNoAlloc: a job reporting 10⁵ times within one
// ProgressInterval (1 h) reaches prog only through the job's end, and a
// report allocates nothing; outside Run, or with no prog, JobProgress is nil.
func TestJobProgressThrottledNoAlloc(t *testing.T) {
	defer func(old time.Duration) { ProgressInterval = old }(ProgressInterval)
	ProgressInterval = time.Hour
	var r reports
	var allocs float64
	err := Run(context.Background(), 1, Shard{}, 1, nil, func(ctx context.Context, idx int) (int, error) {
		p := JobProgress(ctx)
		p(0, 1) // the first report passes (no report yet)
		k := 0
		allocs = testing.AllocsPerRun(100000, func() { k++; p(float64(k), 1e6) })
		return idx, nil
	}, func(int) error { return nil }, r.add)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.got) != 2 || r.got[1] != [2]float64{1, 1} {
		t.Errorf("reports %v, want the first in-job one and (1, 1)", r.got)
	}
	if allocs != 0 {
		t.Errorf("%g allocations per report, want 0", allocs)
	}
	if JobProgress(context.Background()) != nil {
		t.Error("JobProgress outside Run is not nil")
	}
	_ = Run(context.Background(), 1, Shard{}, 1, nil, func(ctx context.Context, idx int) (int, error) {
		if JobProgress(ctx) != nil {
			t.Error("JobProgress with no prog is not nil")
		}
		return idx, nil
	}, func(int) error { return nil }, nil)
}
