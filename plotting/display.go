package plotting

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// Output hooks (replaced in tests). Outside a GoNB kernel gonbui's functions
// do nothing.
var (
	displayHTML = gonbui.DisplayHTML
	displayPNG  = gonbui.DisplayPNG
	updateHTML  = gonbui.UpdateHTML
	// flushOutput returns when the kernel has taken every output sent so
	// far (gonbui.Sync: a sync request answered after the earlier messages
	// on the pipe were read and published). GoNB closes its end of the pipe
	// when the cell's program exits, so the tail of a large last message
	// (a chart with its PNG is > 64 KiB, the pipe's buffer) is lost unless
	// the program waits for this before it ends.
	flushOutput = gonbui.Sync
	displayBoth = func(html string, png []byte) {
		if !gonbui.IsNotebook {
			return
		}
		gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML: html, protocol.MIMEImagePNG: png}})
	}
)

// Display shows the figure as an interactive echarts chart in the notebook:
// hover for values with units; the toolbox saves a PNG, zooms in x and y,
// restores and shows the data; time series zoom with the slider under the x
// axis, phase portraits and scatter plots with the mouse wheel.
//
// The same output also carries the static figure as a PNG (as image/png and
// inside the chart's HTML), so untrusted notebooks, GitHub and nbviewer show
// the image where the interactive chart cannot run.
//
// It returns the figure's error, if any, after showing it in the cell (where
// the notebook runner of `make test` sees it and fails the cell).
func (f *Figure) Display() error {
	png, err := f.screenPNG()
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	h, err := f.html(png)
	if err != nil {
		displayHTML(errorHTML(err))
		return err
	}
	displayBoth(h, png)
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

// DisplayPNG shows the static (gonum/plot) figure inline as a PNG image
// (at most ScreenDPI).
func (f *Figure) DisplayPNG() error {
	b, err := f.screenPNG()
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

// Save writes the figure for publication: path.png (PrintDPI), path.svg and
// path.pdf, creating the directory. An extension .png, .svg or .pdf on path
// is replaced, so Save("figures/a") and Save("figures/a.png") are the same.
// Each file is written atomically (a temporary file renamed into place).
func (f *Figure) Save(path string) error {
	base := path
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".svg", ".pdf":
		base = strings.TrimSuffix(path, filepath.Ext(path))
	}
	for _, format := range []string{"png", "svg", "pdf"} {
		if err := f.save(base+"."+format, format); err != nil {
			return err
		}
	}
	return nil
}

// SavePNG writes the static figure as a PNG file (PrintDPI unless DPI is
// set), creating its directory. While SaveVector is true (the default) it
// also writes the SVG and PDF next to it (path with .svg and .pdf), as Save
// does, so that every saved figure exists in print and vector form.
func (f *Figure) SavePNG(path string) error {
	if SaveVector && strings.EqualFold(filepath.Ext(path), ".png") {
		return f.Save(path)
	}
	return f.save(path, "png")
}

// SaveVector makes SavePNG also write the SVG and PDF of the figure.
var SaveVector = true

// SaveSVG writes the static figure as an SVG file, creating its directory.
func (f *Figure) SaveSVG(path string) error { return f.save(path, "svg") }

// SavePDF writes the static figure as a PDF file, creating its directory.
func (f *Figure) SavePDF(path string) error { return f.save(path, "pdf") }

func (f *Figure) save(path, format string) error {
	var buf bytes.Buffer
	if err := f.WriteTo(&buf, format); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// writeAtomic writes b to path through a temporary file in the same
// directory, creating the directory.
func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("plotting: writing %s: %w", path, werr)
	}
	return nil
}
