package plotting

import (
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// scriptText is the text handler of static figures. It draws Unicode
// superscripts and subscripts (10⁻⁴, log₁₀, Hz⁻¹) as raised or lowered
// smaller characters of the same font, so that every script character
// appears even where the font has no glyph for it (Liberation Sans, the
// default font, lacks ⁰, ⁹, ⁺ and ⁻), and all of them look alike.
type scriptText struct{ text.Plain }

var _ text.Handler = scriptText{}

const (
	scriptScale = 0.7  // size of script characters relative to the text
	supRise     = 0.36 // baseline shift of superscripts, in units of the font size
	subDrop     = 0.14 // baseline shift of subscripts
)

// scripts maps script characters to the plain character they show.
var (
	superscripts = map[rune]rune{'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁺': '+', '⁻': '−', '⁼': '=', '⁽': '(', '⁾': ')', 'ⁿ': 'n', 'ⁱ': 'i'}
	subscripts   = map[rune]rune{'₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9', '₊': '+', '₋': '−', '₌': '=', '₍': '(', '₎': ')', 'ₑ': 'e', 'ₓ': 'x', 'ᵢ': 'i', 'ⱼ': 'j', 'ₖ': 'k', 'ₙ': 'n'}
)

// run is a piece of a line: plain text (shift 0), superscript (+1) or subscript (−1).
type run struct {
	s     string
	shift int
}

func scriptRuns(line string) []run {
	var runs []run
	var b strings.Builder
	cur := 0
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, run{b.String(), cur})
			b.Reset()
		}
	}
	for _, r := range line {
		shift, plain := 0, r
		if p, ok := superscripts[r]; ok {
			shift, plain = 1, p
		} else if p, ok := subscripts[r]; ok {
			shift, plain = -1, p
		}
		if shift != cur {
			flush()
			cur = shift
		}
		b.WriteRune(plain)
	}
	flush()
	return runs
}

func (h scriptText) face(fnt font.Font, shift int) font.Face {
	if shift != 0 {
		fnt.Size = fnt.Size * scriptScale
	}
	return h.Fonts.Lookup(fnt, fnt.Size)
}

func (h scriptText) width(line string, fnt font.Font) vg.Length {
	var w vg.Length
	for _, r := range scriptRuns(line) {
		f := h.face(fnt, r.shift)
		w += f.Width(r.s)
	}
	return w
}

// Box implements text.Handler.
func (h scriptText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	width, height, depth = h.Plain.Box(txt, fnt)
	width = h.width(txt, fnt)
	return width, height, depth
}

// Draw implements text.Handler (the layout of text.Plain.Draw, run by run).
func (h scriptText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	for i, line := range lines {
		x := pt.X + vg.Length(sty.XAlign)*h.width(line, sty.Font)
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		for _, r := range scriptRuns(line) {
			f := h.face(sty.Font, r.shift)
			dy := vg.Length(0)
			switch r.shift {
			case 1:
				dy = supRise * sty.Font.Size
			case -1:
				dy = -subDrop * sty.Font.Size
			}
			c.FillString(f, vg.Point{X: x, Y: y + dy}, r.s)
			x += f.Width(r.s)
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// Font sizes of static figures in points, the same at every figure size
// (journals ask for 7–10 pt at print size).
const (
	titleSize  = 10
	labelSize  = 9
	tickSize   = 8
	legendSize = 8
)

// sans is the typeface of static figures (Liberation Sans, metric-compatible
// with Arial/Helvetica, which journals ask for).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// handler is the text handler of every static figure.
var handler = scriptText{text.Plain{Fonts: font.DefaultCache}}

// textStyle returns a style of the default font at size pt with the script handler.
func textStyle(pt float64) text.Style {
	return text.Style{
		Color:   plotBlack,
		Font:    font.From(sans, vg.Points(pt)),
		Handler: handler,
		XAlign:  text.XLeft,
		YAlign:  text.YBottom,
	}
}

// styleText applies the fonts and the handler to every text of p.
func styleText(p *plot.Plot) {
	set := func(s *text.Style, pt float64) {
		s.Font = font.From(sans, vg.Points(pt))
		s.Handler = handler
	}
	set(&p.Title.TextStyle, titleSize)
	set(&p.Legend.TextStyle, legendSize)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		set(&a.Label.TextStyle, labelSize)
		set(&a.Tick.Label, tickSize)
		a.Label.Padding = vg.Points(3)
		a.Tick.Length = vg.Points(4)
		a.LineStyle.Width = vg.Points(0.6)
		a.Tick.LineStyle.Width = vg.Points(0.6)
	}
}
