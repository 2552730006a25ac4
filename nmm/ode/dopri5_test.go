package ode

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestDoPri5Analytic checks the end point and the dense-output samples
// against the analytic solutions of the Riccati problem and the oscillator.
func TestDoPri5Analytic(t *testing.T) {
	cases := []struct {
		name   string
		sys    System
		t1     float64
		y0     []float64
		exact  func(float64) []float64
		rtol   float64
		atol   float64
		maxErr float64 // global error bound (a small multiple of the tolerance)
	}{
		{"riccati/1e-10", riccati, 10, []float64{1}, riccatiExact, 1e-10, 1e-12, 5e-10},
		{"oscillator/1e-10", oscillator{}, 20, []float64{1, 0}, oscExact, 1e-10, 1e-12, 2e-9},
		{"riccati/1e-6", riccati, 10, []float64{1}, riccatiExact, 1e-6, 1e-9, 2e-6},
		{"oscillator/1e-6", oscillator{}, 20, []float64{1, 0}, oscExact, 1e-6, 1e-9, 3e-5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := NewDoPri5(c.rtol, c.atol)
			var worst float64
			var samples int
			stats, err := Solve(c.sys, st, 0, c.t1, c.y0, &Settings{SampleEvery: 0.01}, ObserverFunc(func(tt float64, y []float64) error {
				worst = math.Max(worst, maxAbsDiff(y, c.exact(tt)))
				if want := float64(samples) * 0.01; math.Abs(tt-want) > 1e-12 {
					t.Errorf("sample %d at t=%v, want %v", samples, tt, want)
				}
				samples++
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			tn, y := st.State()
			endErr := maxAbsDiff(y, c.exact(c.t1))
			t.Logf("steps=%d rejected=%d evals=%d end error=%.3e max sample error=%.3e", stats.Steps, stats.Rejected, stats.Evals, endErr, worst)
			if tn != c.t1 {
				t.Errorf("final time got=%v, want=%v exactly", tn, c.t1)
			}
			if want := int(math.Round(c.t1/0.01)) + 1; samples != want {
				t.Errorf("samples got=%d, want=%d", samples, want)
			}
			if endErr > c.maxErr || worst > c.maxErr {
				t.Errorf("error got=%.3e (end) %.3e (samples), want ≤ %.1e", endErr, worst, c.maxErr)
			}
		})
	}
}

// TestDoPri5DenseOrder: the continuous extension is of order 4 — with the
// step size fixed by MaxStep = InitialStep = h and loose tolerances, the
// interpolation error at mid-step shrinks by ≈ 2^5 per halving of h (local
// error O(h^5) of the order-4 interpolant).
func TestDoPri5DenseOrder(t *testing.T) {
	var errs []float64
	for _, h := range []float64{0.2, 0.1, 0.05} {
		st := &DoPri5{RelTol: 1, AbsTol: 1, MaxStep: h, InitialStep: h}
		if err := st.Init(oscillator{}, 0, []float64{1, 0}); err != nil {
			t.Fatal(err)
		}
		if err := st.Step(); err != nil {
			t.Fatal(err)
		}
		tp, tn := st.LastStep()
		if tp != 0 || tn != h {
			t.Fatalf("step [%v, %v], want [0, %v]", tp, tn, h)
		}
		// error of the interpolant relative to the step's own end values:
		// compare with the exact solution shifted by the step's end error
		dst := make([]float64, 2)
		st.Interpolate(dst, h/2)
		errs = append(errs, maxAbsDiff(dst, oscExact(h/2)))
		st.Interpolate(dst, 0)
		if d := maxAbsDiff(dst, []float64{1, 0}); d > 1e-16 {
			t.Errorf("Interpolate at tPrev differs from y_old by %g", d)
		}
		st.Interpolate(dst, h)
		_, y := st.State()
		if d := maxAbsDiff(dst, y); d > 1e-16 {
			t.Errorf("Interpolate at tNow differs from y_new by %g", d)
		}
	}
	for k := 1; k < len(errs); k++ {
		p := math.Log2(errs[k-1] / errs[k])
		t.Logf("mid-step interpolation error %.3e, ratio exponent %.2f", errs[k], p)
		if math.Abs(p-5) > 0.3 {
			t.Errorf("local order of the dense output got=%.2f, want=5 (order 4 interpolant), tol=0.3", p)
		}
	}
}

// TestDoPri5HairerCounts pins the step statistics to those of E. Hairer's
// Fortran DOPRI5 (the reference implementation, run inside SciPy by
// testdata/gen_mpr_pulse.py → testdata/dopri5_counts.csv): our controller
// follows it exactly, so accepted steps, rejected steps (Hairer does not
// count rejections before the first accepted step) and evaluations must be
// equal, and the end states agree to rounding — also with a maximum step
// size (Hairer's HMAX, our MaxStep) and across a breakpoint (the sums of
// two calls of Hairer's code, one per smooth piece). SciPy's solve_ivp RK45
// (different controller) is compared for information, within 15 %.
func TestDoPri5HairerCounts(t *testing.T) {
	rows := readCSV(t, "testdata/dopri5_counts.csv")
	mprI := func(I float64) Func {
		return Func{N: 2, F: func(dst []float64, t float64, y []float64) {
			r, v := y[0], y[1]
			dst[0] = 1/math.Pi + 2*r*v
			dst[1] = v*v - 5 + I + 15*r - math.Pi*math.Pi*r*r
		}}
	}
	// the pulse protocol as one system with a time-dependent input, I = 3 on
	// 0 < t < 30: with breakpoints {0, 30}, Solve restarts at t = 30 and
	// must match two separate calls of Hairer's code.
	pulse := Func{N: 2, F: func(dst []float64, t float64, y []float64) {
		I := 0.0
		if t > 0 && t < 30 {
			I = 3
		}
		mprI(I).F(dst, t, y)
	}}
	problems := map[string]System{"riccati": riccati, "mpr_on": mprI(3), "mpr_off": mprI(0), "mpr_pulse": pulse}
	for _, row := range rows[1:] {
		name := row[0]
		f := fl(t, row[1:8])
		rtol, atol, t0, t1, hmax := f[0], f[1], f[2], f[3], f[6]
		sys := problems[name]
		y0 := f[4 : 4+sys.Dim()]
		c := fl(t, row[8:15])
		nfcn, naccpt, nrejct, rk45 := int(c[0]), int(c[2]), int(c[3]), int(c[4])
		yH := c[5 : 5+sys.Dim()]
		st := &DoPri5{RelTol: rtol, AbsTol: atol, MaxStep: hmax}
		var set *Settings
		if name == "mpr_pulse" {
			set = &Settings{Breakpoints: []float64{0, 30}}
		}
		stats, err := Solve(sys, st, t0, t1, y0, set, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, y := st.State()
		t.Logf("%s rtol=%g hmax=%g: ours steps=%d rejected=%d evals=%d; Hairer accepted=%d rejected=%d nfcn=%d; SciPy RK45 nfev=%d; |Δy|=%.1e",
			name, rtol, hmax, stats.Steps, stats.Rejected, stats.Evals, naccpt, nrejct, nfcn, rk45, maxAbsDiff(y, yH))
		if stats.Steps != naccpt || stats.Rejected-st.rejectedEarly != nrejct || stats.Evals != nfcn {
			t.Errorf("%s rtol=%g: got steps=%d rejected=%d(-%d early) evals=%d, want Hairer's %d %d %d",
				name, rtol, stats.Steps, stats.Rejected, st.rejectedEarly, stats.Evals, naccpt, nrejct, nfcn)
		}
		for i := range y {
			if d := math.Abs(y[i] - yH[i]); d > 1e-12*math.Max(1, math.Abs(yH[i])) {
				t.Errorf("%s rtol=%g: y[%d] got=%v, want=%v (Hairer), tol=1e-12", name, rtol, i, y[i], yH[i])
			}
		}
		if r := float64(stats.Evals) / float64(rk45); r < 0.85 || r > 1.15 {
			t.Errorf("%s rtol=%g: evals %d vs SciPy RK45 nfev %d: ratio %.2f outside [0.85, 1.15]", name, rtol, stats.Evals, rk45, r)
		}
	}
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func fl(t testing.TB, s []string) []float64 {
	t.Helper()
	out := make([]float64, len(s))
	for i, x := range s {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

func TestDoPri5BadSettings(t *testing.T) {
	for _, st := range []*DoPri5{
		{RelTol: -1, AbsTol: 1e-9}, {RelTol: 1e-6, AbsTol: math.NaN()}, {RelTol: math.Inf(1)},
		{RelTol: 1e-6, AbsTol: 1e-9, MaxStep: -1}, {RelTol: 1e-6, AbsTol: 1e-9, InitialStep: math.NaN()},
	} {
		if err := st.Init(riccati, 0, []float64{1}); err == nil {
			t.Errorf("%+v: no error", st)
		}
	}
	// zero tolerances select the defaults
	st := &DoPri5{}
	if err := st.Init(riccati, 0, []float64{1}); err != nil || st.rtol != DefaultRelTol || st.atol != DefaultAbsTol {
		t.Errorf("zero tolerances: err=%v rtol=%v atol=%v", err, st.rtol, st.atol)
	}
}

// TestDoPri5MaxStep: no accepted step exceeds MaxStep.
func TestDoPri5MaxStep(t *testing.T) {
	st := &DoPri5{RelTol: 1e-6, AbsTol: 1e-9, MaxStep: 0.05}
	var worst float64
	_, err := Solve(oscillator{}, st, 0, 3, []float64{1, 0}, nil, ObserverFunc(func(float64, []float64) error {
		tp, tn := st.LastStep()
		worst = math.Max(worst, tn-tp)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if worst > 0.05*(1+1e-12) {
		t.Errorf("largest step got=%v, want ≤ 0.05", worst)
	}
}
