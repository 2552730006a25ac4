package network

import (
	"fmt"
	"math"
	"sync"
)

// Block sizes of the delayed-input gather (steps per block).
const (
	maxBlock = 64 // longest block: its sums (maxBlock values per node) stay in L1/L2
	minBlock = 16 // shortest block worth the split into far and near entries
)

// delayLine is the conduction-delay state of a network on the step grid of
// a run with step dt.
//
// The history is a node-major ring buffer of the coupling variable:
// ring[j·R + slot] with L = slots = longest delay + 1 slots per node, and a
// row stride R = L + B − 1 whose last B − 1 values mirror the first ones, so
// that B consecutive slots from any slot are contiguous in memory.
//
// A connection with a delay of d ≥ B − 1 steps (a far entry) reaches the
// next B steps only through values already in the history (x(s + b − d),
// b < B, is at or before the current step s), so its contributions to the
// next B steps are gathered at once, at the start of every block of B steps:
// each far entry reads B contiguous values of its source's row (a stream the
// hardware prefetches, instead of one cache line per entry per step). The
// sums of the block, acc[i·B + b] (in the CSR order of the entries of row
// i, as the per-step sum), give the delayed input of step b of the block.
// Entries with shorter delays (near entries) are added every step. With no
// near entries the result is bit-identical to a per-step gather.
type delayLine struct {
	dt     float64
	ring   []float64
	slots  int // L
	stride int // R = L + B − 1
	blk    int // B
	pos    int // step within the current block (0: gather a new block)
	head   int // slot of the current time

	far, near entries
	acc       []float64 // far sums of the block: acc[i·B + b]
	cd        []float64 // delayed input (G-scaled) for the current step
	chunks    []int     // row boundaries of the parallel gather (len workers+1)
	start     []chan struct{}
	wg        sync.WaitGroup
}

// entries are CSR entries of the delayed coupling in the ring's layout.
type entries struct {
	off []int32 // j·R − d (d = delay in steps)
	jr  []int32 // j·R
	w   []float64
	ptr []int32 // row pointers (len N+1)
}

func (e *entries) add(jr, d int, w float64) {
	e.off = append(e.off, int32(jr-d))
	e.jr = append(e.jr, int32(jr))
	e.w = append(e.w, w)
}

// delays returns the delay line of the network for steps dt, building it
// if the network has none for this dt. Delays are rounded to whole steps.
func (net *Network) delays(dt float64) (*delayLine, error) {
	if net.dl != nil && net.dl.dt == dt {
		return net.dl, nil
	}
	net.Close()
	n := net.n
	s := &delayLine{dt: dt}
	maxD, minD := 0, math.MaxInt
	steps := make([]int, 0, len(net.val))
	for i := 0; i < n; i++ {
		for k := net.rowPtr[i]; k < net.rowPtr[i+1]; k++ {
			j := int(net.colIdx[k])
			dd := int(math.Round(net.lengths.At(i, j) / net.speed / dt))
			maxD = max(maxD, dd)
			minD = min(minD, dd)
			steps = append(steps, dd)
		}
	}
	s.slots = maxD + 1
	// block size: the shortest delay + 1 if no entry is then near, else
	// maxBlock with near entries if most entries are far, else 1 (a
	// per-step gather).
	s.blk = 1
	if len(steps) > 0 {
		if minD+1 >= minBlock {
			s.blk = min(maxBlock, minD+1)
		} else {
			nFar := 0
			for _, d := range steps {
				if d >= maxBlock-1 {
					nFar++
				}
			}
			if 2*nFar >= len(steps) {
				s.blk = maxBlock
			}
		}
	}
	s.stride = s.slots + s.blk - 1
	if s.stride*n > maxHistory {
		return nil, fmt.Errorf("network: delay history of %d steps × %d nodes is too large (longest delay %g); use a larger Dt or Speed", s.slots, n, float64(maxD)*dt)
	}
	if s.stride*n > math.MaxInt32/2 {
		return nil, fmt.Errorf("network: delay history too large")
	}
	s.far.ptr = make([]int32, n+1)
	s.near.ptr = make([]int32, n+1)
	for i := 0; i < n; i++ {
		for k := net.rowPtr[i]; k < net.rowPtr[i+1]; k++ {
			jr := int(net.colIdx[k]) * s.stride
			if steps[k] >= s.blk-1 {
				s.far.add(jr, steps[k], net.g*net.val[k])
			} else {
				s.near.add(jr, steps[k], net.g*net.val[k])
			}
		}
		s.far.ptr[i+1] = int32(len(s.far.w))
		s.near.ptr[i+1] = int32(len(s.near.w))
	}
	s.ring = make([]float64, s.stride*n)
	s.acc = make([]float64, s.blk*n)
	s.cd = make([]float64, n)
	// balance the rows of the gather by their number of entries
	w := min(net.workers, n)
	s.chunks = []int{0}
	total := len(steps)
	for i := 1; i <= n && len(s.chunks) < w; i++ {
		if int(net.rowPtr[i])*w >= len(s.chunks)*total {
			s.chunks = append(s.chunks, i)
		}
	}
	s.chunks = append(s.chunks, n)
	net.dl = s
	return s, nil
}

// OnGrid implements ode.Stepwise: a network with delays runs on the step
// grid of a fixed-step stepper.
func (net *Network) OnGrid() bool { return net.lengths != nil }

// StartRun implements ode.Stepwise: a run from (t0, y0) with steps dt
// starts from a constant history equal to y0 (delays rounded to whole
// steps of dt). Without delays it does nothing.
func (net *Network) StartRun(t0 float64, y0 []float64, dt float64) error {
	net.inStep = false
	if net.lengths == nil {
		return nil
	}
	if len(y0) != net.Dim() {
		return fmt.Errorf("network: len(y0) = %d, want %d (nodes × node dimension)", len(y0), net.Dim())
	}
	s, err := net.delays(dt)
	if err != nil {
		return err
	}
	n, dim, cv, r := net.n, net.dim, net.cv, s.stride
	for j := 0; j < n; j++ {
		h := s.ring[j*r : (j+1)*r]
		for k := range h {
			h[k] = y0[j*dim+cv]
		}
	}
	s.head, s.pos = 0, 0
	return nil
}

// BeginStep implements ode.Stepwise: it gathers the delayed inputs of the
// step from the history (over Config.Workers goroutines if set); Deriv uses
// them until EndStep.
func (net *Network) BeginStep(t float64, y []float64) {
	if net.dl == nil {
		return
	}
	net.dl.delayedInput()
	net.inStep = true
}

// EndStep implements ode.Stepwise: it appends the coupling variables of the
// new state y to the history.
func (net *Network) EndStep(t float64, y []float64) {
	net.inStep = false
	s := net.dl
	if s == nil {
		return
	}
	n, dim, cv, l, r := net.n, net.dim, net.cv, s.slots, s.stride
	s.head++
	if s.head == l {
		s.head = 0
	}
	h := s.head
	ring := s.ring
	if h < s.blk-1 { // also the mirror slot h + L
		for j := 0; j < n; j++ {
			x := y[j*dim+cv]
			ring[j*r+h] = x
			ring[j*r+h+l] = x
		}
		return
	}
	for j := 0; j < n; j++ {
		ring[j*r+h] = y[j*dim+cv]
	}
}

// Close stops the worker goroutines of a parallel delayed-input gather
// (Config.Workers > 1); [Simulate] calls it at the end of a run. A closed
// network can still run (the goroutines restart).
func (net *Network) Close() {
	if net.dl == nil {
		return
	}
	for _, ch := range net.dl.start {
		close(ch)
	}
	net.dl.start = nil
}

// delayedInput fills s.cd from the history at the current step, over the
// workers' goroutines if there are several chunks.
func (s *delayLine) delayedInput() {
	k := len(s.chunks) - 1
	if k <= 1 {
		s.gather(0, len(s.cd))
	} else {
		if s.start == nil {
			s.start = make([]chan struct{}, k-1)
			for c := range s.start {
				ch := make(chan struct{})
				s.start[c] = ch
				lo, hi := s.chunks[c], s.chunks[c+1]
				go func() {
					for range ch {
						s.gather(lo, hi)
						s.wg.Done()
					}
				}()
			}
		}
		s.wg.Add(k - 1)
		for _, ch := range s.start {
			ch <- struct{}{}
		}
		s.gather(s.chunks[k-1], s.chunks[k])
		s.wg.Wait()
	}
	s.pos++
	if s.pos == s.blk {
		s.pos = 0
	}
}

// gather computes the delayed inputs of rows [lo, hi) for the current step:
// at the start of a block the far sums of the block's steps, then the near
// entries of the step.
func (s *delayLine) gather(lo, hi int) {
	head, l, b := int32(s.head), int32(s.slots), s.blk
	ring, acc, cd, pos := s.ring, s.acc, s.cd, s.pos
	if pos == 0 {
		off, jr, w, ptr := s.far.off, s.far.jr, s.far.w, s.far.ptr
		off = off[:len(w)]
		jr = jr[:len(w)]
		for i := lo; i < hi; i++ {
			a := acc[i*b : i*b+b : i*b+b]
			clear(a)
			// four entries at a time: one load and store of a[m] per
			// four products, added in CSR order (the same rounding as
			// one entry at a time)
			k, end := ptr[i], ptr[i+1]
			for ; k+4 <= end; k += 4 {
				x0 := s.block(off[k]+head, jr[k])
				x1 := s.block(off[k+1]+head, jr[k+1])
				x2 := s.block(off[k+2]+head, jr[k+2])
				x3 := s.block(off[k+3]+head, jr[k+3])
				w0, w1, w2, w3 := w[k], w[k+1], w[k+2], w[k+3]
				x0, x1, x2, x3 = x0[:len(a)], x1[:len(a)], x2[:len(a)], x3[:len(a)]
				for m := range a {
					a[m] = a[m] + w0*x0[m] + w1*x1[m] + w2*x2[m] + w3*x3[m]
				}
			}
			for ; k < end; k++ {
				x := s.block(off[k]+head, jr[k])[:len(a)]
				wk := w[k]
				for m := range a {
					a[m] += wk * x[m]
				}
			}
		}
	}
	off, jr, w, ptr := s.near.off, s.near.jr, s.near.w, s.near.ptr
	off = off[:len(w)]
	jr = jr[:len(w)]
	for i := lo; i < hi; i++ {
		sum := acc[i*b+pos]
		for k := ptr[i]; k < ptr[i+1]; k++ {
			idx := off[k] + head
			idx += l & ((idx - jr[k]) >> 31)
			sum += w[k] * ring[idx]
		}
		cd[i] = sum
	}
}

// block returns the B history values of a far entry from position p = j·R −
// d + head (wrapped by + L when it falls before its row j·R).
func (s *delayLine) block(p, jr int32) []float64 {
	p += int32(s.slots) & ((p - jr) >> 31)
	return s.ring[p : int(p)+s.blk : int(p)+s.blk]
}
