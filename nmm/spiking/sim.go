package spiking

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// vBig bounds |V| in the θ scheme (V = ±∞ is the spike; ±vBig stands for
// it without overflowing).
const vBig = 1e150

// zFast bounds |a|·h² for the series evaluation of the θ propagator; larger
// arguments use the trigonometric/hyperbolic functions.
const zFast = 1.0

// Series coefficients: cos√z = Σ cC[k] (−z)^k … written with signs:
// C(z) = Σ (−1)^k z^k/(2k)!, S(z)/h = Σ (−1)^k z^k/(2k+1)!.
var cC, cS [12]float64

func init() {
	f := 1.0 // (2k)!
	for k := 0; k < len(cC); k++ {
		if k > 0 {
			f *= float64(2*k-1) * float64(2*k)
		}
		sg := 1.0
		if k%2 == 1 {
			sg = -1
		}
		cC[k] = sg / f
		cS[k] = sg / (f * float64(2*k+1))
	}
}

// seriesTerms returns the number of terms K such that zmax^K/(2K)! < 2⁻⁵³.
func seriesTerms(zmax float64) int {
	zmax = math.Abs(zmax)
	t := 1.0
	for k := 1; k < len(cC); k++ {
		t *= zmax / (float64(2*k-1) * float64(2*k))
		if t < 0x1p-54 {
			return k
		}
	}
	return len(cC)
}

// Sim is a running QIF network simulation created by [New].
type Sim struct {
	q   QIF
	opt Options

	n         int
	dt, h     float64 // step and step/τ
	eta, v    []float64
	maxAbsEta float64

	// Reset scheme: hg[j] is h, or 0 while neuron j is refractory (its
	// Euler step is then the identity, without a branch); the refractory
	// neurons wait in their part's FIFO queue (see part).
	hg          []float64
	nRef, nHalf int64
	vp          float64

	// Theta scheme: cached Möbius coefficients (C, A, S per neuron, in
	// three arrays; see thetaCoef) and full turns per step, valid for
	// common input cacheC.
	coC, coA, coS []float64
	turns         []int32
	cacheOK       bool
	cacheC        float64

	// Sparse coupling: CSR targets and received spike counts.
	start, post []int32
	cnt         []int32
	synW        float64 // J/(K h): input per received spike in the next step (Reset)
	synKick     float64 // J/K: jump of V per received spike (Theta)

	jGlobal float64 // J/(N h): input per spike of the previous step (all-to-all)

	// Parallel update: nw contiguous parts, run by a team during Run.
	nw    int
	parts []part
	list  bool
	team  *team

	t0        float64
	steps     int64
	lastCount int
	total     int64

	stepsPerBin int
	bin         float64
	binCount    int
	binSteps    int

	rasterM   int
	rasterSel []bool // recorded neurons
	raster    []Spike
	med       []float64
}

type stepArgs struct {
	c, kick   float64
	k         int
	step      int64 // index of the step (Sim.steps before it)
	recompute bool  // θ scheme: the cached coefficients are stale
}

// part is the state of one worker's contiguous range lo…hi−1 of neurons.
type part struct {
	lo, hi int
	count  int     // spikes registered in the last step
	list   []int32 // neurons that spiked in the last step (if Sim.list)
	// Reset scheme: refractory neurons in the order they crossed the
	// threshold (FIFO ring over qn, qs: neuron, step of the crossing).
	// Entries [reg, tail) have not been registered yet, [rel, reg) wait
	// for the end of their refractory period. Every neuron is in the queue
	// at most once, so hi−lo entries suffice.
	qn             []int32
	qs             []int64
	rel, reg, tail int
	// θ scheme: some neuron of the part turns fully within a step.
	turns bool
	_     [64]byte // no false sharing between workers
}

// New prepares a simulation of network q starting at time 0. rng supplies
// all randomness (Cauchy samples, then the sparse graph, then the order of
// the initial voltages); it may be nil only if none is needed (quantile η,
// all-to-all, explicit V0).
func New(q QIF, opt Options, rng *rand.Rand) (*Sim, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if opt.Scheme != Theta && opt.Scheme != Reset {
		return nil, fmt.Errorf("spiking: Options.Scheme = %d, want Theta or Reset", int(opt.Scheme))
	}
	if opt.Dt == 0 {
		opt.Dt = 1e-3 * q.Tau
		if opt.Scheme == Reset {
			opt.Dt = 1e-4 * q.Tau
		}
	}
	if !(opt.Dt > 0) || math.IsInf(opt.Dt, 0) {
		return nil, fmt.Errorf("spiking: Options.Dt = %v, want finite > 0", opt.Dt)
	}
	settings.Default(&opt.Vp, 100)
	if !(opt.Vp > 0) || math.IsInf(opt.Vp, 0) {
		return nil, fmt.Errorf("spiking: Options.Vp = %v, want finite > 0", opt.Vp)
	}
	h := opt.Dt / q.Tau
	if opt.Scheme == Reset && h*opt.Vp > 1 {
		return nil, fmt.Errorf("spiking: Options.Dt = %v too large for the Reset scheme: want Dt·Vp/τ ≤ 1 (Dt ≤ %v)", opt.Dt, q.Tau/opt.Vp)
	}
	settings.Default(&opt.Bin, 0.01*q.Tau)
	if !(opt.Bin > 0) || math.IsInf(opt.Bin, 0) {
		return nil, fmt.Errorf("spiking: Options.Bin = %v, want finite > 0", opt.Bin)
	}
	if opt.RasterNeurons < 0 || opt.RasterNeurons > q.N {
		return nil, fmt.Errorf("spiking: Options.RasterNeurons = %d, want 0 … N = %d", opt.RasterNeurons, q.N)
	}
	if opt.V0 != nil && len(opt.V0) != q.N {
		return nil, fmt.Errorf("spiking: Options.V0 has length %d, want N = %d", len(opt.V0), q.N)
	}
	if !(opt.InitRate >= 0) || math.IsInf(opt.InitRate, 0) || !finite(opt.InitV) {
		return nil, fmt.Errorf("spiking: Options.InitRate, InitV = %v, %v, want finite, InitRate ≥ 0", opt.InitRate, opt.InitV)
	}
	if opt.Workers < 0 {
		return nil, fmt.Errorf("spiking: Options.Workers = %d, want ≥ 0", opt.Workers)
	}
	s := &Sim{q: q, opt: opt, n: q.N, dt: opt.Dt, h: h, vp: opt.Vp}
	var err error
	if s.eta, err = newEta(&q, rng); err != nil {
		return nil, err
	}
	for _, e := range s.eta {
		s.maxAbsEta = math.Max(s.maxAbsEta, math.Abs(e))
	}
	if q.InDegree > 0 {
		if rng == nil {
			return nil, errRand("sparse coupling (InDegree > 0)")
		}
		s.start, s.post = randomGraph(q.N, q.InDegree, rng)
		s.cnt = make([]int32, q.N)
		s.synW = q.J / (float64(q.InDegree) * h)
		s.synKick = q.J / float64(q.InDegree)
	} else {
		s.jGlobal = q.J / (float64(q.N) * h)
	}
	s.v = make([]float64, q.N)
	if opt.V0 != nil {
		copy(s.v, opt.V0)
		for j, x := range s.v {
			if math.IsNaN(x) {
				return nil, fmt.Errorf("spiking: Options.V0[%d] = NaN", j)
			}
		}
	} else {
		if rng == nil {
			return nil, errRand("random initial voltages (V0 = nil)")
		}
		r0, v0 := opt.InitRate, opt.InitV
		if r0 == 0 {
			r0, v0 = 1/(math.Pi*q.Tau), 0
		}
		perm := rng.Perm(q.N)
		w := math.Pi * q.Tau * r0
		for j := range s.v {
			u := (float64(perm[j]) + 0.5) / float64(q.N)
			s.v[j] = v0 + w*math.Tan(math.Pi*(u-0.5))
		}
	}
	if opt.Scheme == Reset {
		s.hg = make([]float64, q.N)
		for j := range s.hg {
			s.hg[j] = h
		}
		nr := math.Round(2 / (opt.Vp * h))
		if nr < 1 {
			nr = 1
		}
		if nr > math.MaxInt32/2 {
			return nil, fmt.Errorf("spiking: refractory period 2τ/Vp = %v is %v steps of Dt = %v, too many", 2*q.Tau/opt.Vp, nr, opt.Dt)
		}
		s.nRef = int64(nr)
		s.nHalf = s.nRef - max(1, s.nRef/2)
		for j, x := range s.v {
			s.v[j] = math.Max(-opt.Vp, math.Min(opt.Vp, x))
		}
	} else {
		for j, x := range s.v {
			s.v[j] = math.Max(-vBig, math.Min(vBig, x))
		}
		s.coC, s.coA, s.coS = make([]float64, q.N), make([]float64, q.N), make([]float64, q.N)
		s.turns = make([]int32, q.N)
	}
	s.stepsPerBin = max(1, int(math.Round(opt.Bin/opt.Dt)))
	s.bin = float64(s.stepsPerBin) * opt.Dt
	if opt.RasterNeurons > 0 {
		s.rasterM = opt.RasterNeurons
		s.rasterSel = make([]bool, q.N)
		for i := 0; i < s.rasterM; i++ {
			s.rasterSel[i*q.N/s.rasterM] = true
		}
	}
	if opt.MedianVoltage {
		s.med = make([]float64, q.N)
	}
	// Partition: contiguous ranges; an explicit worker count gives each
	// worker at least 1024 neurons, the automatic one at least minChunk.
	nw := opt.Workers
	if nw == 0 {
		nw = autoWorkers(q.N)
	}
	nw = max(1, min(nw, (q.N+1023)/1024))
	s.nw = nw
	s.list = s.cnt != nil || s.rasterM > 0
	s.parts = make([]part, nw)
	for w := range s.parts {
		p := &s.parts[w]
		p.lo, p.hi = w*q.N/nw, (w+1)*q.N/nw
		if s.list {
			p.list = make([]int32, 0, p.hi-p.lo)
		}
		if opt.Scheme == Reset {
			p.qn = make([]int32, p.hi-p.lo)
			p.qs = make([]int64, p.hi-p.lo)
		}
	}
	return s, nil
}

// N returns the number of neurons.
func (s *Sim) N() int { return s.n }

// Time returns the current simulated time.
func (s *Sim) Time() float64 { return s.t0 + float64(s.steps)*s.dt }

// Dt returns the time step.
func (s *Sim) Dt() float64 { return s.dt }

// Bin returns the actual rate bin width (a whole number of steps).
func (s *Sim) Bin() float64 { return s.bin }

// Eta returns the excitabilities (a view: do not modify).
func (s *Sim) Eta() []float64 { return s.eta }

// Voltages copies the current V_j into dst (allocated if short) and returns
// it. For Reset, refractory neurons report +Vp before their spike is
// registered and −Vp after.
func (s *Sim) Voltages(dst []float64) []float64 {
	if cap(dst) < s.n {
		dst = make([]float64, s.n)
	}
	dst = dst[:s.n]
	copy(dst, s.v)
	// Refractory neurons are stored at −Vp from their crossing on; those
	// whose spike is not registered yet are at +Vp.
	for w := range s.parts {
		p := &s.parts[w]
		for e := p.reg; e < p.tail; e++ {
			dst[p.lo+int(p.qn[e%len(p.qn)])] = s.vp
		}
	}
	return dst
}

// Spikes returns the total number of spikes registered so far.
func (s *Sim) Spikes() int64 { return s.total }

// Raster returns the spikes recorded so far for the neurons selected by
// Options.RasterNeurons, in time order (within a step, by neuron index).
// The slice is the simulation's own; it grows with the run.
func (s *Sim) Raster() []Spike { return s.raster }

// RasterNeurons returns the indices of the recorded neurons.
func (s *Sim) RasterNeurons() []int {
	var idx []int
	for i := 0; i < s.rasterM; i++ {
		idx = append(idx, i*s.n/s.rasterM)
	}
	return idx
}

// ErrNonFinite reports a non-finite common input (e.g. from QIF.Input).
var ErrNonFinite = errors.New("spiking: non-finite input")

// Run advances the simulation by duration T (rounded to a whole number of
// steps) and calls obs (if not nil) for every completed rate bin. A bin may
// straddle two calls of Run. An error from obs stops the run and is
// returned. Steps allocate nothing (the raster, if requested, grows).
func (s *Sim) Run(T float64, obs func(Sample) error) error {
	if !(T >= 0) || math.IsInf(T, 0) {
		return fmt.Errorf("spiking: Run duration T = %v, want finite ≥ 0", T)
	}
	nsteps := int64(math.Round(T / s.dt))
	if s.nw > 1 {
		s.startTeam()
		defer s.stopTeam()
	}
	every := max(1, nsteps/200)
	tstart := s.Time()
	for k := int64(0); k < nsteps; k++ {
		t := s.Time()
		c := s.q.I
		if s.q.Input != nil {
			c += s.q.Input(t + s.dt/2)
		}
		kick := 0.0
		if s.opt.Scheme == Theta {
			if s.cnt == nil {
				kick = s.q.J * float64(s.lastCount) / float64(s.n)
			}
		} else {
			c += s.jGlobal * float64(s.lastCount)
		}
		if !finite(c) {
			return fmt.Errorf("%w at t = %v: common input %v (I + Input(t) + J τ R)", ErrNonFinite, t, c)
		}
		count := s.parallelStep(c, kick)
		s.steps++
		tEnd := s.Time()
		if s.list {
			s.afterStep(tEnd)
		}
		s.lastCount = count
		s.total += int64(count)
		s.binCount += count
		s.binSteps++
		if s.binSteps == s.stepsPerBin {
			smp := Sample{T: tEnd - s.bin/2, Rate: float64(s.binCount) / (float64(s.n) * s.bin), V: math.NaN()}
			if s.med != nil {
				smp.V = median(s.Voltages(s.med))
			}
			s.binCount, s.binSteps = 0, 0
			if obs != nil {
				if err := obs(smp); err != nil {
					return err
				}
			}
		}
		if (k+1)%every == 0 {
			s.opt.Progress.Report(tEnd-tstart, T)
			if s.opt.Context != nil {
				if err := s.opt.Context.Err(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// afterStep scatters sparse spikes to their targets and records the raster.
func (s *Sim) afterStep(t float64) {
	for w := range s.parts {
		for _, j := range s.parts[w].list {
			if s.cnt != nil {
				for _, tg := range s.post[s.start[j]:s.start[j+1]] {
					s.cnt[tg]++
				}
			}
			if s.rasterSel != nil && s.rasterSel[j] {
				s.raster = append(s.raster, Spike{T: t, Neuron: int(j)})
			}
		}
	}
}

// parallelStep updates all neurons with common input c and returns the
// number of spikes registered in the step.
func (s *Sim) parallelStep(c, kick float64) int {
	k := 0
	if s.opt.Scheme == Theta {
		amax := s.maxAbsEta + math.Abs(c)
		k = seriesTerms(amax * s.h * s.h)
	}
	a := stepArgs{c: c, kick: kick, k: k, step: s.steps}
	if s.opt.Scheme == Theta && (!s.cacheOK || c != s.cacheC) {
		a.recompute = true
		s.cacheOK, s.cacheC = true, c
	}
	if s.team != nil {
		s.runTeam(a)
	} else {
		s.work(0, a)
	}
	total := 0
	for w := range s.parts {
		total += s.parts[w].count
	}
	return total
}

func (s *Sim) work(w int, a stepArgs) {
	p := &s.parts[w]
	if s.opt.Scheme == Theta {
		p.count = s.thetaRange(p, a.c, a.kick, a.k, a.recompute)
	} else {
		p.count = s.resetRange(p, a.step, a.c)
	}
}

// thetaRange advances neurons lo..hi−1 by the exact propagator. The
// per-neuron Möbius coefficients depend only on a = η_j + c and are cached:
// they are recomputed only when the common input c changes (recompute).
func (s *Sim) thetaRange(p *part, c, kick float64, K int, recompute bool) int {
	lo, hi := p.lo, p.hi
	h := s.h
	eta := s.eta[lo:hi]
	v := s.v[lo:hi:hi]
	coC, coA, coS := s.coC[lo:hi:hi], s.coA[lo:hi:hi], s.coS[lo:hi:hi]
	turns := s.turns[lo:hi:hi]
	if recompute {
		h2 := h * h
		for i := range eta {
			a := eta[i] + c
			z := a * h2
			// Inlined common cases of thetaCoef (same arithmetic).
			if K <= 6 && z <= zFast && z >= -zFast {
				z2 := z * z
				var C, S float64
				if K <= 4 {
					C = (cC[0] + cC[1]*z) + z2*(cC[2]+cC[3]*z)
					S = (cS[0] + cS[1]*z) + z2*(cS[2]+cS[3]*z)
				} else {
					C = (cC[0] + cC[1]*z) + z2*((cC[2]+cC[3]*z)+z2*(cC[4]+cC[5]*z))
					S = (cS[0] + cS[1]*z) + z2*((cS[2]+cS[3]*z)+z2*(cS[4]+cS[5]*z))
				}
				S *= h
				coC[i], coA[i], coS[i] = C, a*S, S
				turns[i] = 0
				continue
			}
			C, A, S, n := thetaCoef(a, h, K)
			coC[i], coA[i], coS[i] = C, A, S
			turns[i] = int32(min(n, math.MaxInt32))
		}
	}
	if recompute {
		p.turns = false
		for _, n := range turns {
			if n != 0 {
				p.turns = true
				break
			}
		}
	}
	if !p.turns && s.cnt == nil {
		return s.thetaFast(p, kick)
	}
	var cnt []int32
	if s.cnt != nil {
		cnt = s.cnt[lo:hi:hi]
	}
	synKick := s.synKick
	list := p.list[:0]
	spikes := 0
	for i := range v {
		x := v[i] + kick
		if cnt != nil {
			x += synKick * float64(cnt[i])
			cnt[i] = 0
		}
		C, A, S := coC[i], coA[i], coS[i]
		num := C*x + A
		den := C - S*x
		n := int(turns[i])
		if den < 0 {
			n++
		}
		var y float64
		if den != 0 {
			y = num / den
		} else {
			y = -vBig
			n = max(n, 1)
		}
		if y > vBig {
			y = vBig
		} else if y < -vBig {
			y = -vBig
		}
		v[i] = y
		if n > 0 {
			spikes += n
			if list != nil {
				list = append(list, int32(lo+i))
			}
		}
	}
	if s.list {
		p.list = list
	}
	return spikes
}

// thetaFast is thetaRange's loop for all-to-all coupling when no neuron of
// the part makes a full turn per step: the same arithmetic, with one rarely
// taken branch (a spike, or a value to clamp) handled by thetaRare.
func (s *Sim) thetaFast(p *part, kick float64) int {
	v := s.v[p.lo:p.hi:p.hi]
	coC, coA, coS := s.coC[p.lo:p.hi:p.hi], s.coA[p.lo:p.hi:p.hi], s.coS[p.lo:p.hi:p.hi]
	coC, coA, coS = coC[:len(v)], coA[:len(v)], coS[:len(v)]
	p.list = p.list[:0]
	spikes := 0
	for i := range v {
		C, A, S := coC[i], coA[i], coS[i]
		x := v[i] + kick
		num := C*x + A
		den := C - S*x
		y := num / den
		if den <= 0 || y > vBig || y < -vBig {
			y = s.thetaRare(p, i, num, den, &spikes)
		}
		v[i] = y
	}
	return spikes
}

// thetaRare finishes the θ step of neuron p.lo+i (no full turns) when
// den ≤ 0 (a spike) or the new value needs clamping, as thetaRange does.
//
//go:noinline
func (s *Sim) thetaRare(p *part, i int, num, den float64, spikes *int) float64 {
	n := 0
	var y float64
	if den < 0 {
		n = 1
	}
	if den != 0 {
		y = num / den
	} else {
		y = -vBig
		n = 1
	}
	y = math.Max(-vBig, math.Min(vBig, y))
	if n > 0 {
		*spikes += n
		if s.list {
			p.list = append(p.list, int32(p.lo+i))
		}
	}
	return y
}

// thetaCoef returns the Möbius coefficients of the exact propagator over one
// step h (in units of τ) for constant input a: V' = (C V + A)/(C − S V),
// with C = cos φ, S = sin φ/√a, A = a S, φ = √a h (cosh, sinh for a < 0),
// and the number of full turns (spikes) beyond the last partial one. For
// |a|h² ≤ zFast the series in z = a h² with K terms is used.
func thetaCoef(a, h float64, K int) (C, A, S float64, turns int) {
	z := a * h * h
	if z <= zFast && z >= -zFast {
		switch {
		case K <= 4:
			z2 := z * z
			C = (cC[0] + cC[1]*z) + z2*(cC[2]+cC[3]*z)
			S = (cS[0] + cS[1]*z) + z2*(cS[2]+cS[3]*z)
		case K <= 6:
			z2 := z * z
			C = (cC[0] + cC[1]*z) + z2*((cC[2]+cC[3]*z)+z2*(cC[4]+cC[5]*z))
			S = (cS[0] + cS[1]*z) + z2*((cS[2]+cS[3]*z)+z2*(cS[4]+cS[5]*z))
		default:
			C, S = cC[K-1], cS[K-1]
			for k := K - 2; k >= 0; k-- {
				C = C*z + cC[k]
				S = S*z + cS[k]
			}
		}
		S *= h
		return C, a * S, S, 0
	}
	if a > 0 {
		q := math.Sqrt(a)
		phi := q * h
		k := math.Floor(phi / math.Pi)
		sn, cs := math.Sincos(phi - k*math.Pi)
		S = sn / q
		return cs, a * S, S, int(math.Min(k, math.MaxInt32))
	}
	q := math.Sqrt(-a)
	T := math.Tanh(q * h)
	return 1, -q * T, T / q, 0
}

// resetRange advances neurons p.lo…p.hi−1 by one Euler step (step index
// step) with threshold and refractory period. The loop over neurons has one
// rarely taken branch (a threshold crossing); refractory neurons go through
// the same arithmetic with step size hg = 0 and are handled, in order, from
// the part's FIFO queue: their spike is registered nRef−nHalf steps after
// the crossing, and they are released nRef steps after it (frozen during
// steps crossing+1 … crossing+nRef, as in MPR 2015).
func (s *Sim) resetRange(p *part, step int64, c float64) int {
	lo, hi := p.lo, p.hi
	eta := s.eta[lo:hi:hi]
	v := s.v[lo:hi:hi]
	hg := s.hg[lo:hi:hi]
	v, hg = v[:len(eta)], hg[:len(eta)]
	vp := s.vp
	if s.cnt == nil {
		// Four neurons per iteration, one test for all four.
		i := 0
		for ; i+4 <= len(eta); i += 4 {
			e, x, g := (*[4]float64)(eta[i:]), (*[4]float64)(v[i:]), (*[4]float64)(hg[i:])
			x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
			x0 += g[0] * (x0*x0 + (e[0] + c))
			x1 += g[1] * (x1*x1 + (e[1] + c))
			x2 += g[2] * (x2*x2 + (e[2] + c))
			x3 += g[3] * (x3*x3 + (e[3] + c))
			x[0], x[1], x[2], x[3] = x0, x1, x2, x3
			if x0 >= vp || x1 >= vp || x2 >= vp || x3 >= vp {
				s.cross4(p, i, step)
			}
		}
		for ; i < len(eta); i++ {
			x := v[i]
			x += hg[i] * (x*x + (eta[i] + c))
			v[i] = x
			if x >= vp {
				s.cross(p, i, step)
			}
		}
	} else {
		cnt := s.cnt[lo:hi:hi]
		cnt = cnt[:len(eta)]
		synW := s.synW
		for i, e := range eta {
			a := e + c
			a += synW * float64(cnt[i])
			cnt[i] = 0
			x := v[i]
			x += hg[i] * (x*x + a)
			v[i] = x
			if x >= vp {
				s.cross(p, i, step)
			}
		}
	}
	// Register the spikes that are due, then release the neurons whose
	// refractory period ends with this step.
	list := p.list[:0]
	spikes := 0
	m := len(p.qn)
	for p.reg < p.tail && p.qs[p.reg%m]+s.nRef-s.nHalf == step {
		spikes++
		if s.list {
			list = append(list, int32(lo)+p.qn[p.reg%m])
		}
		p.reg++
	}
	h := s.h
	for p.rel < p.reg && p.qs[p.rel%m]+s.nRef == step {
		hg[p.qn[p.rel%m]] = h
		p.rel++
	}
	if p.rel >= m { // keep the counters small
		p.rel, p.reg, p.tail = p.rel-m, p.reg-m, p.tail-m
	}
	if s.list {
		p.list = list
	}
	return spikes
}

// cross4 calls cross for those of neurons lo+i … lo+i+3 that crossed.
//
//go:noinline
func (s *Sim) cross4(p *part, i int, step int64) {
	for j := i; j < i+4; j++ {
		if s.v[p.lo+j] >= s.vp {
			s.cross(p, j, step)
		}
	}
}

// cross handles a threshold crossing of neuron lo+i of part p in step step:
// the neuron is frozen (hg = 0) at −Vp (reported as +Vp until its spike is
// registered) and queued.
//
//go:noinline
func (s *Sim) cross(p *part, i int, step int64) {
	s.v[p.lo+i] = -s.vp
	s.hg[p.lo+i] = 0
	m := len(p.qn)
	p.qn[p.tail%m] = int32(i)
	p.qs[p.tail%m] = step
	p.tail++
}

// median returns the median of x, reordering x (Hoare selection).
func median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	m := selectK(x, n/2)
	if n%2 == 1 {
		return m
	}
	lo := math.Inf(-1)
	for _, v := range x[:n/2] {
		lo = math.Max(lo, v)
	}
	return 0.5 * (lo + m)
}

// selectK reorders x so that x[k] is the k-th smallest and returns it.
func selectK(x []float64, k int) float64 {
	l, r := 0, len(x)-1
	for l < r {
		// median of three pivot
		m := l + (r-l)/2
		if x[m] < x[l] {
			x[m], x[l] = x[l], x[m]
		}
		if x[r] < x[l] {
			x[r], x[l] = x[l], x[r]
		}
		if x[r] < x[m] {
			x[r], x[m] = x[m], x[r]
		}
		p := x[m]
		i, j := l, r
		for i <= j {
			for x[i] < p {
				i++
			}
			for x[j] > p {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		if k <= j {
			r = j
		} else if k >= i {
			l = i
		} else {
			return x[k]
		}
	}
	return x[k]
}

// Record runs the simulation for duration T and returns the binned rate
// (column "r", unit 1/τ-time) and, if Options.MedianVoltage, the median
// voltage ("v"), sampled at the bin centres. Samples with T < transient
// (absolute time) are dropped.
func (s *Sim) Record(T, transient float64) (*nmm.TimeSeries, error) {
	labels, units := []string{"r"}, []string{"1/τ"}
	if s.med != nil {
		labels, units = append(labels, "v"), append(units, "dimensionless")
	}
	ts := nmm.NewTimeSeries(labels, units)
	ts.TimeUnit = "τ"
	ts.Attrs["model"] = "QIF network"
	ts.Attrs["scheme"] = s.opt.Scheme.String()
	ts.Attrs["N"] = fmt.Sprint(s.n)
	ts.Attrs["dt"] = fmt.Sprint(s.dt)
	ts.Attrs["bin"] = fmt.Sprint(s.bin)
	row := make([]float64, len(labels))
	err := s.Run(T, func(p Sample) error {
		if p.T < transient {
			return nil
		}
		row[0] = p.Rate
		if len(row) > 1 {
			row[1] = p.V
		}
		return ts.Observe(p.T, row)
	})
	return ts, err
}
