// Command ode times ngnmm's integrators on the MPR 2015 Fig. 2 pulse
// protocol and reports their accuracy against a reference solution; it is
// the Go half of the side-by-side benchmark run by bench/ode/run.sh (the
// SciPy half is bench/ode/scipy_bench.py, which also writes the reference).
//
//	go run ./bench/ode -ref ref.csv [-T 100] [-min 1s]
//
// Protocol (Montbrió, Pazó, Roxin, PRX 5, 021028 (2015), Fig. 2; docs/reference-values.md
// § MPR): τ = 1, Δ = 1, η̄ = −5, J = 15, I = 3 for 0 < t < 30, start at the
// low fixed point, samples every 0.1 up to T. The pulse's switching times
// are passed to ode.Solve as breakpoints. Output: one JSON object per
// method on stdout.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

type result struct {
	Method  string  `json:"method"`
	Seconds float64 `json:"seconds"` // best CPU time (of this thread) of one full run
	Wall    float64 `json:"wall"`    // best wall time of one full run
	Runs    int     `json:"runs"`
	MaxErr  float64 `json:"max_err"` // max |Δr|, |Δv| on the sample grid vs the reference
	Steps   int     `json:"steps"`
	Evals   int     `json:"nfev"`
}

func main() {
	refPath := flag.String("ref", "", "reference CSV (t,r,v) on the sample grid")
	T := flag.Float64("T", 100, "end time (τ)")
	minDur := flag.Duration("min", time.Second, "minimum total timing per method")
	flag.Parse()
	ref, err := readRef(*refPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ode bench:", err)
		os.Exit(2)
	}
	methods := []struct {
		name   string
		mk     func() ode.Stepper
		pieces bool
	}{
		{"go rk4 dt=1e-3", func() ode.Stepper { return ode.NewRK4(1e-3) }, false},
		{"go dopri5 rtol=1e-9 atol=1e-12", func() ode.Stepper { return ode.NewDoPri5(1e-9, 1e-12) }, false},
		{"go dopri5 rtol=1e-6 atol=1e-9", func() ode.Stepper { return ode.NewDoPri5(1e-6, 1e-9) }, false},
		{"go rk4 dt=1e-3 pieces", func() ode.Stepper { return ode.NewRK4(1e-3) }, true},
		{"go dopri5 rtol=1e-9 atol=1e-12 pieces", func() ode.Stepper { return ode.NewDoPri5(1e-9, 1e-12) }, true},
	}
	enc := json.NewEncoder(os.Stdout)
	for _, m := range methods {
		run := runBreakpoints
		if m.pieces {
			run = runPieces
		}
		res, err := bench(m.mk, run, *T, ref, *minDur)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ode bench:", m.name, err)
			os.Exit(1)
		}
		res.Method = m.name
		enc.Encode(res)
	}
}

func lowFixedPoint(m nmm.MPR) (r, v float64) {
	// smallest positive root of π² r⁴ − J r³ − η̄ r² − Δ²/(4π²) (docs/models.md § MPR equilibria and folds), Newton
	c4, c3, c2, c0 := math.Pi*math.Pi, -m.J, -(m.EtaBar + m.I), -m.Delta*m.Delta/(4*math.Pi*math.Pi)
	r = 0.05
	for i := 0; i < 50; i++ {
		r -= (((c4*r+c3)*r+c2)*r*r + c0) / ((4*c4*r+3*c3)*r*r + 2*c2*r)
	}
	return r, -m.Delta / (2 * math.Pi * r)
}

// grid records the samples in preallocated arrays.
type grid struct {
	n    int
	r, v []float64
}

func (g *grid) Observe(t float64, y []float64) error {
	if g.n < len(g.r) {
		g.r[g.n], g.v[g.n] = y[0], y[1]
	}
	g.n++
	return nil
}

// runBreakpoints integrates the protocol in one Solve call, the pulse given
// as a time-dependent input with its switching times as breakpoints.
func runBreakpoints(st ode.Stepper, T float64, g *grid) (ode.Stats, error) {
	m := nmm.DefaultMPR()
	m.Input = func(t float64) float64 {
		if t > 0 && t < 30 {
			return 3
		}
		return 0
	}
	r0, v0 := lowFixedPoint(m)
	g.n = 0
	return ode.Solve(&m, st, 0, T, []float64{r0, v0}, &ode.Settings{SampleEvery: 0.1, Breakpoints: []float64{0, 30}}, g)
}

// runPieces integrates the protocol as SciPy does: two Solve calls with a
// constant I (3 on [0, 30], 0 on [30, T]).
func runPieces(st ode.Stepper, T float64, g *grid) (ode.Stats, error) {
	m := nmm.DefaultMPR()
	r0, v0 := lowFixedPoint(m)
	g.n = 0
	m.I = 3
	s1, err := ode.Solve(&m, st, 0, 30, []float64{r0, v0}, &ode.Settings{SampleEvery: 0.1}, g)
	if err != nil {
		return s1, err
	}
	_, y := st.State()
	y30 := []float64{y[0], y[1]}
	g.n-- // t = 30 is observed again
	m.I = 0
	s2, err := ode.Solve(&m, st, 30, T, y30, &ode.Settings{SampleEvery: 0.1}, g)
	return ode.Stats{Steps: s1.Steps + s2.Steps, Rejected: s1.Rejected + s2.Rejected, Evals: s1.Evals + s2.Evals}, err
}

func bench(mk func() ode.Stepper, run func(ode.Stepper, float64, *grid) (ode.Stats, error), T float64, ref [][3]float64, minDur time.Duration) (result, error) {
	g := &grid{r: make([]float64, len(ref)), v: make([]float64, len(ref))}
	var res result
	best, bestWall := math.Inf(1), math.Inf(1)
	var total time.Duration
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for res.Runs < 5 || total < minDur {
		start, c0 := time.Now(), threadCPU()
		stats, err := run(mk(), T, g)
		d, c := time.Since(start), threadCPU()-c0
		if err != nil {
			return res, err
		}
		total += d
		best = math.Min(best, c)
		bestWall = math.Min(bestWall, d.Seconds())
		res.Runs++
		res.Steps, res.Evals = stats.Steps, stats.Evals
	}
	res.Seconds, res.Wall = best, bestWall
	if g.n != len(ref) {
		return res, fmt.Errorf("%d samples, reference has %d", g.n, len(ref))
	}
	for i, row := range ref {
		res.MaxErr = math.Max(res.MaxErr, math.Max(math.Abs(g.r[i]-row[1]), math.Abs(g.v[i]-row[2])))
	}
	return res, nil
}

func readRef(path string) ([][3]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 || len(rows[0]) != 3 {
		return nil, fmt.Errorf("%s: want a header t,r,v and rows", path)
	}
	out := make([][3]float64, len(rows)-1)
	for i, row := range rows[1:] {
		for j := range 3 {
			if out[i][j], err = strconv.ParseFloat(row[j], 64); err != nil {
				return nil, fmt.Errorf("%s line %d: %v", path, i+2, err)
			}
		}
	}
	return out, nil
}

// threadCPU returns the CPU time of the calling OS thread in seconds
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID)); timing CPU rather than wall time
// keeps the comparison meaningful on a shared machine.
func threadCPU() float64 {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return float64(time.Now().UnixNano()) * 1e-9
	}
	return float64(ts.Sec) + 1e-9*float64(ts.Nsec)
}
