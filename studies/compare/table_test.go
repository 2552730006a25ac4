package compare

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// TestSummarise: the summary of hand-made points lists each regime where
// it occurs, the cycle bands in order and the frequency range.
func TestSummarise(t *testing.T) {
	pts := []Point{
		{Drive: 1, Attractors: []Attractor{{Regime: Steady, Exponents: []float64{-0.1}}}},
		{Drive: 2, Multistable: true, Attractors: []Attractor{{Regime: Steady}, {Regime: Cycle, FreqHz: 40, Band: Band(40), Exponents: []float64{0}}}},
		{Drive: 3, Attractors: []Attractor{{Regime: Cycle, FreqHz: 10, Band: Band(10)}, {Regime: Chaos, Exponents: []float64{0.006}}}},
	}
	r := Summarise(Case{Name: "m", DriveName: "d"}, pts)
	if !r.Steady || !r.Chaos || r.Quasiperiodic || !r.Multistable || len(r.Bands) != 2 || r.Bands[0] != "alpha" || r.Bands[1] != "gamma" ||
		r.FreqLo != 10 || r.FreqHi != 40 || r.MaxLambda1 != 0.006 || r.DriveLo != 1 || r.DriveHi != 3 {
		t.Errorf("summary %+v", r)
	}
	if w := r.Where["steady"]; len(w) != 2 || w[0] != 1 || w[1] != 2 {
		t.Errorf("steady at %v, want [1 2]", w)
	}
	if got := r.Measured("Quasiperiodicity"); got != "no" {
		t.Errorf("quasiperiodicity %q", got)
	}
	if got := r.Measured("Multistability"); got != "yes (d 2)" {
		t.Errorf("multistability %q", got)
	}
	for _, c := range []struct {
		mi, p float64
		want  string
	}{{0.2, 0.5, "none"}, {0.005, 0.01, "weak"}, {0.02, 0.01, "moderate"}, {0.1, 0.005, "strong"}, {0.1, math.NaN(), "none"}} {
		if got := Strength(PACRow{PACResult: spectral.PACResult{MI: c.mi, P: c.p}}); got != c.want {
			t.Errorf("Strength(MI %v, p %v) = %s, want %s", c.mi, c.p, got, c.want)
		}
	}
	for f, b := range map[float64]string{2: "delta", 6: "theta", 10.94: "alpha", 17.39: "beta", 58: "gamma", 125: "high-gamma"} {
		if Band(f) != b {
			t.Errorf("Band(%v) = %s, want %s", f, Band(f), b)
		}
	}
}
