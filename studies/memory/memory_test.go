package memory

import (
	"errors"
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/stability"
)

// The bistable range from the continuation folds equals docs/reference-values.md § MPR
// (J = 15: η̄ ∈ (−5.74353, −3.13613)) and the analytic saddle-node values
// (stability.MPRFolds, docs/models.md § MPR equilibria and folds), and it is exactly the set of grid
// points where two stable fixed points exist (exact quartic roots,
// stability.MPRFixedPoints) — issue 9's working-memory check.
func TestMPRBistableRangeGrid(t *testing.T) {
	for _, j := range []float64{10, 15, 20} {
		m := nmm.DefaultMPR()
		m.J = j
		r, err := MPRBistableRange(m, -12, 0)
		if err != nil {
			t.Fatalf("J=%g: %v", j, err)
		}
		_, eta, ok := stability.MPRFolds(j, 1)
		if !ok {
			t.Fatalf("J=%g: no analytic folds", j)
		}
		lo, hi := math.Min(eta[0], eta[1]), math.Max(eta[0], eta[1])
		if math.Abs(r.Lo-lo) > 1e-7 || math.Abs(r.Hi-hi) > 1e-7 {
			t.Fatalf("J=%g: range (%g, %g), analytic (%g, %g)", j, r.Lo, r.Hi, lo, hi)
		}
		if j == 15 && (math.Abs(r.Lo+5.74353) > 1e-5 || math.Abs(r.Hi+3.13613) > 1e-5) {
			t.Fatalf("J=15: range (%g, %g), docs/reference-values.md § MPR (−5.74353, −3.13613)", r.Lo, r.Hi)
		}
		mism := 0
		for k := 0; k <= 1200; k++ {
			e := -12 + 0.01*float64(k)
			if math.Abs(e-r.Lo) < 1e-6 || math.Abs(e-r.Hi) < 1e-6 {
				continue
			}
			mm := m
			mm.EtaBar = e
			fps, err := mm.FixedPoints()
			if err != nil {
				t.Fatal(err)
			}
			stable := 0
			for _, fp := range fps {
				if fp.Stable {
					stable++
				}
			}
			if (stable >= 2) != (e > r.Lo && e < r.Hi) {
				mism++
				t.Errorf("J=%g η̄=%g: %d stable fixed points, inside range = %v", j, e, stable, e > r.Lo && e < r.Hi)
			}
		}
		if mism > 0 {
			t.Fatalf("J=%g: %d grid mismatches", j, mism)
		}
	}
	// below the cusp (J < 7.796): monostable
	m := nmm.DefaultMPR()
	m.J = 7
	if _, err := MPRBistableRange(m, -12, 0); !errors.Is(err, ErrNotBistable) {
		t.Fatalf("J=7: err=%v, want ErrNotBistable", err)
	}
}

// The task with a 30 τ cue of amplitude 3 from t = 0 is the MPR 2015 Fig. 2
// protocol: docs/reference-values.md § MPR gives r(29.9) = 1.3713, r(31) = 0.7834,
// r(40) = 1.0376 (scipy, rtol ≤ 1e-8).
func TestTaskFig2(t *testing.T) {
	k := Task{Cue: 30, CueAmp: 3, Delay: 20}
	ts, err := RunTask(nmm.DefaultMPR(), k, 0, 1e-3, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ t, r float64 }{{29.9, 1.3713}, {31, 0.7834}, {40, 1.0376}} {
		i := int(math.Round(c.t / 0.1))
		if math.Abs(ts.T[i]-c.t) > 1e-9 {
			t.Fatalf("sample %d at t=%g, want %g", i, ts.T[i], c.t)
		}
		if d := math.Abs(ts.At(i, 0) - c.r); d > 2e-4 {
			t.Fatalf("r(%g) got=%.5f want=%.4f", c.t, ts.At(i, 0), c.r)
		}
	}
}

// The delayed-response task stores, holds and erases the cue; a cue below
// the switching threshold is not stored; without the erasing input the
// memory stays.
func TestTaskOutcome(t *testing.T) {
	m := nmm.DefaultMPR()
	st, err := MPRStates(m)
	if err != nil {
		t.Fatal(err)
	}
	thr := st.Saddle[0]
	run := func(k Task) Outcome {
		ts, err := RunTask(m, k, 0, 1e-3, 0.05, nil)
		if err != nil {
			t.Fatal(err)
		}
		return Evaluate(ts, k, thr)
	}
	k := DefaultTask()
	if o := run(k); !o.Correct() {
		t.Fatalf("default task: %+v", o)
	}
	weak := k
	weak.CueAmp = 0.5 // η̄ + I = −4.5 is still bistable: no switch
	if o := run(weak); o.Stored {
		t.Fatalf("weak cue stored: %+v", o)
	}
	noErase := k
	noErase.EraseAmp = 0
	if o := run(noErase); !o.Held || o.Erased {
		t.Fatalf("no erase: %+v", o)
	}
}

// Double well dx = (x − x³) dt + σ dW from x0 = 1 to the barrier top b = 0:
// the exact mean first passage time (Gardiner §5.2.7, reflecting at +∞)
//
//	T = (2/σ²) ∫_b^{x0} dy e^{2U(y)/σ²} ∫_y^∞ e^{−2U(z)/σ²} dz,  U = −x²/2 + x⁴/4,
//
// computed here by quadrature, against the mean of 600 seeded runs.
type doubleWell struct{ sigma float64 }

func (d doubleWell) Dim() int { return 1 }
func (d doubleWell) Deriv(dst []float64, _ float64, y []float64) {
	dst[0] = y[0] - y[0]*y[0]*y[0]
}
func (d doubleWell) Diffusion(dst []float64, _ float64, _ []float64) { dst[0] = d.sigma }

func mfptDoubleWell(sigma, x0, b float64) float64 {
	u := func(x float64) float64 { return -x*x/2 + x*x*x*x/4 }
	s2 := sigma * sigma
	// inner(y) = ∫_y^L e^{−2U/σ²}, L = 4 (integrand negligible beyond)
	const h = 1e-4
	inner := func(y float64) float64 {
		n := int(math.Ceil((4 - y) / h))
		if n%2 == 1 {
			n++
		}
		hh := (4 - y) / float64(n)
		s := math.Exp(-2*u(y)/s2) + math.Exp(-2*u(4)/s2)
		for i := 1; i < n; i++ {
			w := 2.0
			if i%2 == 1 {
				w = 4
			}
			s += w * math.Exp(-2*u(y+float64(i)*hh)/s2)
		}
		return s * hh / 3
	}
	n := 400
	hh := (x0 - b) / float64(n)
	var s float64
	for i := 0; i <= n; i++ {
		y := b + float64(i)*hh
		w := 2.0
		if i == 0 || i == n {
			w = 1
		} else if i%2 == 1 {
			w = 4
		}
		s += w * math.Exp(2*u(y)/s2) * inner(y)
	}
	return 2 / s2 * s * hh / 3
}

func TestLifetimesMFPT(t *testing.T) {
	const sigma = 0.5
	want := mfptDoubleWell(sigma, 1, 0)
	res, err := Lifetimes(doubleWell{sigma}, []float64{1}, func(_ float64, y []float64) bool { return y[0] < 0 },
		LifetimeOptions{Dt: 2e-3, TMax: 1e4, Runs: 600, Seed: 5, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Censored != 0 {
		t.Fatalf("%d censored runs", res.Censored)
	}
	t.Logf("MFPT exact=%.4f simulated=%.4f ± %.4f", want, res.Mean, res.StdErr)
	if d := math.Abs(res.Mean - want); d > 3.5*res.StdErr {
		t.Fatalf("mean lifetime got=%g want=%g (|diff|=%g > 3.5 SE=%g)", res.Mean, want, d, 3.5*res.StdErr)
	}
	// reproducible and independent of the number of workers
	res1, err := Lifetimes(doubleWell{sigma}, []float64{1}, func(_ float64, y []float64) bool { return y[0] < 0 },
		LifetimeOptions{Dt: 2e-3, TMax: 1e4, Runs: 600, Seed: 5, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Times {
		if res.Times[i] != res1.Times[i] {
			t.Fatalf("run %d: %g with 2 workers, %g with 1", i, res.Times[i], res1.Times[i])
		}
	}
}

// Stronger noise shortens the memory (MPR, J = 15, η̄ = −5).
func TestMPRLifetimesDecrease(t *testing.T) {
	m := nmm.DefaultMPR()
	prev := math.Inf(1)
	for _, s := range []float64{0.4, 0.5, 0.6, 0.8} {
		r, err := MPRLifetimes(m, s, LifetimeOptions{Dt: 2e-3, TMax: 2000, Runs: 40, Seed: 1, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("σ=%g mean lifetime %.4g ± %.3g (censored %d)", s, r.Mean, r.StdErr, r.Censored)
		if !(r.Mean < prev) {
			t.Fatalf("σ=%g: lifetime %g not below %g", s, r.Mean, prev)
		}
		prev = r.Mean
	}
}

func TestErrors(t *testing.T) {
	if _, err := Lifetimes(doubleWell{1}, []float64{1}, func(float64, []float64) bool { return true }, LifetimeOptions{Dt: 0, TMax: 1, Runs: 1}); err == nil {
		t.Fatal("want error for Dt=0")
	}
	if err := (Task{Cue: -1}).Validate(); err == nil {
		t.Fatal("want error for a negative duration")
	}
	m := nmm.DefaultMPR()
	if _, err := RunTask(m, DefaultTask(), 1, 1e-3, 0.1, nil); err == nil {
		t.Fatal("want error for noise without rng")
	}
}

func BenchmarkMPRLifetimes(b *testing.B) {
	m := nmm.DefaultMPR()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MPRLifetimes(m, 0.6, LifetimeOptions{Dt: 2e-3, TMax: 500, Runs: 20, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// The noisy model's right-hand side and diffusion allocate nothing.
func TestNoisyMPRAllocs(t *testing.T) {
	m := &NoisyMPR{MPR: nmm.DefaultMPR(), Sigma: 0.3}
	y, dst := []float64{1, -0.2}, make([]float64, 2)
	if a := testing.AllocsPerRun(100, func() { m.Deriv(dst, 0, y); m.Diffusion(dst, 0, y) }); a != 0 {
		t.Fatalf("allocations per call: %g", a)
	}
}

// TestCensoredMean: the exponential ML estimate with right censoring, by
// hand: 5 runs with total time 10 of which 1 censored → 10/4 = 2.5, standard
// error 2.5/√4 = 1.25; no escape → +Inf.
func TestCensoredMean(t *testing.T) {
	if m, se := CensoredMean(10, 5, 1); m != 2.5 || se != 1.25 {
		t.Errorf("CensoredMean(10, 5, 1) = %v, %v, want 2.5, 1.25", m, se)
	}
	if m, se := CensoredMean(10, 3, 3); !math.IsInf(m, 1) || !math.IsInf(se, 1) {
		t.Errorf("all censored: %v, %v, want +Inf", m, se)
	}
}
