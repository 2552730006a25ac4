package ode

import (
	"math"
	"testing"
)

// osc is the harmonic oscillator x' = v, v' = −x.
type osc struct{}

func (osc) Dim() int { return 2 }
func (osc) Deriv(dst []float64, _ float64, y []float64) {
	dst[0], dst[1] = y[1], -y[0]
}

// TestCrossings: the maxima of x = cos t (zeros of x' going down) are at
// t = 2πk with x = 1, the minima at π + 2πk with x = −1 — located on the
// Hermite interpolant of RK4 steps and on DoPri5's dense output; the start
// on a maximum is reported at t0.
func TestCrossings(t *testing.T) {
	for _, c := range []struct {
		name    string
		st      Stepper
		tolT, y float64
	}{{"RK4 h=0.05", NewRK4(0.05), 1e-6, 1e-6}, {"DoPri5 1e-10", NewDoPri5(1e-10, 1e-12), 1e-8, 1e-8}} {
		cr := NewCrossings(osc{}, c.st, func(_ float64, _, f []float64) float64 { return f[0] })
		var ts []float64
		var downs []bool
		err := cr.Run(0, 20, []float64{1, 0}, 1e6, nil, func(tc float64, y []float64, down bool) {
			want := 1.0
			if !down {
				want = -1
			}
			if math.Abs(y[0]-want) > c.y {
				t.Errorf("%s: x = %v at t = %v, want %v", c.name, y[0], tc, want)
			}
			ts, downs = append(ts, tc), append(downs, down)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 7 { // t = 0, π, 2π, …, 6π
			t.Fatalf("%s: %d extrema %v, want 7", c.name, len(ts), ts)
		}
		for k, tc := range ts {
			if math.Abs(tc-float64(k)*math.Pi) > c.tolT || downs[k] != (k%2 == 0) {
				t.Errorf("%s: extremum %d at t = %v (down %v), want %v (down %v)", c.name, k, tc, downs[k], float64(k)*math.Pi, k%2 == 0)
			}
		}
	}
}
