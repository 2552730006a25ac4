package network

import (
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
)

// Default-run version of TestMemory60s (issue 6: a 90-node, 60-s run with
// BOLD and FC stays under 300 MB): the peak heap of network.Run (HeapAlloc
// above the level before the run, sampled every millisecond while it runs,
// including its final FC and Hilbert analysis) is measured for the same
// settings at T = 250 ms and 1000 ms and extrapolated linearly to the 60 s
// of the full run (the transient is not recorded). The garbage collector
// runs at GOGC = 5 during the measurement, so that the heap tracks the live
// data (within 5 %) instead of accumulating garbage. A sampled peak can only
// overshoot the live data (garbage not yet collected when the sample was
// taken, about 0.8 MB at times), so each length is run three times and the
// smallest peak is kept; with 750 ms between the two lengths such an
// overshoot moves the extrapolation by at most about 60 MB even when it is
// not removed.
func TestMemoryRunExtrapolated(t *testing.T) {
	w := aalW(t)
	node := nmm.DefaultEI()
	node.IE = 15
	net, err := New(Homogeneous(&node, 90), w, &Config{G: 9, Sigma: []float64{0, 0.01, 0, 0, 0.01, 0}})
	if err != nil {
		t.Fatal(err)
	}
	y0 := net.Synchronous([]float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015})
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	peak := func(T float64) float64 {
		b := bold.DefaultBalloon()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, top := ms.HeapAlloc, ms.HeapAlloc
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			var m runtime.MemStats
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for {
				runtime.ReadMemStats(&m)
				top = max(top, m.HeapAlloc)
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
		res, err := Run(net, y0, RunOptions{T: T, Transient: 10, Dt: 0.01, Rand: rand.New(rand.NewPCG(1, 1)), Average: 100,
			RateVars: []int{nmm.EIrE, nmm.EIrI}, RateScale: 1000, BOLD: &b, BOLDVar: nmm.EIrE, BOLDScale: 1, TR: 0.72, TimeScale: 1e-3})
		if err != nil {
			t.Fatal(err)
		}
		close(stop)
		<-done
		runtime.ReadMemStats(&ms)
		top = max(top, ms.HeapAlloc)
		runtime.KeepAlive(res)
		return float64(top - base)
	}
	least := func(T float64) float64 { return min(peak(T), peak(T), peak(T)) }
	p1, p2 := least(250), least(1000)
	slope := (p2 - p1) / 750 // bytes per simulated ms
	full := p2 + slope*(60000-1000)
	t.Logf("peak heap %.2f MB (250 ms), %.2f MB (1000 ms): %.2f kB per ms → %.0f MB for 60 s", p1/1e6, p2/1e6, slope/1e3, full/1e6)
	if full > 300e6 {
		t.Errorf("extrapolated peak heap of a 60-s run: %.0f MB, want < 300 MB", full/1e6)
	}
}
