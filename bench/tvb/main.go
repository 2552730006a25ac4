// Command tvb times ngnmm's network simulator on the speed cases of the
// whole-brain issue and prints wall and CPU (user+system) time per run, next
// to the peer numbers of The Virtual Brain measured on the same kind of
// machine (TVB is not installable here: no PyPI; see README.md).
//
//	NGNMM_DATA=/path/to/shared/data go run ./bench/tvb [-case all|ei90|mpr76|mpr998] [-T ms] [-workers n]
//
// Cases (times in ms, dt = 0.01 ms, 1 s simulated unless -T):
//
//	ei90    90-node E–I NG-NMM (Delicado–Huguet–Clusella 2025) on the
//	        row-normalised AAL-90 connectome, IE = 15, ε = 9, RK4, no delays
//	mpr76   MPR nodes (τ = 1, Δ = 1, η̄ = −5, J = 15) on TVB's 76-region
//	        connectome, weights/max, G = 0.01, Heun, delays at 3 mm/ms
//	mpr998  as mpr76 on TVB's 998-region connectome
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

type result struct {
	Case       string  `json:"case"`
	SimMs      float64 `json:"simulated_ms"`
	Steps      int     `json:"steps"`
	Wall       float64 `json:"wall_seconds"`
	CPU        float64 `json:"cpu_seconds"`
	CPUPerSimS float64 `json:"cpu_seconds_per_simulated_second"`
	Peer       string  `json:"peer,omitempty"`
	// MeanR is the mean over nodes and 1-ms samples (t > 0) of the first
	// node variable (r for MPR), to compare with TVB's TemporalAverage.
	MeanR float64 `json:"mean_r"`
}

func cpu() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func main() {
	which := flag.String("case", "all", "all, ei90, mpr68, mpr76, mpr192 or mpr998")
	T := flag.Float64("T", 1000, "simulated time (ms)")
	workers := flag.Int("workers", 1, "goroutines of the delayed-input gather (network.Config.Workers)")
	flag.Parse()
	ctx := context.Background()
	run := func(name, peer string, net *network.Network, m network.Method, y0 []float64) {
		if *which != "all" && *which != name {
			return
		}
		dim := len(y0)
		sum, cnt := 0.0, 0
		obs := ode.ObserverFunc(func(t float64, y []float64) error {
			if t <= 0 {
				return nil
			}
			for i := 0; i < len(y); i += dim {
				sum += y[i]
			}
			cnt += len(y) / dim
			return nil
		})
		c0, w0 := cpu(), time.Now()
		st, err := network.Simulate(net, 0, *T, net.Synchronous(y0), &network.Options{Method: m, Dt: 0.01, Settings: &ode.Settings{SampleEvery: 1}}, obs)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r := result{Case: name, SimMs: *T, Steps: st.Steps, Wall: time.Since(w0).Seconds(), CPU: cpu() - c0, Peer: peer}
		r.CPUPerSimS = r.CPU / (*T / 1000)
		r.MeanR = sum / float64(max(cnt, 1))
		json.NewEncoder(os.Stdout).Encode(r)
	}
	must := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if *which == "all" || *which == "ei90" {
		c, err := data.Load(ctx, "aal90")
		must(err)
		w, err := c.RowNormalized()
		must(err)
		node := nmm.DefaultEI()
		node.IE = 15
		net, err := network.New(network.Homogeneous(&node, 90), w.Weights, &network.Config{G: 9})
		must(err)
		run("ei90", "target ≤ 1 s per simulated second", net, network.RK4, []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015})
	}
	for _, tc := range []struct{ name, ds, peer string }{
		{"mpr76", "tvb76", "TVB numba ≈ 5.9 s for 1 s (≈ 3.3 s/s after a 2.6 s compile), numpy ≈ 11 s (issue 6)"},
		{"mpr998", "tvb998", "target ≤ 30 s per simulated second"},
		{"mpr68", "tvb68", "cost curve (bench/peers)"},
		{"mpr192", "tvb192", "cost curve (bench/peers)"},
	} {
		if *which != "all" && *which != tc.name {
			continue
		}
		c, err := data.Load(ctx, tc.ds)
		must(err)
		cm, err := c.MaxNormalized()
		must(err)
		m := nmm.DefaultMPR()
		net, err := network.New(network.Homogeneous(&m, c.N()), cm.Weights, &network.Config{G: 0.01, Lengths: c.Lengths, Speed: 3, Workers: *workers})
		must(err)
		run(tc.name, tc.peer, net, network.Heun, []float64{0.1, -2})
	}
}
