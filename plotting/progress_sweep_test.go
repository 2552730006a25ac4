package plotting

import (
	"context"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

// barValues records the fractions a Progress bar draws (the value of its
// <progress> element) and the last HTML drawn.
type barValues struct {
	mu   sync.Mutex
	vals []float64
	last string
}

var progressValue = regexp.MustCompile(`<progress value="([0-9.]+)"`)

func (b *barValues) draw(_, h string) {
	m := progressValue.FindStringSubmatch(h)
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		panic(err)
	}
	b.mu.Lock()
	b.vals = append(b.vals, v)
	b.last = h
	b.mu.Unlock()
}

// TestProgressThroughJobProgress: notebook 05's chain, a plotting.Progress
// bar fed by network.Sweep whose jobs are network.Run calls reporting
// through sweep.JobProgress(ctx). The bar's fractions never decrease, stay
// in [0, 1], include values strictly inside a job (the bar moves while the
// runs run, not only when one ends: with 3 jobs on 2 workers a bar moved
// only by job ends shows 0, 1/3, 2/3, 1), reach exactly 1 before Done, and
// Done shows "done in".
func TestProgressThroughJobProgress(t *testing.T) {
	defer func(old time.Duration) { sweep.ProgressInterval = old }(sweep.ProgressInterval)
	sweep.ProgressInterval = 0
	var b barValues
	defer func(old func(string, string)) { updateHTML = old }(updateHTML)
	updateHTML = b.draw
	p := &Progress{Label: "coupling sweep", id: "bar", now: time.Now} // Interval 0: every report drawn
	p.start = p.now()
	p.show()

	w := mat.NewDense(3, 3, []float64{0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0})
	eps := []float64{0, 2, 4}
	const seed = 1
	rates, err := network.Sweep(context.Background(), len(eps), 2, p.Func(), func(ctx context.Context, i int) (float64, error) {
		node := nmm.DefaultEI()
		s := brain.Scenario{Weights: w, Node: &node, G: eps[i]}
		net, y0, err := s.Build(0.01, rand.New(rand.NewPCG(seed, uint64(i))))
		if err != nil {
			return 0, err
		}
		res, err := network.Run(net, y0, network.RunOptions{T: 20, Transient: 0, Dt: 0.01, Average: 100, RateVars: []int{nmm.EIrE},
			RateScale: 1000, Progress: sweep.JobProgress(ctx)})
		if err != nil {
			return 0, err
		}
		return res.MeanRate[0], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != len(eps) {
		t.Fatalf("%d results for %d jobs", len(rates), len(eps))
	}
	b.mu.Lock()
	vals := append([]float64(nil), b.vals...)
	b.mu.Unlock()
	t.Logf("%d bar values", len(vals))
	inside := 0
	for i, v := range vals {
		if v < 0 || v > 1 || (i > 0 && v < vals[i-1]) {
			t.Fatalf("bar value %d = %g after %g: want non-decreasing in [0, 1] (all: %v)", i, v, vals[max(i-1, 0)], vals)
		}
		if k := v * float64(len(eps)); math.Abs(k-math.Round(k)) > 1e-3 {
			inside++ // 4-digit values: a third is 0.3333
		}
	}
	if n := len(vals); n < 2 || vals[n-1] != 1 || !strings.Contains(b.last, "100 %") {
		t.Fatalf("last bar %q (values %v), want 1 and 100 %%", b.last, vals)
	}
	if inside < 3 {
		t.Errorf("%d of %d bar values inside a job, want ≥ 3: %v", inside, len(vals), vals)
	}
	p.Done()
	if !strings.Contains(b.last, "done in") || b.vals[len(b.vals)-1] != 1 {
		t.Errorf("Done shows %q", b.last)
	}
}
