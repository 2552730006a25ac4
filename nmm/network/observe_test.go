package network

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/fc"
)

func TestObservers(t *testing.T) {
	m := nmm.DefaultMPR()
	net, _ := New(Homogeneous(&m, 3), mat.NewDense(3, 3, nil), nil)
	ts := nmm.NewTimeSeries([]string{"a", "b", "c"}, nil)
	avg, _ := NewTemporalAverage(2, ts)
	var buf bytes.Buffer
	csv := NewCSVWriter(&buf, []string{"a", "b", "c"})
	sel, err := NewSelect(net, 1, Tee{avg, csv})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 4; k++ {
		y := []float64{0, float64(k), 0, 10 * float64(k), 0, 100 * float64(k)}
		sel.Observe(float64(k), y)
	}
	csv.Flush()
	// averages of samples (0,1) and (2,3): t = 0.5, 2.5; v = 0.5·(1, 10, 100), 2.5·(1, 10, 100)
	if ts.Len() != 2 || ts.T[0] != 0.5 || ts.T[1] != 2.5 || ts.At(0, 2) != 50 || ts.At(1, 1) != 25 {
		t.Errorf("averages %v %v", ts.T, ts.Data)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 5 || lines[0] != "t,a,b,c" || lines[4] != "3,3,30,300" {
		t.Errorf("csv %q", lines)
	}
	if _, err := NewSelect(net, 2, ts); err == nil {
		t.Error("bad variable: no error")
	}
}

// Results do not depend on the number of workers; errors and progress.
func TestSweep(t *testing.T) {
	job := func(_ context.Context, i int) (float64, error) {
		r := rand.New(rand.NewPCG(42, uint64(i)))
		return r.Float64(), nil
	}
	a, err := Sweep(context.Background(), 20, 1, nil, job)
	if err != nil {
		t.Fatal(err)
	}
	var last float64
	b, err := Sweep(context.Background(), 20, 2, func(d, n float64) { last = d / n }, job)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("job %d: %v vs %v", i, a[i], b[i])
		}
	}
	if last != 1 {
		t.Errorf("final progress %v", last)
	}
	boom := errors.New("boom")
	if _, err := Sweep(context.Background(), 10, 2, nil, func(_ context.Context, i int) (int, error) {
		if i == 3 {
			return 0, boom
		}
		return i, nil
	}); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

// Streaming observers keep memory independent of the run length: a
// 90-node E–I run with a 1-ms temporal average feeding BOLD (TR 0.72 s) and a
// streaming BOLD FC allocates nothing per step after setup. (The full 60-s
// run with the peak-memory check is TestMemory60s, NGNMM_LONG=1.)
func TestStreamingMemory(t *testing.T) {
	w := aalW(t)
	node := nmm.DefaultEI()
	node.IE = 15
	net, err := New(Homogeneous(&node, 90), w, &Config{G: 9})
	if err != nil {
		t.Fatal(err)
	}
	st := fc.NewStream(90)
	b, _ := bold.New(90, bold.DefaultBalloon(), 1e-3, 0.72, 1000, st)
	avg, _ := NewTemporalAverage(100, b) // 1 ms of 0.01-ms steps
	sel, _ := NewSelect(net, 0, avg)
	stp, _ := NewStepper(net, RK4, 0.01, nil)
	y0 := net.Synchronous([]float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015})
	stp.Init(net, 0, y0)
	for k := 0; k < 1000; k++ { // warm up: allocate lazily sized buffers
		stp.Step()
		tt, y := stp.State()
		sel.Observe(tt, y)
	}
	allocs := testing.AllocsPerRun(2000, func() {
		stp.Step()
		tt, y := stp.State()
		sel.Observe(tt, y)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per step with streaming observers", allocs)
	}
}

// The user path (network.Run, as `ngnmm network simulate --bold`): a 90-node
// E–I run of 60 s (+10 s transient) with 1-ms recordings, streamed BOLD and
// FC stays under 300 MB (peak Sys memory of the Go runtime).
func TestMemory60s(t *testing.T) {
	if os.Getenv("NGNMM_LONG") != "1" {
		t.Skip("60-s run: set NGNMM_LONG=1")
	}
	w := aalW(t)
	node := nmm.DefaultEI()
	node.IE = 15
	net, _ := New(Homogeneous(&node, 90), w, &Config{G: 9, Sigma: []float64{0, 0.01, 0, 0, 0.01, 0}})
	b := bold.DefaultBalloon()
	var ms runtime.MemStats
	peak := uint64(0)
	y0 := net.Synchronous([]float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015})
	res, err := Run(net, y0, RunOptions{T: 60000, Transient: 10000, Dt: 0.01, Rand: rand.New(rand.NewPCG(1, 1)), Average: 100,
		RateVars: []int{nmm.EIrE, nmm.EIrI}, RateScale: 1000, BOLD: &b, BOLDVar: nmm.EIrE, BOLDScale: 1, TR: 0.72, TimeScale: 1e-3,
		Progress: func(done, total float64) {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.Sys)
		}})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.Sys)
	t.Logf("BOLD samples %d, BOLD FC mean %.4f, R %.3f, peak Sys memory %.1f MB", res.BOLD.Len(), fc.Mean(res.BOLDFC), res.OrderMean, float64(peak)/1e6)
	if peak > 300e6 {
		t.Errorf("peak memory %.0f MB, want < 300 MB", float64(peak)/1e6)
	}
}
