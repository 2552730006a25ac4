package plotting

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// Progress is a progress bar in a notebook cell, updated in place. Its
// Report method has the signature of progress.Func, so it can be passed to
// any long-running library function:
//
//	bar := plotting.NewProgress("sweep")
//	res, err := sweep.Run(ctx, grid, bar.Report) // or &ode.Settings{Progress: bar.Report}
//	bar.Done()
//
// Updates are throttled (at most one every Interval, plus the first and the
// final one), so reporting after every step is cheap. In a notebook the bar
// is also redrawn every second until Done (elapsed time and estimate keep
// moving during long jobs that report rarely). Report is safe for
// concurrent use. Outside a notebook nothing is displayed.
type Progress struct {
	Label    string
	Interval time.Duration // minimum time between updates (default 250 ms)

	mu          sync.Mutex
	id          string
	start, last time.Time
	done, total float64
	updates     int
	finished    bool
	now         func() time.Time // clock (tests)
}

// NewProgress shows an empty progress bar with the given label and returns it.
func NewProgress(label string) *Progress {
	p := &Progress{Label: label, Interval: 250 * time.Millisecond, id: "ngnmm-progress-" + gonbui.UniqueId(), now: time.Now}
	p.start = p.now()
	p.show()
	if gonbui.IsNotebook {
		go p.heartbeat(time.Second)
	}
	return p
}

// heartbeat redraws the bar every period until Done, so that its elapsed
// time and estimate move at least once a second even while a long job
// reports nothing.
func (p *Progress) heartbeat(period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for range t.C {
		p.mu.Lock()
		if p.finished {
			p.mu.Unlock()
			return
		}
		if p.now().Sub(p.last) >= period {
			p.last = p.now()
			p.show()
		}
		p.mu.Unlock()
	}
}

// Func returns p.Report as a progress.Func.
func (p *Progress) Func() progress.Func { return p.Report }

// Report records that done out of total units of work are finished and
// updates the bar if Interval has passed since the last update or the work
// is complete.
func (p *Progress) Report(done, total float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.done, p.total = done, total
	now := p.now()
	if now.Sub(p.last) < p.Interval && !(total > 0 && done >= total) {
		return
	}
	p.last = now
	p.show()
}

// Done marks the bar as finished (100 % if a total was reported) and shows
// the elapsed time. Later reports are ignored.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	if p.total > 0 {
		p.done = p.total
	}
	p.show()
}

// Updates returns how many times the bar was (re)drawn.
func (p *Progress) Updates() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.updates
}

// show draws the bar; p.mu is held (or p is not shared yet).
func (p *Progress) show() {
	p.updates++
	updateHTML(p.id, p.html())
}

func (p *Progress) html() string {
	frac := 0.0
	if p.total > 0 {
		frac = math.Min(1, math.Max(0, p.done/p.total))
	}
	elapsed := p.now().Sub(p.start)
	status := fmt.Sprintf("%.0f %% · %s", 100*frac, roundDur(elapsed))
	switch {
	case p.finished:
		status = fmt.Sprintf("done in %s", roundDur(elapsed))
	case frac > 0 && frac < 1:
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		status += fmt.Sprintf(" · about %s left", roundDur(left))
	}
	return fmt.Sprintf(`<div class="ngnmm-progress" style="font-family:monospace"><progress value="%.4f" max="1" style="width:300px;vertical-align:middle"></progress> %s: %s</div>`,
		frac, htmlEscape(p.Label), status)
}

func roundDur(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
