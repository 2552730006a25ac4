package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Journal column widths in millimetres, for [Figure.Column]: most journals
// print figures one column (≈85 mm) or two columns (≈175 mm) wide.
const (
	SingleColumn = 85.0
	DoubleColumn = 175.0
)

// PrintDPI is the resolution of PNG files written by [Figure.Save] and
// [Figure.SavePNG] (unless Figure.DPI is set); ScreenDPI that of PNG images
// shown in notebooks.
const (
	PrintDPI  = 300
	ScreenDPI = 110
)

const mmPerInch = 25.4

// Column sets the static size to a journal column width in millimetres
// (SingleColumn, DoubleColumn or any other) with the figure kind's default
// aspect ratio, and returns f:
//
//	fig.Column(plotting.SingleColumn).Save("figures/01_rate")
func (f *Figure) Column(mm float64) *Figure {
	if !(mm > 0) || mm > 1000 {
		f.fail("%q: column width %g mm outside (0, 1000]", f.Title, mm)
		return f
	}
	f.StaticWidth = mm / mmPerInch
	f.StaticHeight = f.StaticWidth * f.aspect()
	if f.Kind == KindHeatmap && mm < 120 {
		f.StaticHeight = f.StaticWidth * 1.05 // labels take a larger share of a narrow figure
	}
	return f
}

// aspect is height/width of static figures.
func (f *Figure) aspect() float64 {
	switch f.Kind {
	case KindHeatmap:
		return 0.82
	case KindPhase:
		return 0.75
	}
	return 0.58
}

// StaticSize returns the size of static figures in inches and the PNG
// resolution of saved files in dots per inch (defaults: DoubleColumn wide,
// the kind's aspect ratio, PrintDPI).
func (f *Figure) StaticSize() (width, height, dpi float64) {
	width, height, dpi = f.StaticWidth, f.StaticHeight, f.DPI
	if width <= 0 || height <= 0 {
		width = DoubleColumn / mmPerInch
		height = width * f.aspect()
	}
	if dpi <= 0 {
		dpi = PrintDPI
	}
	return width, height, dpi
}

// PNG returns the static figure as PNG bytes at the print resolution
// (StaticSize).
func (f *Figure) PNG() ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTo(&b, "png")
	return b.Bytes(), err
}

// screenPNG is the PNG shown in notebooks (ScreenDPI unless DPI is set lower).
func (f *Figure) screenPNG() ([]byte, error) {
	_, _, dpi := f.StaticSize()
	var b bytes.Buffer
	err := f.writeTo(&b, "png", math.Min(dpi, ScreenDPI))
	return b.Bytes(), err
}

// SVG returns the static figure as SVG bytes.
func (f *Figure) SVG() ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTo(&b, "svg")
	return b.Bytes(), err
}

// PDF returns the static figure as PDF bytes (fonts embedded).
func (f *Figure) PDF() ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTo(&b, "pdf")
	return b.Bytes(), err
}

// WriteTo draws the static figure with gonum/plot and writes it to w in the
// given format, "png", "svg" or "pdf".
func (f *Figure) WriteTo(w io.Writer, format string) error {
	_, _, dpi := f.StaticSize()
	return f.writeTo(w, format, dpi)
}

func (f *Figure) writeTo(w io.Writer, format string, dpi float64) error {
	if f.err != nil {
		return f.err
	}
	wi, hi, _ := f.StaticSize()
	if wi*hi*dpi*dpi > 1e8 {
		return fmt.Errorf("plotting: %q: static figure %.1f×%.1f in at %g dpi is over 10⁸ pixels", f.Title, wi, hi, dpi)
	}
	width, height := vg.Length(wi)*vg.Inch, vg.Length(hi)*vg.Inch
	var (
		canvas vg.CanvasWriterTo
		dc     draw.Canvas
	)
	switch strings.ToLower(format) {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(int(dpi)), vgimg.UseBackgroundColor(color.White))
		canvas, dc = vgimg.PngCanvas{Canvas: c}, draw.New(c)
	case "svg":
		c := vgsvg.New(width, height)
		canvas, dc = c, draw.New(c)
	case "pdf":
		c := vgpdf.New(width, height)
		c.EmbedFonts(true)
		canvas, dc = c, draw.New(c)
	default:
		return fmt.Errorf("plotting: unknown static format %q (want png, svg or pdf)", format)
	}
	if err := f.draw(dc); err != nil {
		return err
	}
	if _, err := canvas.WriteTo(w); err != nil {
		return fmt.Errorf("plotting: writing %s: %w", format, err)
	}
	return nil
}

var (
	plotBlack = color.RGBA{0x22, 0x22, 0x22, 255}
	gridGrey  = color.RGBA{0xe4, 0xe4, 0xe4, 255}
)

// Plot returns the gonum/plot plot of the figure, for customisation: the
// data, axes and ticks, without the title, legend and colour bar, which
// WriteTo draws around it so that they never cover the data.
func (f *Figure) Plot() (*plot.Plot, error) {
	if f.err != nil {
		return nil, f.err
	}
	p := plot.New()
	styleText(p)
	p.X.Label.Text = f.X.Title()
	p.Y.Label.Text = f.Y.Title()
	p.BackgroundColor = nil
	if f.Kind == KindHeatmap {
		return f.heatPlot(p)
	}
	colors := f.colors()
	p.Legend.Top = true
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridGrey, gridGrey
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.4), vg.Points(0.4)
	p.Add(grid)
	for i, s := range f.Series {
		col := parseColor(colors[i])
		for _, seg := range segments(s, f.X.Log, f.Y.Log, f.Kind == KindScatter || s.Points) {
			if f.Kind == KindScatter || s.Points {
				sc, err := plotter.NewScatter(seg)
				if err != nil {
					return nil, fmt.Errorf("plotting: %q series %q: %w", f.Title, s.Name, err)
				}
				sc.GlyphStyle = f.glyphStyle(col)
				if s.Points && f.Kind != KindScatter {
					sc.GlyphStyle.Radius = vg.Points(2.4)
				}
				p.Add(sc)
			} else {
				l, err := plotter.NewLine(seg)
				if err != nil {
					return nil, fmt.Errorf("plotting: %q series %q: %w", f.Title, s.Name, err)
				}
				l.LineStyle = lineStyleOf(s, col)
				p.Add(l)
			}
		}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	if f.X.Log {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	if f.Y.Log {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	// A margin around the data so that peaks and points are not cut by the
	// frame (curves against x keep their x range).
	if f.Kind != KindLines {
		pad(&p.X, f.X.Log, 0.03)
	}
	pad(&p.Y, f.Y.Log, 0.05)
	if f.X.fixed() {
		p.X.Min, p.X.Max = f.X.Min, f.X.Max
	}
	if f.Y.fixed() {
		p.Y.Min, p.Y.Max = f.Y.Min, f.Y.Max
	}
	return p, nil
}

// pad widens an axis range by frac of its width (of its decades on log axes).
func pad(a *plot.Axis, log bool, frac float64) {
	if !(a.Max > a.Min) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) {
		return
	}
	if log {
		if a.Min > 0 {
			k := math.Pow(a.Max/a.Min, frac)
			a.Min, a.Max = a.Min/k, a.Max*k
		}
		return
	}
	d := (a.Max - a.Min) * frac
	a.Min, a.Max = a.Min-d, a.Max+d
}

func (f *Figure) glyphStyle(col color.Color) draw.GlyphStyle {
	r := vg.Points(1.6)
	switch n := f.points(); {
	case n > 2000:
		r = vg.Points(0.9)
	case n < 100:
		r = vg.Points(2.4) // few points: each must be easy to see
	}
	return draw.GlyphStyle{Color: col, Radius: r, Shape: draw.CircleGlyph{}}
}

func lineStyleOf(s Series, col color.Color) draw.LineStyle {
	ls := draw.LineStyle{Color: col, Width: vg.Points(1.2)}
	if s.Dashed {
		ls.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	}
	return ls
}

// segments splits a series into runs of drawable points (scatter: one run).
func segments(s Series, logX, logY, scatter bool) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range s.Y {
		x, y := xAt(s, i), s.Y[i]
		if drawable(x, logX) && drawable(y, logY) {
			cur = append(cur, plotter.XY{X: x, Y: y})
			continue
		}
		if len(cur) > 0 && !scatter {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// margin around the whole figure.
var margin = vg.Points(4)

// draw lays out the figure: the title on top (wrapped to the width), the
// legend in a row below it, the plot, and for heatmaps the colour bar on the
// right. Nothing is drawn over the data.
func (f *Figure) draw(dc draw.Canvas) error {
	p, err := f.Plot()
	if err != nil {
		return err
	}
	dc = draw.Crop(dc, margin, -margin, margin, -margin)
	width := dc.Max.X - dc.Min.X
	if f.Title != "" {
		ts := textStyle(titleSize)
		ts.XAlign, ts.YAlign = text.XCenter, text.YTop
		title := wrap(ts, f.Title, width)
		dc.FillText(ts, vg.Point{X: dc.Center().X, Y: dc.Max.Y}, title)
		dc.Max.Y -= ts.Height(title) + vg.Points(4)
	}
	if entries := f.legendEntries(); len(entries) > 0 {
		h := f.drawLegend(dc, entries)
		dc.Max.Y -= h + vg.Points(3)
	}
	// The y title is drawn here, centred on the data area (gonum/plot
	// centres it on the arithmetic mean of a log axis and pads for that).
	ylab := textStyle(labelSize)
	ylab.Rotation = math.Pi / 2
	ylab.XAlign, ylab.YAlign = text.XCenter, text.YTop
	yTitle := p.Y.Label.Text
	p.Y.Label.Text = ""
	left := dc.Min.X
	if yTitle != "" {
		dc.Min.X += ylab.Height(yTitle) + vg.Points(3)
	}
	var da draw.Canvas
	if f.Kind != KindHeatmap {
		// room for the last x tick label, centred on the right edge
		dc.Max.X -= vg.Points(8)
		p.Draw(dc)
		da = p.DataCanvas(dc)
	} else {
		bar := f.colorBarWidth()
		f.thinHeatTicks(p, dc.Max.X-dc.Min.X-bar, dc.Max.Y-dc.Min.Y)
		pc := draw.Crop(dc, 0, -bar, 0, 0)
		p.Draw(pc)
		// The colour bar spans the data area's height.
		da = p.DataCanvas(pc)
		f.drawColorBar(dc, vg.Rectangle{Min: vg.Point{X: dc.Max.X - bar + vg.Points(10), Y: da.Min.Y}, Max: vg.Point{X: dc.Max.X - bar + vg.Points(20), Y: da.Max.Y}})
	}
	if yTitle != "" {
		dc.FillText(ylab, vg.Point{X: left, Y: (da.Min.Y + da.Max.Y) / 2}, yTitle)
	}
	return nil
}

// wrap breaks txt into lines at spaces so that each fits width.
func wrap(sty text.Style, txt string, width vg.Length) string {
	if sty.Width(txt) <= width {
		return txt
	}
	var lines []string
	cur := ""
	for _, w := range strings.Fields(txt) {
		if cur != "" && sty.Width(cur+" "+w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur == "" {
			cur = w
		} else {
			cur += " " + w
		}
	}
	return strings.Join(append(lines, cur), "\n")
}

type legendEntry struct {
	name  string
	color color.Color
	s     Series
}

// legendEntries: one per distinct series name, when there are two or more.
func (f *Figure) legendEntries() []legendEntry {
	if f.Kind == KindHeatmap {
		return nil
	}
	colors := f.colors()
	var out []legendEntry
	seen := map[string]bool{}
	for i, s := range f.Series {
		if s.Name == "" || seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		out = append(out, legendEntry{s.Name, parseColor(colors[i]), s})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// drawLegend draws the entries in rows across the top of c, centred, and
// returns the height used.
func (f *Figure) drawLegend(c draw.Canvas, entries []legendEntry) vg.Length {
	ts := textStyle(legendSize)
	ts.YAlign = text.YCenter
	sample, gap, sep := vg.Points(14), vg.Points(3), vg.Points(10)
	rowH := ts.Font.Size * 1.35
	width := c.Max.X - c.Min.X
	// split into rows
	var rows [][]legendEntry
	var rowW []vg.Length
	var cur []legendEntry
	var w vg.Length
	for _, e := range entries {
		ew := sample + gap + ts.Width(e.name)
		if len(cur) > 0 && w+sep+ew > width {
			rows, rowW = append(rows, cur), append(rowW, w)
			cur, w = nil, 0
		}
		if len(cur) > 0 {
			w += sep
		}
		cur = append(cur, e)
		w += ew
	}
	rows, rowW = append(rows, cur), append(rowW, w)
	for r, row := range rows {
		y := c.Max.Y - rowH*vg.Length(r) - rowH/2
		x := c.Min.X + (width-rowW[r])/2
		for _, e := range row {
			if f.Kind == KindScatter || e.s.Points {
				c.DrawGlyph(draw.GlyphStyle{Color: e.color, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}, vg.Point{X: x + sample/2, Y: y})
			} else {
				c.StrokeLine2(lineStyleOf(e.s, e.color), x, y, x+sample, y)
			}
			x += sample + gap
			c.FillText(ts, vg.Point{X: x, Y: y}, e.name)
			x += ts.Width(e.name) + sep
		}
	}
	return rowH * vg.Length(len(rows))
}

// heatGrid adapts a matrix to plotter.GridXYZ with row 0 at the top: column
// c is x = c, row r is drawn at y = rows−1−r.
type heatGrid [][]float64

func (g heatGrid) Dims() (c, r int)   { return len(g[0]), len(g) }
func (g heatGrid) Z(c, r int) float64 { return g[len(g)-1-r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

func (f *Figure) heatPlot(p *plot.Plot) (*plot.Plot, error) {
	lo, hi := f.matrixRange()
	h := plotter.NewHeatMap(heatGrid(f.Matrix), heatColors(256))
	h.Min, h.Max = lo, hi
	h.NaN = color.Transparent
	h.Underflow, h.Overflow = parseColor(HeatPalette[0]), parseColor(HeatPalette[len(HeatPalette)-1])
	h.Rasterized = true // one image: no seams between cells, small SVG and PDF files
	p.Add(h)
	rows, cols := len(f.Matrix), len(f.Matrix[0])
	p.X.Tick.Marker = indexTicks{n: cols, labels: f.ColLabels}
	p.Y.Tick.Marker = indexTicks{n: rows, labels: f.RowLabels, flip: true}
	p.X.Padding, p.Y.Padding = 0, 0
	return p, nil
}

// thinHeatTicks chooses the row/column label steps so that labels do not
// overlap in a plot of about width×height, and turns column labels
// vertical when they are wider than their columns.
func (f *Figure) thinHeatTicks(p *plot.Plot, width, height vg.Length) {
	rows, cols := len(f.Matrix), len(f.Matrix[0])
	ts := textStyle(tickSize)
	lineH := float64(ts.Font.Size) * 1.15
	widest := func(n int, l []string) vg.Length {
		var w vg.Length
		for i := 0; i < n; i++ {
			s := strconv.Itoa(i)
			if i < len(l) {
				s = abbreviate(l[i], maxLabel)
			}
			w = max(w, ts.Width(s))
		}
		return w
	}
	wy, wx := widest(rows, f.RowLabels), widest(cols, f.ColLabels)
	// The data area is what is left after the other axis' labels.
	dataW, dataH := float64(width-wy)-30, float64(height-wx)-30
	ry := p.Y.Tick.Marker.(indexTicks)
	ry.step = indexStep(rows, lineH, math.Max(dataH, 1))
	p.Y.Tick.Marker = ry
	rx := p.X.Tick.Marker.(indexTicks)
	pitch := float64(wx) + 4
	if float64(wx)+4 > dataW/float64(cols) { // labels wider than columns: vertical
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = text.XRight, text.YCenter
		pitch = lineH
	}
	rx.step = indexStep(cols, pitch, math.Max(dataW, 1))
	p.X.Tick.Marker = rx
}

// colorBarWidth is the room right of a heatmap for its colour bar, tick
// labels and title.
func (f *Figure) colorBarWidth() vg.Length {
	ts := textStyle(tickSize)
	lo, hi := f.matrixRange()
	var w vg.Length
	for _, t := range (linearTicks{}).Ticks(lo, hi) {
		w = max(w, ts.Width(t.Label))
	}
	return vg.Points(10+10+3) + w + vg.Points(4) + textStyle(labelSize).Font.Size*1.3
}

// drawColorBar draws the colour scale in r with ticks and labels on its
// right and the value's title, rotated, beyond them.
func (f *Figure) drawColorBar(c draw.Canvas, r vg.Rectangle) {
	lo, hi := f.matrixRange()
	pal := heatColors(256)
	img := image.NewRGBA(image.Rect(0, 0, 1, len(pal)))
	for i, col := range pal {
		img.Set(0, len(pal)-1-i, col)
	}
	c.DrawImage(r, img)
	h := r.Max.Y - r.Min.Y
	ls := draw.LineStyle{Color: plotBlack, Width: vg.Points(0.6)}
	c.StrokeLines(ls, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	ts := textStyle(tickSize)
	ts.YAlign = text.YCenter
	var lw vg.Length
	for _, t := range (linearTicks{}).Ticks(lo, hi) {
		y := r.Min.Y + h*vg.Length((t.Value-lo)/(hi-lo))
		tl := vg.Points(2)
		if t.Label != "" {
			tl = vg.Points(4)
		}
		c.StrokeLine2(ls, r.Max.X, y, r.Max.X+tl, y)
		if t.Label != "" {
			c.FillText(ts, vg.Point{X: r.Max.X + vg.Points(6), Y: y}, t.Label)
			lw = max(lw, ts.Width(t.Label))
		}
	}
	lab := textStyle(labelSize)
	lab.Rotation = math.Pi / 2
	lab.XAlign, lab.YAlign = text.XCenter, text.YTop
	c.FillText(lab, vg.Point{X: r.Max.X + vg.Points(8) + lw + vg.Points(2), Y: (r.Min.Y + r.Max.Y) / 2}, f.Value.Title())
}

// heatColors interpolates HeatPalette into n colours.
type heatPalette []color.Color

// Colors implements palette.Palette.
func (p heatPalette) Colors() []color.Color { return p }

func heatColors(n int) heatPalette {
	stops := make([]color.RGBA, len(HeatPalette))
	for i, s := range HeatPalette {
		stops[i] = parseColor(s)
	}
	out := make(heatPalette, n)
	for i := range out {
		x := float64(i) / float64(n-1) * float64(len(stops)-1)
		k := int(math.Min(math.Floor(x), float64(len(stops)-2)))
		u := x - float64(k)
		a, b := stops[k], stops[k+1]
		mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p)*(1-u) + float64(q)*u)) }
		out[i] = color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
	}
	return out
}

// parseColor parses "#rrggbb" (anything else is black).
func parseColor(s string) color.RGBA {
	if len(s) == 7 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
		}
	}
	return color.RGBA{A: 255}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}
