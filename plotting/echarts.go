package plotting

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// AssetsEnv is the environment variable that overrides where charts load
// echarts.min.js from: a URL or path of a folder, absolute or relative to the
// page (resolved against document.baseURI), e.g. "assets/" next to exported
// HTML, "/files/assets/" in a Jupyter server, "http://127.0.0.1:8765/assets/".
// The value is baked into a chart's output when its cell runs.
const AssetsEnv = "NGNMM_ECHARTS_ASSETS"

// DefaultAssetsHost is go-echarts' default CDN folder of echarts.min.js,
// used when neither AssetsHost nor NGNMM_ECHARTS_ASSETS is set.
const DefaultAssetsHost = "https://go-echarts.github.io/go-echarts-assets/assets/"

// largeThreshold is the number of scatter points above which echarts draws
// a series in "large" mode (simple symbols, one pass).
const largeThreshold = 2000

// AssetsHost, if not empty, overrides NGNMM_ECHARTS_ASSETS and the default CDN.
var AssetsHost string

// Assets returns the folder charts load echarts.min.js from: AssetsHost,
// else $NGNMM_ECHARTS_ASSETS, else DefaultAssetsHost; always ending in "/".
func Assets() string {
	h := AssetsHost
	if h == "" {
		h = os.Getenv(AssetsEnv)
	}
	if h == "" {
		h = DefaultAssetsHost
	}
	if !strings.HasSuffix(h, "/") {
		h += "/"
	}
	return h
}

// EchartsChart is implemented by every go-echarts chart (*charts.Line,
// *charts.Scatter, *charts.HeatMap, …). Use it with EchartsHTML and
// DisplayEcharts to show a chart built directly with go-echarts.
type EchartsChart interface {
	Validate()
	JSON() map[string]any
}

// Chart returns the figure as a go-echarts chart (a *charts.Line,
// *charts.Scatter or *charts.HeatMap), for customisation with go-echarts'
// options before showing it with DisplayEcharts.
func (f *Figure) Chart() (EchartsChart, error) {
	if f.err != nil {
		return nil, f.err
	}
	global := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: f.Title, Left: "center"}),
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: Assets()}),
		charts.WithAnimation(false),
	}
	if f.Kind != KindHeatmap {
		global = append(global,
			charts.WithXAxisOpts(axisX(f.X)),
			charts.WithYAxisOpts(axisY(f.Y)),
			charts.WithColorsOpts(opts.Colors(f.colors())),
			charts.WithGridOpts(lineGrid.opts()),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(f.Series) > 1), Top: "28"}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: f.tooltipTrigger()}),
		)
	}
	switch f.Kind {
	case KindLines, KindPhase:
		c := charts.NewLine()
		if f.Kind == KindLines {
			global = append(global, charts.WithDataZoomOpts(
				opts.DataZoom{Type: "slider", XAxisIndex: []int{0}, FilterMode: "none"},
				opts.DataZoom{Type: "inside", XAxisIndex: []int{0}, FilterMode: "none"}))
		} else {
			global = append(global, planeZoom)
		}
		c.SetGlobalOptions(global...)
		for _, s := range f.Series {
			c.AddSeries(s.Name, nil,
				charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), Symbol: "none"}),
				charts.WithLineStyleOpts(lineStyle(s)))
			c.MultiSeries[len(c.MultiSeries)-1].Data = f.xyData(s)
		}
		return c, nil
	case KindScatter:
		c := charts.NewScatter()
		global = append(global, planeZoom)
		c.SetGlobalOptions(global...)
		for _, s := range f.Series {
			c.AddSeries(s.Name, nil, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: f.symbolSize()}))
			ss := &c.MultiSeries[len(c.MultiSeries)-1]
			ss.Data = f.xyData(s)
			// Large point sets: echarts' "large" mode draws them in one pass (its
			// default progressive rendering of >3000 points never settles in
			// headless Chromium's virtual time, and is slow in notebooks).
			ss.Large, ss.LargeThreshold = opts.Bool(true), largeThreshold
		}
		return c, nil
	case KindHeatmap:
		c := charts.NewHeatMap()
		rows, cols := len(f.Matrix), len(f.Matrix[0])
		global = append(global,
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: f.X.Title(), NameLocation: "middle", NameGap: heatXNameGap(f.ColLabels, cols), Data: labels(f.ColLabels, cols),
				AxisLabel: &opts.AxisLabel{Rotate: heatXRotate(f.ColLabels, cols), Width: 90, Overflow: "truncate", FontSize: 10}}),
			// the y title at the axis' start, which is the top: rows run downwards
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Name: f.Y.Title(), NameLocation: "start", Inverse: opts.Bool(true), Data: labels(f.RowLabels, rows),
				AxisLabel: &opts.AxisLabel{Width: 90, Overflow: "truncate", FontSize: 10}}),
			charts.WithGridOpts(heatGridOpts()),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // the visual map names the value
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		)
		c.SetGlobalOptions(global...)
		c.AddSeries(f.Value.Title(), nil)
		c.MultiSeries[0].Data = heatData(f.Matrix)
		return c, nil
	}
	return nil, fmt.Errorf("plotting: unknown figure kind %v", f.Kind)
}

// planeZoom zooms x and y with the mouse wheel (phase portraits, scatter plots).
var planeZoom = charts.WithDataZoomOpts(
	opts.DataZoom{Type: "inside", XAxisIndex: []int{0}, FilterMode: "none"},
	opts.DataZoom{Type: "inside", YAxisIndex: []int{0}, FilterMode: "none"})

// heatXRotate turns column labels vertical when they are longer than a few characters.
func heatXRotate(l []string, n int) float64 {
	for _, s := range labels(l, n) {
		if len([]rune(s)) > 3 {
			return 90
		}
	}
	return 0
}

// heatXNameGap leaves room for the (possibly vertical) column labels under the x axis.
func heatXNameGap(l []string, n int) int {
	if heatXRotate(l, n) == 0 {
		return 28
	}
	w := 0
	for _, s := range labels(l, n) {
		w = max(w, len([]rune(s)))
	}
	return min(100, 6*w+14)
}

func labels(l []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		if i < len(l) {
			out[i] = l[i]
		} else {
			out[i] = strconv.Itoa(i)
		}
	}
	return out
}

func axisX(a Axis) opts.XAxis {
	x := opts.XAxis{Type: axisType(a), Name: a.Title(), NameLocation: "middle", NameGap: 28, Scale: opts.Bool(true)}
	if a.fixed() {
		x.Min, x.Max = a.Min, a.Max
	}
	return x
}

func axisY(a Axis) opts.YAxis {
	y := opts.YAxis{Type: axisType(a), Name: a.Title(), NameLocation: "middle", NameGap: 50, Scale: opts.Bool(true)}
	if a.fixed() {
		y.Min, y.Max = a.Min, a.Max
	}
	return y
}

func axisType(a Axis) string {
	if a.Log {
		return "log"
	}
	return "value"
}

func lineStyle(s Series) opts.LineStyle {
	ls := opts.LineStyle{Width: 1.5}
	if s.Dashed {
		ls.Type = "dashed"
	}
	return ls
}

// xyJSON marshals a series as [[x,y],…] (x with 10, y with 7 significant
// digits) and null for points that cannot be drawn (gaps).
type xyJSON struct {
	s          Series
	idx        []int // points to send; nil = all
	logX, logY bool
}

// MarshalJSON implements json.Marshaler.
func (d xyJSON) MarshalJSON() ([]byte, error) {
	n := len(d.s.Y)
	if d.idx != nil {
		n = len(d.idx)
	}
	b := make([]byte, 0, 2+n*20)
	b = append(b, '[')
	for k := 0; k < n; k++ {
		i := k
		if d.idx != nil {
			i = d.idx[k]
		}
		if k > 0 {
			b = append(b, ',')
		}
		x, y := xAt(d.s, i), d.s.Y[i]
		b = append(b, '[')
		b = appendNum(b, x, d.logX, 10)
		b = append(b, ',')
		b = appendNum(b, y, d.logY, 7)
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// appendNum appends v with digits significant digits (enough for a screen,
// and x keeps more so that long runs can be zoomed), or null if v cannot be
// drawn.
func appendNum(b []byte, v float64, log bool, digits int) []byte {
	if !drawable(v, log) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', digits, 64)
}

func (f *Figure) xyData(s Series) xyJSON {
	d := xyJSON{s: s, logX: f.X.Log, logY: f.Y.Log}
	max := f.MaxPoints
	if max <= 0 {
		max = 4000
	}
	if len(s.Y) > max {
		switch f.Kind {
		case KindLines:
			d.idx = minMaxIndices(s.Y, max)
		case KindPhase:
			d.idx = strideIndices(len(s.Y), max)
		}
	}
	return d
}

// minMaxIndices returns, for each of max/2 consecutive buckets of y, the
// indices of its minimum and maximum (in index order), plus the first and
// last index; non-finite values are kept so that gaps stay gaps.
func minMaxIndices(y []float64, max int) []int {
	nb := max / 2
	if nb < 1 {
		nb = 1
	}
	n := len(y)
	idx := make([]int, 0, 2*nb+2)
	for b := 0; b < nb; b++ {
		lo, hi := b*n/nb, (b+1)*n/nb
		if lo >= hi {
			continue
		}
		imin, imax, gap := -1, -1, -1
		for i := lo; i < hi; i++ {
			v := y[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				if gap < 0 {
					gap = i
				}
				continue
			}
			if imin < 0 || v < y[imin] {
				imin = i
			}
			if imax < 0 || v > y[imax] {
				imax = i
			}
		}
		pts := []int{imin, imax, gap}
		if b == 0 {
			pts = append(pts, 0)
		}
		if b == nb-1 {
			pts = append(pts, n-1)
		}
		idx = appendSorted(idx, pts)
	}
	return idx
}

// appendSorted appends the non-negative, distinct values of pts to idx in increasing order.
func appendSorted(idx, pts []int) []int {
	start := len(idx)
	for _, p := range pts {
		if p < 0 {
			continue
		}
		dup := false
		for _, q := range idx[start:] {
			dup = dup || q == p
		}
		if !dup {
			idx = append(idx, p)
		}
	}
	seg := idx[start:]
	for i := 1; i < len(seg); i++ { // insertion sort of ≤ 5 values
		for j := i; j > 0 && seg[j] < seg[j-1]; j-- {
			seg[j], seg[j-1] = seg[j-1], seg[j]
		}
	}
	return idx
}

func strideIndices(n, max int) []int {
	step := (n + max - 1) / max
	idx := make([]int, 0, max+1)
	for i := 0; i < n; i += step {
		idx = append(idx, i)
	}
	if idx[len(idx)-1] != n-1 {
		idx = append(idx, n-1)
	}
	return idx
}

// heatJSON marshals a matrix as echarts heatmap data [[col,row,value],…],
// skipping non-finite entries.
type heatJSON [][]float64

func heatData(m [][]float64) heatJSON { return heatJSON(m) }

// MarshalJSON implements json.Marshaler.
func (m heatJSON) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16*len(m)*len(m))
	b = append(b, '[')
	first := true
	for i, row := range m {
		for j, v := range row {
			if !drawable(v, false) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(j), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, ',')
			b = strconv.AppendFloat(b, v, 'g', 7, 64)
			b = append(b, ']')
		}
	}
	return append(b, ']'), nil
}

// Option returns the echarts option object of the figure as JSON (what
// echarts' setOption receives).
func (f *Figure) Option() ([]byte, error) {
	c, err := f.Chart()
	if err != nil {
		return nil, err
	}
	obj := chartJSON(c)
	obj["toolbox"] = toolbox(f.Kind)
	if f.Kind == KindHeatmap {
		lo, hi := f.matrixRange()
		// Below the toolbox, vertically centred: never over the title.
		obj["visualMap"] = []map[string]any{{
			"type": "continuous", "min": lo, "max": hi, "calculable": true,
			"orient": "vertical", "right": 30, "top": "middle", "itemHeight": 200,
			"text": []string{"", f.Value.Title()}, "textGap": 8, "precision": 3,
			"inRange": map[string]any{"color": HeatPalette},
		}}
	}
	hasPoints := false
	for _, sr := range f.Series {
		hasPoints = hasPoints || (sr.Points && f.Kind != KindHeatmap)
	}
	if f.Kind == KindHeatmap || f.Kind == KindScatter || hasPoints {
		// Points series of line charts become scatter series (drawn over the
		// lines added before them).
		// echarts renders more than 3000 cells/points "progressively", frame by
		// frame; that is slow in notebooks and never settles in headless
		// Chromium's virtual time (the browser check hangs): draw in one pass.
		b, err := json.Marshal(obj["series"])
		if err != nil {
			return nil, fmt.Errorf("plotting: echarts series: %w", err)
		}
		var series []map[string]json.RawMessage
		if err := json.Unmarshal(b, &series); err != nil {
			return nil, fmt.Errorf("plotting: echarts series: %w", err)
		}
		for i, s := range series {
			s["progressive"] = json.RawMessage("0")
			if f.Kind != KindHeatmap && i < len(f.Series) && f.Series[i].Points && f.Kind != KindScatter {
				s["type"] = json.RawMessage(`"scatter"`)
				s["symbolSize"] = json.RawMessage("9")
				s["z"] = json.RawMessage("3")
				delete(s, "showSymbol")
				delete(s, "symbol")
				delete(s, "lineStyle")
			}
		}
		obj["series"] = series
	}
	return json.Marshal(obj)
}

// toolbox: save as PNG, restore, zoom in x and y (box zoom), data view;
// vertical at the right edge, under the title's line.
func toolbox(k Kind) map[string]any {
	return map[string]any{
		"show": true, "orient": "vertical", "right": 4, "top": 40, "itemSize": 14, "itemGap": 10,
		"feature": map[string]any{
			"saveAsImage": map[string]any{"title": "save PNG", "pixelRatio": 2},
			"restore":     map[string]any{"title": "restore"},
			"dataZoom":    map[string]any{"title": map[string]any{"zoom": "zoom (x and y)", "back": "undo zoom"}, "filterMode": "none"},
			"dataView":    map[string]any{"title": "data", "readOnly": true, "lang": []string{"data", "close", "refresh"}},
		},
	}
}

func chartJSON(c EchartsChart) map[string]any {
	c.Validate()
	return c.JSON()
}

// HTML returns the figure as an HTML fragment: a <div> and a small script
// that loads echarts.min.js from Assets() and draws the chart. It works in
// classic Notebook (RequireJS), JupyterLab / Notebook 7 and exported HTML
// (plain <script>), and never embeds a whole page.
func (f *Figure) HTML() (string, error) {
	png, err := f.screenPNG()
	if err != nil {
		return "", err
	}
	return f.html(png)
}

// html is HTML with the fallback image png (nil: none).
func (f *Figure) html(png []byte) (string, error) {
	opt, err := f.Option()
	if err != nil {
		return "", err
	}
	w, h := f.Width, f.Height
	if w <= 0 || h <= 0 {
		w, h = 900, 420
		if f.Kind == KindHeatmap {
			w, h = 640, 600
		}
	}
	colors, grid := f.colors(), lineGrid
	if f.Kind == KindHeatmap {
		colors, grid = HeatPalette, heatGridMargins
	}
	meta, err := json.Marshal(f.meta())
	if err != nil {
		return "", fmt.Errorf("plotting: chart metadata: %w", err)
	}
	// The static figure inside the chart's <div>: what untrusted notebooks,
	// GitHub and nbviewer show (they drop the script); the loader replaces it.
	fallback := ""
	if png != nil {
		fallback = `<img class="ngnmm-fallback" alt="` + htmlEscape(f.Title) + `" style="max-width:100%;max-height:100%" src="data:image/png;base64,` +
			base64.StdEncoding.EncodeToString(png) + `">`
	}
	return chartHTML(opt, w, h, colors, grid.String(), f.minPixels(), meta, fallback), nil
}

// meta is what the loader needs to format tooltips and log axes
// (functions cannot travel in the option JSON).
func (f *Figure) meta() map[string]any {
	m := map[string]any{
		"kind": f.Kind.String(),
		"x":    f.X.Label, "xunit": f.X.Unit,
		"y": f.Y.Label, "yunit": f.Y.Unit,
		"v": f.Value.Label, "vunit": f.Value.Unit,
	}
	if f.Kind == KindHeatmap {
		m["rows"] = labels(f.RowLabels, len(f.Matrix))
		m["cols"] = labels(f.ColLabels, len(f.Matrix[0]))
	}
	return m
}

// points returns the number of drawable points of all series.
func (f *Figure) points() int {
	n := 0
	for _, s := range f.Series {
		for i, y := range s.Y {
			if drawable(xAt(s, i), f.X.Log) && drawable(y, f.Y.Log) {
				n++
			}
		}
	}
	return n
}

// symbolSize of scatter points in px: bigger when there are few.
func (f *Figure) symbolSize() int {
	if f.points() < 500 {
		return 8
	}
	return 5
}

// minPixels is the number of series-coloured pixels the browser check of
// `make test` requires in the plot area: 150 (a drawn curve has many more),
// fewer for scatter plots of a few points (about 3 per point), never below 20.
func (f *Figure) minPixels() int {
	if f.Kind != KindScatter {
		return 150
	}
	return max(20, min(150, 3*f.points()))
}

// EchartsHTML returns the HTML fragment (see Figure.HTML) of a chart built
// directly with go-echarts, width×height pixels.
func EchartsHTML(c EchartsChart, width, height int) (string, error) {
	opt, err := json.Marshal(chartJSON(c))
	if err != nil {
		return "", fmt.Errorf("plotting: echarts option: %w", err)
	}
	return chartHTML(opt, width, height, nil, "", 150, []byte("null"), ""), nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "ngnmm-chart-" + hex.EncodeToString(b[:])
}

// chartHTML is the div + loader. The div carries class "ngnmm-echarts",
// data-ngnmm-colors (the series colours), data-ngnmm-grid (the plot area's
// left,right,top,bottom margins in px, matching the option's grid) and
// data-ngnmm-min-pixels, which the browser check of `make test` uses to find
// each chart's plot area and require enough pixels of its colours there.
func chartHTML(option []byte, width, height int, colors []string, grid string, minPixels int, meta []byte, fallback string) string {
	id := newID()
	host, _ := json.Marshal(Assets())
	idJS, _ := json.Marshal(id)
	return fmt.Sprintf(`<div id="%s" class="ngnmm-echarts" data-ngnmm-colors="%s" data-ngnmm-grid="%s" data-ngnmm-min-pixels="%d" style="width:100%%;max-width:%dpx;height:%dpx;">%s</div>
<script type="text/javascript">
(function () {
  var id = %s, host = %s, option = %s, meta = %s, base;
  try { base = new URL(host, document.baseURI).href; } catch (e) { base = host; }
  function num(v) {
    if (typeof v !== "number") return v;
    var a = Math.abs(v);
    return (a !== 0 && (a < 1e-3 || a >= 1e5)) ? v.toExponential(3) : String(+v.toPrecision(5));
  }
  function unit(u) { return u ? " " + u : ""; }
  function sup(n) { var d = "⁰¹²³⁴⁵⁶⁷⁸⁹"; return String(n).replace(/-/g, "⁻").replace(/[0-9]/g, function (c) { return d[+c]; }); }
  function decade(v) { var e = Math.log10(v), r = Math.round(e); return Math.abs(e - r) < 1e-6 ? "10" + sup(r) : ""; }
  function dress() { // tooltips with units, 10ⁿ labels on log axes
    if (!meta) return;
    ["xAxis", "yAxis"].forEach(function (k) {
      [].concat(option[k] || []).forEach(function (a) {
        if (a.type === "log") { a.axisLabel = a.axisLabel || {}; a.axisLabel.formatter = decade; }
      });
    });
    var tt = option.tooltip = option.tooltip || {};
    if (meta.kind === "heatmap") tt.formatter = function (p) {
      var d = p.data || p.value;
      return meta.rows[d[1]] + " ← " + meta.cols[d[0]] + " = " + num(d[2]) + (meta.vunit ? " (" + meta.vunit + ")" : "") +
        "<br><span style='color:#888'>" + (meta.y || "row") + " ← " + (meta.x || "column") + "</span>";
    };
    else if (meta.kind === "lines") tt.formatter = function (ps) {
      ps = [].concat(ps);
      if (!ps.length) return "";
      var h = meta.x + " = " + num(ps[0].value[0]) + unit(meta.xunit);
      ps.forEach(function (p) { if (p.value[1] != null) h += "<br>" + p.marker + (p.seriesName || meta.y) + " = " + num(p.value[1]) + unit(meta.yunit); });
      return h;
    };
    else tt.formatter = function (p) {
      return p.marker + (p.seriesName || "") + "<br>" + meta.x + " = " + num(p.value[0]) + unit(meta.xunit) +
        "<br>" + meta.y + " = " + num(p.value[1]) + unit(meta.yunit);
    };
  }
  function draw(echarts) {
    var el = document.getElementById(id);
    if (!el || el.getAttribute("data-ngnmm-drawn")) return;
    el.innerHTML = ""; // the static fallback image
    dress();
    var chart = echarts.init(el, null, {renderer: "canvas"});
    chart.setOption(option);
    el.setAttribute("data-ngnmm-drawn", "1");
    if (window.ResizeObserver) new ResizeObserver(function () { chart.resize(); }).observe(el);
  }
  function fail(err) {
    var el = document.getElementById(id);
    if (el) el.insertAdjacentHTML("afterbegin", "<pre style='color:#a00;white-space:pre-wrap'>echarts.min.js could not be loaded from " + base +
      " (" + err + "); showing the static figure. Set NGNMM_ECHARTS_ASSETS to a folder with echarts.min.js and re-run the cell.</pre>");
  }
  if (window.echarts && window.echarts.init) { draw(window.echarts); return; }
  if (typeof window.requirejs === "function" && typeof window.define === "function" && window.define.amd) {
    // Classic Notebook: the UMD bundle registers as an AMD module, so load it through RequireJS.
    var mod = "ngnmm-echarts-" + base.replace(/[^A-Za-z0-9]/g, "_"), paths = {};
    paths[mod] = base + "echarts.min";
    window.requirejs.config({paths: paths});
    window.requirejs([mod], draw, fail);
    return;
  }
  // JupyterLab, Notebook 7, exported HTML: one plain <script> per asset folder, shared by all charts.
  var loads = window.__ngnmmEcharts = window.__ngnmmEcharts || {};
  if (!loads[base]) loads[base] = new Promise(function (ok, ko) {
    var s = document.createElement("script");
    s.src = base + "echarts.min.js";
    s.onload = function () { ok(window.echarts); };
    s.onerror = function () { ko("network error"); };
    document.head.appendChild(s);
  });
  loads[base].then(draw, fail);
})();
</script>`, id, html.EscapeString(strings.Join(colors, ",")), grid, minPixels, width, height, fallback, idJS, host, option, meta)
}

// tooltipTrigger: curves against x show all series at the hovered x.
func (f *Figure) tooltipTrigger() string {
	if f.Kind == KindLines {
		return "axis"
	}
	return "item"
}

// margins of the plot area in px: left, right, top, bottom.
type margins [4]int

var (
	lineGrid        = margins{70, 40, 60, 80}  // room for the title, legend and zoom slider
	heatGridMargins = margins{10, 120, 56, 34} // room for the colour scale; labels inside (containLabel)
)

func (m margins) opts() opts.Grid {
	return opts.Grid{Left: strconv.Itoa(m[0]), Right: strconv.Itoa(m[1]), Top: strconv.Itoa(m[2]), Bottom: strconv.Itoa(m[3])}
}

// heatGridOpts: the labels are inside the grid (containLabel), so long
// region names are never cut or overprinted by the axis names.
func heatGridOpts() opts.Grid {
	g := heatGridMargins.opts()
	g.ContainLabel = opts.Bool(true)
	return g
}

func (m margins) String() string { return fmt.Sprintf("%d,%d,%d,%d", m[0], m[1], m[2], m[3]) }
