package energy_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/energy"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// The energy structure of a homogeneous population (docs/reference-values.md § MPR energy,
// J = 10, η = 0).
func ExampleHamiltonian() {
	h := energy.Hamiltonian{Tau: 1, Eta: 0, J: 10}
	c, _ := h.Centre()
	w, _ := h.Omega0()
	E := h.H(1.5*c.R, 0)
	rmin, rmax, _ := h.TurningPoints(E)
	P, _ := h.Period(E, 0)
	fmt.Printf("r_c = %.6f, H_c = %.6f, omega0 = %.5f\n", c.R, c.H, w)
	fmt.Printf("E = %.6f: r in [%.6f, %.6f], period %.5f\n", E, rmin, rmax, P)
	// Output:
	// r_c = 1.013212, H_c = 9.868747, omega0 = 4.50158
	// E = 10.814096: r in [0.634050, 1.519818], period 1.45771
}

// A saddle and its homoclinic loop bound the oscillations (J = 15, η = −5).
func ExampleHamiltonian_Homoclinic() {
	h := energy.Hamiltonian{Tau: 1, Eta: -5, J: 15}
	s, _ := h.Saddle()
	Es, rmax, _ := h.Homoclinic()
	fmt.Printf("saddle r_s = %.5f, H_s = %.5f, loop reaches r = %.5f\n", s.R, Es, rmax)
	_, _, err := h.TurningPoints(Es + 0.1)
	fmt.Println(err != nil)
	// Output:
	// saddle r_s = 0.49372, H_s = 5.33242, loop reaches r = 1.47222
	// true
}

// Energy conservation along a simulated Δ = 0 orbit.
func ExampleOrbit() {
	h := energy.Hamiltonian{Tau: 1, Eta: 1, J: 0}
	st, _ := energy.Orbit(h, 0.477465, 0, 31.5, ode.NewRK4(1e-3), nil)
	fmt.Printf("period %.6f (π), drift below 1e-9: %v\n", st.Period, st.HDrift < 1e-9)
	// Output:
	// period 3.141593 (π), drift below 1e-9: true
}

// The landscape of two mutually inhibiting populations and the stimulus
// that switches them.
func ExampleLandscape() {
	m := nmm.DefaultMutualInhibition()
	l, _ := energy.NewLandscape(&m)
	mins, _ := l.Minima(0)
	for _, c := range mins {
		fmt.Printf("stable state (r1, r2) = (%.4f, %.4f)\n", c.R1, c.R2)
	}
	S, _ := l.SwitchThreshold(1, 10)
	fmt.Printf("switching stimulus to population 2: %.4f\n", S)
	// Output:
	// stable state (r1, r2) = (0.0737, 0.6976)
	// stable state (r1, r2) = (0.6976, 0.0737)
	// switching stimulus to population 2: 2.3723
}
