package settings_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm/settings"
)

// Options of a hypothetical solver: the zero value of each field means the
// default in its comment, a nil *Options all defaults.
type Options struct {
	Dt    float64 // step (0: 0.01)
	Steps int     // steps per period (0: 2000)
}

func fill(opt *Options) Options {
	o := settings.Of(opt)
	settings.Default(&o.Dt, 0.01)
	settings.Default(&o.Steps, 2000)
	return o
}

func Example() {
	fmt.Println(fill(nil), fill(&Options{Steps: 500}))
	// Output:
	// {0.01 2000} {0.01 500}
}
