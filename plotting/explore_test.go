package plotting

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// sine draws y = a sin(x) + b and captions the peak value a + b, computed
// from the slider values.
func sine(v []float64) ([]*Figure, string, error) {
	x := make([]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		x[i] = float64(i) / 8
		y[i] = v[0]*float64(i%7)/6 + v[1]
	}
	return []*Figure{Lines("explore test", Axis{Label: "x"}, Axis{Label: "y"}, Series{Name: "y", X: x, Y: y})}, fmt.Sprintf("peak %g", v[0]+v[1]), nil
}

var testSliders = []Slider{{Label: "a", Min: 0, Max: 2, Step: 0.5, Value: 1.1}, {Label: "b", Unit: "mV", Min: -1, Max: 1, Step: 0.25, Value: 0}}

// order is the sequence of outputs ("update", "display") and flushes
// ("flush") of the last hooked Explore.
var order []string

// endsFlushed reports whether the outputs end with a flush right after the
// last output (a cell's program exits after Explore returns, and GoNB drops
// whatever of the last message it has not read by then).
func endsFlushed() bool {
	n := len(order)
	return n >= 2 && order[n-1] == "flush" && order[n-2] != "flush"
}

func hookExplore(t *testing.T, live bool, moves []move) (updates, shown *[]string) {
	t.Helper()
	u, s := []string{}, []string{}
	oldU, oldD, oldC, oldL, oldF := updateHTML, displayHTML, exploreConnect, exploreLive, flushOutput
	t.Cleanup(func() {
		updateHTML, displayHTML, exploreConnect, exploreLive, flushOutput = oldU, oldD, oldC, oldL, oldF
	})
	order = nil
	updateHTML = func(id, h string) { u = append(u, h); order = append(order, "update") }
	displayHTML = func(h string) { s = append(s, h); order = append(order, "display") }
	flushOutput = func() { order = append(order, "flush") }
	exploreLive = func() bool { return live }
	exploreConnect = func(sl []Slider, n, pos []int, wait time.Duration) (<-chan move, func()) {
		if n[0] != 4 || n[1] != 8 || pos[0] != 2 || pos[1] != 4 {
			t.Errorf("steps %v, start positions %v; want [4 8], [2 4]", n, pos)
		}
		c := make(chan move, len(moves))
		for _, m := range moves {
			c <- m
		}
		return c, func() {}
	}
	return &u, &s
}

// TestExploreRedraws: every slider move recomputes the figure and the
// caption at the new values and redraws them in place (one update per move,
// values and caption from the parameters); Done ends with the last chart
// and its static image, in place.
func TestExploreRedraws(t *testing.T) {
	u, s := hookExplore(t, true, []move{{slider: 0, pos: 4}, {slider: 1, pos: 0}, {done: true}})
	if err := Explore(testSliders, sine); err != nil {
		t.Fatal(err)
	}
	// start (a = 1, b = 0), after move 1 (a = 2), after move 2 (b = -1), then the last chart with its image
	want := []struct{ vals, caption string }{{"1,0", "peak 1"}, {"2,0", "peak 2"}, {"2,-1", "peak 1"}}
	if len(*u) != len(want)+1 || len(*s) != 0 {
		t.Fatalf("%d updates and %d displays, want %d redraws and the final chart in place", len(*u), len(*s), len(want)+1)
	}
	for i, w := range want {
		h := (*u)[i]
		if !strings.Contains(h, `data-ngnmm-values="`+w.vals+`"`) || !strings.Contains(h, w.caption) || !strings.Contains(h, "ngnmm-echarts") {
			t.Errorf("update %d: want values %s and caption %q in a chart", i, w.vals, w.caption)
		}
		if strings.Contains(h, "ngnmm-fallback") {
			t.Errorf("update %d: live redraws carry no PNG", i)
		}
	}
	if (*u)[0] == (*u)[1] {
		t.Error("a slider move did not change the chart")
	}
	if !endsFlushed() {
		t.Errorf("outputs %v: the final chart is not flushed before Explore returns", order)
	}
	fin := (*u)[len(want)]
	if !strings.Contains(fin, `data-ngnmm-values="2,-1"`) || !strings.Contains(fin, "ngnmm-fallback") || !strings.Contains(fin, "b = -1 mV") {
		t.Errorf("final chart: want the last values with the static image and 'b = -1 mV'")
	}
}

// TestExploreHeadless: without a front end, the chart at the start values
// (rounded to the steps) with its image; no updates.
func TestExploreHeadless(t *testing.T) {
	u, s := hookExplore(t, false, nil)
	if err := Explore(testSliders, sine); err != nil {
		t.Fatal(err)
	}
	if len(*u) != 0 || len(*s) != 1 || !strings.Contains((*s)[0], `data-ngnmm-values="1,0"`) || !strings.Contains((*s)[0], "ngnmm-fallback") {
		t.Errorf("headless: %d updates, %d displays; want 0 and 1 with values 1,0 and an image", len(*u), len(*s))
	}
	if !endsFlushed() {
		t.Errorf("headless: outputs %v: the chart is not flushed before Explore returns", order)
	}
}

func TestExploreBadSliders(t *testing.T) {
	hookExplore(t, false, nil)
	for _, sl := range [][]Slider{nil, {{Label: "x", Min: 1, Max: 0, Step: 1}}, {{Label: "x", Min: 0, Max: 1, Step: 0}}, {{Label: "x", Min: 0, Max: 1e9, Step: 1}}} {
		if err := Explore(sl, sine); err == nil {
			t.Errorf("%v: no error", sl)
		}
	}
}
