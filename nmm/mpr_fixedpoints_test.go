package nmm

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/stability"
	"gonum.org/v1/gonum/mat"
)

// mprEig is the closed form of the MPR eigenvalues at τ = 1 (docs/models.md
// § MPR equilibria and folds): λ = 2v* ± √(2r*(J − 2π²r*)).
func mprEig(r, v, j float64) [2]complex128 {
	s := cmplx.Sqrt(complex(2*r*(j-2*math.Pi*math.Pi*r), 0))
	a, b := complex(2*v, 0)+s, complex(2*v, 0)-s
	if real(b) > real(a) || (real(b) == real(a) && imag(b) > imag(a)) {
		a, b = b, a
	}
	return [2]complex128{a, b}
}

// TestMPRFixedPointsScience reproduces the fixed points and eigenvalues of
// docs/reference-values.md § MPR (τ = 1, Δ = 1): the table values to their printed
// precision (≤ 1e-5 for r and v) and the closed-form eigenvalues to 1e-9.
func TestMPRFixedPointsScience(t *testing.T) {
	type want struct {
		r, v float64
		ev   []complex128 // docs/reference-values.md § MPR, printed precision
		evTo float64      // tolerance of the printed eigenvalues
		kind stability.Kind
	}
	cases := []struct {
		name string
		m    MPR
		want []want
	}{
		{"J=15 eta=-5 (MPR Fig. 2)", MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15}, []want{
			{0.081134, -1.961620, []complex128{-2.4487, -5.3977}, 1e-4, stability.StableNode},
			{0.472980, -0.336494, []complex128{1.6417, -2.9877}, 1e-4, stability.Saddle},
			{1.030597, -0.154430, []complex128{complex(-0.30886, 3.31863), complex(-0.30886, -3.31863)}, 1e-5, stability.StableFocus},
		}},
		{"J=10 eta=0", MPR{Tau: 1, Delta: 1, EtaBar: 0, J: 10}, []want{
			{1.015661, -0.156701, []complex128{complex(-0.31340, 4.51790), complex(-0.31340, -4.51790)}, 1e-5, stability.StableFocus},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fps, err := c.m.FixedPoints()
			if err != nil {
				t.Fatal(err)
			}
			if len(fps) != len(c.want) {
				t.Fatalf("got %d fixed points %v, want %d", len(fps), fps, len(c.want))
			}
			for i, w := range c.want {
				fp := fps[i]
				if math.Abs(fp.Y[0]-w.r) > 1e-6 || math.Abs(fp.Y[1]-w.v) > 1e-6 {
					t.Errorf("fp %d: (r, v) = (%.7f, %.7f), want (%v, %v) ± 1e-6", i, fp.Y[0], fp.Y[1], w.r, w.v)
				}
				for k, l := range w.ev {
					if cmplx.Abs(fp.Eigenvalues[k]-l) > w.evTo {
						t.Errorf("fp %d: λ%d = %v, want %v ± %g (docs/reference-values.md § MPR)", i, k, fp.Eigenvalues[k], l, w.evTo)
					}
				}
				exact := mprEig(fp.Y[0], fp.Y[1], c.m.J)
				for k := range exact {
					if cmplx.Abs(fp.Eigenvalues[k]-exact[k]) > 1e-9 {
						t.Errorf("fp %d: λ%d = %v, closed form %v", i, k, fp.Eigenvalues[k], exact[k])
					}
				}
				if fp.Kind != w.kind || fp.Stable != (w.kind != stability.Saddle) {
					t.Errorf("fp %d: kind %q stable %v, want %q", i, fp.Kind, fp.Stable, w.kind)
				}
				// residual of the right-hand side
				f := make([]float64, 2)
				c.m.Deriv(f, 0, fp.Y)
				if math.Abs(f[0]) > 1e-12 || math.Abs(f[1]) > 1e-12 {
					t.Errorf("fp %d: residual %v", i, f)
				}
			}
		})
	}
}

// TestMPRFixedPointsUncoupled checks J = 0 against the closed form
// π r* = Re √(η̄ + I + iΔ) (docs/models.md § MPR equilibria and folds), e.g. η̄ = 0: r* = 1/(√2 π).
func TestMPRFixedPointsUncoupled(t *testing.T) {
	m := MPR{Tau: 1, Delta: 1, EtaBar: 0}
	fps, err := m.FixedPoints()
	if err != nil || len(fps) != 1 || math.Abs(fps[0].Y[0]-0.2250791) > 1e-7 {
		t.Fatalf("η̄=0: %v %v, want r* = 0.2250791", fps, err)
	}
	for _, c := range []struct{ eta, delta, i float64 }{{-5, 1, 0}, {3, 0.5, 0}, {-20, 2, 1}, {0.1, 1e-3, 0}, {-1, 1, 4}} {
		m := MPR{Tau: 1, Delta: c.delta, EtaBar: c.eta, I: c.i}
		fps, err := m.FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatalf("%+v: %v %v, want one fixed point", c, fps, err)
		}
		want := real(cmplx.Sqrt(complex(c.eta+c.i, c.delta))) / math.Pi
		if math.Abs(fps[0].Y[0]-want) > 1e-12*math.Max(1, want) {
			t.Errorf("%+v: r* = %.15g, want %.15g", c, fps[0].Y[0], want)
		}
		if !fps[0].Stable {
			t.Errorf("%+v: uncoupled fixed point not stable: %v", c, fps[0])
		}
	}
}

// TestMPRFixedPointsTau checks physical time units (docs/models.md § Conventions and units):
// r_phys = r_{τ=1}/τ, v unchanged, eigenvalues λ_{τ=1}/τ.
func TestMPRFixedPointsTau(t *testing.T) {
	m1 := MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15}
	m10 := m1
	m10.Tau = 10
	f1, err1 := m1.FixedPoints()
	f10, err10 := m10.FixedPoints()
	if err1 != nil || err10 != nil || len(f1) != 3 || len(f10) != 3 {
		t.Fatalf("%v %v %v %v", f1, err1, f10, err10)
	}
	for i := range f1 {
		if math.Abs(f10[i].Y[0]*10-f1[i].Y[0]) > 1e-12 || math.Abs(f10[i].Y[1]-f1[i].Y[1]) > 1e-12 {
			t.Errorf("fp %d: τ=10 gives %v, τ=1 gives %v", i, f10[i].Y, f1[i].Y)
		}
		for k := range f1[i].Eigenvalues {
			if cmplx.Abs(f10[i].Eigenvalues[k]*10-f1[i].Eigenvalues[k]) > 1e-9 {
				t.Errorf("fp %d: λ(τ=10)·10 = %v, λ(τ=1) = %v", i, f10[i].Eigenvalues[k]*10, f1[i].Eigenvalues[k])
			}
		}
		if f10[i].Kind != f1[i].Kind {
			t.Errorf("fp %d: kind %q vs %q", i, f10[i].Kind, f1[i].Kind)
		}
	}
}

// TestMPRFixedPointsHomogeneous checks Δ = 0: v* = 0 on the branch
// π²ρ² − Jρ − η = 0 (a centre, since Re λ = 2v* = 0) and the equilibria
// (0, ±√(−η)) on the invariant line r = 0.
func TestMPRFixedPointsHomogeneous(t *testing.T) {
	m := MPR{Tau: 1, Delta: 0, EtaBar: -1, J: 10}
	fps, err := m.FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	pi2 := math.Pi * math.Pi
	sq := math.Sqrt(100 - 4*pi2)
	want := [][]float64{{0, -1}, {0, 1}, {(10 - sq) / (2 * pi2), 0}, {(10 + sq) / (2 * pi2), 0}}
	if len(fps) != len(want) {
		t.Fatalf("got %d fixed points %v, want %v", len(fps), fps, want)
	}
	for i, w := range want {
		if math.Abs(fps[i].Y[0]-w[0]) > 1e-12 || math.Abs(fps[i].Y[1]-w[1]) > 1e-12 {
			t.Errorf("fp %d = %v, want %v", i, fps[i].Y, w)
		}
	}
	// upper branch: minimum of the potential U, a centre (docs/models.md § MPR energy); lower: saddle
	if fps[3].Kind != stability.Centre || fps[2].Kind != stability.Saddle {
		t.Errorf("kinds %q, %q; want centre, saddle", fps[3].Kind, fps[2].Kind)
	}
}

// TestMPRFixedPointsNeverMissed compares the number and values of the
// equilibria with the positive real roots of the quartic
// π²ρ⁴ − Jρ³ − ηρ² − Δ²/(4π²) found independently as eigenvalues of its
// companion matrix, on random parameters away from the folds.
func TestMPRFixedPointsNeverMissed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	checked := 0
	for range 2000 {
		d := 0.05 + 2*rng.Float64()
		j := 25 * rng.Float64()
		eta := -12 + 14*rng.Float64()
		m := MPR{Tau: 1, Delta: d, EtaBar: eta, J: j}
		fps, err := m.FixedPoints()
		if err != nil {
			t.Fatal(err)
		}
		pi2 := math.Pi * math.Pi
		// monic: ρ⁴ + a3 ρ³ + a2 ρ² + a1 ρ + a0
		a3, a2, a1, a0 := -j/pi2, -eta/pi2, 0.0, -d*d/(4*pi2*pi2)
		comp := mat.NewDense(4, 4, []float64{
			0, 0, 0, -a0,
			1, 0, 0, -a1,
			0, 1, 0, -a2,
			0, 0, 1, -a3,
		})
		ev, err := stability.Eigenvalues(comp)
		if err != nil {
			t.Fatal(err)
		}
		var pos []float64
		nearDouble := false
		for _, l := range ev {
			if math.Abs(imag(l)) < 1e-6*cmplx.Abs(l) && real(l) > 0 {
				pos = append(pos, real(l))
			} else if math.Abs(imag(l)) < 1e-3 && real(l) > 0 {
				nearDouble = true
			}
		}
		if nearDouble {
			continue
		}
		checked++
		if len(pos) != len(fps) {
			t.Fatalf("Δ=%v J=%v η̄=%v: %d fixed points, quartic has %d positive roots %v", d, j, eta, len(fps), len(pos), ev)
		}
		for _, p := range pos {
			found := false
			for _, fp := range fps {
				if math.Abs(fp.Y[0]-p) < 1e-7*math.Max(1, p) {
					found = true
				}
			}
			if !found {
				t.Errorf("Δ=%v J=%v η̄=%v: root ρ=%v of the quartic missing from %v", d, j, eta, p, fps)
			}
		}
	}
	if checked < 1900 {
		t.Errorf("only %d cases checked", checked)
	}
}

// TestFixedPointsGenericFD finds the MPR equilibria with the generic Newton
// solver and finite-difference Jacobian (the model wrapped so that its
// analytic Jacobian is hidden) and compares with the exact route.
func TestFixedPointsGenericFD(t *testing.T) {
	m := MPR{Tau: 1, Delta: 1, EtaBar: -5, J: 15}
	hidden := ode.Func{N: 2, F: m.Deriv}
	seeds := stability.GridSeeds([]float64{0.02, -3}, []float64{1.5, 0.5}, 8)
	fps, err := stability.FixedPoints(hidden, seeds, &stability.Settings{Valid: func(y []float64) bool { return y[0] > 0 }})
	if err != nil {
		t.Fatal(err)
	}
	exact, _ := m.FixedPoints()
	if len(fps) != len(exact) {
		t.Fatalf("generic: %d fixed points %v, exact %d", len(fps), fps, len(exact))
	}
	for i := range fps {
		if math.Abs(fps[i].Y[0]-exact[i].Y[0]) > 1e-10 || math.Abs(fps[i].Y[1]-exact[i].Y[1]) > 1e-10 {
			t.Errorf("fp %d: generic %v, exact %v", i, fps[i].Y, exact[i].Y)
		}
		for k := range fps[i].Eigenvalues {
			if cmplx.Abs(fps[i].Eigenvalues[k]-exact[i].Eigenvalues[k]) > 1e-6 {
				t.Errorf("fp %d: FD eigenvalue %v, analytic %v", i, fps[i].Eigenvalues[k], exact[i].Eigenvalues[k])
			}
		}
		if fps[i].Kind != exact[i].Kind {
			t.Errorf("fp %d: kind %q, want %q", i, fps[i].Kind, exact[i].Kind)
		}
	}
}

// TestMPRSaddleNodeCurve checks the cusp and the J = 15 folds against
// docs/models.md § MPR equilibria and folds; docs/reference-values.md § MPR.
func TestMPRSaddleNodeCurve(t *testing.T) {
	rc, jc, ec := stability.MPRCusp(1)
	if math.Abs(rc-0.29622) > 5e-6 || math.Abs(jc-7.79622) > 5e-6 || math.Abs(ec+1.73205) > 5e-6 {
		t.Errorf("cusp (%v, %v, %v), want (0.29622, 7.79622, -1.73205)", rc, jc, ec)
	}
	rho, eta, ok := stability.MPRFolds(15, 1)
	if !ok || math.Abs(rho[0]-0.16257) > 5e-6 || math.Abs(rho[1]-0.75392) > 5e-6 ||
		math.Abs(eta[0]+3.13613) > 5e-6 || math.Abs(eta[1]+5.74353) > 5e-6 {
		t.Errorf("J=15 folds ρ=%v η=%v, want ρ=(0.16257, 0.75392), η=(-3.13613, -5.74353)", rho, eta)
	}
	if _, _, ok := stability.MPRFolds(7, 1); ok {
		t.Error("J=7 < J_c reported bistable")
	}
	// Inside the bistable range there are 3 equilibria, outside 1.
	for _, c := range []struct {
		eta float64
		n   int
	}{{-5.75, 1}, {-5.74, 3}, {-3.14, 3}, {-3.13, 1}} {
		m := MPR{Tau: 1, Delta: 1, EtaBar: c.eta, J: 15}
		if fps, _ := m.FixedPoints(); len(fps) != c.n {
			t.Errorf("η̄=%v: %d fixed points, want %d", c.eta, len(fps), c.n)
		}
	}
}

func TestMPRFixedPointsInvalid(t *testing.T) {
	m := MPR{Tau: 1, Delta: -1}
	if _, err := m.FixedPoints(); err == nil {
		t.Error("Δ < 0 accepted")
	}
}

func BenchmarkMPRFixedPoints(b *testing.B) {
	m := DefaultMPR()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.FixedPoints(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFixedPointsNewton(b *testing.B) {
	m := DefaultMPR()
	seeds := [][]float64{{0.1, -2}, {0.5, -0.3}, {1, -0.1}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stability.FixedPoints(&m, seeds, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMPRFixedPointsNonFinite: the MPR fixed points at parameters so large
// that the state overflows return (an error or nothing) instead of hanging
// in the eigenvalue decomposition.
func TestMPRFixedPointsNonFinite(t *testing.T) {
	m := DefaultMPR()
	m.Delta = 1e308
	if fps, err := m.FixedPoints(); err == nil {
		for _, fp := range fps {
			for _, l := range fp.Eigenvalues {
				if math.IsNaN(real(l)) || math.IsInf(real(l), 0) {
					t.Errorf("Δ = 1e308: non-finite eigenvalue %v without an error", l)
				}
			}
		}
	}
}
