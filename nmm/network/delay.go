package network

import (
	"fmt"
	"math"
	"sync"
)

// delayLine is the conduction-delay state of a network on the step grid of
// a run with step dt: a node-major ring buffer of the coupling variable
// (ring[j·L + slot], L = slots), the CSR entries with their delays in
// steps, and the delayed input cd of the current step.
type delayLine struct {
	dt     float64
	ring   []float64
	slots  int
	head   int     // slot of the current time
	entOff []int32 // per CSR entry: j·L − d (d = delay in steps)
	entJL  []int32 // per CSR entry: j·L
	entW   []float64
	entPtr []int32
	cd     []float64 // delayed input (G-scaled) for the current step
	chunks []int     // row boundaries of the parallel gather (len workers+1)
	start  []chan struct{}
	wg     sync.WaitGroup
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
	maxD := 0
	s.entPtr = make([]int32, n+1)
	steps := make([]int, 0, len(net.val))
	for i := 0; i < n; i++ {
		for k := net.rowPtr[i]; k < net.rowPtr[i+1]; k++ {
			j := int(net.colIdx[k])
			dd := int(math.Round(net.lengths.At(i, j) / net.speed / dt))
			if dd > maxD {
				maxD = dd
			}
			steps = append(steps, dd)
		}
	}
	s.slots = maxD + 1
	if s.slots*n > maxHistory {
		return nil, fmt.Errorf("network: delay history of %d steps × %d nodes is too large (longest delay %g); use a larger Dt or Speed", s.slots, n, float64(maxD)*dt)
	}
	if s.slots*n > math.MaxInt32/2 {
		return nil, fmt.Errorf("network: delay history too large")
	}
	for i := 0; i < n; i++ {
		for k := net.rowPtr[i]; k < net.rowPtr[i+1]; k++ {
			jl := int(net.colIdx[k]) * s.slots
			s.entOff = append(s.entOff, int32(jl-steps[k]))
			s.entJL = append(s.entJL, int32(jl))
			s.entW = append(s.entW, net.g*net.val[k])
		}
		s.entPtr[i+1] = int32(len(s.entW))
	}
	s.ring = make([]float64, s.slots*n)
	s.cd = make([]float64, n)
	// balance the rows of the gather by their number of entries
	w := min(net.workers, n)
	s.chunks = []int{0}
	total := len(s.entW)
	for i := 1; i <= n && len(s.chunks) < w; i++ {
		if int(s.entPtr[i])*w >= len(s.chunks)*total {
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
	n, dim, cv, l := net.n, net.dim, net.cv, s.slots
	for j := 0; j < n; j++ {
		h := s.ring[j*l : (j+1)*l]
		for k := range h {
			h[k] = y0[j*dim+cv]
		}
	}
	s.head = 0
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
	n, dim, cv, l := net.n, net.dim, net.cv, s.slots
	s.head++
	if s.head == l {
		s.head = 0
	}
	for j := 0; j < n; j++ {
		s.ring[j*l+s.head] = y[j*dim+cv]
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

// delayedInput fills s.cd from the ring buffer (history at the current
// step), over the workers' goroutines if there are several chunks.
func (s *delayLine) delayedInput() {
	k := len(s.chunks) - 1
	if k <= 1 {
		s.gather(0, len(s.cd))
		return
	}
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

// gather computes the delayed inputs of rows [lo, hi). The node-major ring
// makes each connection read consecutive addresses on consecutive steps
// (one cache line serves 8 steps).
func (s *delayLine) gather(lo, hi int) {
	head := int32(s.head)
	l := int32(s.slots)
	ring, off, jl, w, ptr, cd := s.ring, s.entOff, s.entJL, s.entW, s.entPtr, s.cd
	off = off[:len(w)]
	jl = jl[:len(w)]
	for i := lo; i < hi; i++ {
		sum := 0.0
		for k := ptr[i]; k < ptr[i+1]; k++ {
			idx := off[k] + head
			idx += l & ((idx - jl[k]) >> 31) // wrap: + L if idx < j·L
			sum += w[k] * ring[idx]
		}
		cd[i] = sum
	}
}
