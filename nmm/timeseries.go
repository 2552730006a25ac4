package nmm

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// TimeSeries is a sampled multivariate signal: times T and a row-major
// len(T)×Cols data matrix, with one label and unit per column and provenance
// attributes (model, method, dt, seed, …). It implements ode.Observer, so a
// simulation can record into it directly.
type TimeSeries struct {
	T        []float64         // sample times
	Data     []float64         // row-major samples, len(T)*len(Labels)
	Labels   []string          // column names, e.g. "r", "v"
	Units    []string          // column units; TimeUnit is the unit of T
	TimeUnit string            // unit of T, e.g. "τ" or "ms"
	Attrs    map[string]string // provenance: model, method, dt, seed, …
}

// NewTimeSeries returns an empty time series with the given column labels
// and units (units may be nil).
func NewTimeSeries(labels, units []string) *TimeSeries {
	return &TimeSeries{Labels: labels, Units: units, Attrs: map[string]string{}}
}

// Len returns the number of samples.
func (ts *TimeSeries) Len() int { return len(ts.T) }

// Cols returns the number of columns.
func (ts *TimeSeries) Cols() int { return len(ts.Labels) }

// At returns sample i of column j.
func (ts *TimeSeries) At(i, j int) float64 { return ts.Data[i*len(ts.Labels)+j] }

// Row returns sample i (a view, not a copy).
func (ts *TimeSeries) Row(i int) []float64 {
	c := len(ts.Labels)
	return ts.Data[i*c : (i+1)*c : (i+1)*c]
}

// Index returns the column with the given label.
func (ts *TimeSeries) Index(label string) (int, bool) {
	for j, l := range ts.Labels {
		if l == label {
			return j, true
		}
	}
	return -1, false
}

// Col copies column j into dst (allocated if nil or short) and returns it.
func (ts *TimeSeries) Col(dst []float64, j int) []float64 {
	n := ts.Len()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	c := len(ts.Labels)
	for i := range dst {
		dst[i] = ts.Data[i*c+j]
	}
	return dst
}

// Observe appends a sample (a copy of y) and implements ode.Observer.
func (ts *TimeSeries) Observe(t float64, y []float64) error {
	if len(y) != len(ts.Labels) {
		return fmt.Errorf("nmm: TimeSeries has %d columns, got a state of %d", len(ts.Labels), len(y))
	}
	ts.T = append(ts.T, t)
	ts.Data = append(ts.Data, y...)
	return nil
}

// WriteCSV writes a header line ("t" and the labels) and one line per
// sample, with full float64 precision. Attributes are written first as
// comment lines "# key=value" when comments is true.
func (ts *TimeSeries) WriteCSV(w io.Writer, comments bool) error {
	bw := bufio.NewWriter(w)
	if comments {
		keys := make([]string, 0, len(ts.Attrs))
		for k := range ts.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(bw, "# %s=%s\n", k, ts.Attrs[k])
		}
	}
	bw.WriteString("t")
	for _, l := range ts.Labels {
		bw.WriteByte(',')
		bw.WriteString(l)
	}
	bw.WriteByte('\n')
	var buf []byte
	c := len(ts.Labels)
	for i, t := range ts.T {
		buf = strconv.AppendFloat(buf[:0], t, 'g', -1, 64)
		for j := 0; j < c; j++ {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, ts.Data[i*c+j], 'g', -1, 64)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
