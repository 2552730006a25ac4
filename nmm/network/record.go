package network

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
)

// Record returns an in-memory time series of variable v of every node of
// net — one column per node, labelled name[i] (e.g. "rE[3]") with the given
// unit, time in timeUnit — and the Select observer that fills it (pass it to
// Simulate). samples (≥ 0) preallocates room for that many samples.
func Record(net *Network, v int, name, unit, timeUnit string, samples int) (*nmm.TimeSeries, *Select, error) {
	labels := make([]string, net.n)
	units := make([]string, net.n)
	for i := range labels {
		labels[i] = fmt.Sprintf("%s[%d]", name, i)
		units[i] = unit
	}
	ts := nmm.NewTimeSeries(labels, units)
	ts.TimeUnit = timeUnit
	if samples > 0 {
		ts.Grow(samples)
	}
	sel, err := NewSelect(net, v, ts)
	if err != nil {
		return nil, nil, err
	}
	return ts, sel, nil
}
