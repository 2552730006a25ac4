package root

import (
	"errors"
	"math"
	"testing"
)

// TestIllinois: roots known in closed form (2^(1/3); the Dottie number
// cos x = x, 0.7390851332151607; an exact zero at a trial point), in few
// evaluations, with the bracket given either way round.
func TestIllinois(t *testing.T) {
	cases := []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{"cube root", func(x float64) float64 { return x*x*x - 2 }, 0, 3, math.Cbrt(2)},
		{"cube root reversed", func(x float64) float64 { return x*x*x - 2 }, 3, 0, math.Cbrt(2)},
		{"dottie", func(x float64) float64 { return math.Cos(x) - x }, 0, 1, 0.7390851332151607},
		{"exact midpoint", func(x float64) float64 { return x - 1 }, 0, 2, 1},
		{"steep", func(x float64) float64 { return math.Exp(20*x) - 2 }, -1, 1, math.Ln2 / 20},
	}
	for _, c := range cases {
		n := 0
		phi := func(x float64) (float64, error) { n++; return c.f(x), nil }
		got, err := Illinois(phi, c.a, c.b, c.f(c.a), c.f(c.b), 1e-13, 200)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
		if n > 60 {
			t.Errorf("%s: %d evaluations", c.name, n)
		}
	}
	boom := errors.New("boom")
	if _, err := Illinois(func(float64) (float64, error) { return 0, boom }, 0, 1, -1, 1, 1e-12, 10); err != boom {
		t.Errorf("error from phi: %v, want boom", err)
	}
}
