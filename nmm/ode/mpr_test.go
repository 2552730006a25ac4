package ode_test

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Fig. 2 protocol of Montbrió, Pazó, Roxin, PRX 5, 021028 (2015);
// docs/reference-values.md § MPR: τ = 1, Δ = 1, η̄ = −5, J = 15, I = 3 for 0 < t < 30.
const (
	pulseAmp, pulseOn, pulseOff = 3.0, 0.0, 30.0
)

// lowFixedPoint returns the smallest positive root of the fixed-point
// quartic of docs/models.md § MPR equilibria and folds (τ = 1, I = 0),
// π² r⁴ − J r³ − η̄ r² − Δ²/(4π²) = 0, by Newton's method from r = 0.05,
// and v* = −Δ/(2π r*).
func lowFixedPoint(m nmm.MPR) (r, v float64) {
	c4, c3, c2, c0 := math.Pi*math.Pi, -m.J, -(m.EtaBar + m.I), -m.Delta*m.Delta/(4*math.Pi*math.Pi)
	r = 0.05
	for i := 0; i < 50; i++ {
		p := ((c4*r+c3)*r+c2)*r*r + c0
		dp := (4*c4*r+3*c3)*r*r + 2*c2*r
		r -= p / dp
	}
	return r, -m.Delta / (2 * math.Pi * r)
}

// pulseMPR returns the MPR model of the protocol with the pulse as a
// time-dependent input, I(t) = 3 for 0 < t < 30.
func pulseMPR() *nmm.MPR {
	m := nmm.DefaultMPR()
	m.Input = func(t float64) float64 {
		if t > pulseOn && t < pulseOff {
			return pulseAmp
		}
		return 0
	}
	return &m
}

type ts struct{ t, r, v []float64 }

func (s *ts) Observe(t float64, y []float64) error {
	s.t, s.r, s.v = append(s.t, t), append(s.r, y[0]), append(s.v, y[1])
	return nil
}

// runPulse integrates the protocol to T with samples every 0.1 in one Solve
// call, the pulse's switching times declared as breakpoints.
func runPulse(t testing.TB, st ode.Stepper, T float64) *ts {
	m := pulseMPR()
	r0, v0 := lowFixedPoint(*m)
	var out ts
	_, err := ode.Solve(m, st, 0, T, []float64{r0, v0}, &ode.Settings{SampleEvery: 0.1, Breakpoints: []float64{pulseOn, pulseOff}}, &out)
	if err != nil {
		t.Fatal(err)
	}
	return &out
}

// runPulsePieces integrates the protocol in two Solve calls with constant
// I (3 on [0, 30], 0 on [30, T]) — the way the SciPy reference is computed.
func runPulsePieces(t testing.TB, mk func() ode.Stepper, T float64) *ts {
	m := nmm.DefaultMPR()
	r0, v0 := lowFixedPoint(m)
	var out ts
	m.I = pulseAmp
	if _, err := ode.Solve(&m, mk(), 0, pulseOff, []float64{r0, v0}, &ode.Settings{SampleEvery: 0.1}, &out); err != nil {
		t.Fatal(err)
	}
	n := len(out.t)
	m.I = 0
	y30 := []float64{out.r[n-1], out.v[n-1]}
	out.t, out.r, out.v = out.t[:n-1], out.r[:n-1], out.v[:n-1] // t = 30 is sampled again
	if _, err := ode.Solve(&m, mk(), pulseOff, T, y30, &ode.Settings{SampleEvery: 0.1}, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

type reference struct {
	t    []float64
	cols map[string][]float64
}

func readReference(t testing.TB) reference {
	f, err := os.Open("testdata/mpr_pulse_scipy.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.Comment = '#'
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ref := reference{cols: map[string][]float64{}}
	for _, row := range rows[1:] {
		for j, s := range row {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			if j == 0 {
				ref.t = append(ref.t, x)
			} else {
				ref.cols[rows[0][j]] = append(ref.cols[rows[0][j]], x)
			}
		}
	}
	return ref
}

// maxDev returns the largest deviation of (r, v) from the reference columns.
func maxDev(t testing.TB, got *ts, ref reference, name string) float64 {
	t.Helper()
	if len(got.t) != len(ref.t) {
		t.Fatalf("%d samples, reference has %d", len(got.t), len(ref.t))
	}
	var d float64
	for i := range got.t {
		if math.Abs(got.t[i]-ref.t[i]) > 1e-12 {
			t.Fatalf("sample %d at t=%v, reference at %v", i, got.t[i], ref.t[i])
		}
		d = math.Max(d, math.Abs(got.r[i]-ref.cols["r_"+name][i]))
		d = math.Max(d, math.Abs(got.v[i]-ref.cols["v_"+name][i]))
	}
	return d
}

// TestMPRPulseSciPy compares DoPri5 (rtol 1e-10, atol 1e-12) on the MPR
// 2015 Fig. 2 pulse protocol, sampled every 0.1 up to T = 50, with SciPy's
// solve_ivp RK45 and DOP853 at the same tolerances and with a tight DOP853
// solution (testdata/gen_mpr_pulse.py): max deviation of r and v ≤ 1e-7.
// The pulse discontinuities are handled (a) by Settings.Breakpoints with a
// time-dependent input, (b) by two Solve calls with constant I, as SciPy.
// RK4 (dt = 1e-3) is checked against the tight solution too.
func TestMPRPulseSciPy(t *testing.T) {
	ref := readReference(t)
	r0, v0 := lowFixedPoint(nmm.DefaultMPR())
	if ref.t[0] != 0 || math.Abs(ref.cols["r_tight"][0]-r0) > 1e-15 || math.Abs(ref.cols["v_tight"][0]-v0) > 1e-15 {
		t.Fatalf("initial state (%v, %v) differs from the reference's (%v, %v)", r0, v0, ref.cols["r_tight"][0], ref.cols["v_tight"][0])
	}
	// docs/reference-values.md § MPR: low fixed point r = 0.081134, v = −1.961620
	if math.Abs(r0-0.081134) > 5e-7 || math.Abs(v0+1.961620) > 5e-7 {
		t.Errorf("low fixed point got=(%v, %v), want=(0.081134, −1.961620), tol=5e-7", r0, v0)
	}
	T := ref.t[len(ref.t)-1]
	runs := map[string]*ts{
		"DoPri5/breakpoints": runPulse(t, ode.NewDoPri5(1e-10, 1e-12), T),
		"DoPri5/pieces":      runPulsePieces(t, func() ode.Stepper { return ode.NewDoPri5(1e-10, 1e-12) }, T),
	}
	for name, got := range runs {
		for _, col := range []string{"rk45", "dop853", "tight"} {
			d := maxDev(t, got, ref, col)
			t.Logf("%s vs SciPy %s: max |Δ| = %.2e", name, col, d)
			if d > 1e-7 {
				t.Errorf("%s vs SciPy %s: max deviation got=%.3e, want ≤ 1e-7", name, col, d)
			}
		}
	}
	rk4 := runPulse(t, ode.NewRK4(1e-3), T)
	d := maxDev(t, rk4, ref, "tight")
	t.Logf("RK4 dt=1e-3 vs SciPy tight DOP853: max |Δ| = %.2e", d)
	if d > 2e-9 {
		t.Errorf("RK4 dt=1e-3 vs tight reference: got=%.3e, want ≤ 2e-9", d)
	}
}

// TestMPRPulseNumbers checks the protocol numbers of docs/reference-values.md § MPR (MPR
// 2015 Fig. 2, mean field): peak r = 2.8827 at t = 2.789, r(29.9) = 1.3713,
// r(31) = 0.7834, r(40) = 1.0376 — four printed decimals, so tol 1e-4.
func TestMPRPulseNumbers(t *testing.T) {
	m := pulseMPR()
	r0, v0 := lowFixedPoint(*m)
	var peakT, peakR float64
	at := map[float64]float64{29.9: 0, 31: 0, 40: 0}
	_, err := ode.Solve(m, ode.NewDoPri5(1e-10, 1e-12), 0, 40, []float64{r0, v0},
		&ode.Settings{SampleEvery: 1e-3, Breakpoints: []float64{pulseOn, pulseOff}},
		ode.ObserverFunc(func(t float64, y []float64) error {
			if y[0] > peakR {
				peakT, peakR = t, y[0]
			}
			for k := range at {
				if math.Abs(t-k) < 1e-9 {
					at[k] = y[0]
				}
			}
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("peak r=%.6f at t=%.4f; r(29.9)=%.6f r(31)=%.6f r(40)=%.6f", peakR, peakT, at[29.9], at[31], at[40])
	check := func(name string, got, want, tol float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s got=%.6f, want=%v, tol=%v", name, got, want, tol)
		}
	}
	check("peak r", peakR, 2.8827, 1e-4)
	check("peak t", peakT, 2.789, 1e-3)
	check("r(29.9)", at[29.9], 1.3713, 1e-4)
	check("r(31)", at[31], 0.7834, 1e-4)
	check("r(40)", at[40], 1.0376, 1e-4)
}

// TestStepAllocs: no stepper allocates per step (MPR right-hand side).
func TestStepAllocs(t *testing.T) {
	m := pulseMPR()
	noisy := &noisyMPR{MPR: m, sigma: 0.01}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		st  ode.Stepper
		sys ode.System
	}{
		{ode.NewEuler(1e-3), m}, {ode.NewHeun(1e-3), m}, {ode.NewRK4(1e-3), m},
		{ode.NewDoPri5(1e-8, 1e-10), m},
		{ode.NewEulerMaruyama(1e-3, rng), noisy}, {ode.NewHeunSDE(1e-3, rng), noisy},
	} {
		r0, v0 := lowFixedPoint(*m)
		if err := c.st.Init(c.sys, 0, []float64{r0, v0}); err != nil {
			t.Fatal(err)
		}
		var err error
		allocs := testing.AllocsPerRun(1000, func() {
			if e := c.st.Step(); e != nil {
				err = e
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if allocs != 0 {
			t.Errorf("%T.Step: %v allocations per step, want 0", c.st, allocs)
		}
		if ad, ok := c.st.(ode.Adaptive); ok {
			dst := make([]float64, 2)
			if a := testing.AllocsPerRun(100, func() { tp, tn := ad.LastStep(); ad.Interpolate(dst, (tp+tn)/2) }); a != 0 {
				t.Errorf("%T.Interpolate: %v allocations, want 0", c.st, a)
			}
		}
	}
	// Solve's allocations do not grow with the number of steps.
	solve := func(T float64) float64 {
		return testing.AllocsPerRun(5, func() {
			ode.Solve(m, ode.NewDoPri5(1e-8, 1e-10), 0, T, []float64{0.1, -2}, &ode.Settings{SampleEvery: 0.1, Breakpoints: []float64{0, 30}}, ode.ObserverFunc(func(float64, []float64) error { return nil }))
		})
	}
	if a, b := solve(40), solve(400); a != b {
		t.Errorf("Solve allocations: %v for T=40, %v for T=400, want equal", a, b)
	}
}

// noisyMPR adds additive noise σ dW to both MPR variables.
type noisyMPR struct {
	*nmm.MPR
	sigma float64
}

func (n *noisyMPR) Diffusion(dst []float64, t float64, y []float64) { dst[0], dst[1] = 0, n.sigma }
