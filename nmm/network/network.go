package network

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
)

// SparseDensity is the fraction of non-zero weights below which the
// coupling uses a CSR product instead of a dense mat-vec (CouplingAuto).
const SparseDensity = 0.25

// CouplingKind selects the representation of the weights.
type CouplingKind int

const (
	CouplingAuto   CouplingKind = iota // dense if density ≥ SparseDensity, else CSR
	CouplingDense                      // dense mat-vec (blas64 Gemv)
	CouplingSparse                     // compressed sparse rows
)

// Stimulus adds Amplitude to the network input c of the listed nodes while
// Start ≤ t < End (a rectangular pulse entering where the node model puts c).
type Stimulus struct {
	Nodes      []int   // target nodes (0-based)
	Start, End float64 // time window (model time unit)
	Amplitude  float64 // added to c
}

// Config are the options of [New]. The zero value means: G = 0 (uncoupled),
// no delays, no noise, no stimulation, automatic coupling representation.
type Config struct {
	G       float64    // global coupling; finite
	Lengths *mat.Dense // tract lengths (mm), N×N; nil: no delays
	Speed   float64    // conduction speed (mm per time unit); > 0 when Lengths is set
	// Sigma is the additive noise amplitude per node variable (len dim, or
	// nil for none): dy_k = … dt + Sigma[k] dW.
	Sigma    []float64
	Stimuli  []Stimulus
	Coupling CouplingKind
	// Workers > 1 splits the delayed-input gather of each step over that
	// many goroutines (0 or 1: serial). It pays only for large delayed
	// networks (measured: TVB's 998 regions); results do not depend on it.
	Workers int
}

// BatchCoupled is an optional interface of a node model that evaluates n
// identical nodes at once in the node-major layout: dst[i*dim:(i+1)*dim] =
// DerivCoupled(y[i*dim:(i+1)*dim], c[i]) for i < len(c) (e.g. with its
// divisions hoisted out of the loop). A network whose nodes are all the same
// value uses it ([nmm.EI] implements it).
type BatchCoupled interface {
	DerivCoupledBatch(dst []float64, t float64, y []float64, c []float64)
}

// Network is a network of coupled node models. Create it with [New].
type Network struct {
	batch  BatchCoupled // non-nil if every node is the same value implementing BatchCoupled
	nodes  []nmm.Coupled
	n, dim int
	cv     int // coupling variable
	g      float64
	sigma  []float64
	stim   []Stimulus

	sparse bool
	w      blas64.General // dense weights
	rowPtr []int32        // CSR
	colIdx []int32
	val    []float64

	x, c    []float64 // workspaces: gathered coupling variable, input
	workers int

	lengths *mat.Dense
	speed   float64
	vars    []string

	dl     *delayLine // delay state of the current run (nil without delays)
	inStep bool       // between BeginStep and EndStep: Deriv uses dl.cd
}

// Homogeneous returns n references to the same node model (identical
// parameters on every node).
func Homogeneous(m nmm.Coupled, n int) []nmm.Coupled {
	nodes := make([]nmm.Coupled, n)
	for i := range nodes {
		nodes[i] = m
	}
	return nodes
}

// New builds a network of the given nodes (one model per node; they may be
// the same value, see [Homogeneous], or differ for parameter heterogeneity)
// coupled through w (N×N, row = target). Every node must have the same
// dimension and coupling variable; each is validated.
func New(nodes []nmm.Coupled, w mat.Matrix, cfg *Config) (*Network, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	n := len(nodes)
	if n == 0 {
		return nil, errors.New("network: no nodes")
	}
	if r, cc := w.Dims(); r != n || cc != n {
		return nil, fmt.Errorf("network: weights are %d×%d for %d nodes", r, cc, n)
	}
	net := &Network{nodes: nodes, n: n, dim: nodes[0].Dim(), cv: nodes[0].CouplingVar(), g: c.G, stim: c.Stimuli}
	seen := map[nmm.Coupled]bool{}
	for i, m := range nodes {
		if m == nil {
			return nil, fmt.Errorf("network: node %d is nil", i)
		}
		if m.Dim() != net.dim || m.CouplingVar() != net.cv {
			return nil, fmt.Errorf("network: node %d has dimension %d and coupling variable %d, want %d and %d as node 0", i, m.Dim(), m.CouplingVar(), net.dim, net.cv)
		}
		if !seen[m] {
			if err := m.Validate(); err != nil {
				return nil, fmt.Errorf("network: node %d: %w", i, err)
			}
			seen[m] = true
		}
	}
	if math.IsNaN(c.G) || math.IsInf(c.G, 0) {
		return nil, fmt.Errorf("network: global coupling G = %v, want finite", c.G)
	}
	if c.Sigma != nil {
		if len(c.Sigma) != net.dim {
			return nil, fmt.Errorf("network: Sigma has %d values, want one per node variable (%d)", len(c.Sigma), net.dim)
		}
		for k, s := range c.Sigma {
			if !(s >= 0) || math.IsInf(s, 0) {
				return nil, fmt.Errorf("network: Sigma[%d] = %v, want finite ≥ 0", k, s)
			}
		}
		net.sigma = append([]float64(nil), c.Sigma...)
	}
	for k, s := range c.Stimuli {
		for _, i := range s.Nodes {
			if i < 0 || i >= n {
				return nil, fmt.Errorf("network: Stimuli[%d] node %d, want in [0, %d]", k, i, n-1)
			}
		}
		if !(s.End >= s.Start) || math.IsNaN(s.Amplitude) || math.IsInf(s.Amplitude, 0) {
			return nil, fmt.Errorf("network: Stimuli[%d] window [%v, %v) amplitude %v invalid", k, s.Start, s.End, s.Amplitude)
		}
	}
	// weights
	nz := 0
	dense := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("network: weight W[%d][%d] = %v, want finite", i, j, v)
			}
			dense[i*n+j] = v
			if v != 0 {
				nz++
			}
		}
	}
	switch c.Coupling {
	case CouplingAuto:
		net.sparse = float64(nz) < SparseDensity*float64(n*n)
	case CouplingDense:
	case CouplingSparse:
		net.sparse = true
	default:
		return nil, fmt.Errorf("network: Coupling = %d, want CouplingAuto, CouplingDense or CouplingSparse", c.Coupling)
	}
	net.w = blas64.General{Rows: n, Cols: n, Stride: n, Data: dense}
	net.rowPtr = make([]int32, n+1)
	for i := 0; i < n; i++ {
		for j, v := range dense[i*n : (i+1)*n] {
			if v != 0 {
				net.colIdx = append(net.colIdx, int32(j))
				net.val = append(net.val, v)
			}
		}
		net.rowPtr[i+1] = int32(len(net.val))
	}
	if c.Lengths != nil {
		if r, cc := c.Lengths.Dims(); r != n || cc != n {
			return nil, fmt.Errorf("network: Lengths are %d×%d for %d nodes", r, cc, n)
		}
		if !(c.Speed > 0) || math.IsInf(c.Speed, 0) {
			return nil, fmt.Errorf("network: conduction Speed = %v, want finite > 0 with Lengths", c.Speed)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if l := c.Lengths.At(i, j); !(l >= 0) || math.IsInf(l, 0) {
					return nil, fmt.Errorf("network: Lengths[%d][%d] = %v, want finite ≥ 0", i, j, l)
				}
			}
		}
		net.lengths, net.speed = c.Lengths, c.Speed
	}
	if b, ok := nodes[0].(BatchCoupled); ok && len(seen) == 1 {
		net.batch = b
	}
	if c.Workers < 0 {
		return nil, fmt.Errorf("network: Workers = %d, want ≥ 0", c.Workers)
	}
	net.workers = max(1, c.Workers)
	net.x = make([]float64, n)
	net.c = make([]float64, n)
	vs := nodes[0].Vars()
	net.vars = make([]string, n*net.dim)
	for i := 0; i < n; i++ {
		for k := 0; k < net.dim; k++ {
			name := fmt.Sprint(k)
			if k < len(vs) {
				name = vs[k]
			}
			net.vars[i*net.dim+k] = fmt.Sprintf("%s[%d]", name, i)
		}
	}
	return net, nil
}

// Dim returns N·dim.
func (net *Network) Dim() int { return net.n * net.dim }

// Nodes returns N.
func (net *Network) Nodes() int { return net.n }

// NodeDim returns the dimension of one node.
func (net *Network) NodeDim() int { return net.dim }

// CouplingVar returns the index of the coupling variable within a node.
func (net *Network) CouplingVar() int { return net.cv }

// Vars names the state variables "name[node]", e.g. "rE[12]".
func (net *Network) Vars() []string { return net.vars }

// Sparse reports whether the coupling uses the CSR representation.
func (net *Network) Sparse() bool { return net.sparse }

// HasDelays reports whether the network has conduction delays.
func (net *Network) HasDelays() bool { return net.lengths != nil }

// Synchronous returns the network state with every node at y0 (len dim).
func (net *Network) Synchronous(y0 []float64) []float64 {
	if len(y0) != net.dim {
		panic("network: Synchronous: y0 length mismatch")
	}
	y := make([]float64, net.n*net.dim)
	for i := 0; i < net.n; i++ {
		copy(y[i*net.dim:], y0)
	}
	return y
}

// Deriv implements ode.System. Without delays the coupling input is
// computed from y. With delays, during a step of a fixed-step stepper
// (between BeginStep and EndStep, see ode.Stepwise) it is the delayed input
// gathered from the history at the start of the step; outside a step it is
// the input of a constant history equal to y (what the first step of a run
// from y sees), so Deriv is defined everywhere and never panics.
func (net *Network) Deriv(dst []float64, t float64, y []float64) {
	if net.inStep {
		net.derivWith(dst, t, y, net.dl.cd)
		return
	}
	net.input(net.c, y)
	net.derivWith(dst, t, y, net.c)
}

// Diffusion implements ode.StochasticSystem: Sigma per variable.
func (net *Network) Diffusion(dst []float64, t float64, y []float64) {
	for i := 0; i < net.n; i++ {
		d := dst[i*net.dim : (i+1)*net.dim]
		if net.sigma == nil {
			clear(d)
		} else {
			copy(d, net.sigma)
		}
	}
}

// Input writes the instantaneous coupling input c_n = G Σ_m W[n][m] x_m
// (without delays and stimulation) for the state y into dst (len N).
func (net *Network) Input(dst []float64, y []float64) { net.input(dst, y) }

func (net *Network) input(c []float64, y []float64) {
	x := net.x
	dim, cv := net.dim, net.cv
	for j := range x {
		x[j] = y[j*dim+cv]
	}
	if net.g == 0 {
		clear(c)
		return
	}
	if !net.sparse {
		blas64.Gemv(blas.NoTrans, net.g, net.w, blas64.Vector{N: net.n, Inc: 1, Data: x}, 0, blas64.Vector{N: net.n, Inc: 1, Data: c})
		return
	}
	rp, ci, val, g := net.rowPtr, net.colIdx, net.val, net.g
	for i := range c {
		s := 0.0
		lo, hi := rp[i], rp[i+1]
		for k := lo; k < hi; k++ {
			s += val[k] * x[ci[k]]
		}
		c[i] = g * s
	}
}

// derivWith evaluates all nodes with the inputs c (plus active stimuli).
func (net *Network) derivWith(dst []float64, t float64, y []float64, c []float64) {
	dim := net.dim
	nodes := net.nodes
	if len(net.stim) == 0 {
		if net.batch != nil {
			net.batch.DerivCoupledBatch(dst, t, y, c)
			return
		}
		for i, m := range nodes {
			o := i * dim
			m.DerivCoupled(dst[o:o+dim:o+dim], t, y[o:o+dim:o+dim], c[i])
		}
		return
	}
	if net.batch != nil {
		net.batch.DerivCoupledBatch(dst, t, y, c)
	} else {
		for i, m := range nodes {
			o := i * dim
			m.DerivCoupled(dst[o:o+dim:o+dim], t, y[o:o+dim:o+dim], c[i])
		}
	}
	// stimuli: add the derivative's response to the extra input (the
	// models are affine in c only through DerivCoupled, so re-evaluate the
	// stimulated nodes with the total input)
	for _, s := range net.stim {
		if t < s.Start || t >= s.End {
			continue
		}
		for _, i := range s.Nodes {
			o := i * dim
			nodes[i].DerivCoupled(dst[o:o+dim:o+dim], t, y[o:o+dim:o+dim], c[i]+net.stimAt(t, i))
		}
	}
}

// stimAt returns the total stimulus of node i at t.
func (net *Network) stimAt(t float64, i int) float64 {
	a := 0.0
	for _, s := range net.stim {
		if t < s.Start || t >= s.End {
			continue
		}
		for _, k := range s.Nodes {
			if k == i {
				a += s.Amplitude
			}
		}
	}
	return a
}
