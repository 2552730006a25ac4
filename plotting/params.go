package plotting

import "os"

// QuickEnv is the environment variable that selects the quick settings of a
// notebook's parameters cell ("1" = quick). CI sets it; users normally do
// not, so that the defaults reproduce the paper.
const QuickEnv = "NGNMM_QUICK"

// Quick reports whether notebooks should use their quick settings
// (NGNMM_QUICK=1).
func Quick() bool { return os.Getenv(QuickEnv) == "1" }

// Pick returns full, or quick when Quick() is true. A notebook's parameters
// cell uses it so that its defaults reproduce the paper while CI can run a
// documented shorter setting:
//
//	var T = plotting.Pick(2000.0, 200.0) // τ; paper: 2000
func Pick[T any](full, quick T) T {
	if Quick() {
		return quick
	}
	return full
}
