package plotting

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// StaticSize returns the size of static figures in inches and the PNG
// resolution in dots per inch (defaults 7×4 in, heatmaps 6×5 in, 96 dpi).
func (f *Figure) StaticSize() (width, height, dpi float64) {
	width, height, dpi = f.StaticWidth, f.StaticHeight, f.DPI
	if width <= 0 || height <= 0 {
		width, height = 7, 4
		if f.Kind == KindHeatmap {
			width, height = 6, 5
		}
	}
	if dpi <= 0 {
		dpi = 96
	}
	return width, height, dpi
}

// PNG returns the static figure as PNG bytes.
func (f *Figure) PNG() ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTo(&b, "png")
	return b.Bytes(), err
}

// SVG returns the static figure as SVG bytes.
func (f *Figure) SVG() ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTo(&b, "svg")
	return b.Bytes(), err
}

// WriteTo draws the static figure with gonum/plot and writes it to w in the
// given format, "png" or "svg".
func (f *Figure) WriteTo(w io.Writer, format string) error {
	if f.err != nil {
		return f.err
	}
	wi, hi, dpi := f.StaticSize()
	width, height := vg.Length(wi)*vg.Inch, vg.Length(hi)*vg.Inch
	var (
		canvas vg.CanvasWriterTo
		dc     draw.Canvas
	)
	switch strings.ToLower(format) {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(int(dpi)))
		canvas, dc = vgimg.PngCanvas{Canvas: c}, draw.New(c)
	case "svg":
		c := vgsvg.New(width, height)
		canvas, dc = c, draw.New(c)
	default:
		return fmt.Errorf("plotting: unknown static format %q (want png or svg)", format)
	}
	if err := f.draw(dc); err != nil {
		return err
	}
	if _, err := canvas.WriteTo(w); err != nil {
		return fmt.Errorf("plotting: writing %s: %w", format, err)
	}
	return nil
}

// Plot returns the gonum/plot plot of the figure, for customisation (for
// heatmaps, without the colour bar that WriteTo adds).
func (f *Figure) Plot() (*plot.Plot, error) {
	if f.err != nil {
		return nil, f.err
	}
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text = f.X.Title()
	p.Y.Label.Text = f.Y.Title()
	if f.Kind == KindHeatmap {
		return f.heatPlot(p)
	}
	colors := f.colors()
	p.Legend.Top = true
	for i, s := range f.Series {
		col := parseColor(colors[i])
		first := true
		for _, seg := range segments(s, f.X.Log, f.Y.Log, f.Kind == KindScatter) {
			var thumb plot.Thumbnailer
			if f.Kind == KindScatter {
				sc, err := plotter.NewScatter(seg)
				if err != nil {
					return nil, fmt.Errorf("plotting: %q series %q: %w", f.Title, s.Name, err)
				}
				sc.GlyphStyle.Color = col
				sc.GlyphStyle.Radius = vg.Points(2)
				sc.GlyphStyle.Shape = draw.CircleGlyph{}
				p.Add(sc)
				thumb = sc
			} else {
				l, err := plotter.NewLine(seg)
				if err != nil {
					return nil, fmt.Errorf("plotting: %q series %q: %w", f.Title, s.Name, err)
				}
				l.LineStyle.Color = col
				l.LineStyle.Width = vg.Points(1.5)
				if s.Dashed {
					l.LineStyle.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				}
				p.Add(l)
				thumb = l
			}
			if first && s.Name != "" && len(f.Series) > 1 {
				p.Legend.Add(s.Name, thumb)
			}
			first = false
		}
	}
	if f.X.Log {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	if f.Y.Log {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	if f.X.fixed() {
		p.X.Min, p.X.Max = f.X.Min, f.X.Max
	}
	if f.Y.fixed() {
		p.Y.Min, p.Y.Max = f.Y.Min, f.Y.Max
	}
	p.Add(plotter.NewGrid())
	return p, nil
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

func (f *Figure) draw(dc draw.Canvas) error {
	p, err := f.Plot()
	if err != nil {
		return err
	}
	if f.Kind != KindHeatmap {
		p.Draw(dc)
		return nil
	}
	// Heatmap: the matrix on the left, a colour bar on the right.
	w := dc.Max.X - dc.Min.X
	bar := w * 0.16
	p.Draw(draw.Crop(dc, 0, -bar, 0, 0))
	cb, err := f.colorBar()
	if err != nil {
		return err
	}
	cb.Draw(draw.Crop(dc, w-bar, 0, vg.Points(24), 0))
	return nil
}

// heatGrid adapts a matrix to plotter.GridXYZ: column c is x = c, row r is y = r.
type heatGrid [][]float64

func (g heatGrid) Dims() (c, r int)   { return len(g[0]), len(g) }
func (g heatGrid) Z(c, r int) float64 { return g[r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

func (f *Figure) heatPlot(p *plot.Plot) (*plot.Plot, error) {
	lo, hi := f.matrixRange()
	h := plotter.NewHeatMap(heatGrid(f.Matrix), heatColors(256))
	h.Min, h.Max = lo, hi
	h.NaN = color.Transparent
	h.Underflow, h.Overflow = parseColor(HeatPalette[0]), parseColor(HeatPalette[len(HeatPalette)-1])
	// Not rasterized: gonum/plot's rasterized heat map ignores the inverted
	// y scale below and draws only a few stripes of the matrix.
	h.Rasterized = false
	p.Add(h)
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}} // row 0 at the top
	rows, cols := len(f.Matrix), len(f.Matrix[0])
	p.X.Tick.Marker = indexTicks{n: cols, labels: f.ColLabels}
	p.Y.Tick.Marker = indexTicks{n: rows, labels: f.RowLabels}
	return p, nil
}

// colorBar is a one-column heatmap from the colour scale's min to max.
func (f *Figure) colorBar() (*plot.Plot, error) {
	lo, hi := f.matrixRange()
	const n = 128
	g := make([][]float64, n)
	for r := range g {
		g[r] = []float64{lo + (hi-lo)*float64(r)/float64(n-1)}
	}
	cb := plot.New()
	h := plotter.NewHeatMap(colorBarGrid{g: g, lo: lo, hi: hi}, heatColors(256))
	h.Min, h.Max = lo, hi
	h.Rasterized = true
	cb.Add(h)
	cb.HideX()
	cb.Y.Label.Text = f.Value.Title()
	cb.Y.Min, cb.Y.Max = lo, hi
	return cb, nil
}

type colorBarGrid struct {
	g      [][]float64
	lo, hi float64
}

func (g colorBarGrid) Dims() (c, r int)   { return 1, len(g.g) }
func (g colorBarGrid) Z(c, r int) float64 { return g.g[r][0] }
func (g colorBarGrid) X(c int) float64    { return 0 }
func (g colorBarGrid) Y(r int) float64    { return g.g[r][0] }

// indexTicks labels matrix rows/columns with their labels or indices,
// thinned to at most about 12 ticks.
type indexTicks struct {
	n      int
	labels []string
}

// Ticks implements plot.Ticker.
func (t indexTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for t.n/step > 12 {
		step *= 2
	}
	var ticks []plot.Tick
	for i := 0; i < t.n; i += step {
		label := strconv.Itoa(i)
		if i < len(t.labels) {
			label = t.labels[i]
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
	}
	return ticks
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
