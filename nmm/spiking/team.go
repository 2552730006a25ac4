package spiking

import (
	"runtime"
	"sync/atomic"
)

// minChunk is the smallest number of neurons given to one worker when the
// worker count is chosen automatically (Options.Workers = 0): below it the
// per-step hand-off (≈ 0.1–0.5 µs) is not repaid by the split work
// (≈ 0.3–1 ns per neuron-update).
const minChunk = 4096

// autoWorkers returns the worker count used for Options.Workers = 0: one per
// usable core, but no more than one per minChunk neurons.
func autoWorkers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), runtime.NumCPU(), n/minChunk))
}

// spinLimit bounds the busy-wait of a worker (or of the caller) before it
// parks on a channel: ≈ 10–50 µs, longer than a step of a large network, so
// that on a quiet machine consecutive steps never go through the scheduler,
// and short enough not to burn a core when the caller pauses (observer,
// between Run calls).
const spinLimit = 1 << 15

// team runs one step on nw workers: the caller is worker 0, workers 1…nw−1
// are goroutines that wait for a new generation number, run their part and
// count down pending. Waiting spins first and then parks (sleeping flag +
// channel), so hand-offs cost a cache-line transfer, not a wake-up, when
// steps follow each other closely.
type team struct {
	gen     atomic.Uint64
	_       [56]byte
	pending atomic.Int32
	_       [60]byte
	args    stepArgs
	quit    bool
	wakers  []waker // index 1…nw−1 (0: the caller, waiting for pending)
}

// waker is a parked-or-not flag with its wake-up channel, padded to a cache
// line.
type waker struct {
	sleeping atomic.Int32
	ch       chan struct{}
	_        [48]byte
}

// wait spins until cond holds, then parks on k until woken and cond holds
// (a wake-up can be stale: the last worker of the previous step may wake
// the caller after the caller has already seen pending = 0 and moved on).
// Every successful CompareAndSwap(1, 0) of a waker sends exactly one token,
// and every token is received here, so the channel never holds more than one.
func (k *waker) wait(cond func() bool) {
	for i := 0; i < spinLimit; i++ {
		if cond() {
			return
		}
	}
	for {
		k.sleeping.Store(1)
		if cond() {
			if !k.sleeping.CompareAndSwap(1, 0) {
				<-k.ch // a waker saw the flag and sends
			}
			return
		}
		<-k.ch
		if cond() {
			return
		}
	}
}

// wake wakes k if it is parked (or about to park).
func (k *waker) wake() {
	if k.sleeping.CompareAndSwap(1, 0) {
		k.ch <- struct{}{}
	}
}

// startTeam launches the workers of s for the duration of one Run.
func (s *Sim) startTeam() {
	t := &team{wakers: make([]waker, s.nw)}
	for i := range t.wakers {
		t.wakers[i].ch = make(chan struct{}, 1)
	}
	s.team = t
	for w := 1; w < s.nw; w++ {
		go func(w int) {
			last := uint64(0)
			for {
				t.wakers[w].wait(func() bool { return t.gen.Load() != last })
				last = t.gen.Load()
				if t.quit {
					return
				}
				s.work(w, t.args)
				if t.pending.Add(-1) == 0 {
					t.wakers[0].wake()
				}
			}
		}(w)
	}
}

// stopTeam ends the workers.
func (s *Sim) stopTeam() {
	t := s.team
	t.quit = true
	t.gen.Add(1)
	for w := 1; w < s.nw; w++ {
		t.wakers[w].wake()
	}
	s.team = nil
}

// runTeam runs one step with arguments a on all workers and waits for them.
func (s *Sim) runTeam(a stepArgs) {
	t := s.team
	t.args = a
	t.pending.Store(int32(s.nw - 1))
	t.gen.Add(1)
	for w := 1; w < s.nw; w++ {
		t.wakers[w].wake()
	}
	s.work(0, a)
	t.wakers[0].wait(func() bool { return t.pending.Load() == 0 })
}
