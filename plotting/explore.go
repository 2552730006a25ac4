package plotting

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Slider is one control of an Explore cell: a parameter that runs from Min
// to Max in steps of Step, starting at Value.
type Slider struct {
	Label string  // shown next to the slider, e.g. "η̄"
	Unit  string  // unit shown after the value ("" for none)
	Min   float64 // lowest value
	Max   float64 // highest value
	Step  float64 // spacing of the values (> 0)
	Value float64 // start value (rounded to the nearest step)
}

// steps is the number of intervals of s (at most 10 000).
func (s Slider) steps() (int, error) {
	if !(s.Step > 0) || !(s.Max > s.Min) || math.IsInf(s.Max-s.Min, 0) {
		return 0, fmt.Errorf("plotting: slider %q: need Min < Max and Step > 0 (got %g, %g, %g)", s.Label, s.Min, s.Max, s.Step)
	}
	n := int(math.Round((s.Max - s.Min) / s.Step))
	if n < 1 || n > 10000 {
		return 0, fmt.Errorf("plotting: slider %q: %d steps (1 to 10 000 allowed)", s.Label, n)
	}
	return n, nil
}

// at is the value of position k.
func (s Slider) at(k int) float64 { return s.Min + float64(k)*s.Step }

// pos is the position nearest to v, clamped to the range.
func (s Slider) pos(v float64, n int) int {
	k := int(math.Round((v - s.Min) / s.Step))
	return min(max(k, 0), n)
}

// text is "label = value unit".
func (s Slider) text(v float64) string {
	t := s.Label + " = " + strconv.FormatFloat(v, 'g', 6, 64)
	if s.Unit != "" {
		t += " " + s.Unit
	}
	return t
}

// ExploreFunc computes the figures for the sliders' values (in the order of
// the sliders) and a caption: the "expected" numbers computed from the same
// values, shown under the charts.
type ExploreFunc func(values []float64) (figs []*Figure, caption string, err error)

// ExploreIdleEnv names the environment variable with the number of seconds
// an Explore cell waits for a slider move before it ends by itself
// (default 600).
const ExploreIdleEnv = "NGNMM_EXPLORE_IDLE"

// Hooks of Explore (replaced in tests).
var (
	exploreConnect = connectSliders
	exploreWait    = 6 * time.Second // how long Explore waits for a live front end
	exploreLive    = func() bool { return gonbui.IsNotebook }
)

// Explore is an "explore" cell: it shows one GoNB slider per entry of
// sliders, draws the figures of draw(values) and, each time a slider moves,
// recomputes and redraws the charts and the caption in place. The cell keeps running until
// its "Done" button is pressed or no slider has moved for NGNMM_EXPLORE_IDLE
// seconds (default 600); then the sliders go and the last chart stays, with
// its static image, as from Figure.Display.
//
// Sliders need a live notebook: in a headless run (nbconvert, CI) no front
// end answers within a few seconds, and Explore shows the chart at the start
// values only. The chart container (<div class="ngnmm-explore">) carries
// data-ngnmm-values with the values drawn, which the browser check reads.
func Explore(sliders []Slider, draw ExploreFunc) error {
	if len(sliders) == 0 || len(sliders) > 8 {
		return fmt.Errorf("plotting: Explore needs 1 to 8 sliders, got %d", len(sliders))
	}
	n := make([]int, len(sliders))
	pos := make([]int, len(sliders))
	values := make([]float64, len(sliders))
	for i, s := range sliders {
		var err error
		if n[i], err = s.steps(); err != nil {
			return err
		}
		pos[i] = s.pos(s.Value, n[i])
		values[i] = s.at(pos[i])
	}
	var moves <-chan move
	var stop func()
	if exploreLive() && os.Getenv(ExploreIdleEnv) != "0" {
		moves, stop = exploreConnect(sliders, n, pos, exploreWait)
	}
	if moves == nil { // headless: the chart at the start values
		return showFinal(sliders, values, draw)
	}
	chartID := "ngnmm-explore-" + gonbui.UniqueId()
	redraw := func() {
		h, err := exploreHTML(sliders, values, draw, false)
		if err != nil {
			h = errorHTML(err)
		}
		updateHTML(chartID, h)
	}
	redraw()
	idle := exploreIdle()
	timer := time.NewTimer(idle)
	defer timer.Stop()
loop:
	for {
		select {
		case m, ok := <-moves:
			if !ok || m.done {
				break loop
			}
			values[m.slider] = sliders[m.slider].at(m.pos)
			redraw()
			timer.Reset(idle)
		case <-timer.C:
			break loop
		}
	}
	stop()
	// the last chart, now with its static image, in place of the live one;
	// the cell ends right after, so wait until the kernel has it
	h, err := exploreHTML(sliders, values, draw, true)
	if err != nil {
		h = errorHTML(err)
	}
	updateHTML(chartID, h)
	flushOutput()
	return err
}

// exploreIdle is NGNMM_EXPLORE_IDLE as a duration (default 600 s).
func exploreIdle() time.Duration {
	if s, err := strconv.ParseFloat(os.Getenv(ExploreIdleEnv), 64); err == nil && s > 0 && s < 1e6 {
		return time.Duration(s * float64(time.Second))
	}
	return 600 * time.Second
}

// showFinal displays the chart at values with its static image, and the caption.
func showFinal(sliders []Slider, values []float64, draw ExploreFunc) error {
	h, err := exploreHTML(sliders, values, draw, true)
	if err != nil {
		displayHTML(errorHTML(err))
		flushOutput()
		return err
	}
	displayHTML(h)
	flushOutput()
	return nil
}

// exploreHTML is the container with the chart for values (with its static
// PNG when png is set) and the caption.
func exploreHTML(sliders []Slider, values []float64, draw ExploreFunc, png bool) (string, error) {
	figs, caption, err := draw(append([]float64(nil), values...))
	if err != nil {
		return "", err
	}
	if len(figs) == 0 || len(figs) > 8 {
		return "", fmt.Errorf("plotting: Explore: draw returned %d figures (1 to 8 allowed)", len(figs))
	}
	chart := ""
	for _, fig := range figs {
		if fig == nil {
			return "", fmt.Errorf("plotting: Explore: draw returned a nil figure")
		}
		var img []byte
		if png {
			if img, err = fig.screenPNG(); err != nil {
				return "", err
			}
		}
		h, err := fig.html(img)
		if err != nil {
			return "", err
		}
		chart += h
	}
	var set, vals []string
	for i, s := range sliders {
		set = append(set, s.text(values[i]))
		vals = append(vals, strconv.FormatFloat(values[i], 'g', 10, 64))
	}
	return fmt.Sprintf(`<div class="ngnmm-explore" data-ngnmm-values="%s">%s<pre class="ngnmm-explore-caption">%s</pre></div>`,
		strings.Join(vals, ","), chart, htmlEscape(strings.Join(set, ", ")+"\n"+caption)), nil
}

// move is one slider event: slider i at position pos, or done.
type move struct {
	slider, pos int
	done        bool
}

// connectSliders shows the GoNB sliders, their value labels and a Done
// button in a transient <div> and returns their events, or nil when no
// front end answered within wait (headless run). stop removes the controls.
func connectSliders(sliders []Slider, n, pos []int, wait time.Duration) (<-chan move, func()) {
	div := dom.CreateTransientDiv()
	ready := make(chan []*widgets.SliderBuilder, 1)
	labels := make([]string, len(sliders))
	go func() {
		var ws []*widgets.SliderBuilder
		for i, s := range sliders {
			labels[i] = "ngnmm-explore-label-" + gonbui.UniqueId()
			dom.Append(div, fmt.Sprintf(`<div class="ngnmm-explore-slider" style="font-family:monospace">%s: `, htmlEscape(s.Label)))
			ws = append(ws, widgets.Slider(0, n[i], pos[i]).AppendTo(div).Done())
			dom.Append(div, fmt.Sprintf(`<span id="%s">%s</span></div>`, labels[i], htmlEscape(s.text(s.at(pos[i])))))
		}
		ready <- ws
	}()
	var ws []*widgets.SliderBuilder
	select {
	case ws = <-ready:
	case <-time.After(wait):
		return nil, nil
	}
	button := widgets.Button("Done").AppendTo(div).Done()
	out := make(chan move, 16)
	quit := make(chan struct{})
	for i, w := range ws {
		c := w.Listen().LatestOnly()
		go func() {
			for {
				select {
				case k, ok := <-c.C:
					if !ok {
						return
					}
					k = min(max(k, 0), n[i])
					dom.SetInnerText(labels[i], sliders[i].text(sliders[i].at(k)))
					select {
					case out <- move{slider: i, pos: k}:
					case <-quit:
						return
					}
				case <-quit:
					c.Close()
					return
				}
			}
		}()
	}
	clicks := button.Listen()
	go func() {
		select {
		case <-clicks.C:
			select {
			case out <- move{done: true}:
			case <-quit:
			}
		case <-quit:
		}
		clicks.Close()
	}()
	return out, func() {
		close(quit)
		dom.SetInnerHtml(div, "")
		gonbui.Sync()
	}
}
