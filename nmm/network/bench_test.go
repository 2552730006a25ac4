package network

import (
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// BenchmarkStep measures one step of the speed cases; multiply by
// 1e5 for the time per simulated second at dt = 0.01 ms.
func BenchmarkStep(b *testing.B) {
	b.Run("EI-AAL90-RK4", func(b *testing.B) {
		net, y0 := ei90(b)
		benchStep(b, net, RK4, y0)
	})
	for _, name := range []string{"tvb76", "tvb998"} {
		b.Run("MPR-"+name+"-Heun-delays", func(b *testing.B) {
			benchStep(b, mprTVB(b, name), Heun, []float64{0.1, -2})
		})
	}
}

// ei90 is the benchmarks' 90-region E–I network (AAL-90, I_ext^E = 15,
// G = 9, no delays) and the node state its synchronous start repeats.
func ei90(b *testing.B) (*Network, []float64) {
	node := nmm.DefaultEI()
	node.IE = 15
	net, err := New(Homogeneous(&node, 90), aalW(b), &Config{G: 9})
	if err != nil {
		b.Fatal(err)
	}
	return net, []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015}
}

func benchStep(b *testing.B, net *Network, m Method, y0 []float64) {
	st, err := NewStepper(net, m, 0.01, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Init(net, 0, net.Synchronous(y0)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := st.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N)*1e5, "s/simsec")
}

// BenchmarkEIAdaptive runs the EI-AAL90 case of BenchmarkStep (delay-free,
// so Simulate accepts an adaptive stepper) for 100 ms from the synchronous
// start with ode.DoPri5 at rtol 1e-10. Against a DoPri5 rtol 1e-12
// reference its max relative error at 100 ms is 7.9e-11, as RK4's at
// dt = 0.01 ms (7.8e-11), with 2539 accepted steps (15 416 evaluations)
// instead of 10⁴ steps (4·10⁴); measured CPU 0.031 s vs 0.065 s (load 7).
func BenchmarkEIAdaptive(b *testing.B) {
	net, node := ei90(b)
	y0 := net.Synchronous(node)
	const T = 100.0 // ms
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Simulate(net, 0, T, y0, &Options{Stepper: ode.NewDoPri5(1e-10, 1e-13)}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3/T, "s/simsec")
}

// BenchmarkGather measures the delayed-input gather alone (BeginStep and
// EndStep of one step, no node evaluation) on TVB's connectomes with 3 mm/ms
// delays at dt = 0.01 ms; multiply by 1e5 for the time per simulated second.
func BenchmarkGather(b *testing.B) {
	for _, name := range []string{"tvb76", "tvb192", "tvb998"} {
		b.Run(name, func(b *testing.B) {
			net := mprTVB(b, name)
			y := net.Synchronous([]float64{0.1, -2})
			if err := net.StartRun(0, y, 0.01); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				net.BeginStep(0, y)
				net.EndStep(0, y)
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N)*1e5, "s/simsec")
		})
	}
}
