package nmm_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// xyer is gonum/plot's plotter.XYer interface, restated so that nmm need
// not import plot.
type xyer interface {
	Len() int
	XY(int) (x, y float64)
}

func sampleSeries() *nmm.TimeSeries {
	ts := nmm.NewTimeSeries([]string{"r", "v"}, []string{"1/τ", "dimensionless"})
	ts.TimeUnit = "τ"
	ts.SetAttr(nmm.AttrModel, "MPR tau=1 delta=1 etabar=-5 J=15")
	ts.SetAttr(nmm.AttrMethod, "rk4")
	ts.SetAttr(nmm.AttrDt, "0.001")
	vals := []float64{1.0 / 3, math.Pi, -0.0, 1e-300, 2.5e300, -math.SmallestNonzeroFloat64, 0.1, -7}
	for i := 0; i < 4; i++ {
		y := []float64{vals[2*i], vals[2*i+1]}
		if err := ts.Observe(0.1*float64(i), y); err != nil {
			panic(err)
		}
		y[0] = 99 // the series keeps a copy
	}
	return ts
}

func TestTimeSeriesObserve(t *testing.T) {
	ts := sampleSeries()
	if ts.Len() != 4 || ts.Cols() != 2 || ts.At(0, 0) != 1.0/3 || ts.At(3, 1) != -7 || ts.Row(1)[1] != 1e-300 {
		t.Fatalf("unexpected contents %v %v", ts.T, ts.Data)
	}
	if err := ts.Observe(1, []float64{1, 2, 3}); err == nil {
		t.Error("Observe with a wrong state length: no error")
	}
	if j, ok := ts.Index("v"); !ok || j != 1 || ts.Unit(j) != "dimensionless" {
		t.Errorf("Index(v) = %d, %v; unit %q", j, ok, ts.Unit(j))
	}
	if _, ok := ts.Index("x"); ok {
		t.Error("Index(x) found")
	}
}

// TestTimeSeriesViews: Column, XY and Matrix share Data (no copy).
func TestTimeSeriesViews(t *testing.T) {
	ts := sampleSeries()
	col := ts.Column(1)
	want := ts.Col(nil, 1)
	if col.Len() != len(want) {
		t.Fatalf("Column len %d, want %d", col.Len(), len(want))
	}
	for i := range want {
		if math.Float64bits(col.At(i)) != math.Float64bits(want[i]) {
			t.Errorf("Column(1).At(%d) = %v, want %v", i, col.At(i), want[i])
		}
	}
	var xy xyer = ts.XY(0)
	ts.Data[2*2+0] = 42 // sample 2, column 0
	if x, y := xy.XY(2); x != ts.T[2] || y != 42 || ts.Column(0).At(2) != 42 {
		t.Errorf("views do not share Data: XY(2) = (%v, %v)", x, y)
	}
	m := ts.Matrix()
	m.Set(3, 1, -1)
	if r, c := m.Dims(); r != 4 || c != 2 || ts.At(3, 1) != -1 {
		t.Errorf("Matrix is not a %d×%d view of Data", r, c)
	}
	if got := col.Values(nil); got[3] != -1 {
		t.Errorf("Values = %v", got)
	}
	if nmm.NewTimeSeries([]string{"a"}, nil).Matrix() != nil {
		t.Error("empty Matrix not nil")
	}
	if a := testing.AllocsPerRun(100, func() { _ = ts.Column(1).At(2) + ts.XY(0).Y.At(1) }); a != 0 {
		t.Errorf("views allocate %v", a)
	}
}

// TestTimeSeriesCSV: the CSV is read back bitwise exactly, checked with
// encoding/csv and strconv independently of ReadCSV, and by ReadCSV.
func TestTimeSeriesCSV(t *testing.T) {
	ts := sampleSeries()
	var buf bytes.Buffer
	if err := ts.WriteCSV(&buf, true); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{"# dt=0.001\n", "# method=rk4\n", "# time_unit=τ\n", "# units=1/τ,dimensionless\n", "t,r,v\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("CSV lacks %q:\n%s", want, text)
		}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows[1:] {
		for j, s := range row {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			want := ts.T[i]
			if j > 0 {
				want = ts.At(i, j-1)
			}
			if math.Float64bits(v) != math.Float64bits(want) {
				t.Errorf("row %d col %d: %v, want %v", i, j, v, want)
			}
		}
	}
	back, err := nmm.ReadCSV(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if back.TimeUnit != "τ" || strings.Join(back.Units, "|") != "1/τ|dimensionless" || back.Attrs[nmm.AttrModel] != ts.Attrs[nmm.AttrModel] ||
		strings.Join(back.Labels, ",") != "r,v" || len(back.Data) != len(ts.Data) {
		t.Fatalf("ReadCSV: %+v", back)
	}
	for i := range ts.Data {
		if math.Float64bits(back.Data[i]) != math.Float64bits(ts.Data[i]) {
			t.Errorf("ReadCSV value %d: %v, want %v", i, back.Data[i], ts.Data[i])
		}
	}
	// inconsistent series → error, not panic
	bad := &nmm.TimeSeries{T: []float64{0, 1}, Data: []float64{1}, Labels: []string{"r"}}
	if err := bad.WriteCSV(&buf, false); err == nil {
		t.Error("WriteCSV of an inconsistent series: no error")
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "no header"},
		{"# a=b\nx,r\n0,1\n", `header "x,r"`},
		{"t,r\n0,1\n1,zz\n", `line 3, column "r": "zz" is not a number`},
		{"t,r\n0,1\n1\n", "line 3"},
		{"# units=a,b\nt,r\n", "2 units for 1 columns"},
	} {
		_, err := nmm.ReadCSV(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadCSV(%q): err=%v, want it to contain %q", c.in, err, c.want)
		}
	}
}

// TestTimeSeriesSolve records a simulation: the initial state and every
// SampleEvery, without allocating per sample once Grow has reserved room.
func TestTimeSeriesSolve(t *testing.T) {
	m := nmm.DefaultMPR()
	ts := nmm.NewTimeSeries(m.Vars(), m.Units())
	ts.Grow(101)
	capT, capD := cap(ts.T), cap(ts.Data)
	if _, err := ode.Solve(&m, ode.NewRK4(1e-3), 0, 10, []float64{1.5, 0}, &ode.Settings{SampleEvery: 0.1}, ts); err != nil {
		t.Fatal(err)
	}
	if ts.Len() != 101 || cap(ts.T) != capT || cap(ts.Data) != capD {
		t.Errorf("%d samples, capacity changed %d→%d", ts.Len(), capT, cap(ts.T))
	}
	// the high state is a stable focus at r = 1.030597 (docs/reference-values.md § MPR)
	if r := ts.At(100, 0); math.Abs(r-1.030597) > 0.05 {
		t.Errorf("r(10) = %v, want ≈ 1.0306", r)
	}
	ts.Reset()
	if ts.Len() != 0 || cap(ts.T) != capT {
		t.Error("Reset")
	}
}

// A TimeSeries records a simulation and writes it as CSV.
func ExampleTimeSeries() {
	// y' = 1 with Euler steps of 0.25: exact in floating point
	sys := ode.Func{N: 1, F: func(dst []float64, t float64, y []float64) { dst[0] = 1 }}
	ts := nmm.NewTimeSeries([]string{"y"}, []string{"mV"})
	ts.TimeUnit = "ms"
	ts.SetAttr(nmm.AttrMethod, "euler")
	ts.SetAttr(nmm.AttrDt, "0.25")
	if _, err := ode.Solve(sys, ode.NewEuler(0.25), 0, 1, []float64{2}, &ode.Settings{SampleEvery: 0.5}, ts); err != nil {
		fmt.Println(err)
	}
	ts.WriteCSV(os.Stdout, true)
	y := ts.XY(0) // a view of the column, usable as a gonum/plot XYer
	fmt.Println(y.Len(), "points, last:", ts.T[y.Len()-1], y.Y.At(y.Len()-1))
	// Output:
	// # dt=0.25
	// # method=euler
	// # time_unit=ms
	// # units=mV
	// t,y
	// 0,2
	// 0.5,2.5
	// 1,3
	// 3 points, last: 1 3
}

// FuzzReadCSV: malformed input gives an error, never a panic, and whatever
// is accepted is consistent and writes back.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"t,r\n0,1\n", "# a=b\n# units=x\nt,r\n0,1\n1,2\n", "t\n0\n", "t,r\n0\n", "t,r,v\n1,2,3\n\"4\",5,6\n", "\n\nt,a\r\n1,NaN\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ts, err := nmm.ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(ts.Data) != len(ts.T)*len(ts.Labels) {
			t.Fatalf("inconsistent series from %q", in)
		}
		var buf bytes.Buffer
		if err := ts.WriteCSV(&buf, true); err != nil {
			t.Fatalf("WriteCSV after ReadCSV(%q): %v", in, err)
		}
	})
}
