package network

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

// Select is an observer that passes variable Var of every node (N values)
// to Next: it turns network states into region signals.
type Select struct {
	Var  int          // node variable index, in [0, dim)
	Next ode.Observer // receives N values per sample
	dim  int
	buf  []float64
}

// NewSelect returns a Select of variable v of the nodes of net.
func NewSelect(net *Network, v int, next ode.Observer) (*Select, error) {
	if v < 0 || v >= net.dim {
		return nil, fmt.Errorf("network: variable %d, want in [0, %d]", v, net.dim-1)
	}
	return &Select{Var: v, Next: next, dim: net.dim, buf: make([]float64, net.n)}, nil
}

// Observe implements ode.Observer.
func (s *Select) Observe(t float64, y []float64) error {
	for i := range s.buf {
		s.buf[i] = y[i*s.dim+s.Var]
	}
	return s.Next.Observe(t, s.buf)
}

// TemporalAverage is an observer that averages every Every consecutive
// samples and passes the mean, stamped with the mean of their times, to
// Next (TVB's TemporalAverage monitor; with Solve's SampleEvery it also
// decimates).
type TemporalAverage struct {
	Every int // samples per average; ≥ 1
	Next  ode.Observer
	sum   []float64
	ts    float64
	k     int
}

// NewTemporalAverage returns an averaging observer of every samples.
func NewTemporalAverage(every int, next ode.Observer) (*TemporalAverage, error) {
	if every < 1 {
		return nil, fmt.Errorf("network: TemporalAverage of %d samples, want ≥ 1", every)
	}
	return &TemporalAverage{Every: every, Next: next}, nil
}

// Observe implements ode.Observer.
func (a *TemporalAverage) Observe(t float64, y []float64) error {
	if a.sum == nil {
		a.sum = make([]float64, len(y))
	}
	if len(y) != len(a.sum) {
		return fmt.Errorf("network: TemporalAverage got %d values, want %d", len(y), len(a.sum))
	}
	for i, v := range y {
		a.sum[i] += v
	}
	a.ts += t
	a.k++
	if a.k < a.Every {
		return nil
	}
	inv := 1 / float64(a.k)
	for i := range a.sum {
		a.sum[i] *= inv
	}
	err := a.Next.Observe(a.ts*inv, a.sum)
	clear(a.sum)
	a.ts, a.k = 0, 0
	return err
}

// Tee passes every sample to each of its observers in turn.
type Tee []ode.Observer

// Observe implements ode.Observer.
func (t Tee) Observe(tm float64, y []float64) error {
	for _, o := range t {
		if err := o.Observe(tm, y); err != nil {
			return err
		}
	}
	return nil
}

// CSVWriter is an observer that streams samples to a writer as CSV lines
// "t,x0,x1,…" (full float64 precision), after a header line. Call Flush at
// the end.
type CSVWriter struct {
	w      *bufio.Writer
	header []string
	line   []byte
	wrote  bool
}

// NewCSVWriter returns a CSV observer writing to w; header names the
// columns after "t" (nil: no header line).
func NewCSVWriter(w io.Writer, header []string) *CSVWriter {
	return &CSVWriter{w: bufio.NewWriterSize(w, 1<<16), header: header}
}

// Observe implements ode.Observer.
func (c *CSVWriter) Observe(t float64, y []float64) error {
	if !c.wrote && c.header != nil {
		c.line = append(c.line[:0], 't')
		for _, h := range c.header {
			c.line = append(c.line, ',')
			c.line = append(c.line, h...)
		}
		c.line = append(c.line, '\n')
		if _, err := c.w.Write(c.line); err != nil {
			return err
		}
	}
	c.wrote = true
	c.line = strconv.AppendFloat(c.line[:0], t, 'g', -1, 64)
	for _, v := range y {
		c.line = append(c.line, ',')
		c.line = strconv.AppendFloat(c.line, v, 'g', -1, 64)
	}
	c.line = append(c.line, '\n')
	_, err := c.w.Write(c.line)
	return err
}

// Flush writes buffered lines.
func (c *CSVWriter) Flush() error { return c.w.Flush() }

// Sweep runs job(ctx, i) for i = 0..n−1 on `workers` goroutines (≤ 0: 1)
// and returns the results in index order. Jobs must be independent: derive
// any random stream from i (e.g. rand.NewPCG(seed, uint64(i))) so that the
// results do not depend on the number of workers. progress, if non-nil,
// receives (work done, n), from one goroutine at a time, never decreasing:
// the jobs finished plus the fractions that running jobs report through
// sweep.JobProgress(ctx) (pass it as RunOptions.Progress), so a sweep of a
// few long runs moves while they run. The
// first error cancels the remaining jobs and is returned. It is
// [sweep.Run] collected in memory (sweep.Format adds files, shards and
// resume).
func Sweep[R any](ctx context.Context, n, workers int, prog progress.Func, job func(ctx context.Context, i int) (R, error)) ([]R, error) {
	type res struct {
		i int
		r R
	}
	out := make([]R, n)
	err := sweep.Run(ctx, n, sweep.Shard{}, workers, nil, func(ctx context.Context, i int) (res, error) {
		r, err := job(ctx, i)
		return res{i, r}, err
	}, func(x res) error { out[x.i] = x.r; return nil }, prog)
	if err != nil {
		return out, fmt.Errorf("network: sweep %w", err)
	}
	return out, nil
}
