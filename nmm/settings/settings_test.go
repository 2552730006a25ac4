package settings

import "testing"

type opts struct {
	Dt    float64
	Steps int
	Name  string
}

// nil means all defaults; a zero field gets its default, a set one (also a
// negative, which validation rejects) is kept.
func TestOfDefault(t *testing.T) {
	fill := func(p *opts) opts {
		s := Of(p)
		Default(&s.Dt, 0.01)
		Default(&s.Steps, 2000)
		Default(&s.Name, "rk4")
		return s
	}
	if got := fill(nil); got != (opts{0.01, 2000, "rk4"}) {
		t.Errorf("nil: %+v", got)
	}
	in := &opts{Dt: -1, Name: "heun"}
	if got := fill(in); got != (opts{-1, 2000, "heun"}) {
		t.Errorf("partial: %+v", got)
	}
	if *in != (opts{Dt: -1, Name: "heun"}) {
		t.Errorf("input modified: %+v", *in)
	}
}
