package plotting

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
)

func labelsOf(ticks []plot.Tick) []string {
	var l []string
	for _, t := range ticks {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return l
}

func TestLinearTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{0, 1, "0 0.2 0.4 0.6 0.8 1.0"},
		{-0.3, 0.31, "−0.3 −0.2 −0.1 0 0.1 0.2 0.3"},
		{0.1, 0.7, "0.1 0.2 0.3 0.4 0.5 0.6 0.7"}, // 0.30000000000000004 must not appear
		{0, 4e-4, "0 1×10⁻⁴ 2×10⁻⁴ 3×10⁻⁴ 4×10⁻⁴"},
		{-20, 80, "−20 0 20 40 60 80"},
		{0, 3e5, "0 5×10⁴ 1×10⁵ 1.5×10⁵ 2×10⁵ 2.5×10⁵ 3×10⁵"},
	} {
		ticks := linearTicks{}.Ticks(c.min, c.max)
		if got := strings.Join(labelsOf(ticks), " "); got != c.want {
			t.Errorf("Ticks(%g, %g) labels %q, want %q", c.min, c.max, got, c.want)
		}
		if len(ticks) <= len(labelsOf(ticks)) {
			t.Errorf("Ticks(%g, %g): no minor ticks", c.min, c.max)
		}
	}
}

func TestLogTicks(t *testing.T) {
	ticks := logTicks{}.Ticks(1e-5, 1e-3)
	if got := strings.Join(labelsOf(ticks), " "); got != "10⁻⁵ 10⁻⁴ 10⁻³" {
		t.Errorf("labels %q", got)
	}
	if len(ticks) != 3+2*8 { // 3 decades and 2…9 in each of the two intervals
		t.Errorf("%d ticks, want 19", len(ticks))
	}
	if got := strings.Join(labelsOf(logTicks{}.Ticks(1e-10, 1e20)), " "); got != "10⁻¹⁰ 10⁻⁵ 10⁰ 10⁵ 10¹⁰ 10¹⁵ 10²⁰" {
		t.Errorf("30 decades: labels %q", got)
	}
	if got := strings.Join(labelsOf(logTicks{}.Ticks(1.5, 60)), " "); got != "2×10⁰ 5×10⁰ 10¹ 2×10¹ 5×10¹" {
		t.Errorf("short range: labels %q", got)
	}
	if Superscript(-4) != "⁻⁴" || Superscript(10) != "¹⁰" {
		t.Errorf("Superscript: %q %q", Superscript(-4), Superscript(10))
	}
}

func TestScriptRuns(t *testing.T) {
	runs := scriptRuns("log₁₀(C + 10⁻⁴)")
	want := []run{{"log", 0}, {"10", -1}, {"(C + 10", 0}, {"−4", 1}, {")", 0}}
	if len(runs) != len(want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
	for i := range want {
		if runs[i] != want[i] {
			t.Errorf("run %d = %v, want %v", i, runs[i], want[i])
		}
	}
}

func TestIndexStep(t *testing.T) {
	// 90 labels of 9 pt in 300 pt: 1 and 2 need 810 and 405 pt, 5 needs 162.
	if s := indexStep(90, 9, 300); s != 5 {
		t.Errorf("step %d, want 5", s)
	}
	if s := indexStep(10, 9, 300); s != 1 {
		t.Errorf("step %d, want 1", s)
	}
}

func TestSaveWritesThreeFormats(t *testing.T) {
	x, y := ramp(50, math.Sin)
	f := Lines("s", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"}, Series{X: x, Y: y})
	dir := t.TempDir()
	if err := f.Column(SingleColumn).Save(filepath.Join(dir, "sub", "fig.png")); err != nil {
		t.Fatal(err)
	}
	for ext, magic := range map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"} {
		b, err := os.ReadFile(filepath.Join(dir, "sub", "fig."+ext))
		if err != nil || !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("fig.%s: %v, starts %.8q", ext, err, b)
		}
	}
	w, h, dpi := f.StaticSize()
	if math.Abs(w*25.4-85) > 1e-9 || dpi != PrintDPI || h <= 0 {
		t.Errorf("size %g×%g in at %g dpi, want 85 mm wide at 300 dpi", w, h, dpi)
	}
	// SavePNG writes the vector files too (SaveVector)
	if err := f.SavePNG(filepath.Join(dir, "b.png")); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"png", "svg", "pdf"} {
		if _, err := os.Stat(filepath.Join(dir, "b."+ext)); err != nil {
			t.Errorf("SavePNG: %v", err)
		}
	}
	if err := f.Column(-1).Err(); err == nil {
		t.Error("negative column width accepted")
	}
}

// goldenFigures are the figures of the golden-image tests: a line chart, a
// log-log spectrum, a scatter plot and a heatmap, from closed-form data.
func goldenFigures() map[string]*Figure {
	x := make([]float64, 300)
	a, b := make([]float64, 300), make([]float64, 300)
	for i := range x {
		x[i] = float64(i) * 0.1
		a[i] = 30 + 25*math.Sin(x[i])
		b[i] = 20 + 15*math.Cos(1.3*x[i])
	}
	line := Lines("Two rates, Fig. 2a", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"},
		Series{Name: "theory", X: x, Y: a}, Series{Name: "network of 10⁴ neurons", X: x, Y: b, Dashed: true})
	f, p := make([]float64, 200), make([]float64, 200)
	for i := range f {
		f[i] = 0.5 * math.Pow(10, float64(i)/70)
		p[i] = 1e-4 / (1 + math.Pow(f[i]/40, 4))
	}
	loglog := Spectrum("Lorentzian spectrum", Axis{Label: "f", Unit: "Hz", Log: true}, Axis{Label: "PSD", Unit: "Hz⁻¹"}, Series{X: f, Y: p})
	sx, sy := make([]float64, 120), make([]float64, 120)
	for i := range sx {
		sx[i] = math.Mod(float64(i)*0.618034, 1) * 4e-3
		sy[i] = 0.8*sx[i] + 5e-4*math.Sin(float64(i))
	}
	scatter := Scatter("FC vs SC", Axis{Label: "SC", Unit: "a.u."}, Axis{Label: "FC"},
		Series{Name: "pairs", X: sx, Y: sy}, Series{Name: "y = 0.8 x", X: []float64{0, 4e-3}, Y: []float64{0, 3.2e-3}})
	n := 40
	m := make([][]float64, n)
	names := make([]string, n)
	for i := range m {
		names[i] = "Region_" + strings.Repeat("x", i%9) + string(rune('A'+i%26))
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = math.Log10(math.Abs(math.Sin(float64(i*j)/7)) + 1e-4)
		}
	}
	heat := Heatmap("Weights", Axis{Label: "source"}, Axis{Label: "target"}, Axis{Label: "log₁₀(w + 10⁻⁴)"}, m)
	heat.RowLabels, heat.ColLabels = names, names
	return map[string]*Figure{"line": line, "loglog": loglog, "scatter": scatter, "heatmap": heat}
}

// TestGoldenImages compares the static figures with the reviewed images in
// testdata/*_golden.png, as gonum/plot's own tests do (go test -regen
// rewrites them; look at them before committing).
func TestGoldenImages(t *testing.T) {
	for name, f := range goldenFigures() {
		t.Run(name, func(t *testing.T) {
			f.Column(SingleColumn)
			f.DPI = 150
			cmpimg.CheckPlot(func() {
				if err := f.save(filepath.Join("testdata", "golden_"+name+".png"), "png"); err != nil {
					t.Fatal(err)
				}
			}, t, "golden_"+name+".png")
			_ = os.Remove(filepath.Join("testdata", "golden_"+name+".png"))
		})
	}
}

func TestPointsOverACurve(t *testing.T) {
	x, y := ramp(200, math.Sin)
	f := Phase("continuation and simulation", Axis{Label: "I", Unit: "1"}, Axis{Label: "f", Unit: "Hz"},
		Series{Name: "continuation", X: x, Y: y},
		Series{Name: "simulation", X: []float64{1, 2, 3}, Y: []float64{math.Sin(1), math.Sin(2), math.Sin(3)}, Points: true})
	s := series(t, option(t, f))
	if s[0]["type"] != "line" || s[1]["type"] != "scatter" || s[1]["z"] != 3.0 {
		t.Errorf("series types %v %v (z %v), want line and scatter on top", s[0]["type"], s[1]["type"], s[1]["z"])
	}
	if d := s[1]["data"].([]any); len(d) != 3 {
		t.Errorf("%d points, want 3", len(d))
	}
	b, err := f.screenPNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	want := parseColor(Palette[1])
	n := 0
	for py := 0; py < img.Bounds().Dy(); py++ {
		for px := 0; px < img.Bounds().Dx(); px++ {
			r, g, b, _ := img.At(px, py).RGBA()
			if absDiff(r>>8, uint32(want.R))+absDiff(g>>8, uint32(want.G))+absDiff(b>>8, uint32(want.B)) < 30 {
				n++
			}
		}
	}
	// three discs of radius 2.4 pt at 110 dpi (≈ 3.7 px: ≈ 40 px each) plus the legend's marker
	if n < 3*25 {
		t.Errorf("%d pixels of the points' colour, want the three markers drawn", n)
	}
}
