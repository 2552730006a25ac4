package plotting

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
)

// Output hooks (replaced in tests). Outside a GoNB kernel gonbui's functions
// do nothing.
var (
	displayHTML = gonbui.DisplayHTML
	displayPNG  = gonbui.DisplayPNG
	updateHTML  = gonbui.UpdateHTML
)

// Display shows the figure as an interactive echarts chart in the notebook
// (hover for values; time series zoom with the slider under the x axis).
// It returns the figure's error, if any, after showing it in the cell (where
// the notebook runner of `make test` sees it and fails the cell).
func (f *Figure) Display() error {
	h, err := f.HTML()
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	displayHTML(h)
	return nil
}

// DisplayEcharts shows a chart built directly with go-echarts (see
// EchartsChart), width×height pixels, with the same robust loader as
// Figure.Display. Never embed go-echarts' RenderContent() in a notebook.
func DisplayEcharts(c EchartsChart, width, height int) error {
	h, err := EchartsHTML(c, width, height)
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	displayHTML(h)
	return nil
}

// DisplayPNG shows the static (gonum/plot) figure inline as a PNG image.
func (f *Figure) DisplayPNG() error {
	b, err := f.PNG()
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	displayPNG(b)
	return nil
}

// DisplaySVG shows the static figure inline as SVG (inside an HTML <div>,
// which survives HTML export; untrusted notebooks strip it, PNG always shows).
func (f *Figure) DisplaySVG() error {
	b, err := f.SVG()
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	displayHTML("<div>" + string(stripXMLHeader(b)) + "</div>")
	return nil
}

func stripXMLHeader(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}

// errorHTML shows an error in the cell. Its class "ngnmm-error" makes the
// notebook runner (scripts/nbcheck.py) fail the cell, so a figure that could
// not be drawn never passes CI even if the cell ignores the returned error.
func errorHTML(err error) string {
	return fmt.Sprintf(`<pre class="ngnmm-error" style="color:#a00">%s</pre>`, htmlEscape(err.Error()))
}

// SavePNG writes the static figure as a PNG file, creating its directory.
func (f *Figure) SavePNG(path string) error { return f.save(path, "png") }

// SaveSVG writes the static figure as an SVG file, creating its directory.
func (f *Figure) SaveSVG(path string) error { return f.save(path, "svg") }

func (f *Figure) save(path, format string) error {
	var buf bytes.Buffer
	if err := f.WriteTo(&buf, format); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("plotting: %w", err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}
