// Package sweep is the one contract of every sweep-shaped computation of
// ngnmm (stability maps, lesion studies, seeds × parameters): a grid or list
// of jobs with a deterministic job index and per-job seed, computed in
// parallel, in shards on several machines or as a SLURM job array, written
// as JSON lines (one result per job, carrying the job's inputs), resumable
// from a partial file and mergeable from shard files into exactly the bytes
// a single run would have written.
//
// A job's result must depend only on the job's index (and the sweep's fixed
// settings), never on the shard, the number of workers or the order of
// evaluation: then every way of computing a sweep gives the same file.
// Randomness comes from [Job.RNG], a generator seeded by the sweep's base seed
// and the job index.
//
// Files: see [Format]. Docs: docs/cluster.md.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// MaxJobs bounds the number of jobs of a sweep.
const MaxJobs = 100_000_000

// Axis is one parameter axis: N equally spaced values from Lo to Hi (N = 1:
// Lo only). An integer list 0 … N−1 (regions of a connectome, run numbers)
// is the axis Lo = 0, Hi = N−1.
type Axis struct {
	Name string  `json:"name"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	N    int     `json:"n"`
}

// Value returns the i-th value of the axis.
func (a Axis) Value(i int) float64 {
	if a.N <= 1 {
		return a.Lo
	}
	return a.Lo + (a.Hi-a.Lo)*float64(i)/float64(a.N-1)
}

// Validate checks 1 ≤ N ≤ 10⁶ and a finite range.
func (a Axis) Validate() error {
	if a.N < 1 || a.N > 1_000_000 {
		return fmt.Errorf("sweep: axis %s has N = %d points, want 1 … 10⁶", a.Name, a.N)
	}
	if math.IsNaN(a.Lo) || math.IsInf(a.Lo, 0) || math.IsNaN(a.Hi) || math.IsInf(a.Hi, 0) {
		return fmt.Errorf("sweep: axis %s range [%v, %v], want finite", a.Name, a.Lo, a.Hi)
	}
	return nil
}

// Grid is the product of Axes times Seeds replicas (parameter points ×
// seeds). Job index idx = p·R + r for parameter point p (row-major over the
// axes: the last axis varies fastest) and replica r < R = max(Seeds, 1).
type Grid struct {
	Axes  []Axis `json:"axes"`
	Seeds int    `json:"seeds,omitempty"` // replicas per point (0: 1)
	Seed  uint64 `json:"seed,omitempty"`  // base seed of [Job.RNG]
}

func (g Grid) replicas() int { return max(g.Seeds, 1) }

// Validate checks the axes, Seeds ≥ 0 and Size ≤ [MaxJobs].
func (g Grid) Validate() error {
	if len(g.Axes) == 0 {
		return errors.New("sweep: grid without axes")
	}
	if g.Seeds < 0 || g.Seeds > MaxJobs {
		return fmt.Errorf("sweep: %d seeds, want 0 … %d", g.Seeds, MaxJobs)
	}
	n := g.replicas()
	for _, a := range g.Axes {
		if err := a.Validate(); err != nil {
			return err
		}
		if n > MaxJobs/a.N {
			return fmt.Errorf("sweep: grid of more than %d jobs", MaxJobs)
		}
		n *= a.N
	}
	return nil
}

// Size returns the number of jobs (0 for an invalid grid).
func (g Grid) Size() int {
	if g.Validate() != nil {
		return 0
	}
	n := g.replicas()
	for _, a := range g.Axes {
		n *= a.N
	}
	return n
}

// Job is one job of a grid.
type Job struct {
	Index   int       // job index
	Point   []int     // index along each axis
	Values  []float64 // value of each axis
	Replica int       // replica (seed number) at this point
	Seed    uint64    // base seed of the grid
}

// RNG returns the job's random generator, PCG(Seed, Index): the same for a
// job however the sweep is split, independent between jobs.
func (j Job) RNG() *rand.Rand { return rand.New(rand.NewPCG(j.Seed, uint64(j.Index))) }

// Job returns job idx (0 ≤ idx < Size()).
func (g Grid) Job(idx int) Job {
	j := Job{Index: idx, Seed: g.Seed, Point: make([]int, len(g.Axes)), Values: make([]float64, len(g.Axes))}
	r := g.replicas()
	j.Replica = idx % r
	p := idx / r
	for k := len(g.Axes) - 1; k >= 0; k-- {
		a := g.Axes[k]
		j.Point[k] = p % a.N
		j.Values[k] = a.Value(j.Point[k])
		p /= a.N
	}
	return j
}

// Shard selects the part of a sweep that one process computes: the jobs
// with index ≡ Index (mod Count), so that every shard gets a similar mix of
// cheap and expensive jobs. The zero value (Count 0) and Count 1 mean the
// whole sweep.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Validate checks 0 ≤ Index < Count ≤ 10⁶ (or the zero value).
func (s Shard) Validate() error {
	if s.Count == 0 && s.Index == 0 {
		return nil
	}
	if s.Count < 1 || s.Count > 1_000_000 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("sweep: shard %d/%d, want 0 ≤ index < count ≤ 10⁶", s.Index, s.Count)
	}
	return nil
}

// Has reports whether job idx belongs to the shard.
func (s Shard) Has(idx int) bool { return s.Count <= 1 || idx%s.Count == s.Index }

// Whole reports whether the shard is the whole sweep.
func (s Shard) Whole() bool { return s.Count <= 1 }

// Jobs returns the number of the size jobs that belong to the shard.
func (s Shard) Jobs(size int) int {
	if s.Whole() {
		return size
	}
	if size <= s.Index {
		return 0
	}
	return (size-1-s.Index)/s.Count + 1
}

// String returns "i/n" ("" for the whole sweep).
func (s Shard) String() string {
	if s.Whole() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ShardEnv lists the environment variables that "env/n" reads the shard
// index from, in order: a SLURM array task, a Kubernetes indexed job.
var ShardEnv = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"}

// ParseShard parses "i/n", or "env/n" with the index from the first set
// variable of [ShardEnv]. "" is the whole sweep.
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q, want i/n", s)
	}
	if is == "env" {
		is = ""
		for _, v := range ShardEnv {
			if is = os.Getenv(v); is != "" {
				break
			}
		}
		if is == "" {
			return Shard{}, fmt.Errorf("env/n: none of %s is set", strings.Join(ShardEnv, ", "))
		}
	}
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("%q, want i/n with integers", s)
	}
	sh := Shard{Index: i, Count: n}
	if n < 1 {
		return sh, fmt.Errorf("%q: want n ≥ 1", s)
	}
	return sh, sh.Validate()
}

// ProgressInterval is the least time between two reports of a running
// job's own progress to Run's prog (job completions are always reported).
var ProgressInterval = 200 * time.Millisecond

// meter adds the fractions of the running jobs (one slot per worker, as
// float64 bits) to the count of finished jobs, for Run's prog: so a sweep
// of a few long jobs moves while they run, not only when one ends.
type meter struct {
	prog  progress.Func
	total float64
	slots []atomic.Uint64
	next  atomic.Int64 // earliest time (UnixNano) of the next in-job report

	mu       sync.Mutex // serialises prog; guards done and last
	done     int        // jobs computed without error
	last     float64    // the last value reported (reports never go back)
	reported bool
}

// report calls prog with done + the running fractions, never less than the
// last report. Called with mu held.
func (m *meter) report() {
	v := float64(m.done)
	for i := range m.slots {
		v += math.Float64frombits(m.slots[i].Load())
	}
	v = min(v, m.total)
	if m.reported && v < m.last {
		v = m.last
	}
	m.last, m.reported = v, true
	m.prog(v, m.total)
}

// job is the progress.Func of worker w's running job: it stores the job's
// fraction done/total (clamped to [0, 1); NaN and total ≤ 0 ignored) and
// reports at most once per ProgressInterval. It allocates nothing.
func (m *meter) job(w int) progress.Func {
	return func(done, total float64) {
		f := done / total
		if !(total > 0) || !(f >= 0) {
			return
		}
		m.slots[w].Store(math.Float64bits(min(f, 0.999999)))
		now := time.Now().UnixNano()
		if t := m.next.Load(); now < t || !m.next.CompareAndSwap(t, now+int64(ProgressInterval)) {
			return
		}
		if m.mu.TryLock() { // a report under way is as good
			m.report()
			m.mu.Unlock()
		}
	}
}

type jobProgressKey struct{}

// JobProgress is the progress.Func through which a job of Run reports its
// own progress (for example network.RunOptions.Progress or
// ode.Settings.Progress): Run's prog then receives the finished jobs plus
// the fractions of the running ones. ctx is the context Run passed to the
// job; outside Run, or when Run has no prog, it is nil (no report).
func JobProgress(ctx context.Context) progress.Func {
	f, _ := ctx.Value(jobProgressKey{}).(progress.Func)
	return f
}

// Run computes the jobs 0 … size−1 of shard that skip does not exclude
// (skip may be nil), in increasing index order handed to workers goroutines
// (≤ 0: 1), and passes each result to emit as it is finished (emit is called
// from one goroutine at a time, in completion order; an error from emit or
// compute stops the run and is returned). prog receives (work done, jobs to
// do), from one goroutine at a time and never decreasing: after each job
// the number of jobs computed, and in between, at most every
// ProgressInterval, that number plus the fractions the running jobs report
// through [JobProgress] (jobs that do not report count 0 until they end).
// compute must be safe for concurrent use.
func Run[R any](ctx context.Context, size int, shard Shard, workers int, skip func(idx int) bool,
	compute func(ctx context.Context, idx int) (R, error), emit func(R) error, prog progress.Func) error {
	if err := shard.Validate(); err != nil {
		return err
	}
	if size < 0 || size > MaxJobs {
		return fmt.Errorf("sweep: %d jobs, want 0 … %d", size, MaxJobs)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var todo []int
	for idx := 0; idx < size; idx++ {
		if shard.Has(idx) && (skip == nil || !skip(idx)) {
			todo = append(todo, idx)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type res struct {
		r   R
		err error
	}
	jobs := make(chan int)
	results := make(chan res)
	var wg sync.WaitGroup
	nw := max(workers, 1)
	var m *meter
	if prog != nil {
		m = &meter{prog: prog, total: float64(len(todo)), slots: make([]atomic.Uint64, nw)}
	}
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jctx := ctx
			if m != nil {
				jctx = context.WithValue(ctx, jobProgressKey{}, m.job(w))
			}
			for idx := range jobs {
				r, err := compute(jctx, idx)
				if m != nil { // the job's fraction becomes one finished job, in one step
					m.mu.Lock()
					m.slots[w].Store(0)
					if err == nil {
						m.done++
						m.report()
					}
					m.mu.Unlock()
				}
				if err != nil {
					err = fmt.Errorf("job %d: %w", idx, err)
				}
				select {
				case results <- res{r, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, idx := range todo {
			select {
			case jobs <- idx:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var firstErr error
	done := 0
	for r := range results {
		if firstErr != nil {
			continue
		}
		err := r.err
		if err == nil {
			err = emit(r.r)
		}
		if err != nil {
			firstErr = err
			cancel()
			continue
		}
		done++
	}
	if firstErr != nil {
		return firstErr
	}
	if done < len(todo) {
		return ctx.Err()
	}
	return nil
}
