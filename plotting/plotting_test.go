package plotting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
)

// option decodes a figure's echarts option.
func option(t *testing.T, f *Figure) map[string]any {
	t.Helper()
	b, err := f.Option()
	if err != nil {
		t.Fatalf("Option: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("option is not JSON: %v\n%s", err, b)
	}
	return m
}

func first(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	l, ok := m[key].([]any)
	if !ok || len(l) == 0 {
		t.Fatalf("option has no %s list: %v", key, m[key])
	}
	return l[0].(map[string]any)
}

func series(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	l, _ := m["series"].([]any)
	out := make([]map[string]any, len(l))
	for i, s := range l {
		out[i] = s.(map[string]any)
	}
	return out
}

func ramp(n int, f func(float64) float64) (x, y []float64) {
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = float64(i) * 0.1
		y[i] = f(x[i])
	}
	return x, y
}

func TestLinesOption(t *testing.T) {
	x, y1 := ramp(50, math.Sin)
	_, y2 := ramp(50, math.Cos)
	f := Lines("two", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"},
		Series{Name: "sin", X: x, Y: y1}, Series{Name: "cos", X: x, Y: y2, Dashed: true})
	m := option(t, f)
	s := series(t, m)
	if len(s) != 2 {
		t.Fatalf("%d series, want 2", len(s))
	}
	for i, name := range []string{"sin", "cos"} {
		if s[i]["type"] != "line" || s[i]["name"] != name {
			t.Errorf("series %d = %v %v, want line %q", i, s[i]["type"], s[i]["name"], name)
		}
		if d := s[i]["data"].([]any); len(d) != 50 || len(d[0].([]any)) != 2 {
			t.Errorf("series %d: %d points, want 50 [x,y] pairs", i, len(d))
		}
	}
	if ls := s[1]["lineStyle"].(map[string]any); ls["type"] != "dashed" {
		t.Errorf("second series lineStyle = %v, want dashed", ls)
	}
	if got := first(t, m, "xAxis")["name"]; got != "t (ms)" {
		t.Errorf("x axis name %q, want %q", got, "t (ms)")
	}
	if got := first(t, m, "yAxis")["name"]; got != "r (Hz)" {
		t.Errorf("y axis name %q, want %q", got, "r (Hz)")
	}
	if got := first(t, m, "xAxis")["type"]; got != "value" {
		t.Errorf("x axis type %q, want value", got)
	}
	dz, _ := m["dataZoom"].([]any)
	if len(dz) != 2 || dz[0].(map[string]any)["type"] != "slider" {
		t.Errorf("dataZoom = %v, want a slider and an inside zoom", m["dataZoom"])
	}
	if c := m["color"].([]any); c[0] != Palette[0] {
		t.Errorf("palette %v, want %v first", c, Palette[0])
	}
	// the sample values survive (7 significant digits)
	p := s[0]["data"].([]any)[10].([]any)
	if math.Abs(p[0].(float64)-1) > 1e-6 || math.Abs(p[1].(float64)-math.Sin(1)) > 1e-6 {
		t.Errorf("point 10 = %v, want [1, sin 1]", p)
	}
}

func TestSpectrumLogY(t *testing.T) {
	f := Spectrum("psd", Axis{Label: "f", Unit: "Hz"}, Axis{Label: "PSD", Unit: "Hz⁻¹"},
		Series{Name: "r", X: []float64{0, 1, 2, 3}, Y: []float64{0, 1e-3, -1, 10}})
	m := option(t, f)
	if got := first(t, m, "yAxis")["type"]; got != "log" {
		t.Errorf("y axis type %q, want log", got)
	}
	if got := first(t, m, "xAxis")["type"]; got != "value" {
		t.Errorf("x axis type %q, want value", got)
	}
	d := series(t, m)[0]["data"].([]any)
	if d[0].([]any)[1] != nil || d[2].([]any)[1] != nil {
		t.Errorf("non-positive powers must be null on a log axis: %v", d)
	}
	if d[3].([]any)[1] != 10.0 {
		t.Errorf("power 10 became %v", d[3].([]any)[1])
	}
}

func TestPhaseAndScatter(t *testing.T) {
	x, y := ramp(20, math.Sin)
	m := option(t, Phase("phase", Axis{Label: "r", Unit: "Hz"}, Axis{Label: "v", Unit: "mV"}, Series{Name: "orbit", X: y, Y: x}))
	// phase portraits zoom in x and y with the wheel (no slider under x: it is not time)
	dz, _ := m["dataZoom"].([]any)
	axes := map[string]bool{}
	for _, z := range dz {
		z := z.(map[string]any)
		if z["type"] != "inside" {
			t.Errorf("phase portrait dataZoom %v, want inside only", z)
		}
		for _, k := range []string{"xAxisIndex", "yAxisIndex"} {
			if _, ok := z[k]; ok {
				axes[k] = true
			}
		}
	}
	if !axes["xAxisIndex"] || !axes["yAxisIndex"] {
		t.Errorf("phase portrait dataZoom %v, want x and y", dz)
	}
	if tb, _ := m["toolbox"].(map[string]any); tb == nil || tb["feature"].(map[string]any)["dataZoom"] == nil {
		t.Errorf("no toolbox with dataZoom: %v", m["toolbox"])
	}
	if s := series(t, m); len(s) != 1 || s[0]["type"] != "line" {
		t.Errorf("phase series %v", s)
	}
	m = option(t, Scatter("sc", Axis{Label: "η", Unit: "1"}, Axis{Label: "r", Unit: "Hz"},
		Series{Name: "a", X: x, Y: y}, Series{Name: "b", X: x, Y: y}, Series{Name: "c", X: x, Y: y}))
	s := series(t, m)
	if len(s) != 3 || s[2]["type"] != "scatter" {
		t.Errorf("scatter series %v", s)
	}
	if got := first(t, m, "yAxis")["name"]; got != "r (Hz)" {
		t.Errorf("y axis name %q", got)
	}
}

func TestHeatmapOption(t *testing.T) {
	mat := [][]float64{{0, 1, 2}, {3, math.NaN(), 5}}
	f := Heatmap("W", Axis{Label: "source node"}, Axis{Label: "target node"}, Axis{Label: "weight", Unit: "a.u."}, mat)
	f.RowLabels = []string{"A", "B"}
	m := option(t, f)
	s := series(t, m)
	if len(s) != 1 || s[0]["type"] != "heatmap" {
		t.Fatalf("series %v, want one heatmap", s)
	}
	if s[0]["progressive"] != 0.0 {
		t.Errorf("heatmap progressive = %v, want 0 (one-pass rendering)", s[0]["progressive"])
	}
	d := s[0]["data"].([]any)
	if len(d) != 5 { // NaN cell skipped
		t.Errorf("%d cells, want 5", len(d))
	}
	if c := d[4].([]any); c[0] != 2.0 || c[1] != 1.0 || c[2] != 5.0 { // [col, row, value]
		t.Errorf("last cell %v, want [2 1 5]", c)
	}
	vm := first(t, m, "visualMap")
	if vm["min"] != 0.0 || vm["max"] != 5.0 {
		t.Errorf("visualMap range [%v, %v], want [0, 5]", vm["min"], vm["max"])
	}
	if txt := vm["text"].([]any); txt[1] != "weight (a.u.)" {
		t.Errorf("colour scale title %v", txt)
	}
	y := first(t, m, "yAxis")
	if y["type"] != "category" || y["inverse"] != true || y["data"].([]any)[1] != "B" || y["name"] != "target node" {
		t.Errorf("y axis %v, want inverted category axis with labels A, B", y)
	}
	if y["nameLocation"] != "start" { // the top of an inverted axis: never over the column labels
		t.Errorf("y name at %v, want start", y["nameLocation"])
	}
	if l, _ := m["legend"].(map[string]any); l == nil || l["show"] != false {
		t.Errorf("heatmap legend %v, want hidden (it covered the title)", m["legend"])
	}
	h, err := f.HTML()
	if err != nil || !strings.Contains(h, `"rows":["A","B"]`) || !strings.Contains(h, `" ← "`) {
		t.Errorf("heatmap HTML lacks the row names for its 'target ← source' tooltip (%v)", err)
	}
	// fixed colour range
	f.Value.Min, f.Value.Max = -1, 1
	vm = first(t, option(t, f), "visualMap")
	if vm["min"] != -1.0 || vm["max"] != 1.0 {
		t.Errorf("fixed range gives [%v, %v]", vm["min"], vm["max"])
	}
}

func TestFromTimeSeries(t *testing.T) {
	ts := nmm.NewTimeSeries([]string{"r", "v"}, []string{"Hz", "mV"})
	ts.TimeUnit = "ms"
	for i := range 10 {
		if err := ts.Observe(float64(i), []float64{float64(i), -float64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	m := option(t, FromTimeSeries("mpr", ts))
	if got := first(t, m, "xAxis")["name"]; got != "t (ms)" {
		t.Errorf("x name %q", got)
	}
	if got := first(t, m, "yAxis")["name"]; got != "r (Hz), v (mV)" {
		t.Errorf("y name %q", got)
	}
	s := series(t, m)
	if len(s) != 2 || s[1]["name"] != "v" {
		t.Fatalf("series %v", s)
	}
	if p := s[1]["data"].([]any)[3].([]any); p[0] != 3.0 || p[1] != -3.0 {
		t.Errorf("v at t=3: %v", p)
	}
	m = option(t, FromTimeSeries("r only", ts, "r"))
	if got := first(t, m, "yAxis")["name"]; got != "r (Hz)" || len(series(t, m)) != 1 {
		t.Errorf("single column: y name %q", got)
	}
	if err := FromTimeSeries("bad", ts, "w").Err(); err == nil || !strings.Contains(err.Error(), `"w"`) {
		t.Errorf("unknown column: err = %v", err)
	}
}

func TestBadInputIsAnError(t *testing.T) {
	var shown []string
	defer func(old func(string)) { displayHTML = old }(displayHTML)
	displayHTML = func(h string) { shown = append(shown, h) }

	f := Lines("bad", Axis{Label: "t", Unit: "ms"}, Axis{Label: "y"}, Series{Name: "s", X: []float64{1, 2}, Y: []float64{1}})
	for name, err := range map[string]error{
		"Err": f.Err(), "Display": f.Display(), "SavePNG": f.SavePNG(t.TempDir() + "/x.png"),
	} {
		if err == nil || !strings.Contains(err.Error(), "2 x values and 1 y values") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if len(shown) != 1 || !strings.Contains(shown[0], "2 x values") || !strings.Contains(shown[0], `class="ngnmm-error"`) {
		t.Errorf("Display must show the error in the cell, showed %q", shown)
	}
	if err := Heatmap("ragged", Axis{}, Axis{}, Axis{}, [][]float64{{1, 2}, {3}}).Err(); err == nil {
		t.Error("ragged matrix accepted")
	}
	if err := Heatmap("empty", Axis{}, Axis{}, Axis{}, nil).Err(); err == nil {
		t.Error("empty matrix accepted")
	}
}

func TestGapsAreNull(t *testing.T) {
	f := Lines("gap", Axis{Label: "t", Unit: "s"}, Axis{Label: "y", Unit: "1"},
		Series{Y: []float64{1, math.NaN(), math.Inf(1), 4}})
	d := series(t, option(t, f))[0]["data"].([]any)
	if d[1].([]any)[1] != nil || d[2].([]any)[1] != nil || d[3].([]any)[0] != 3.0 {
		t.Errorf("data %v: want nulls at 1, 2 and x = index", d)
	}
	if _, err := f.PNG(); err != nil {
		t.Errorf("static figure with gaps: %v", err)
	}
}

func TestMinMaxDecimation(t *testing.T) {
	const n = 100000
	x, y := ramp(n, func(t float64) float64 { return math.Sin(t) })
	y[77777] = 5 // a spike must survive
	y[33333] = math.NaN()
	f := Lines("long", Axis{Label: "t", Unit: "ms"}, Axis{Label: "y", Unit: "1"}, Series{X: x, Y: y})
	d := series(t, option(t, f))[0]["data"].([]any)
	if len(d) > 4000+3 || len(d) < 3000 { // + first, last and one gap
		t.Fatalf("%d points sent, want ≈ 4000", len(d))
	}
	maxY, nulls, lastX := math.Inf(-1), 0, -1.0
	for _, p := range d {
		p := p.([]any)
		if p[0].(float64) <= lastX {
			t.Fatalf("x not increasing at %v", p)
		}
		lastX = p[0].(float64)
		if p[1] == nil {
			nulls++
			continue
		}
		maxY = math.Max(maxY, p[1].(float64))
	}
	if maxY != 5 || nulls != 1 {
		t.Errorf("max %v (want the spike 5), %d gaps (want 1)", maxY, nulls)
	}
	if math.Abs(lastX-x[n-1]) > 1e-6 {
		t.Errorf("last point x = %v, want %v", lastX, x[n-1])
	}
	// the static figure is not reduced, and scatter is never reduced
	f.Kind = KindScatter
	s := series(t, option(t, f))[0]
	if d := s["data"].([]any); len(d) != n {
		t.Errorf("scatter sent %d points, want all %d", len(d), n)
	}
	if s["large"] != true || s["largeThreshold"] != float64(largeThreshold) || s["progressive"] != 0.0 {
		t.Errorf("large scatter: large=%v largeThreshold=%v, want true, %d", s["large"], s["largeThreshold"], largeThreshold)
	}
}

func TestHTMLLoader(t *testing.T) {
	f := Lines("html", Axis{Label: "t", Unit: "ms"}, Axis{Label: "y", Unit: "1"}, Series{Name: "a", Y: []float64{1, 2}})
	t.Setenv(AssetsEnv, "")
	h, err := f.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`class="ngnmm-echarts"`, `data-ngnmm-colors="` + Palette[0] + `"`, `"` + DefaultAssetsHost + `"`,
		"requirejs", "document.baseURI", `"echarts.min.js"`, "setOption(option)", `"t (ms)"`,
	} {
		if !strings.Contains(h, want) && !strings.Contains(h, strings.Trim(want, `"`)) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	for _, bad := range []string{"<!DOCTYPE", "<head", "<html", ".container"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML contains %q (a whole page, as RenderContent() would)", bad)
		}
	}
	t.Setenv(AssetsEnv, "assets")
	if h, _ := f.HTML(); !strings.Contains(h, `host = "assets/"`) {
		t.Errorf("NGNMM_ECHARTS_ASSETS=assets not used as \"assets/\"")
	}
	AssetsHost = "http://127.0.0.1:1/x/"
	defer func() { AssetsHost = "" }()
	if Assets() != "http://127.0.0.1:1/x/" {
		t.Errorf("AssetsHost ignored: %q", Assets())
	}
	// a title with </script> must not close the script element
	f.Title = "</script><b>"
	if h, _ := f.HTML(); strings.Count(h, "</script>") != 1 {
		t.Errorf("title escaped badly: %d </script>", strings.Count(h, "</script>"))
	}
	h1, _ := f.HTML()
	h2, _ := f.HTML()
	if h1[:40] == h2[:40] {
		t.Error("two charts got the same element id")
	}
}

func TestStaticPNGAndSVG(t *testing.T) {
	x, y := ramp(200, math.Sin)
	for _, f := range []*Figure{
		Lines("l", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"}, Series{Name: "a", X: x, Y: y}, Series{Name: "b", X: x, Y: x, Dashed: true}),
		Spectrum("s", Axis{Label: "f", Unit: "Hz"}, Axis{Label: "PSD", Unit: "Hz⁻¹"}, Series{X: x[1:], Y: x[1:]}),
		Phase("p", Axis{Label: "r", Unit: "Hz"}, Axis{Label: "v", Unit: "mV"}, Series{X: x, Y: y}),
		Scatter("sc", Axis{Label: "x", Unit: "1"}, Axis{Label: "y", Unit: "1"}, Series{X: x, Y: y}),
		Heatmap("h", Axis{Label: "j"}, Axis{Label: "i"}, Axis{Label: "w", Unit: "a.u."}, [][]float64{{0, 1}, {2, math.NaN()}}),
	} {
		b, err := f.PNG()
		if err != nil {
			t.Fatalf("%v PNG: %v", f.Kind, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%v: PNG does not decode: %v", f.Kind, err)
		}
		w, h, dpi := f.StaticSize()
		if got := img.Bounds().Size(); math.Abs(float64(got.X)-w*dpi) > 1 || math.Abs(float64(got.Y)-h*dpi) > 1 {
			t.Errorf("%v: PNG %v, want %vx%v", f.Kind, got, w*dpi, h*dpi)
		}
		// the first series colour (or the colour scale's top) is drawn
		want := parseColor(Palette[0])
		if f.Kind == KindHeatmap {
			want = parseColor(HeatPalette[len(HeatPalette)-1])
		}
		n := 0
		for py := 0; py < img.Bounds().Dy(); py++ {
			for px := 0; px < img.Bounds().Dx(); px++ {
				r, g, b, _ := img.At(px, py).RGBA()
				if absDiff(r>>8, uint32(want.R))+absDiff(g>>8, uint32(want.G))+absDiff(b>>8, uint32(want.B)) < 30 {
					n++
				}
			}
		}
		if n < 50 {
			t.Errorf("%v: only %d pixels of colour %v in the PNG", f.Kind, n, want)
		}
		svg, err := f.SVG()
		if err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Fatalf("%v SVG: %v", f.Kind, err)
		}
		if label := f.X.Title(); !bytes.Contains(svg, []byte(label)) {
			t.Errorf("%v: SVG lacks the x label %q", f.Kind, label)
		}
	}
	f := Lines("file", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"}, Series{X: x, Y: y})
	dir := t.TempDir() + "/figures"
	if err := f.SavePNG(dir + "/a.png"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveSVG(dir + "/a.svg"); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteTo(&bytes.Buffer{}, "gif"); err == nil {
		t.Error("unknown format accepted")
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestDisplayHooks(t *testing.T) {
	var html []string
	var pngs int
	defer func(h func(string), p func([]byte), b func(string, []byte)) {
		displayHTML, displayPNG, displayBoth = h, p, b
	}(displayHTML, displayPNG, displayBoth)
	displayHTML = func(h string) { html = append(html, h) }
	displayPNG = func([]byte) { pngs++ }
	displayBoth = func(h string, png []byte) {
		// one output with both: the chart and the image untrusted viewers show
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("Display: image/png is not a PNG")
		}
		if !strings.Contains(h, `<img class="ngnmm-fallback"`) {
			t.Errorf("Display: no fallback image inside the chart's HTML")
		}
		html = append(html, h)
		pngs++
	}
	f := Lines("d", Axis{Label: "t", Unit: "ms"}, Axis{Label: "r", Unit: "Hz"}, Series{Y: []float64{1, 2, 3}})
	if err := f.Display(); err != nil {
		t.Fatal(err)
	}
	if err := f.DisplayPNG(); err != nil {
		t.Fatal(err)
	}
	if err := f.DisplaySVG(); err != nil {
		t.Fatal(err)
	}
	if len(html) != 2 || !strings.Contains(html[0], "ngnmm-echarts") || !strings.HasPrefix(html[1], "<div><svg") || pngs != 2 {
		t.Errorf("displayed %d HTML (%.40q…), %d PNG", len(html), html, pngs)
	}
}

// fakeClock advances by step on every reading.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func TestProgressThrottle(t *testing.T) {
	var shown []string
	defer func(old func(string, string)) { updateHTML = old }(updateHTML)
	updateHTML = func(id, h string) { shown = append(shown, id+" "+h) }

	clock := &fakeClock{now: time.Unix(0, 0), step: time.Millisecond}
	p := &Progress{Label: "run <1>", Interval: 250 * time.Millisecond, id: "bar", now: clock.Now}
	p.start = clock.Now()
	p.show()
	for i := 1; i <= 1000; i++ { // 1000 reports, 1 ms apart
		p.Report(float64(i), 1000)
	}
	// initial + one per 250 ms (the first report arrives 2 ms after the start,
	// so updates at 2, 252, 502, 752 ms) + the final report
	if u := p.Updates(); u < 5 || u > 7 {
		t.Errorf("%d updates for 1000 reports over 1 s, want about 6", u)
	}
	if !strings.Contains(shown[len(shown)-1], "100 %") {
		t.Errorf("final report not shown: %s", shown[len(shown)-1])
	}
	p.Done()
	last := shown[len(shown)-1]
	if !strings.HasPrefix(last, "bar ") || !strings.Contains(last, "done in") || !strings.Contains(last, "run &lt;1&gt;") {
		t.Errorf("Done shows %q", last)
	}
	n := p.Updates()
	p.Report(1, 2)
	p.Done()
	if p.Updates() != n {
		t.Error("reports after Done changed the bar")
	}
	if !strings.Contains(shown[1], `value="0.0020"`) && !strings.Contains(shown[1], `value="0.0010"`) {
		t.Errorf("first report shows %q", shown[1])
	}
}

func TestProgressConcurrent(t *testing.T) {
	defer func(old func(string, string)) { updateHTML = old }(updateHTML)
	var mu sync.Mutex
	calls := 0
	updateHTML = func(string, string) { mu.Lock(); calls++; mu.Unlock() }
	p := NewProgress("parallel")
	p.Interval = 0
	var fn = p.Func() // a progress.Func
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				fn(float64(w*100+i), 400)
			}
		}()
	}
	wg.Wait()
	p.Done()
	if calls != p.Updates() || calls < 2 {
		t.Errorf("%d calls, %d updates", calls, p.Updates())
	}
}

func TestMinPixelsForBrowserCheck(t *testing.T) {
	ax := Axis{Label: "x", Unit: "1"}
	pts := func(n int) Series { x, y := ramp(n, math.Sin); return Series{X: x, Y: y} }
	for _, tc := range []struct {
		f    *Figure
		want int
	}{
		{Scatter("empty", ax, ax, pts(0)), 20},
		{Scatter("few", ax, ax, pts(10)), 30},
		{Scatter("many", ax, ax, pts(1000)), 150},
		{Lines("lines", ax, ax, pts(2)), 150},
		{Lines("empty lines", ax, ax, pts(0)), 150},
	} {
		h, err := tc.f.HTML()
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`data-ngnmm-min-pixels="%d"`, tc.want); !strings.Contains(h, want) {
			t.Errorf("%s: want %s", tc.f.Title, want)
		}
	}
}

func TestProgressHeartbeat(t *testing.T) {
	var mu sync.Mutex
	n := 0
	defer func(u func(string, string)) { updateHTML = u }(updateHTML)
	updateHTML = func(string, string) { mu.Lock(); n++; mu.Unlock() }
	p := &Progress{Label: "hb", Interval: time.Hour, now: time.Now}
	p.start = p.now()
	go p.heartbeat(10 * time.Millisecond)
	p.Report(1, 10) // the first report is drawn; the next ones only by the heartbeat (Interval is an hour)
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		got := n
		mu.Unlock()
		if got >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d redraws in 5 s with a 10 ms heartbeat", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.Done()
	mu.Lock()
	after := n
	mu.Unlock()
	time.Sleep(50 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if n != after {
		t.Errorf("redrawn %d times after Done", n-after)
	}
}
