package cycle

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// planar is dx/dt = −ω y + f(x,y), dy/dt = ω x + g(x,y) with f, g quadratic
// plus cubic polynomials: f = Σ a_ij x^i y^j, g = Σ b_ij x^i y^j (i+j = 2, 3).
type planar struct {
	w    float64
	a, b [4][4]float64
}

func (s *planar) Dim() int { return 2 }
func poly(c *[4][4]float64, x, y float64) (v, vx, vy float64) {
	for i := range 4 {
		for j := range 4 {
			if c[i][j] == 0 {
				continue
			}
			v += c[i][j] * math.Pow(x, float64(i)) * math.Pow(y, float64(j))
			if i > 0 {
				vx += c[i][j] * float64(i) * math.Pow(x, float64(i-1)) * math.Pow(y, float64(j))
			}
			if j > 0 {
				vy += c[i][j] * float64(j) * math.Pow(x, float64(i)) * math.Pow(y, float64(j-1))
			}
		}
	}
	return
}
func (s *planar) Deriv(dst []float64, t float64, y []float64) {
	f, _, _ := poly(&s.a, y[0], y[1])
	g, _, _ := poly(&s.b, y[0], y[1])
	dst[0] = -s.w*y[1] + f
	dst[1] = s.w*y[0] + g
}
func (s *planar) Jac(dst *mat.Dense, t float64, y []float64) {
	_, fx, fy := poly(&s.a, y[0], y[1])
	_, gx, gy := poly(&s.b, y[0], y[1])
	dst.Set(0, 0, fx)
	dst.Set(0, 1, -s.w+fy)
	dst.Set(1, 0, s.w+gx)
	dst.Set(1, 1, gy)
}

// ghL1 is the first Lyapunov coefficient from the classical planar formula
// of Guckenheimer & Holmes (1983), Eq. (3.4.11): with partial derivatives
// at 0,
//
//	16 a = f_xxx + f_xyy + g_xxy + g_yyy
//	       + (1/ω)[f_xy(f_xx + f_yy) − g_xy(g_xx + g_yy) − f_xx g_xx + f_yy g_yy],
//
// the coefficient of r³ in dr/dt for z = x + iy, i.e. eigenvector
// q = (1, −i) with ⟨q,q⟩ = 2. In Kuznetsov's normalisation ⟨q,q⟩ = 1 the
// coordinate is z/√2, so l1 = Re c1/ω = 2a/ω.
func ghL1(s *planar) float64 {
	a, b, w := &s.a, &s.b, s.w
	fxx, fxy, fyy := 2*a[2][0], a[1][1], 2*a[0][2]
	gxx, gxy, gyy := 2*b[2][0], b[1][1], 2*b[0][2]
	fxxx, fxyy := 6*a[3][0], 2*a[1][2]
	gxxy, gyyy := 2*b[2][1], 6*b[0][3]
	A := (fxxx+fxyy+gxxy+gyyy)/16 + (fxy*(fxx+fyy)-gxy*(gxx+gyy)-fxx*gxx+fyy*gyy)/(16*w)
	return 2 * A / w
}

func TestFirstLyapunovPlanar(t *testing.T) {
	cases := []planar{
		// Hopf normal form ż = iωz + (−1 + 0.5i) z|z|²: l1 = −1/ω
		{w: 2, a: [4][4]float64{3: {0: -1}, 2: {1: -0.5}, 1: {2: -1}, 0: {3: -0.5}},
			b: [4][4]float64{3: {0: 0.5}, 2: {1: -1}, 1: {2: 0.5}, 0: {3: -1}}},
		// quadratic and cubic terms of all kinds
		{w: 1.3, a: [4][4]float64{2: {0: 0.7, 1: -0.4}, 1: {1: -1.1, 2: 0.3}, 0: {2: 0.5, 3: 0.2}, 3: {0: -0.6}},
			b: [4][4]float64{2: {0: -0.3, 1: 0.8}, 1: {1: 0.9, 2: -0.5}, 0: {2: -1.2, 3: 0.1}, 3: {0: 0.4}}},
		{w: 0.7, a: [4][4]float64{2: {0: 1.5}, 1: {1: 2}, 0: {2: -0.5}},
			b: [4][4]float64{2: {0: -1}, 1: {1: 0.3}, 0: {2: 1.1}}},
	}
	for k := range cases {
		s := &cases[k]
		want := ghL1(s)
		if k == 0 && math.Abs(want+2/s.w) > 1e-15 {
			t.Fatalf("GH formula on the normal form: %v, want %v", want, -2/s.w)
		}
		for _, j := range []struct {
			name string
			f    JacFunc
			tol  float64
		}{{"analytic", s.Jac, 1e-7}, {"numeric", NumJac(s), 1e-3}} {
			l1, om, _, err := FirstLyapunov(s, j.f, []float64{0, 0})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(om-s.w) > 1e-8 {
				t.Errorf("case %d %s: ω got=%v, want=%v", k, j.name, om, s.w)
			}
			if math.Abs(l1-want) > j.tol*math.Max(1, math.Abs(want)) {
				t.Errorf("case %d %s: l1 got=%v, want=%v (Guckenheimer–Holmes)", k, j.name, l1, want)
			}
		}
	}
}

func eiFamily(eps float64) Family {
	return func(p float64) (ode.System, JacFunc) {
		m := nmm.DefaultEI()
		m.IE = p
		s := &nmm.SelfCoupled{Node: &m, G: eps}
		return s, s.Jac
	}
}

// TestEIHopf locates the Hopf points of docs/reference-values.md § E–I node: single node
// IE = 5.99319 (26.79 Hz, supercritical); homogeneous system ε = 8:
// IE = 3.85037 (15.52 Hz) and 15.35119 (83.80 Hz).
func TestEIHopf(t *testing.T) {
	cases := []struct {
		eps, p0, p1, pH, fHz float64
	}{
		{0, 5.5, 6.5, 5.99319, 26.79},
		{8, 3.5, 4.2, 3.85037, 15.52},
		{8, 15, 16, 15.35119, 83.80},
	}
	for _, c := range cases {
		fam := eiFamily(c.eps)
		m := nmm.DefaultEI()
		m.IE = c.p0
		fps, err := (&nmm.SelfCoupled{Node: &m, G: c.eps}).FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatal(err)
		}
		h, err := LocateHopf(fam, fps[0].Y, c.p0, c.p1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(h.P-c.pH) > 1e-3 {
			t.Errorf("eps=%v: Hopf at IE got=%v, want=%v, tol=1e-3", c.eps, h.P, c.pH)
		}
		if f := 1000 * h.Frequency(); math.Abs(f-c.fHz) > 0.2 {
			t.Errorf("eps=%v: Hopf frequency got=%v Hz, want=%v, tol=0.2", c.eps, f, c.fHz)
		}
		t.Logf("eps=%v: IE_H=%.6f f=%.3f Hz l1=%.5g", c.eps, h.P, 1000*h.Frequency(), h.L1)
		if c.eps == 0 && !(h.L1 < 0) {
			t.Errorf("single-node Hopf: l1 = %v, want < 0 (supercritical, docs/reference-values.md § E–I node)", h.L1)
		}
	}
}

// TestEIHopfAmplitude checks the magnitude of l1 independently of its
// formula: near a supercritical Hopf the cycle is x* + 2 Re(z q) with
// |z|² = −Re λ(p)/(ω l1), so the peak-to-peak range of variable k is
// 4|z||q_k|. Compare with the cycle found by simulation and shooting at
// IE = IE_H + 0.01 (single node).
func TestEIHopfAmplitude(t *testing.T) {
	fam := eiFamily(0)
	m := nmm.DefaultEI()
	m.IE = 5.5
	fps, _ := m.FixedPoints()
	h, err := LocateHopf(fam, fps[0].Y, 5.5, 6.5)
	if err != nil {
		t.Fatal(err)
	}
	p := h.P + 0.01
	sys, jac := fam(p)
	x, err := Equilibrium(sys, jac, h.X)
	if err != nil {
		t.Fatal(err)
	}
	A := mat.NewDense(6, 6, nil)
	jac(A, 0, x)
	lam, _, _, _ := criticalPair(A)
	z := math.Sqrt(-real(lam) / (h.Omega * h.L1))
	y0 := append([]float64(nil), x...)
	for i := range y0 {
		y0[i] += 0.1 * z * real(h.Q[i])
	}
	o, err := Find(sys, y0, &Options{Transient: 3000, Window: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{nmm.EIrE, nmm.EIvE, nmm.EIrI} {
		want := 4 * z * cmplxAbs(h.Q[k])
		got := o.Max[k] - o.Min[k]
		if math.Abs(got-want) > 0.05*want {
			t.Errorf("%s: peak-to-peak got=%v, predicted from l1 %v (5%%)", m.Vars()[k], got, want)
		}
	}
}

func cmplxAbs(z complex128) float64 { return math.Hypot(real(z), imag(z)) }
