package spiking

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// TestSimulateEIGamma: the spiking E–I network with the parameters of
// docs/models.md § E–I node at IE = 10 oscillates at the gamma frequency of its mean
// field, 46.8 Hz (docs/reference-values.md § E–I node), within finite-size error (2 Hz for
// N = 2000 per population), and its mean rate matches the mean field's
// time-averaged rate within 10 %.
func TestSimulateEIGamma(t *testing.T) {
	m := nmm.DefaultEI()
	m.IE = 10
	ts, err := SimulateEI(m, 1000, &EIOptions{NE: 2000, NI: 2000, Dt: 0.01, Sample: 0.1, Transient: 200}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	rE := ts.Col(nil, 0)
	psd, err := spectral.Welch(rE, 1000/0.1, &spectral.WelchOptions{SegmentLength: 4096})
	if err != nil {
		t.Fatal(err)
	}
	pk := spectral.Peaks(&psd, &spectral.PeakOptions{FMin: 10, FMax: 200})
	best := pk[0]
	for _, p := range pk {
		if p.Power > best.Power {
			best = p
		}
	}
	t.Logf("network peak %.2f Hz (resolution %.2f Hz)", best.Freq, psd.Resolution)
	if math.Abs(best.Freq-46.8) > 2.5 {
		t.Errorf("network gamma peak %v Hz, mean field 46.8 Hz", best.Freq)
	}
	mean := 0.0
	for _, r := range rE {
		mean += r
	}
	mean /= float64(len(rE))
	// mean-field time average over the same window
	mfMean, n := 0.0, 0
	_, err = ode.Solve(&m, ode.NewRK4(0.01), 0, 1200, []float64{0.05, -1, 0.05, 0.05, -1, 0.05},
		&ode.Settings{Transient: 200, SampleEvery: 0.1}, ode.ObserverFunc(func(_ float64, y []float64) error {
			mfMean += y[0]
			n++
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	mfMean /= float64(n)
	t.Logf("mean rE: network %.2f Hz, mean field %.2f Hz", 1000*mean, 1000*mfMean)
	if math.Abs(mean-mfMean) > 0.1*mfMean {
		t.Errorf("mean rE: network %v Hz, mean field %v Hz (10 %%)", 1000*mean, 1000*mfMean)
	}
}

// TestSimulateEIProgress: progress reports during the run, increasing,
// in ms of simulated time, every 1000 steps (10 ms at Dt = 0.01) and at the
// end (Transient + T = 35 ms → 10, 20, 30, 35); the result is unchanged.
func TestSimulateEIProgress(t *testing.T) {
	m := nmm.DefaultEI()
	m.IE = 10
	var got [][2]float64
	opts := EIOptions{NE: 50, NI: 50, Transient: 5}
	ts, err := SimulateEI(m, 30, &opts, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	opts.Progress = func(d, tot float64) { got = append(got, [2]float64{d, tot}) }
	ts2, err := SimulateEI(m, 30, &opts, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{10, 20, 30, 35}
	if len(got) != len(want) {
		t.Fatalf("reports %v, want done = %v", got, want)
	}
	for i, w := range want {
		if math.Abs(got[i][0]-w) > 1e-9 || math.Abs(got[i][1]-35) > 1e-9 {
			t.Errorf("report %d = %v, want (%v, 35)", i, got[i], w)
		}
	}
	for i := range ts.T {
		if ts.At(i, 0) != ts2.At(i, 0) {
			t.Fatalf("sample %d: rE %v with progress, %v without", i, ts2.At(i, 0), ts.At(i, 0))
		}
	}
}

// TestSimulateEISeed: all randomness comes from the passed generator. The
// same seed gives bitwise the same rates with 1 and 2 workers per population
// (and GOMAXPROCS 1 and 2); another seed gives other numbers (the initial
// phases differ, so rE differs at some sample); a nil generator is an error.
func TestSimulateEISeed(t *testing.T) {
	m := nmm.DefaultEI()
	m.IE = 10
	run := func(seed uint64, workers, procs int) *nmm.TimeSeries {
		t.Helper()
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		ts, err := SimulateEI(m, 20, &EIOptions{NE: 200, NI: 200, Workers: workers}, rand.New(rand.NewPCG(seed, 7)))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	ref := run(3, 1, 1)
	for _, c := range [][2]int{{1, 2}, {2, 1}, {2, 2}} {
		ts := run(3, c[0], c[1])
		if len(ts.T) != len(ref.T) {
			t.Fatalf("workers %d, GOMAXPROCS %d: %d samples, want %d", c[0], c[1], len(ts.T), len(ref.T))
		}
		for i := range ts.T {
			for j := 0; j < 4; j++ {
				if ts.At(i, j) != ref.At(i, j) {
					t.Fatalf("workers %d, GOMAXPROCS %d: sample %d var %d = %v, want %v (1 worker)", c[0], c[1], i, j, ts.At(i, j), ref.At(i, j))
				}
			}
		}
	}
	other := run(4, 1, 1)
	differ := 0
	for i := range other.T {
		if other.At(i, 0) != ref.At(i, 0) {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("seeds 3 and 4 give the same %d rE samples", len(ref.T))
	}
	t.Logf("seeds 3 and 4: %d of %d rE samples differ", differ, len(ref.T))
	if _, err := SimulateEI(m, 20, &EIOptions{NE: 20, NI: 20}, nil); err == nil {
		t.Error("nil generator: no error")
	}
}
