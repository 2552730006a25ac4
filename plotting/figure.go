package plotting

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
)

// Axis describes one axis: the quantity, its unit and the scale. Axis titles
// are rendered as "Label (Unit)", so every plot carries its units.
type Axis struct {
	Label string // quantity, e.g. "t", "r", "firing rate"
	Unit  string // unit, e.g. "ms", "Hz", "a.u."; empty only for dimensionless quantities
	Log   bool   // logarithmic scale (non-positive values are not drawn)
	// Min and Max fix the axis range; when Min == Max (e.g. both zero) the
	// range is chosen automatically from the data.
	Min, Max float64
}

// Title returns the axis title, "Label (Unit)" or just "Label" when Unit is empty.
func (a Axis) Title() string {
	if a.Unit == "" {
		return a.Label
	}
	return a.Label + " (" + a.Unit + ")"
}

func (a Axis) fixed() bool { return a.Min != a.Max }

// Series is one named curve or point set. X may be nil, meaning 0, 1, 2, …
// Non-finite values (NaN, ±Inf) are gaps: they are not drawn.
type Series struct {
	Name   string
	X, Y   []float64
	Dashed bool // dashed line (lines and phase portraits)
	// Points draws the series as markers instead of a line in line charts and
	// phase portraits, e.g. simulation results over a continuation curve
	// (series are drawn in order: put points last to see them on top).
	Points bool
	Color  string // "#rrggbb"; empty = the next colour of Palette
}

// Kind is the type of a Figure.
type Kind int

// The kinds of figures.
const (
	KindLines   Kind = iota // curves against x, with a zoom slider (time series, spectra)
	KindPhase               // curves in a plane, drawn in data order (phase portraits)
	KindScatter             // points
	KindHeatmap             // a matrix with a colour scale
)

// String returns the kind's name ("lines", "phase", "scatter", "heatmap").
func (k Kind) String() string {
	switch k {
	case KindLines:
		return "lines"
	case KindPhase:
		return "phase"
	case KindScatter:
		return "scatter"
	case KindHeatmap:
		return "heatmap"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Figure is a backend-independent description of one plot. Build it with
// Lines, FromTimeSeries, Spectrum, Phase, Scatter or Heatmap, adjust the
// exported fields if needed, then render it interactively (Display, HTML,
// Option) or statically (DisplayPNG, SavePNG, SaveSVG, WriteTo).
type Figure struct {
	Kind   Kind
	Title  string
	X, Y   Axis
	Series []Series

	// Heatmap only: Matrix[i][j] is drawn in row i (y, top to bottom) and
	// column j (x); Value is the colour-scale quantity (Label, Unit and an
	// optional fixed Min/Max). RowLabels/ColLabels name the rows/columns
	// (default 0, 1, 2, …).
	Matrix               [][]float64
	Value                Axis
	RowLabels, ColLabels []string

	// Width and Height of the interactive chart in pixels (0 = 900×420,
	// heatmaps 640×600).
	Width, Height int
	// StaticWidth and StaticHeight of static figures in inches (0 = a
	// DoubleColumn-wide figure, see Column); DPI of saved PNG files
	// (0 = PrintDPI; images shown in notebooks use at most ScreenDPI).
	StaticWidth, StaticHeight, DPI float64
	// MaxPoints caps the points per series sent to the browser (0 = 4000):
	// longer line series are reduced to the min and max of each of
	// MaxPoints/2 buckets, which keeps the envelope of oscillations;
	// phase portraits are thinned by a stride; scatter plots are not reduced.
	// Static figures always draw every point.
	MaxPoints int

	err error // first problem found by a builder; returned by every renderer
}

// Err returns the first problem found when the figure was built (mismatched
// lengths, an empty matrix, …), or nil. Every rendering method returns it too.
func (f *Figure) Err() error { return f.err }

func (f *Figure) fail(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf("plotting: "+format, args...)
	}
}

// check validates series lengths.
func (f *Figure) check() {
	for i, s := range f.Series {
		if s.X != nil && len(s.X) != len(s.Y) {
			f.fail("%q: series %d (%q) has %d x values and %d y values", f.Title, i, s.Name, len(s.X), len(s.Y))
		}
	}
}

func newFigure(kind Kind, title string, x, y Axis, series []Series) *Figure {
	f := &Figure{Kind: kind, Title: title, X: x, Y: y, Series: series}
	f.check()
	return f
}

// Lines returns a line chart of one or more series against a common x
// quantity (time series, sweeps), with units on both axes and a zoom slider
// under the x axis.
//
//	plotting.Lines("MPR", plotting.Axis{Label: "t", Unit: "ms"}, plotting.Axis{Label: "r", Unit: "Hz"},
//		plotting.Series{Name: "r", X: t, Y: r}).Display()
func Lines(title string, x, y Axis, series ...Series) *Figure {
	return newFigure(KindLines, title, x, y, series)
}

// Spectrum returns a line chart with a logarithmic y axis (power spectra:
// freq is the frequency axis, power the power axis, e.g.
// Axis{Label: "PSD", Unit: "Hz⁻¹"}). Non-positive powers are not drawn.
func Spectrum(title string, freq, power Axis, series ...Series) *Figure {
	power.Log = true
	return newFigure(KindLines, title, freq, power, series)
}

// Phase returns a phase portrait: each series is a curve in the (x, y)
// plane drawn in data order (trajectories, limit cycles, nullclines).
func Phase(title string, x, y Axis, series ...Series) *Figure {
	return newFigure(KindPhase, title, x, y, series)
}

// Scatter returns a scatter plot: each series is a set of points
// (bifurcation diagrams, parameter maps, FC vs SC).
func Scatter(title string, x, y Axis, series ...Series) *Figure {
	return newFigure(KindScatter, title, x, y, series)
}

// Heatmap returns a matrix plot with a colour scale: m[i][j] is drawn in row
// i (y axis, from the top) and column j (x axis); value names the colour
// quantity and its unit (e.g. Axis{Label: "weight", Unit: "a.u."}). Rows must
// all have the same length. Non-finite entries are left blank.
func Heatmap(title string, x, y, value Axis, m [][]float64) *Figure {
	f := &Figure{Kind: KindHeatmap, Title: title, X: x, Y: y, Value: value, Matrix: m}
	if len(m) == 0 || len(m[0]) == 0 {
		f.fail("%q: empty matrix", title)
	}
	for i := range m {
		if len(m[i]) != len(m[0]) {
			f.fail("%q: row %d has %d columns, row 0 has %d", title, i, len(m[i]), len(m[0]))
		}
	}
	return f
}

// FromTimeSeries returns a Lines figure of the named columns of ts (all
// columns if none are named) against time, with the time unit on the x axis
// and the columns' labels and units on the y axis.
func FromTimeSeries(title string, ts *nmm.TimeSeries, cols ...string) *Figure {
	if ts == nil {
		f := &Figure{Kind: KindLines, Title: title}
		f.fail("%q: nil TimeSeries", title)
		return f
	}
	idx := make([]int, 0, len(cols))
	var missing error
	if len(cols) == 0 {
		for j := range ts.Labels {
			idx = append(idx, j)
		}
	}
	for _, c := range cols {
		j, ok := ts.Index(c)
		if !ok {
			missing = errors.Join(missing, fmt.Errorf("no column %q (have %v)", c, ts.Labels))
			continue
		}
		idx = append(idx, j)
	}
	series := make([]Series, 0, len(idx))
	y := Axis{}
	units := map[string]bool{}
	for k, j := range idx {
		unit := unitOf(ts, j)
		units[unit] = true
		label := ts.Labels[j]
		if k > 0 {
			y.Label += ", "
		}
		y.Label += label
		y.Unit = unit
		series = append(series, Series{Name: label, X: ts.T, Y: ts.Col(nil, j)})
	}
	if len(units) > 1 { // different units: name each in the label
		y.Label, y.Unit = "", ""
		for k, j := range idx {
			if k > 0 {
				y.Label += ", "
			}
			y.Label += Axis{Label: ts.Labels[j], Unit: unitOf(ts, j)}.Title()
		}
	}
	f := Lines(title, Axis{Label: "t", Unit: ts.TimeUnit}, y, series...)
	if missing != nil {
		f.fail("%q: %v", title, missing)
	}
	return f
}

// Palette is the colour cycle of series without an explicit Color, in
// interactive and static figures alike: the colour-blind-safe palette of
// Okabe and Ito (2008), without black (axes and text) and with yellow, the
// weakest on white, last.
var Palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#f0e442"}

// HeatPalette is the colour scale of heatmaps, from low to high values
// (viridis stops).
var HeatPalette = []string{"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"}

// colors returns the colour of each series.
func (f *Figure) colors() []string {
	c := make([]string, len(f.Series))
	k := 0
	for i, s := range f.Series {
		if s.Color != "" {
			c[i] = s.Color
			continue
		}
		c[i] = Palette[k%len(Palette)]
		k++
	}
	return c
}

// drawable reports whether v can be drawn on an axis.
func drawable(v float64, log bool) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0)
}

func xAt(s Series, i int) float64 {
	if s.X == nil {
		return float64(i)
	}
	return s.X[i]
}

// matrixRange returns the finite min and max of the matrix (or Value's fixed range).
func (f *Figure) matrixRange() (lo, hi float64) {
	if f.Value.fixed() {
		return f.Value.Min, f.Value.Max
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range f.Matrix {
		for _, v := range row {
			if drawable(v, false) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	return lo, hi
}

func unitOf(ts *nmm.TimeSeries, j int) string {
	if j < len(ts.Units) {
		return ts.Units[j]
	}
	return ""
}
