package continuation_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/continuation"
)

// Continue the MPR equilibria (τ = 1, Δ = 1, J = 15) in η̄ from the
// low-activity state at η̄ = −8: the branch folds twice (saddle-node points
// at η̄ = −3.136 and −5.744) and has no Hopf point.
func ExampleEquilibria() {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -8, J: 15}
	prob := continuation.Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
	br, err := continuation.Equilibria(prob, []float64{0.05, -3}, -8,
		&continuation.Settings{PMin: -8, PMax: 0})
	if err != nil {
		panic(err)
	}
	for _, f := range br.Folds {
		fmt.Printf("fold at η̄ = %.5f, r = %.5f\n", f.P, f.Y[0])
	}
	end := br.Points[len(br.Points)-1]
	fmt.Printf("Hopf points: %d; end: η̄ = %g, r = %.5f, %s\n", len(br.Hopfs), end.P, end.Y[0], end.Kind)
	// Output:
	// fold at η̄ = -3.13613, r = 0.16257
	// fold at η̄ = -5.74353, r = 0.75392
	// Hopf points: 0; end: η̄ = 0, r = 1.52055, stable focus
}

// Trace the MPR saddle-node curve in (η̄, J) from a fold at J = 15 through
// the cusp (docs/models.md § MPR equilibria and folds: J_c = 7.79622, η̄_c = −√3).
func ExampleFoldCurve() {
	m := nmm.MPR{Tau: 1, Delta: 1, EtaBar: -3.136, J: 15}
	prob := continuation.Problem2{Sys: &m, Set: func(p, q float64) { m.EtaBar, m.J = p, q }}
	res, err := continuation.FoldCurve(prob, []float64{0.1626, -0.979}, -3.136, 15,
		&continuation.FoldSettings{Settings: continuation.Settings{PMin: -10, PMax: 0, Ds: -0.05}, QMin: 5, QMax: 20})
	if err != nil {
		panic(err)
	}
	for _, c := range res.Cusps {
		fmt.Printf("cusp at η̄ = %.5f, J = %.5f, r = %.5f\n", c.P, c.Q, c.Y[0])
	}
	// Output:
	// cusp at η̄ = -1.73205, J = 7.79622, r = 0.29622
}
