package ode

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// ou is a pair of independent Ornstein–Uhlenbeck processes
// dX_i = −θ_i X_i dt + σ_i dW_i.
type ou struct{ theta, sigma [2]float64 }

func (ou) Dim() int { return 2 }
func (o ou) Deriv(dst []float64, t float64, y []float64) {
	dst[0], dst[1] = -o.theta[0]*y[0], -o.theta[1]*y[1]
}
func (o ou) Diffusion(dst []float64, t float64, y []float64) { dst[0], dst[1] = o.sigma[0], o.sigma[1] }

// exact mean x0 e^{−θt} and variance σ²/(2θ)(1 − e^{−2θt}) of X(t).
func (o ou) moments(i int, x0, t float64) (mean, variance float64) {
	th, s := o.theta[i], o.sigma[i]
	return x0 * math.Exp(-th*t), s * s / (2 * th) * (1 - math.Exp(-2*th*t))
}

// TestOUMoments compares the sample mean and variance at t = 1 of n paths
// with the exact Ornstein–Uhlenbeck moments, within k = 4 standard errors
// (σ/√n for the mean, V·√(2/(n−1)) for the variance). The discretisation
// bias (O(dt), ≤ 4·10⁻⁴ here) is far below these bounds; the seed is fixed,
// so the test is deterministic.
func TestOUMoments(t *testing.T) {
	sys := ou{theta: [2]float64{1, 2}, sigma: [2]float64{0.5, 1}}
	y0 := []float64{1, -0.5}
	const n, T, dt, k = 20000, 1.0, 2e-3, 4.0
	methods := map[string]func(*rand.Rand) Stepper{
		"EulerMaruyama": func(r *rand.Rand) Stepper { return NewEulerMaruyama(dt, r) },
		"HeunSDE":       func(r *rand.Rand) Stepper { return NewHeunSDE(dt, r) },
	}
	for name, mk := range methods {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			st := mk(rng)
			var sum, sum2 [2]float64
			for p := 0; p < n; p++ {
				if _, err := Solve(sys, st, 0, T, y0, nil, nil); err != nil {
					t.Fatal(err)
				}
				tn, y := st.State()
				if tn != T {
					t.Fatalf("final time %v", tn)
				}
				for i := range y {
					sum[i] += y[i]
					sum2[i] += y[i] * y[i]
				}
			}
			for i := 0; i < 2; i++ {
				mean := sum[i] / n
				variance := (sum2[i] - n*mean*mean) / (n - 1)
				wm, wv := sys.moments(i, y0[i], T)
				tolM, tolV := k*math.Sqrt(wv/n), k*wv*math.Sqrt(2.0/(n-1))
				t.Logf("X%d: mean got=%.5f want=%.5f tol=%.4f; variance got=%.5f want=%.5f tol=%.4f", i, mean, wm, tolM, variance, wv, tolV)
				if math.Abs(mean-wm) > tolM {
					t.Errorf("X%d mean got=%v, want=%v, tol=%v", i, mean, wm, tolM)
				}
				if math.Abs(variance-wv) > tolV {
					t.Errorf("X%d variance got=%v, want=%v, tol=%v", i, variance, wv, tolV)
				}
			}
		})
	}
}

// TestSDEDeterministicDrift: with σ = 0 the SDE steppers reduce to their
// deterministic counterparts (Euler, Heun), bit for bit.
func TestSDEDeterministicDrift(t *testing.T) {
	sys := ou{theta: [2]float64{1, 2}}
	y0 := []float64{1, -0.5}
	pairs := [][2]Stepper{
		{NewEulerMaruyama(0.01, rand.New(rand.NewPCG(1, 1))), NewEuler(0.01)},
		{NewHeunSDE(0.01, rand.New(rand.NewPCG(1, 1))), NewHeun(0.01)},
	}
	for _, p := range pairs {
		for _, st := range p {
			if _, err := Solve(sys, st, 0, 1, y0, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		_, a := p[0].State()
		_, b := p[1].State()
		if a[0] != b[0] || a[1] != b[1] {
			t.Errorf("%T vs %T: %v != %v", p[0], p[1], a, b)
		}
		if d := math.Abs(a[0] - math.Exp(-1)); d > 5e-3 {
			t.Errorf("%T: drift solution off by %g", p[0], d)
		}
	}
}

// runPaths simulates one path per seed, concurrently, and returns the end
// states.
func runPaths(seeds []uint64, heun bool) [][]float64 {
	sys := ou{theta: [2]float64{1, 2}, sigma: [2]float64{0.5, 1}}
	out := make([][]float64, len(seeds))
	var wg sync.WaitGroup
	for j, seed := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var st Stepper = NewEulerMaruyama(1e-3, rng)
			if heun {
				st = NewHeunSDE(1e-3, rng)
			}
			var ys []float64
			Solve(sys, st, 0, 2, []float64{1, -0.5}, &Settings{SampleEvery: 0.1}, ObserverFunc(func(t float64, y []float64) error {
				ys = append(ys, y...)
				return nil
			}))
			out[j] = ys
		}()
	}
	wg.Wait()
	return out
}

// TestSDEReproducible: the same seed gives bitwise the same path, across
// runs and GOMAXPROCS, also when paths run concurrently.
func TestSDEReproducible(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	for _, heun := range []bool{false, true} {
		old := runtime.GOMAXPROCS(1)
		a := runPaths(seeds, heun)
		runtime.GOMAXPROCS(2)
		b := runPaths(seeds, heun)
		c := runPaths(seeds, heun)
		runtime.GOMAXPROCS(old)
		for j := range seeds {
			if len(a[j]) != 21*2 {
				t.Fatalf("seed %d: %d values", seeds[j], len(a[j]))
			}
			for i := range a[j] {
				if math.Float64bits(a[j][i]) != math.Float64bits(b[j][i]) || math.Float64bits(b[j][i]) != math.Float64bits(c[j][i]) {
					t.Fatalf("heun=%v seed %d value %d: %v %v %v differ", heun, seeds[j], i, a[j][i], b[j][i], c[j][i])
				}
			}
		}
		if a[0][len(a[0])-1] == a[1][len(a[1])-1] {
			t.Errorf("different seeds gave the same path")
		}
	}
}

func TestSDEInitErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, st := range []Stepper{NewEulerMaruyama(0.01, rng), NewHeunSDE(0.01, rng)} {
		if err := st.Init(oscillator{}, 0, []float64{1, 0}); err == nil {
			t.Errorf("%T: no error for a System without Diffusion", st)
		}
	}
	for _, st := range []Stepper{NewEulerMaruyama(-1, rng), NewHeunSDE(0, rng)} {
		if err := st.Init(ou{}, 0, []float64{1, 0}); err == nil {
			t.Errorf("%T: no error for a bad Dt", st)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("NewEulerMaruyama(dt, nil) did not panic")
			}
		}()
		NewEulerMaruyama(0.1, nil)
	}()
}

// noisyBlowup is y' = y² (blow-up at t = 1 from y = 1) with weak additive noise.
type noisyBlowup struct{ blowup }

func (noisyBlowup) Diffusion(dst []float64, t float64, y []float64) { dst[0] = 1e-3 }

// TestSDENonFinite: the SDE steppers stop with ErrNonFinite naming the
// variable, and Solve keeps the samples before the failure.
func TestSDENonFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, st := range []Stepper{NewEulerMaruyama(1e-3, rng), NewHeunSDE(1e-3, rng)} {
		n := 0
		_, err := Solve(noisyBlowup{}, st, 0, 2, []float64{1}, &Settings{SampleEvery: 0.1}, ObserverFunc(func(float64, []float64) error { n++; return nil }))
		if !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "u = ") {
			t.Errorf("%T: got %v, want ErrNonFinite naming u", st, err)
		}
		if n < 10 || n > 11 {
			t.Errorf("%T: %d samples before the blow-up near t = 1, want 10 or 11", st, n)
		}
	}
}

// driftless is dy = σ dW (f = 0, g = σ).
type driftless struct{ sigma float64 }

func (driftless) Dim() int                                    { return 2 }
func (driftless) Deriv(dst []float64, _ float64, _ []float64) { dst[0], dst[1] = 0, 0 }
func (d driftless) Diffusion(dst []float64, _ float64, _ []float64) {
	dst[0], dst[1] = d.sigma, 2*d.sigma
}

// TestRK4AdditiveNoise: without drift, RK4 with Rand adds exactly the
// Euler–Maruyama increments g√h ξ of the same random stream.
func TestRK4AdditiveNoise(t *testing.T) {
	sys := driftless{sigma: 0.3}
	var out [2][]float64
	for k, st := range []Stepper{&RK4{Dt: 0.01, Rand: rand.New(rand.NewPCG(7, 7))}, NewEulerMaruyama(0.01, rand.New(rand.NewPCG(7, 7)))} {
		if _, err := Solve(sys, st, 0, 1, []float64{1, -1}, nil, ObserverFunc(func(_ float64, y []float64) error { out[k] = append(out[k][:0], y...); return nil })); err != nil {
			t.Fatal(err)
		}
	}
	for i := range out[0] {
		if out[0][i] != out[1][i] {
			t.Errorf("y[%d]: RK4 with Rand %v, Euler–Maruyama %v", i, out[0][i], out[1][i])
		}
	}
	if err := (&RK4{Dt: 0.01, Rand: rand.New(rand.NewPCG(1, 1))}).Init(trig{}, 0, []float64{0, 0}); err == nil {
		t.Error("RK4 with Rand accepted a system without Diffusion")
	}
}
