package energy

import (
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

func TestAllocs(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	c := &Canonical{H: h, Form: FormLog}
	dst, y := make([]float64, 2), []float64{0.1, 0.3}
	var sink float64
	for name, f := range map[string]func(){
		"H":               func() { sink += h.H(1.2, 0.3) },
		"Rate":            func() { sink += h.Rate(1.2, 0.3, 1, 0.5) },
		"Canonical.Deriv": func() { c.Deriv(dst, 0, y) },
		"TurningPoints":   func() { a, b, _ := h.TurningPoints(5); sink += a + b },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times", name, n)
		}
	}
	_ = sink
}

// TestOrbitStepAllocs: the orbit loop allocates only at set-up (the number
// of allocations does not grow with the number of steps).
func TestOrbitStepAllocs(t *testing.T) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	rk := ode.NewRK4(1e-3)
	run := func(T float64) float64 {
		return testing.AllocsPerRun(5, func() { _, _ = Orbit(h, 1.5, 0, T, rk, nil) })
	}
	short, long := run(1), run(20)
	if long > short {
		t.Errorf("Orbit allocations grow with T: %v (T=1) vs %v (T=20)", short, long)
	}
}

func BenchmarkH(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += h.H(1.2, 0.3)
	}
	_ = s
}

func BenchmarkRate(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += h.Rate(1.2, 0.3, 1, 0.5)
	}
	_ = s
}

func BenchmarkCanonicalDeriv(b *testing.B) {
	c := &Canonical{H: Hamiltonian{Tau: 1, Eta: -5, J: 15}, Form: FormR2}
	dst, y := make([]float64, 2), []float64{1.2, 0.3}
	b.ReportAllocs()
	for b.Loop() {
		c.Deriv(dst, 0, y)
	}
}

func BenchmarkTurningPoints(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: -5, J: 15}
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = h.TurningPoints(5)
	}
}

func BenchmarkPeriod(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = h.Period(10.814096, 0)
	}
}

// BenchmarkOrbit: 100 periods of the J = 10 orbit with RK4 (400 000 steps).
func BenchmarkOrbit(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	rk := ode.NewRK4(1.45771 / 4000)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Orbit(h, 1.5198177546350667, 0, 145.771, rk, nil)
	}
}

func BenchmarkContour(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: 1, J: 0}
	r, v := Linspace(0.05, 0.7, 200), Linspace(-0.8, 0.8, 200)
	z := Grid(nil, r, v, h.H)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Contour(r, v, z, 7)
	}
}

func BenchmarkCriticalPoints(b *testing.B) {
	l := defaultLandscape()
	b.ReportAllocs()
	for b.Loop() {
		_, _ = l.CriticalPoints(0)
	}
}

// BenchmarkOrbitDoPri5: 100 periods of the J = 10 orbit with DoPri5 at
// rtol = atol = 1e-12 (the `ngnmm energy orbit` integrator).
func BenchmarkOrbitDoPri5(b *testing.B) {
	h := Hamiltonian{Tau: 1, Eta: 0, J: 10}
	dp := ode.NewDoPri5(1e-12, 1e-12)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Orbit(h, 1.5198177546350667, 0, 145.771, dp, nil)
	}
}

// BenchmarkBurstSpikes: one burst cycle (t ∈ [0, 320]) of DefaultMPRAdapt
// with RK4 (dt = 1e-3) and the energy predictions of every spike.
func BenchmarkBurstSpikes(b *testing.B) {
	m := nmm.DefaultMPRAdapt()
	rk := ode.NewRK4(1e-3)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = BurstSpikes(&m, []float64{0.05, -2, 0}, 320, 200, 0.5, rk, nil)
	}
}
