package network

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// loadConnectome loads a registered dataset from the shared data (NGNMM_DATA
// or ../shared/data next to the repository) or skips.
func loadConnectome(t testing.TB, name string) *data.Connectome {
	t.Helper()
	dir := os.Getenv(data.DataEnv)
	if dir == "" {
		for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
			if _, err := os.Stat(filepath.Join(rel, "aal90")); err == nil {
				dir = rel
				break
			}
		}
	}
	if dir == "" {
		t.Skip("shared data not found: set NGNMM_DATA")
	}
	ds, err := data.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := (&data.Cache{Dir: dir}).Load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func aalW(t testing.TB) *mat.Dense {
	c := loadConnectome(t, "aal90")
	w, err := c.RowNormalized()
	if err != nil {
		t.Fatal(err)
	}
	return w.Weights
}

// The synchronous manifold (docs/models.md § Master stability function): with row sums 1 and identical
// initial conditions every node follows the self-coupled single node
// (nmm.SelfCoupled{EI, ε}), here at the network-simulation point (IE, ε) = (15, 9)
// of docs/models.md § E–I node.
func TestSynchronousEqualsSelfCoupledNode(t *testing.T) {
	w := aalW(t)
	node := nmm.DefaultEI()
	node.IE = 15
	const eps, dt, T = 9.0, 0.01, 100.0
	net, err := New(Homogeneous(&node, 90), w, &Config{G: eps})
	if err != nil {
		t.Fatal(err)
	}
	y0n := []float64{0.02, -1.5, 0.02, 0.015, -1.8, 0.015}
	ts := nmm.NewTimeSeries(make([]string, net.Dim()), nil)
	if _, err := Simulate(net, 0, T, net.Synchronous(y0n), &Options{Dt: dt, Settings: &ode.Settings{SampleEvery: 1}}, ts); err != nil {
		t.Fatal(err)
	}
	self := &nmm.SelfCoupled{Node: &node, G: eps}
	ref := nmm.NewTimeSeries(make([]string, 6), nil)
	if _, err := ode.Solve(self, ode.NewRK4(dt), 0, T, y0n, &ode.Settings{SampleEvery: 1}, ref); err != nil {
		t.Fatal(err)
	}
	if ts.Len() != ref.Len() {
		t.Fatalf("%d vs %d samples", ts.Len(), ref.Len())
	}
	maxd, maxv := 0.0, 0.0
	for i := 0; i < ts.Len(); i++ {
		row := ts.Row(i)
		for n := 0; n < 90; n++ {
			for k := 0; k < 6; k++ {
				d := math.Abs(row[n*6+k] - ref.At(i, k))
				maxd = math.Max(maxd, d)
				maxv = math.Max(maxv, math.Abs(ref.At(i, k)))
			}
		}
	}
	if maxd > 1e-10 {
		t.Errorf("max |network − self-coupled node| = %g, want ≤ 1e-10", maxd)
	}
	t.Logf("max deviation %g over %d samples (max |y| %g)", maxd, ts.Len(), maxv)
}

func naiveInput(w *mat.Dense, g float64, y []float64, dim, cv int) []float64 {
	n, _ := w.Dims()
	c := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			c[i] += g * w.At(i, j) * y[j*dim+cv]
		}
	}
	return c
}

func TestCouplingEqualsNaiveLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name    string
		n       int
		density float64
		kind    CouplingKind
		sparse  bool
	}{
		{"dense-auto", 90, 0.99, CouplingAuto, false},
		{"sparse-auto", 200, 0.05, CouplingAuto, true},
		{"dense-forced", 37, 0.05, CouplingDense, false},
		{"sparse-forced", 37, 0.9, CouplingSparse, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := mat.NewDense(tc.n, tc.n, nil)
			for i := 0; i < tc.n; i++ {
				for j := 0; j < tc.n; j++ {
					if rng.Float64() < tc.density {
						w.Set(i, j, rng.Float64())
					}
				}
			}
			m := nmm.DefaultMPR()
			net, err := New(Homogeneous(&m, tc.n), w, &Config{G: 0.7, Coupling: tc.kind})
			if err != nil {
				t.Fatal(err)
			}
			if net.Sparse() != tc.sparse {
				t.Fatalf("sparse = %v, want %v", net.Sparse(), tc.sparse)
			}
			y := make([]float64, net.Dim())
			for i := range y {
				y[i] = rng.NormFloat64()
			}
			got := make([]float64, tc.n)
			net.Input(got, y)
			want := naiveInput(w, 0.7, y, 2, 0)
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("c[%d] = %v, want %v", i, got[i], want[i])
				}
			}
			// Deriv = node DerivCoupled with the naive input
			dst := make([]float64, net.Dim())
			net.Deriv(dst, 0, y)
			ref := make([]float64, 2)
			for i := 0; i < tc.n; i++ {
				m.DerivCoupled(ref, 0, y[2*i:2*i+2], want[i])
				for k := 0; k < 2; k++ {
					if math.Abs(dst[2*i+k]-ref[k]) > 1e-12*(1+math.Abs(ref[k])) {
						t.Fatalf("dst[%d] = %v, want %v", 2*i+k, dst[2*i+k], ref[k])
					}
				}
			}
		})
	}
}

// Delayed coupling against a naive Euler integration that keeps the whole
// history and looks up x_m(t − round(L/(v dt)) dt) directly.
func TestDelaysAgainstNaiveHistory(t *testing.T) {
	const n, dt, steps = 4, 0.01, 3000
	w, l := randomTracts(rand.New(rand.NewPCG(3, 4)), n, 1, 10) // 1–10 mm
	const speed = 0.5                                           // mm per time unit → delays 2–20 time units = 200–2000 steps
	nodes := make([]nmm.Coupled, n)
	for i := range nodes {
		m := nmm.DefaultMPR()
		m.EtaBar = -5 + 0.5*float64(i) // heterogeneity
		nodes[i] = &m
	}
	net, err := New(nodes, w, &Config{G: 0.8, Lengths: l, Speed: speed})
	if err != nil {
		t.Fatal(err)
	}
	y0 := []float64{0.1, -2, 0.5, -0.5, 1.0, -0.2, 0.2, -1}
	var got []float64
	obs := ode.ObserverFunc(func(_ float64, y []float64) error { got = append(got[:0], y...); return nil })
	if _, err := Simulate(net, 0, steps*dt, y0, &Options{Method: Euler, Dt: dt}, obs); err != nil {
		t.Fatal(err)
	}
	// naive reference
	hist := [][]float64{append([]float64(nil), y0...)}
	d := make([][]int, n)
	for i := range d {
		d[i] = make([]int, n)
		for j := range d[i] {
			d[i][j] = int(math.Round(l.At(i, j) / speed / dt))
		}
	}
	f := make([]float64, 2)
	for k := 0; k < steps; k++ {
		y := hist[k]
		next := make([]float64, 2*n)
		for i := 0; i < n; i++ {
			c := 0.0
			for j := 0; j < n; j++ {
				kk := k - d[i][j]
				if kk < 0 {
					kk = 0
				}
				c += 0.8 * w.At(i, j) * hist[kk][2*j]
			}
			nodes[i].DerivCoupled(f, float64(k)*dt, y[2*i:2*i+2], c)
			next[2*i] = y[2*i] + dt*f[0]
			next[2*i+1] = y[2*i+1] + dt*f[1]
		}
		hist = append(hist, next)
	}
	want := hist[steps]
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-11*(1+math.Abs(want[i])) {
			t.Errorf("y[%d] = %.15g, want %.15g", i, got[i], want[i])
		}
	}
	// adaptive steppers are refused with delays (directly by ode too)
	if _, err := Simulate(net, 0, 1, y0, &Options{Stepper: ode.NewDoPri5(1e-6, 1e-9)}, nil); !errors.Is(err, ErrDelaysNeedFixedStep) {
		t.Errorf("adaptive stepper with delays: err = %v", err)
	}
	if _, err := ode.Solve(net, ode.NewDoPri5(1e-6, 1e-9), 0, 1, y0, nil, nil); err == nil {
		t.Error("ode.Solve with DoPri5 on a delayed network: no error")
	}
}

// linear is dy/dt = −y/τ + c, a coupled test node (Ornstein–Uhlenbeck with
// noise).
type linear struct{ tau float64 }

func (l *linear) Dim() int                                    { return 1 }
func (l *linear) Deriv(dst []float64, t float64, y []float64) { dst[0] = -y[0] / l.tau }
func (l *linear) Vars() []string                              { return []string{"x"} }
func (l *linear) Units() []string                             { return []string{""} }
func (l *linear) Validate() error                             { return nil }
func (l *linear) CouplingVar() int                            { return 0 }
func (l *linear) DerivCoupled(dst []float64, t float64, y []float64, c float64) {
	dst[0] = -y[0]/l.tau + c
}

// Additive noise: uncoupled OU processes dx = −x dt + σ dW have stationary
// variance σ²/2 (exact), for each scheme.
func TestNoiseOU(t *testing.T) {
	const n = 50
	for _, m := range []Method{Euler, Heun, RK4} {
		net, err := New(Homogeneous(&linear{tau: 1}, n), mat.NewDense(n, n, nil), &Config{Sigma: []float64{0.5}})
		if err != nil {
			t.Fatal(err)
		}
		var s, s2 float64
		var cnt int
		obs := ode.ObserverFunc(func(_ float64, y []float64) error {
			for _, v := range y {
				s += v
				s2 += v * v
			}
			cnt += len(y)
			return nil
		})
		rng := rand.New(rand.NewPCG(7, uint64(m)))
		if _, err := Simulate(net, 0, 400, make([]float64, n), &Options{Method: m, Dt: 0.01, Rand: rng, Settings: &ode.Settings{Transient: 5, SampleEvery: 1}}, obs); err != nil {
			t.Fatal(err)
		}
		mean := s / float64(cnt)
		v := s2/float64(cnt) - mean*mean
		// ≈ 20000 samples with correlation time 1: relative standard error of the variance ≈ 2 %
		if math.Abs(v-0.125) > 0.01 || math.Abs(mean) > 0.02 {
			t.Errorf("%v: variance %v mean %v, want 0.125 and 0", m, v, mean)
		}
	}
	net, _ := New(Homogeneous(&linear{tau: 1}, 2), mat.NewDense(2, 2, nil), &Config{Sigma: []float64{0.5}})
	if _, err := Simulate(net, 0, 1, make([]float64, 2), &Options{Dt: 0.01}, nil); err == nil {
		t.Error("noise without Rand: no error")
	}
}

// A stimulus on node 1 during [2, 5) equals a single MPR node (τ = 1) with
// Input(t) = amplitude in that window; other nodes are unaffected (G = 0).
func TestStimulusAndHeterogeneity(t *testing.T) {
	m0 := nmm.DefaultMPR()
	m1 := nmm.DefaultMPR()
	m1.EtaBar = -4.5
	nodes := []nmm.Coupled{&m0, &m1, &m0}
	net, err := New(nodes, mat.NewDense(3, 3, nil), &Config{Stimuli: []Stimulus{{Nodes: []int{1}, Start: 2, End: 5, Amplitude: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	y0 := []float64{0.1, -2, 0.1, -2, 0.1, -2}
	var got []float64
	obs := ode.ObserverFunc(func(_ float64, y []float64) error { got = append(got[:0], y...); return nil })
	if _, err := Simulate(net, 0, 10, y0, &Options{Dt: 0.001}, obs); err != nil {
		t.Fatal(err)
	}
	ref := func(m nmm.MPR) []float64 {
		var last []float64
		_, err := ode.Solve(&m, ode.NewRK4(0.001), 0, 10, []float64{0.1, -2}, nil, ode.ObserverFunc(func(_ float64, y []float64) error { last = append(last[:0], y...); return nil }))
		if err != nil {
			t.Fatal(err)
		}
		return last
	}
	stim := m1
	stim.Input = func(t float64) float64 {
		if t >= 2 && t < 5 {
			return 3
		}
		return 0
	}
	want := append(append(ref(m0), ref(stim)...), ref(m0)...)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("y[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if math.Abs(want[2]-want[0]) < 0.1 {
		t.Errorf("stimulus had no effect: %v", want)
	}
}

func TestValidation(t *testing.T) {
	m := nmm.DefaultMPR()
	bad := nmm.DefaultMPR()
	bad.Tau = -1
	w := mat.NewDense(2, 2, nil)
	for name, f := range map[string]func() error{
		"nodes":   func() error { _, err := New(nil, w, nil); return err },
		"shape":   func() error { _, err := New(Homogeneous(&m, 3), w, nil); return err },
		"invalid": func() error { _, err := New([]nmm.Coupled{&m, &bad}, w, nil); return err },
		"G":       func() error { _, err := New(Homogeneous(&m, 2), w, &Config{G: math.NaN()}); return err },
		"sigma":   func() error { _, err := New(Homogeneous(&m, 2), w, &Config{Sigma: []float64{1}}); return err },
		"speed":   func() error { _, err := New(Homogeneous(&m, 2), w, &Config{Lengths: w}); return err },
		"stimnode": func() error {
			_, err := New(Homogeneous(&m, 2), w, &Config{Stimuli: []Stimulus{{Nodes: []int{2}}}})
			return err
		},
		"dt": func() error {
			net, _ := New(Homogeneous(&m, 2), w, nil)
			_, err := Simulate(net, 0, 1, make([]float64, 4), &Options{Dt: 0}, nil)
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// a diverging run reports the variable and time
	net, _ := New(Homogeneous(&linear{tau: -0.001}, 2), w, nil)
	_, err := Simulate(net, 0, 10, []float64{1, 1}, &Options{Dt: 0.1}, nil)
	if !errors.Is(err, ode.ErrNonFinite) {
		t.Errorf("divergence: err = %v", err)
	}
	// an initial state of the wrong length is an error, not a panic
	if _, err := Simulate(net, 0, 1, []float64{1, 1, 1}, &Options{Dt: 0.1}, nil); err == nil || !strings.Contains(err.Error(), "3 values, want 2") {
		t.Errorf("Simulate with wrong len(y0): err = %v", err)
	}
	st, err := NewStepper(net, RK4, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Init(net, 0, []float64{1, 1, 1}); err == nil || !strings.Contains(err.Error(), "len(y0) = 3, want 2") {
		t.Errorf("Stepper.Init with wrong len(y0): err = %v", err)
	}
}

func TestZeroAllocsPerStep(t *testing.T) {
	m := nmm.DefaultMPR()
	rng := rand.New(rand.NewPCG(1, 1))
	n := 20
	w := mat.NewDense(n, n, nil)
	l := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			w.Set(i, j, rng.Float64())
			l.Set(i, j, 10*rng.Float64())
		}
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		m    Method
	}{
		{"rk4-dense", Config{G: 0.1}, RK4},
		{"heun-sparse", Config{G: 0.1, Coupling: CouplingSparse}, Heun},
		{"heun-delays-noise", Config{G: 0.1, Lengths: l, Speed: 3, Sigma: []float64{0.01, 0.01}, Stimuli: []Stimulus{{Nodes: []int{1}, Start: 0, End: 1e9, Amplitude: 0.1}}}, Heun},
		{"euler-delays-2workers", Config{G: 0.1, Lengths: l, Speed: 3, Workers: 2}, Euler},
	} {
		net, err := New(Homogeneous(&m, n), w, &tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		st, err := NewStepper(net, tc.m, 0.001, rng)
		if err != nil {
			t.Fatal(err)
		}
		y0 := net.Synchronous([]float64{0.1, -2})
		st.Init(net, 0, y0)
		if a := testing.AllocsPerRun(100, func() { st.Step() }); a != 0 {
			t.Errorf("%s: %v allocations per step", tc.name, a)
		}
		st.Close()
	}
}

func denseOf(n int, w []float64) *mat.Dense { return mat.NewDense(n, n, w) }

// The parallel gather gives the same trajectory as the serial one.
func TestWorkersSameResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	n := 40
	w := mat.NewDense(n, n, nil)
	l := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < 0.3 {
				w.Set(i, j, rng.Float64())
				l.Set(i, j, 20*rng.Float64())
			}
		}
	}
	m := nmm.DefaultMPR()
	var out [2][]float64
	for k, workers := range []int{1, 3} {
		net, err := New(Homogeneous(&m, n), w, &Config{G: 0.5, Lengths: l, Speed: 1, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		Simulate(net, 0, 50, net.Synchronous([]float64{0.1, -2}), &Options{Method: Heun, Dt: 0.01},
			ode.ObserverFunc(func(_ float64, y []float64) error { out[k] = append(out[k][:0], y...); return nil }))
	}
	for i := range out[0] {
		if out[0][i] != out[1][i] {
			t.Fatalf("y[%d]: serial %v, 3 workers %v", i, out[0][i], out[1][i])
		}
	}
}

// Without delays the network's own steppers agree with package ode's
// independent implementations (Euler, Heun, RK4; Euler–Maruyama and
// stochastic Heun with the same random stream), driving the Network as an
// ode.System / ode.StochasticSystem.
func TestSteppersMatchODE(t *testing.T) {
	w := mat.NewDense(4, 4, []float64{0, 1, 0, 2, 1, 0, 1, 0, 0, 3, 0, 1, 1, 1, 1, 0})
	m := nmm.DefaultMPR()
	y0 := []float64{0.1, -2, 0.5, -1, 1, -0.3, 0.2, -1.5}
	for _, tc := range []struct {
		name  string
		sigma []float64
		m     Method
		ext   func(rng *rand.Rand) ode.Stepper
	}{
		{"euler", nil, Euler, func(*rand.Rand) ode.Stepper { return ode.NewEuler(0.001) }},
		{"heun", nil, Heun, func(*rand.Rand) ode.Stepper { return ode.NewHeun(0.001) }},
		{"rk4", nil, RK4, func(*rand.Rand) ode.Stepper { return ode.NewRK4(0.001) }},
		{"euler-maruyama", []float64{0.05, 0.1}, Euler, func(r *rand.Rand) ode.Stepper { return ode.NewEulerMaruyama(0.001, r) }},
		{"heun-sde", []float64{0.05, 0.1}, Heun, func(r *rand.Rand) ode.Stepper { return ode.NewHeunSDE(0.001, r) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net, err := New(Homogeneous(&m, 4), w, &Config{G: 0.3, Sigma: tc.sigma})
			if err != nil {
				t.Fatal(err)
			}
			run := func(o *Options) []float64 {
				var last []float64
				if _, err := Simulate(net, 0, 5, y0, o, ode.ObserverFunc(func(_ float64, y []float64) error { last = append(last[:0], y...); return nil })); err != nil {
					t.Fatal(err)
				}
				return last
			}
			got := run(&Options{Method: tc.m, Dt: 0.001, Rand: rand.New(rand.NewPCG(3, 3))})
			want := run(&Options{Stepper: tc.ext(rand.New(rand.NewPCG(3, 3)))})
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Errorf("y[%d] = %.15g, ode: %.15g", i, got[i], want[i])
				}
			}
		})
	}
}
