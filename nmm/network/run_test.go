package network

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// A synchronous E–I network (all nodes equal, row sums 1): mean rates equal
// those of the self-coupled single node, FC = 1, Kuramoto R = 1.
func TestRunSynchronous(t *testing.T) {
	const n = 5
	w := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				w[i*n+j] = 0.25
			}
		}
	}
	node := nmm.DefaultEI()
	node.IE = 12
	net, err := New(Homogeneous(&node, n), denseOf(n, w), &Config{G: 8})
	if err != nil {
		t.Fatal(err)
	}
	y0 := []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015}
	b := bold.DefaultBalloon()
	res, err := Run(net, net.Synchronous(y0), RunOptions{T: 400, Transient: 100, Dt: 0.01, Average: 100,
		RateVars: []int{nmm.EIrE, nmm.EIrI}, RateScale: 1000, BOLD: &b, BOLDVar: nmm.EIrE, BOLDScale: 1000, TR: 0.1, TimeScale: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	self := &nmm.SelfCoupled{Node: &node, G: 8}
	var sE, sI float64
	cnt := 0
	_, err = ode.Solve(self, ode.NewRK4(0.01), 0, 500, y0, &ode.Settings{Transient: 100}, ode.ObserverFunc(func(_ float64, y []float64) error {
		sE += y[nmm.EIrE]
		sI += y[nmm.EIrI]
		cnt++
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	wantE, wantI := 1000*sE/float64(cnt), 1000*sI/float64(cnt)
	if math.Abs(res.MeanRate[0]-wantE) > 1e-8 || math.Abs(res.MeanRate[1]-wantI) > 1e-8 {
		t.Errorf("mean rates %v, want %v %v", res.MeanRate, wantE, wantI)
	}
	if math.Abs(res.OrderMean-1) > 1e-9 || res.Metastability > 1e-9 || math.Abs(res.FCMean-1) > 1e-9 {
		t.Errorf("R = %v (std %v), FC mean %v; want 1, 0, 1", res.OrderMean, res.Metastability, res.FCMean)
	}
	if res.Signals[0].Len() != 400 || res.BOLD.Len() != 4 {
		t.Errorf("%d averaged samples (want 400), %d BOLD samples (want 4)", res.Signals[0].Len(), res.BOLD.Len())
	}
	t.Logf("rates E %.3f Hz I %.3f Hz", res.MeanRate[0], res.MeanRate[1])
}

// RunOptions.Stream keeps no recordings but gives the same FC, mean rates
// and BOLD as the recording run (noisy, asymmetric 4-node E–I network).
func TestRunStream(t *testing.T) {
	const n = 4
	w := []float64{0, 0.7, 0.3, 0, 0.5, 0, 0, 0.5, 0.2, 0.2, 0, 0.6, 1, 0, 0, 0}
	node := nmm.DefaultEI()
	node.IE = 3.8
	net, err := New(Homogeneous(&node, n), denseOf(n, w), &Config{G: 8, Sigma: []float64{0, 0.5, 0, 0, 0.5, 0}})
	if err != nil {
		t.Fatal(err)
	}
	y0 := net.Synchronous([]float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015})
	b := bold.DefaultBalloon()
	var sinkT []float64
	var sinkY []float64
	sink := ode.ObserverFunc(func(t float64, y []float64) error {
		sinkT = append(sinkT, t)
		sinkY = append(sinkY, y...)
		return nil
	})
	run := func(stream bool) *Result {
		res, err := Run(net, append([]float64(nil), y0...), RunOptions{T: 300, Transient: 50, Dt: 0.05, Method: Heun, Rand: rand.New(rand.NewPCG(4, 2)),
			Average: 20, RateVars: []int{nmm.EIrE}, RateScale: 1000, Record: []int{nmm.EIrE, nmm.EIvE}, BOLD: &b, BOLDVar: nmm.EIrE, BOLDScale: 1, TR: 0.01, TimeScale: 1e-3,
			Stream: stream, Sink: sink})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(false)
	// The Sink receives exactly the first recording (issue 18 finding 1:
	// the CLI writes --out-signals through it), with and without Stream.
	if !slices.Equal(sinkT, a.Signals[0].T) || !slices.Equal(sinkY, a.Signals[0].Data) {
		t.Errorf("Sink got %d samples, not the %d of Signals[0]", len(sinkT), a.Signals[0].Len())
	}
	memT, memY := sinkT, sinkY
	sinkT, sinkY = nil, nil
	s := run(true)
	if !slices.Equal(sinkT, memT) || !slices.Equal(sinkY, memY) {
		t.Errorf("streamed Sink got %d samples, the recording run's %d", len(sinkT), len(memT))
	}
	if s.Signals != nil || s.Order != nil || len(a.Signals) != 2 {
		t.Errorf("stream run kept %d recordings, order %v; recording run %d", len(s.Signals), s.Order != nil, len(a.Signals))
	}
	if !mat.Equal(a.FC, s.FC) || a.FCMean != s.FCMean || a.MeanRate[0] != s.MeanRate[0] || !mat.Equal(a.BOLDFC, s.BOLDFC) {
		t.Errorf("stream run: FC mean %v rate %v, recording run %v %v", s.FCMean, s.MeanRate, a.FCMean, a.MeanRate)
	}
}
