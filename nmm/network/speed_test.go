package network

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
)

// cpuTime returns the user + system CPU time of the process (the machine is
// shared, so wall time would measure the other users' load).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestSpeedTargets checks issue 6's speed targets (bench/tvb/README.md) on
// a short run: the CPU time of `steps` steps at dt = 0.01 ms (best of 3),
// scaled to one simulated second (1e5 steps):
//   - ei90: 90-node E–I network on the row-normalised AAL-90, RK4, no
//     delays: ≤ 1 s per simulated second;
//   - mpr76: MPR nodes on TVB's 76-region connectome (weights/max,
//     G = 0.01), Heun, 3 mm/ms delays: ≤ 0.59 s for 1 s, i.e. ≥ 10× faster
//     than TVB's numba backend (5.9 s on these machines);
//   - mpr998: as mpr76 on 998 regions: ≤ 30 s per simulated second. The
//     margin is small on a loaded machine (25–34 s measured), so the
//     default run only logs it; NGNMM_LONG=1 enforces it.
//
// The ei90 and mpr76 margins are 12–24 % on the project machine, and CPU
// time still varies by ±10 % with the load of the other core, so the
// default run fails only beyond 1.5× the target (a regression guard);
// NGNMM_LONG=1 enforces the targets themselves.
func TestSpeedTargets(t *testing.T) {
	cases := []struct {
		name   string
		steps  int
		limit  float64 // CPU s per simulated second
		strict bool
		build  func() (*Network, Method, []float64)
	}{
		{"ei90", 3000, 1, true, func() (*Network, Method, []float64) {
			node := nmm.DefaultEI()
			node.IE = 15
			net, err := New(Homogeneous(&node, 90), aalW(t), &Config{G: 9})
			if err != nil {
				t.Fatal(err)
			}
			return net, RK4, []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015}
		}},
		{"mpr76", 3000, 0.59, true, func() (*Network, Method, []float64) { return mprTVB(t, "tvb76"), Heun, []float64{0.1, -2} }},
		{"mpr998", 200, 30, os.Getenv("NGNMM_LONG") == "1", func() (*Network, Method, []float64) {
			return mprTVB(t, "tvb998"), Heun, []float64{0.1, -2}
		}},
	}
	for _, c := range cases {
		net, m, y0 := c.build()
		st, err := NewStepper(net, m, 0.01, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Init(net, 0, net.Synchronous(y0)); err != nil {
			t.Fatal(err)
		}
		best := time.Hour
		for range 3 {
			c0 := cpuTime()
			for range c.steps {
				if err := st.Step(); err != nil {
					t.Fatal(err)
				}
			}
			best = min(best, cpuTime()-c0)
		}
		perSec := best.Seconds() / float64(c.steps) * 1e5
		t.Logf("%s: %.3g CPU s per simulated second (target ≤ %g)", c.name, perSec, c.limit)
		limit := c.limit
		if os.Getenv("NGNMM_LONG") != "1" {
			limit *= 1.5
		}
		if perSec > limit && c.strict {
			t.Errorf("%s: %.3g CPU s per simulated second, want ≤ %g (target %g)", c.name, perSec, limit, c.limit)
		}
	}
}

// mprTVB is the MPR network of the mpr76/mpr998 speed cases.
func mprTVB(t testing.TB, name string) *Network {
	c := loadConnectome(t, name)
	cm, err := c.MaxNormalized()
	if err != nil {
		t.Fatal(err)
	}
	m := nmm.DefaultMPR()
	net, err := New(Homogeneous(&m, c.N()), cm.Weights, &Config{G: 0.01, Lengths: c.Lengths, Speed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return net
}
