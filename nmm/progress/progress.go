// Package progress defines the small callback interface through which the
// library's long-running functions report how far they have got.
//
// The library never displays anything itself: a notebook passes a progress
// bar from package plotting (which updates an HTML element in place), the
// command line passes a terminal reporter, and tests pass nil.
package progress

// Func receives progress reports: done units of work out of total (for
// example simulated time out of the run length, or grid points out of a
// map). It may be called often and from several goroutines; implementations
// must be cheap and safe for concurrent use. A nil Func means "no report".
type Func func(done, total float64)

// Report calls f if it is not nil.
func (f Func) Report(done, total float64) {
	if f != nil {
		f(done, total)
	}
}
