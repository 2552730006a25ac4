package shotnoise_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm/shotnoise"
)

// The shot-noise theory at the Fig. 1 parameters of Klinshov & Kirillov
// (2022): τ = 1, J = 10, η̄ = 0, Δ = 1, N = 10⁴ (docs/reference-values.md § Shot noise: r0 =
// 1.015661, v0 = −0.156701, focus frequency 0.71905; the one-sided spectrum
// of the rate is amplified near the focus, 2N·S_R ≈ 9.6, and suppressed
// near f = r0, ≈ 0.5, with the floor 2r0 = 2.03 at high f).
func ExampleTheory() {
	th, err := shotnoise.NewTheory(10000, 1, 0, 1, 10, 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("r0 = %.6f, v0 = %.6f, focus %.5f\n", th.R0, th.V0, th.FocusFrequency())
	fmt.Printf("one-sided floor 2r0/N = %.4g\n", 2*th.Floor())
	for _, f := range []float64{0.72, 1.0, 40} {
		fmt.Printf("f = %5.2f: 2N·S_R = %.3g\n", f, 2*float64(th.N)*th.SR(f))
	}
	// Output:
	// r0 = 1.015661, v0 = -0.156701, focus 0.71905
	// one-sided floor 2r0/N = 0.0002031
	// f =  0.72: 2N·S_R = 9.58
	// f =  1.00: 2N·S_R = 0.536
	// f = 40.00: 2N·S_R = 2.03
}
