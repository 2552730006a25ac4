package network_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Three identical E–I nodes on a row-normalised ring: with equal initial
// states the network stays synchronous and equals one node whose
// self-coupling is ε (docs/models.md § Master stability function).
func ExampleSimulate() {
	w := mat.NewDense(3, 3, []float64{
		0, 0.5, 0.5,
		0.5, 0, 0.5,
		0.5, 0.5, 0,
	})
	node := nmm.DefaultEI()
	node.IE = 12
	net, err := network.New(network.Homogeneous(&node, 3), w, &network.Config{G: 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	y0 := []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015}
	var last []float64
	_, err = network.Simulate(net, 0, 50, net.Synchronous(y0), &network.Options{Dt: 0.01},
		ode.ObserverFunc(func(_ float64, y []float64) error { last = append(last[:0], y...); return nil }))
	if err != nil {
		fmt.Println(err)
		return
	}
	self := &nmm.SelfCoupled{Node: &node, G: 8}
	var ref []float64
	ode.Solve(self, ode.NewRK4(0.01), 0, 50, y0, nil,
		ode.ObserverFunc(func(_ float64, y []float64) error { ref = append(ref[:0], y...); return nil }))
	fmt.Printf("rE of the nodes: %.5f %.5f %.5f kHz; self-coupled node: %.5f kHz\n", last[0], last[6], last[12], ref[0])
	// Output:
	// rE of the nodes: 0.06552 0.06552 0.06552 kHz; self-coupled node: 0.06552 kHz
}
