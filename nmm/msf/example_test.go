package msf_test

import (
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/msf"
)

// The dispersion relation of the synchronous gamma cycle of E–I nodes at
// (I_ext^E, ε) = (12, 8) (docs/reference-values.md § E–I network and MSF) at a few eigenvalues Λ of W.
func ExampleAnalysis_Dispersion() {
	m := nmm.DefaultEI()
	m.IE = 12
	p, y0 := msf.ForEI(m, 8)
	st, err := p.FindState(y0, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := p.Analyze(st, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := a.Dispersion([]complex128{1, 0.739, 0.094, -0.257})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s state, %.2f Hz\n", st.Kind, 1000/st.Period)
	fmt.Printf("uniform mode (Λ = 1): %d exponents, the largest is the trivial one (|μ| < 1e-6: %v)\n", len(d.Uniform), math.Abs(real(d.Uniform[0])) < 1e-6)
	for _, md := range d.Modes[1:] {
		mu := md.Leading()
		fmt.Printf("Λ = %6.3f: Re μ = %+.4f /ms, |Im μ| = %.4f rad/ms\n", real(md.Lambda), real(mu), math.Abs(imag(mu)))
	}
	fmt.Printf("most unstable transverse mode: Λ = %.3f; %d of 3 transverse modes unstable\n", real(d.Modes[d.MaxTransverse].Lambda), d.Unstable)
	// Output:
	// periodic state, 71.93 Hz
	// uniform mode (Λ = 1): 6 exponents, the largest is the trivial one (|μ| < 1e-6: true)
	// Λ =  0.739: Re μ = -0.0082 /ms, |Im μ| = 0.0553 rad/ms
	// Λ =  0.094: Re μ = +0.0141 /ms, |Im μ| = 0.0961 rad/ms
	// Λ = -0.257: Re μ = +0.0104 /ms, |Im μ| = 0.1167 rad/ms
	// most unstable transverse mode: Λ = 0.094; 2 of 3 transverse modes unstable
}
