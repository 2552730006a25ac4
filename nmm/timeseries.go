package nmm

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Standard provenance keys of TimeSeries.Attrs.
const (
	AttrModel  = "model"  // model name and parameters, e.g. "MPR tau=1 delta=1 …"
	AttrMethod = "method" // integrator, e.g. "dopri5 rtol=1e-9" or "rk4"
	AttrDt     = "dt"     // step size (fixed-step methods)
	AttrSeed   = "seed"   // seed of the random generator (stochastic runs)
)

// TimeSeries is a sampled multivariate signal: times T and a row-major
// len(T)×Cols data matrix, with one label and unit per column and provenance
// attributes (model, method, dt, seed, …). It implements ode.Observer, so a
// simulation can record into it directly.
//
// Column access does not copy: [TimeSeries.Column] and [TimeSeries.XY]
// return strided views of Data, [TimeSeries.Matrix] a *mat.Dense view.
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

// Unit returns the unit of column j ("" if none is recorded).
func (ts *TimeSeries) Unit(j int) string {
	if j < len(ts.Units) {
		return ts.Units[j]
	}
	return ""
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

// Column returns column j as a view of Data (no copy): it reflects later
// changes to existing samples but not samples appended afterwards.
func (ts *TimeSeries) Column(j int) Column {
	c := len(ts.Labels)
	if j < 0 || j >= c {
		panic(fmt.Sprintf("nmm: TimeSeries column %d out of range [0, %d)", j, c))
	}
	return Column{data: ts.Data, off: j, stride: c, n: ts.Len()}
}

// Column is a strided, read-only view of one column of a TimeSeries.
type Column struct {
	data           []float64
	off, stride, n int
}

// Len returns the number of samples.
func (c Column) Len() int { return c.n }

// At returns sample i.
func (c Column) At(i int) float64 {
	if uint(i) >= uint(c.n) {
		panic(fmt.Sprintf("nmm: Column index %d out of range [0, %d)", i, c.n))
	}
	return c.data[c.off+i*c.stride]
}

// Values copies the column into dst (allocated if nil or short).
func (c Column) Values(dst []float64) []float64 {
	if cap(dst) < c.n {
		dst = make([]float64, c.n)
	}
	dst = dst[:c.n]
	for i := range dst {
		dst[i] = c.data[c.off+i*c.stride]
	}
	return dst
}

// XY returns column j against time as a view (no copy) with Len and
// XY(i) (t_i, y_ij): it satisfies gonum/plot's plotter.XYer.
func (ts *TimeSeries) XY(j int) XY { return XY{T: ts.T[:ts.Len():ts.Len()], Y: ts.Column(j)} }

// XY is a time–value view of one column of a TimeSeries; it satisfies
// gonum/plot's plotter.XYer without this package importing plot.
type XY struct {
	T []float64 // sample times
	Y Column    // values
}

// Len returns the number of points.
func (p XY) Len() int { return p.Y.Len() }

// XY returns point i: time and value.
func (p XY) XY(i int) (x, y float64) { return p.T[i], p.Y.At(i) }

// Matrix returns the data as a Len()×Cols() matrix sharing Data (no copy),
// or nil if the series is empty.
func (ts *TimeSeries) Matrix() *mat.Dense {
	if ts.Len() == 0 || ts.Cols() == 0 {
		return nil
	}
	return mat.NewDense(ts.Len(), ts.Cols(), ts.Data[:ts.Len()*ts.Cols()])
}

// Grow reserves room for n more samples, so that recording them does not
// allocate.
func (ts *TimeSeries) Grow(n int) {
	if n <= 0 {
		return
	}
	if need := len(ts.T) + n; cap(ts.T) < need {
		t := make([]float64, len(ts.T), need)
		copy(t, ts.T)
		ts.T = t
	}
	if need := len(ts.Data) + n*len(ts.Labels); cap(ts.Data) < need {
		d := make([]float64, len(ts.Data), need)
		copy(d, ts.Data)
		ts.Data = d
	}
}

// Reset removes all samples and keeps the storage, labels and attributes.
func (ts *TimeSeries) Reset() { ts.T, ts.Data = ts.T[:0], ts.Data[:0] }

// SetAttr sets a provenance attribute (allocating Attrs if nil).
func (ts *TimeSeries) SetAttr(key, value string) {
	if ts.Attrs == nil {
		ts.Attrs = map[string]string{}
	}
	ts.Attrs[key] = value
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

// check reports inconsistent lengths.
func (ts *TimeSeries) check() error {
	if len(ts.Data) != len(ts.T)*len(ts.Labels) {
		return fmt.Errorf("nmm: TimeSeries has %d data values for %d samples of %d columns", len(ts.Data), len(ts.T), len(ts.Labels))
	}
	if len(ts.Units) != 0 && len(ts.Units) != len(ts.Labels) {
		return fmt.Errorf("nmm: TimeSeries has %d units for %d columns", len(ts.Units), len(ts.Labels))
	}
	return nil
}

// WriteCSV writes a header line ("t" and the labels) and one line per
// sample, with full float64 precision (values round-trip exactly). When
// comments is true, attributes are written first as comment lines
// "# key=value" (sorted by key), followed by "# time_unit=…" and
// "# units=u1,u2,…" if units are recorded.
func (ts *TimeSeries) WriteCSV(w io.Writer, comments bool) error {
	if err := ts.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if comments {
		keys := make([]string, 0, len(ts.Attrs))
		for k := range ts.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(bw, "# %s=%s\n", k, oneLine(ts.Attrs[k]))
		}
		if ts.TimeUnit != "" {
			fmt.Fprintf(bw, "# time_unit=%s\n", oneLine(ts.TimeUnit))
		}
		if len(ts.Units) > 0 {
			fmt.Fprintf(bw, "# units=%s\n", oneLine(strings.Join(ts.Units, ",")))
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

func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }

// ReadCSV reads a time series written by WriteCSV (with or without the
// comment lines): a header "t,label,…" and numeric rows. Comment lines
// "# key=value" become attributes, except time_unit and units, which fill
// TimeUnit and Units. Malformed input gives an error naming the line.
func ReadCSV(r io.Reader) (*TimeSeries, error) {
	ts := &TimeSeries{Attrs: map[string]string{}}
	br := bufio.NewReader(r)
	line := 0
	var header []string
	for header == nil {
		s, err := br.ReadString('\n')
		if s == "" && err != nil {
			if err == io.EOF {
				return nil, errors.New("nmm: CSV time series: no header line")
			}
			return nil, err
		}
		line++
		s = strings.TrimRight(s, "\r\n")
		switch {
		case strings.HasPrefix(s, "#"):
			k, v, ok := strings.Cut(strings.TrimSpace(s[1:]), "=")
			if !ok {
				continue
			}
			switch k {
			case "time_unit":
				ts.TimeUnit = v
			case "units":
				ts.Units = strings.Split(v, ",")
			default:
				ts.Attrs[k] = v
			}
		case strings.TrimSpace(s) == "":
		default:
			header = strings.Split(s, ",")
		}
	}
	if len(header) < 1 || header[0] != "t" {
		return nil, fmt.Errorf("nmm: CSV time series line %d: header %q, want \"t,…\"", line, strings.Join(header, ","))
	}
	ts.Labels = header[1:]
	if len(ts.Units) != 0 && len(ts.Units) != len(ts.Labels) {
		return nil, fmt.Errorf("nmm: CSV time series: %d units for %d columns", len(ts.Units), len(ts.Labels))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = true
	cr.Comment = '#'
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("nmm: CSV time series line %d: %v", line+pe.Line, pe.Err)
			}
			return nil, err
		}
		row, _ := cr.FieldPos(0)
		for j, f := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, fmt.Errorf("nmm: CSV time series line %d, column %q: %q is not a number", line+row, header[j], f)
			}
			if j == 0 {
				ts.T = append(ts.T, v)
			} else {
				ts.Data = append(ts.Data, v)
			}
		}
	}
	return ts, nil
}
