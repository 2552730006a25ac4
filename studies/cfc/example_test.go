package cfc_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/studies/cfc"
)

// A theta drive of amplitude 2.5 at 6 Hz around I_ext^E = 8.5 sweeps the
// node between 6 and 11 (the node's Hopf point is at 5.993).
func ExampleDriven() {
	node := nmm.DefaultEI()
	node.IE = 8.5
	d, err := cfc.Driven(node, cfc.Theta{Amp: 2.5, Freq: 6})
	if err != nil {
		fmt.Println(err)
		return
	}
	ie := func(t float64) float64 { return d.IE + d.Input(t) }
	fmt.Printf("I_ext^E at t = 0, 41.67, 125 ms: %.3f %.3f %.3f\n", ie(0), ie(1000.0/24), ie(125))
	// Output:
	// I_ext^E at t = 0, 41.67, 125 ms: 8.500 11.000 6.000
}
