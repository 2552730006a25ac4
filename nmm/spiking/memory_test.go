package spiking

import (
	"bufio"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// peakRSS returns the process's peak resident set size in bytes (VmHWM,
// Linux), or 0 if unavailable.
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// TestMemory: a 10⁵-neuron network recording its binned rate (0.01 τ bins,
// as nmm.TimeSeries) stays under 200 MB, and memory does not grow with the
// run length beyond the 16 bytes per bin of the recording (spikes are
// counted, never stored). Default: 10 τ; long (NGNMM_LONG=1): 1000 τ.
func TestMemory(t *testing.T) {
	T := 10.0
	if longTests() {
		T = 1000
	}
	q := QIF{N: 100000, Tau: 1, EtaBar: 0, Delta: 1, J: 10}
	s, err := New(q, Options{Dt: 0.01, Bin: 0.01}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ts, err := s.Record(T, 0)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	grow := int64(m1.TotalAlloc - m0.TotalAlloc)
	bins := int64(ts.Len())
	// The recording appends 2 float64 per bin (T and Data); append's
	// geometric growth (factor ≥ 1.25 for large slices) allocates at most
	// ≈ 5× the final size in total.
	if lim := 6*16*bins + 1<<20; grow > lim {
		t.Errorf("allocated %d bytes over %v τ (%d bins), want ≤ %d", grow, T, bins, lim)
	}
	rss := peakRSS()
	t.Logf("N=1e5, T=%v τ: %d bins; allocated during the run %.2f MB; Go Sys %.1f MB; peak RSS %.1f MB",
		T, bins, float64(grow)/1e6, float64(m1.Sys)/1e6, float64(rss)/1e6)
	if m1.Sys > 200<<20 {
		t.Errorf("Go runtime Sys %d bytes, want < 200 MB", m1.Sys)
	}
	if rss > 200<<20 {
		t.Errorf("peak RSS %d bytes, want < 200 MB", rss)
	}
}
