package msf

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"gonum.org/v1/gonum/mat"
)

// MPR node (τ = 1) with input c entering dv/dt: the homogeneous fixed point
// is that of MPR with J → J + G, and the mode Jacobian
// [[2v, 2r], [J − 2π² r + G Λ, 2v]] has the analytic eigenvalues
// 2v ± √(2r (J − 2π² r + G Λ)) (docs/models.md § MPR equilibria and folds with J → J + G Λ), for real
// and complex Λ.
func TestMPRStationaryAnalytic(t *testing.T) {
	m := nmm.DefaultMPR() // J = 15, η̄ = −5, Δ = 1
	for _, fd := range []bool{false, true} {
		p := &Problem{Node: &m, G: 2, FiniteDifferences: fd}
		st, err := p.FindState([]float64{1, -0.15}, &Options{Dt: 0.005, Transient: 100, Window: 20})
		if err != nil {
			t.Fatal(err)
		}
		if st.Kind != Stationary {
			t.Fatalf("kind %v, want stationary", st.Kind)
		}
		r, v := st.Y[0], st.Y[1]
		// fixed point of MPR with J+G: v = −Δ/(2πr), π²r⁴ − (J+G) r³ − η̄ r² − Δ²/(4π²) = 0
		if res := math.Pi*math.Pi*math.Pow(r, 4) - 17*r*r*r + 5*r*r - 1/(4*math.Pi*math.Pi); math.Abs(res) > 1e-10 {
			t.Errorf("fixed point residual %v", res)
		}
		if math.Abs(v+1/(2*math.Pi*r)) > 1e-12 {
			t.Errorf("v* = %v, want %v", v, -1/(2*math.Pi*r))
		}
		a, err := p.Analyze(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, lam := range []complex128{1, 0, -0.7, 0.4, complex(0.3, 0.5), complex(-0.2, -0.9)} {
			got, err := a.Exponents(nil, lam)
			if err != nil {
				t.Fatal(err)
			}
			s := cmplx.Sqrt(complex(2*r, 0) * (complex(15-2*math.Pi*math.Pi*r, 0) + 2*lam))
			want := []complex128{complex(2*v, 0) + s, complex(2*v, 0) - s}
			sortExp(want)
			for i := range want {
				if cmplx.Abs(got[i]-want[i]) > 1e-6 {
					t.Errorf("fd=%v Λ=%v: μ%d = %v, want %v", fd, lam, i, got[i], want[i])
				}
			}
		}
	}
}

// refNetwork is a small network of identical coupled nodes (test reference:
// c_n = G Σ_m W_nm y_m[k]).
type refNetwork struct {
	node nmm.Coupled
	w    *mat.Dense
	g    float64
}

func (nw *refNetwork) Dim() int { r, _ := nw.w.Dims(); return r * nw.node.Dim() }
func (nw *refNetwork) Deriv(dst []float64, t float64, y []float64) {
	d := nw.node.Dim()
	k := nw.node.CouplingVar()
	nn, _ := nw.w.Dims()
	for i := 0; i < nn; i++ {
		c := 0.0
		for j := 0; j < nn; j++ {
			c += nw.w.At(i, j) * y[j*d+k]
		}
		nw.node.DerivCoupled(dst[i*d:(i+1)*d], t, y[i*d:(i+1)*d], nw.g*c)
	}
}

// randomW returns a random non-symmetric row-normalised matrix with zero
// diagonal, dominated by a directed ring (complex eigenvalues).
func randomW(n int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			if i != j {
				v := 0.3 * rng.Float64()
				if j == (i+1)%n {
					v += 1
				}
				w.Set(i, j, v)
				s += v
			}
		}
		for j := 0; j < n; j++ {
			w.Set(i, j, w.At(i, j)/s)
		}
	}
	return w
}

// matchSets checks that every value of got is within tol of a distinct
// value of want (greedy nearest matching).
func matchSets(t *testing.T, what string, got, want []complex128, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	used := make([]bool, len(want))
	worst := 0.0
	for _, g := range got {
		best, bi := math.Inf(1), -1
		for j, w := range want {
			if !used[j] && cmplx.Abs(g-w) < best {
				best, bi = cmplx.Abs(g-w), j
			}
		}
		used[bi] = true
		worst = math.Max(worst, best)
		if best > tol {
			t.Errorf("%s: %v has no partner within %g (nearest %v)", what, g, tol, want[bi])
		}
	}
	t.Logf("%s: worst mismatch %.3g", what, worst)
}

// The union of the mode eigenvalues at the eigenvalues Λ of W (complex here)
// equals the spectrum of the full network Jacobian at the synchronous fixed
// point (EI nodes at rest, IE = 0, ε = 3; MPR nodes in the high state).
func TestStationaryVsFullNetwork(t *testing.T) {
	w := randomW(5, 1)
	lam := eigW(t, w)
	if imag(lam[1]) == 0 && imag(lam[2]) == 0 {
		t.Fatal("W has real eigenvalues only")
	}
	ei := nmm.DefaultEI()
	mpr := nmm.DefaultMPR()
	for _, c := range []struct {
		node nmm.Coupled
		g    float64
		y0   []float64
	}{{&ei, 3, eiY0}, {&mpr, 2, []float64{1, -0.15}}} {
		p := &Problem{Node: c.node, G: c.g}
		st, err := p.FindState(c.y0, nil)
		if err != nil || st.Kind != Stationary {
			t.Fatalf("state %v %v", st, err)
		}
		a, _ := p.Analyze(st, nil)
		var modes []complex128
		for _, l := range lam {
			e, err := a.Exponents(nil, l)
			if err != nil {
				t.Fatal(err)
			}
			modes = append(modes, e...)
		}
		nw := &refNetwork{node: c.node, w: w, g: c.g}
		ys := make([]float64, nw.Dim())
		d := c.node.Dim()
		for i := 0; i < 5; i++ {
			copy(ys[i*d:], st.Y)
		}
		jm := mat.NewDense(nw.Dim(), nw.Dim(), nil)
		cycle.NumJac(nw)(jm, 0, ys)
		var e mat.Eigen
		e.Factorize(jm, mat.EigenNone)
		matchSets(t, "stationary", modes, e.Values(nil), 1e-6)
	}
}

// Periodic state: the union of the Floquet multipliers of the modes at the
// (complex) eigenvalues of W equals the multipliers of the full network's
// monodromy matrix (cycle.Monodromy with a finite-difference Jacobian of the
// whole network) along the synchronous cycle, EI at (IE, ε) = (12, 8).
func TestPeriodicVsFullNetwork(t *testing.T) {
	w := randomW(4, 3)
	lam := eigW(t, w)
	t.Logf("Λ = %.4f", lam)
	p := eiProblem(12, 8)
	st, err := p.FindState(eiY0, nil)
	if err != nil || st.Kind != Periodic {
		t.Fatalf("state %v %v", st, err)
	}
	a, _ := p.Analyze(st, nil)
	var mults []complex128
	for _, l := range lam {
		e, err := a.Exponents(nil, l)
		if err != nil {
			t.Fatal(err)
		}
		for _, mu := range e {
			mults = append(mults, cmplx.Exp(mu*complex(st.Period, 0)))
		}
	}
	nw := &refNetwork{node: p.Node, w: w, g: p.G}
	d := p.Node.Dim()
	ys := make([]float64, nw.Dim())
	for i := 0; i < 4; i++ {
		copy(ys[i*d:], st.Y)
	}
	mono := mat.NewDense(nw.Dim(), nw.Dim(), nil)
	if err := cycle.MonodromySteps(mono, nw, cycle.NumJac(nw), ys, st.Period, 4000); err != nil {
		t.Fatal(err)
	}
	want, err := cycle.Multipliers(mono)
	if err != nil {
		t.Fatal(err)
	}
	matchSets(t, "multipliers", mults, want, 2e-5)
}

// At ε = 0 the modes are uncoupled: every Λ gives the uniform exponents
// (docs/reference-values.md § E–I network and MSF: a zero Floquet exponent for all Λ).
func TestZeroCouplingAllModesUniform(t *testing.T) {
	p := eiProblem(12, 0)
	st, err := p.FindState(eiY0, nil)
	if err != nil || st.Kind != Periodic {
		t.Fatalf("state %v %v", st, err)
	}
	a, _ := p.Analyze(st, nil)
	d, err := a.Dispersion([]complex128{1, 0.7, 0, -0.25, complex(0.2, 0.3)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Modes {
		for i, e := range m.Exponents {
			if cmplx.Abs(e-d.Uniform[i]) > 1e-12 {
				t.Errorf("Λ=%v: μ%d = %v, uniform %v", m.Lambda, i, e, d.Uniform[i])
			}
		}
		if math.Abs(real(m.Leading())) > 1e-7 {
			t.Errorf("Λ=%v: leading exponent %v, want 0", m.Lambda, m.Leading())
		}
	}
}

// The uniform mode's exponents equal the Floquet exponents of the
// homogeneous cycle found independently by nmm/cycle (its own section,
// shooting and variational integration) — and the cycle is the same.
func TestUniformVsCycle(t *testing.T) {
	for _, c := range []struct{ ie, eps float64 }{{12, 8}, {5, 12}} {
		p := eiProblem(c.ie, c.eps)
		st, _ := p.FindState(eiY0, nil)
		a, _ := p.Analyze(st, nil)
		u, _ := a.Exponents(nil, 1)
		var mu, mc []complex128 // multipliers (the weakest ones are ~1e-14: compare multipliers, not exponents)
		for i := range u {
			mu = append(mu, cmplx.Exp(u[i]*complex(st.Period, 0)))
		}
		m := nmm.DefaultEI()
		m.IE = c.ie
		orb, err := cycle.Find(&nmm.SelfCoupled{Node: &m, G: c.eps}, eiY0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(orb.Period-st.Period) > 1e-6*st.Period {
			t.Errorf("(%v,%v): period %v, cycle.Find %v", c.ie, c.eps, st.Period, orb.Period)
		}
		for _, e := range orb.Exponents {
			mc = append(mc, cmplx.Exp(e*complex(orb.Period, 0)))
		}
		matchSets(t, "uniform multipliers", mu, mc, 1e-7)
	}
}

// The homogeneous right-hand side and the monodromy at a further Λ allocate
// nothing.
func TestNoAllocs(t *testing.T) {
	p := eiProblem(12, 8)
	h := p.Homogeneous()
	dst := make([]float64, 6)
	if a := testing.AllocsPerRun(100, func() { h.Deriv(dst, 0, eiY0) }); a != 0 {
		t.Errorf("Homogeneous.Deriv: %v allocs", a)
	}
	st, _ := p.FindState(eiY0, nil)
	an, _ := p.Analyze(st, nil)
	if a := testing.AllocsPerRun(5, func() { an.orb.monodromyPoly(complex(0.3, 0.1)) }); a != 0 {
		t.Errorf("monodromy: %v allocs", a)
	}
}

func TestCheckNetworkErrors(t *testing.T) {
	w := randomW(4, 3)
	modes, _ := NewModes(w)
	p := eiProblem(12, 8)
	st, _ := p.FindState(eiY0, nil)
	a, _ := p.Analyze(st, nil)
	d, _ := a.Dispersion(modes.Lambda)
	nw := &refNetwork{node: p.Node, w: w, g: p.G}
	for _, o := range []CheckOptions{{Mode: 9}, {Samples: 3}, {Sample: -1}} {
		if _, err := CheckNetwork(nw, modes, a, d, &o); err == nil {
			t.Errorf("options %+v: no error", o)
		}
	}
	d3, _ := a.Dispersion(modes.Lambda[:3])
	if _, err := CheckNetwork(nw, modes, a, d3, nil); err == nil {
		t.Error("dispersion at 3 of 4 eigenvalues: no error")
	}
}
