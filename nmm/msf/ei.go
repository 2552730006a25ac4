package msf

import "github.com/ngnmm/ngnmm/nmm"

// EIStart returns the initial condition of the homogeneous-state search for
// [nmm.EI] used by ForEI: low rates (10 Hz) and voltages near rest, from
// which the synchronous states of Delicado, Huguet & Clusella (2025) in
// docs/reference-values.md § E–I node are reached.
func EIStart() []float64 { return []float64{0.01, -2, 0.01, 0.01, -2, 0.01} }

// ForEI returns the MSF problem of a network of E–I nodes m with global
// coupling eps, and the initial condition EIStart for FindState.
func ForEI(m nmm.EI, eps float64) (*Problem, []float64) {
	return &Problem{Node: &m, G: eps}, EIStart()
}

// EIMap returns the configuration of the (I_ext^E, ε) stability map of E–I
// nodes m (IE on the X axis, ε on the Y axis) at the eigenvalues lambdas of
// the coupling matrix.
func EIMap(m nmm.EI, ie, eps Axis, lambdas []complex128, workers int) *MapConfig {
	return &MapConfig{
		Grid:    Grid{X: ie, Y: eps},
		Lambdas: lambdas,
		Workers: workers,
		Problem: func(x, y float64) (*Problem, []float64, error) {
			n := m
			n.IE = x
			p, y0 := ForEI(n, y)
			return p, y0, nil
		},
	}
}
