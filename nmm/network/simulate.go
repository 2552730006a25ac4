package network

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Method is a fixed-step integration scheme of [Simulate].
type Method int

const (
	// RK4 is the classical Runge–Kutta method; with noise, σ√dt ξ is added
	// after each deterministic step (strong order 1 for additive noise).
	RK4 Method = iota
	// Heun is the explicit trapezoidal (improved Euler) method; with noise
	// it is the stochastic Heun scheme for additive noise (the same
	// increment σ ΔW in predictor and corrector, as TVB's HeunStochastic).
	Heun
	// Euler is the forward Euler method; with noise, Euler–Maruyama.
	Euler
)

// String returns the method's name.
func (m Method) String() string {
	switch m {
	case RK4:
		return "rk4"
	case Heun:
		return "heun"
	case Euler:
		return "euler"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the Method named "rk4", "heun" or "euler".
func ParseMethod(s string) (Method, error) {
	for _, m := range []Method{RK4, Heun, Euler} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("network: method %q, want rk4, heun or euler", s)
}

// Options are the options of [Simulate].
type Options struct {
	Method Method  // fixed-step scheme (zero value: RK4)
	Dt     float64 // step (model time unit); > 0
	// Rand is the noise source; required when the network has noise.
	Rand *rand.Rand
	// Settings are passed to ode.Solve (Transient, SampleEvery, MaxSteps,
	// Context, Progress); nil means defaults.
	Settings *ode.Settings
	// Stepper, if set, replaces Method/Dt by any ode stepper (e.g. an
	// adaptive one). Networks with delays refuse it.
	Stepper ode.Stepper
}

// ErrDelaysNeedFixedStep is returned when a network with delays is given an
// external (possibly adaptive) stepper.
var ErrDelaysNeedFixedStep = errors.New("network: delays need a fixed-step method of network.Simulate (RK4, Heun, Euler), not an external stepper")

// maxHistory bounds the delay ring buffer (values).
const maxHistory = 1 << 27

// Simulate integrates the network from t0 to t1 starting at y0 and passes
// states to obs (see ode.Solve for sampling and the transient). With delays
// the history before t0 is constant, equal to y0.
func Simulate(net *Network, t0, t1 float64, y0 []float64, opt *Options, obs ode.Observer) (ode.Stats, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if len(y0) != net.Dim() {
		return ode.Stats{}, fmt.Errorf("network: y0 has %d values, want %d (N·dim)", len(y0), net.Dim())
	}
	if o.Settings != nil && len(o.Settings.Breakpoints) > 0 && o.Stepper == nil {
		return ode.Stats{}, errors.New("network: Settings.Breakpoints are not supported by the network's fixed-step schemes (stimuli switch on the step grid)")
	}
	if o.Stepper != nil {
		if net.lengths != nil {
			return ode.Stats{}, ErrDelaysNeedFixedStep
		}
		return ode.Solve(net, o.Stepper, t0, t1, y0, o.Settings, obs)
	}
	st, err := NewStepper(net, o.Method, o.Dt, o.Rand)
	if err != nil {
		return ode.Stats{}, err
	}
	defer st.Close()
	return ode.Solve(net, st, t0, t1, y0, o.Settings, obs)
}

// Stepper is the fixed-step ode.Stepper of a network: RK4, Heun or Euler
// with additive noise and conduction delays. It allocates nothing per step.
type Stepper struct {
	net    *Network
	method Method
	dt     float64
	rng    *rand.Rand

	t, t0                 float64
	y, k1, k2, k3, k4, tm []float64
	noise                 []float64
	steps, evals          int

	// delays
	delayed bool
	ring    []float64 // node-major history: ring[j*L + slot], L = slots
	slots   int
	head    int     // slot of the current time
	entOff  []int32 // per CSR entry: j·L − d (d = delay in steps)
	entJL   []int32 // per CSR entry: j·L
	entW    []float64
	entPtr  []int32
	cd      []float64 // delayed input (G-scaled) for the current step
	chunks  []int     // row boundaries of the parallel gather (len workers+1)
	start   []chan struct{}
	wg      sync.WaitGroup
}

// NewStepper returns a fixed-step stepper for net. rng is required if the
// network has noise.
func NewStepper(net *Network, m Method, dt float64, rng *rand.Rand) (*Stepper, error) {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("network: step Dt = %v, want finite > 0", dt)
	}
	if m != RK4 && m != Heun && m != Euler {
		return nil, fmt.Errorf("network: Method = %d, want RK4, Heun or Euler", int(m))
	}
	if net.sigma != nil && rng == nil {
		return nil, errors.New("network: the network has noise (Sigma) but Options.Rand is nil")
	}
	s := &Stepper{net: net, method: m, dt: dt, rng: rng}
	d := net.Dim()
	s.y, s.k1, s.k2, s.k3, s.k4, s.tm = make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	if net.sigma != nil {
		s.noise = make([]float64, d)
	}
	if net.lengths != nil {
		n := net.n
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
		s.delayed = true
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
	}
	return s, nil
}

// MaxDelaySteps returns the longest delay in steps (0 without delays).
func (s *Stepper) MaxDelaySteps() int {
	if !s.delayed {
		return 0
	}
	return s.slots - 1
}

// Init implements ode.Stepper; with delays the history is constant at y0.
func (s *Stepper) Init(sys ode.System, t0 float64, y0 []float64) error {
	if sys != ode.System(s.net) {
		return errors.New("network: Stepper.Init with a system other than its network")
	}
	if len(y0) != len(s.y) {
		return fmt.Errorf("network: len(y0) = %d, want %d (nodes × node dimension)", len(y0), len(s.y))
	}
	copy(s.y, y0)
	s.t, s.t0 = t0, t0
	s.steps, s.evals = 0, 0
	if s.delayed {
		n, dim, cv, l := s.net.n, s.net.dim, s.net.cv, s.slots
		for j := 0; j < n; j++ {
			h := s.ring[j*l : (j+1)*l]
			for k := range h {
				h[k] = y0[j*dim+cv]
			}
		}
		s.head = 0
	}
	return nil
}

// State implements ode.Stepper.
func (s *Stepper) State() (float64, []float64) { return s.t, s.y }

// Stats implements ode.Statser.
func (s *Stepper) Stats() ode.Stats { return ode.Stats{Steps: s.steps, Evals: s.evals} }

// delayedInput fills s.cd from the ring buffer (history at the current
// step), over Config.Workers goroutines if set.
func (s *Stepper) delayedInput() {
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

// Close stops the worker goroutines of a parallel gather (Config.Workers >
// 1); [Simulate] calls it. A closed stepper can still step (it restarts
// them).
func (s *Stepper) Close() {
	for _, ch := range s.start {
		close(ch)
	}
	s.start = nil
}

// gather computes the delayed inputs of rows [lo, hi). The node-major ring
// makes each connection read consecutive addresses on consecutive steps
// (one cache line serves 8 steps).
func (s *Stepper) gather(lo, hi int) {
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

func (s *Stepper) eval(dst []float64, t float64, y []float64) {
	s.evals++
	if s.delayed {
		s.net.derivWith(dst, t, y, s.cd)
		return
	}
	s.net.input(s.net.c, y)
	s.net.derivWith(dst, t, y, s.net.c)
}

// Step implements ode.Stepper.
func (s *Stepper) Step() error {
	h, t, y := s.dt, s.t, s.y
	if s.delayed {
		s.delayedInput()
	}
	if s.noise != nil {
		sq := math.Sqrt(h)
		dim := s.net.dim
		for i := range s.noise {
			s.noise[i] = s.net.sigma[i%dim] * sq * s.rng.NormFloat64()
		}
	}
	switch s.method {
	case Euler:
		s.eval(s.k1, t, y)
		for i := range y {
			y[i] += h * s.k1[i]
		}
		if s.noise != nil {
			for i := range y {
				y[i] += s.noise[i]
			}
		}
	case Heun:
		s.eval(s.k1, t, y)
		tm := s.tm
		for i := range y {
			tm[i] = y[i] + h*s.k1[i]
		}
		if s.noise != nil {
			for i := range y {
				tm[i] += s.noise[i]
			}
		}
		s.eval(s.k2, t+h, tm)
		for i := range y {
			y[i] += 0.5 * h * (s.k1[i] + s.k2[i])
		}
		if s.noise != nil {
			for i := range y {
				y[i] += s.noise[i]
			}
		}
	default: // RK4
		n := len(y)
		tm, k1, k2, k3, k4 := s.tm[:n], s.k1[:n], s.k2[:n], s.k3[:n], s.k4[:n]
		hh := 0.5 * h
		s.eval(k1, t, y)
		for i, v := range y {
			tm[i] = v + hh*k1[i]
		}
		s.eval(k2, t+hh, tm)
		for i, v := range y {
			tm[i] = v + hh*k2[i]
		}
		s.eval(k3, t+hh, tm)
		for i, v := range y {
			tm[i] = v + h*k3[i]
		}
		s.eval(k4, t+h, tm)
		h6 := h / 6
		if s.noise == nil {
			for i, v := range y {
				y[i] = v + h6*((k1[i]+k4[i])+2*(k2[i]+k3[i]))
			}
		} else {
			nz := s.noise[:n]
			for i, v := range y {
				y[i] = v + h6*((k1[i]+k4[i])+2*(k2[i]+k3[i])) + nz[i]
			}
		}
	}
	s.steps++
	s.t = s.t0 + float64(s.steps)*h // no accumulated rounding (as package ode)
	if s.delayed {
		n, dim, cv, l := s.net.n, s.net.dim, s.net.cv, s.slots
		s.head++
		if s.head == l {
			s.head = 0
		}
		for j := 0; j < n; j++ {
			s.ring[j*l+s.head] = y[j*dim+cv]
		}
	}
	acc := 0.0
	for _, v := range y {
		acc += v - v // NaN iff some v is NaN or ±Inf
	}
	if acc != 0 {
		for i, v := range y {
			if v-v != 0 {
				return fmt.Errorf("%w: %s = %v at t = %g", ode.ErrNonFinite, s.net.vars[i], v, s.t)
			}
		}
	}
	return nil
}
