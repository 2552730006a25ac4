package nmm

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestEIFixedPointDefault checks the rest state at IE = 0, ε = 0 against
// docs/reference-values.md § E–I node (computed there with scipy from the authors' equations):
// rE = 8.3482 Hz, vE = −2.38308, rI = 9.3171 Hz, vI = −2.13525, s = r;
// eigenvalues −0.8826±0.0683i, −0.5631±0.1384i, −0.3137, −0.2541 (1/ms).
func TestEIFixedPointDefault(t *testing.T) {
	m := DefaultEI()
	fps, err := m.FixedPoints()
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 1 {
		t.Fatalf("got %d fixed points, want 1", len(fps))
	}
	fp := fps[0]
	want := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"rE (Hz)", 1000 * fp.Y[EIrE], 8.3482, 1e-4},
		{"vE", fp.Y[EIvE], -2.38308, 1e-5},
		{"sE (Hz)", 1000 * fp.Y[EIsE], 8.3482, 1e-4},
		{"rI (Hz)", 1000 * fp.Y[EIrI], 9.3171, 1e-4},
		{"vI", fp.Y[EIvI], -2.13525, 1e-5},
		{"sI (Hz)", 1000 * fp.Y[EIsI], 9.3171, 1e-4},
	}
	for _, w := range want {
		if math.Abs(w.got-w.want) > w.tol {
			t.Errorf("%s: got=%v, want=%v, tol=%v", w.name, w.got, w.want, w.tol)
		}
	}
	wantEv := []complex128{-0.2541, -0.3137, complex(-0.5631, 0.1384), complex(-0.5631, -0.1384), complex(-0.8826, 0.0683), complex(-0.8826, -0.0683)}
	for i, e := range wantEv {
		if cmplx.Abs(fp.Eigenvalues[i]-e) > 1e-4 {
			t.Errorf("eigenvalue %d: got=%v, want=%v, tol=1e-4", i, fp.Eigenvalues[i], e)
		}
	}
	if !fp.Stable {
		t.Errorf("rest state reported unstable: %v", fp.Kind)
	}
}

// TestEIHopfEigenvalues checks the Hopf points of docs/reference-values.md § E–I node through
// the eigenvalues of the equilibrium: at the quoted IE a complex pair has
// (almost) zero real part and the quoted frequency (within 0.2 Hz); the
// crossing is checked by evaluating on both sides (±1e-3 in IE).
func TestEIHopfEigenvalues(t *testing.T) {
	cases := []struct {
		ie, eps, fHz float64
	}{
		{5.99319, 0, 26.79},  // single node, supercritical
		{3.85037, 8, 15.52},  // homogeneous system ε = 8, lower Hopf
		{15.35119, 8, 83.80}, // homogeneous system ε = 8, upper Hopf
	}
	lead := func(ie, eps float64) complex128 {
		m := DefaultEI()
		m.IE = ie
		fps, err := (&SelfCoupled{Node: &m, G: eps}).FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatalf("IE=%v eps=%v: %d fixed points, err %v", ie, eps, len(fps), err)
		}
		return fps[0].Eigenvalues[0]
	}
	for _, c := range cases {
		e := lead(c.ie, c.eps)
		f := math.Abs(imag(e)) / (2 * math.Pi) * 1000
		if math.Abs(f-c.fHz) > 0.2 {
			t.Errorf("IE=%v eps=%v: frequency got=%v Hz, want=%v, tol=0.2", c.ie, c.eps, f, c.fHz)
		}
		lo, hi := real(lead(c.ie-1e-3, c.eps)), real(lead(c.ie+1e-3, c.eps))
		if lo*hi >= 0 {
			t.Errorf("IE=%v eps=%v: no sign change of the leading real part in IE±1e-3: %v, %v", c.ie, c.eps, lo, hi)
		}
	}
}

// TestEIJacobian compares the analytic Jacobian with central finite
// differences of Deriv (with the self-coupling: TestSelfCoupledEI).
func TestEIJacobian(t *testing.T) {
	m := DefaultEI()
	m.IE, m.II = 7, 0.5
	y := []float64{0.05, -0.3, 0.04, 0.03, -0.5, 0.02}
	j := mat.NewDense(6, 6, nil)
	m.Jac(j, 0, y)
	fp, fm := make([]float64, 6), make([]float64, 6)
	for k := range 6 {
		h := 1e-6 * math.Max(1, math.Abs(y[k]))
		yp := append([]float64(nil), y...)
		ym := append([]float64(nil), y...)
		yp[k] += h
		ym[k] -= h
		m.Deriv(fp, 0, yp)
		m.Deriv(fm, 0, ym)
		for i := range 6 {
			fd := (fp[i] - fm[i]) / (2 * h)
			if math.Abs(fd-j.At(i, k)) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("J[%d][%d]: analytic=%v, finite-difference=%v", i, k, j.At(i, k), fd)
			}
		}
	}
}

// TestEICoupling checks the network port: DerivCoupled(c) − Deriv equals
// c·CouplingJac (c enters both voltage equations as τ·c/τ), and the
// self-coupled node SelfCoupled{EI, ε} (c = ε sE) is the node with
// JEE → JEE+ε, JIE → JIE+ε (docs/models.md § Master stability function).
func TestEICoupling(t *testing.T) {
	m := DefaultEI()
	m.IE = 4
	y := []float64{0.05, -0.3, 0.04, 0.03, -0.5, 0.02}
	f0, f1, g := make([]float64, 6), make([]float64, 6), make([]float64, 6)
	m.Deriv(f0, 0, y)
	m.DerivCoupled(f1, 0, y, 0.7)
	m.CouplingJac(g, 0, y)
	for i := range 6 {
		if d := f1[i] - f0[i] - 0.7*g[i]; math.Abs(d) > 1e-14 {
			t.Errorf("component %d: DerivCoupled−Deriv−c·∂f/∂c = %v", i, d)
		}
	}
	if m.CouplingVar() != EIsE || m.Vars()[m.CouplingVar()] != "sE" {
		t.Errorf("CouplingVar = %d, want sE", m.CouplingVar())
	}
	// self-coupling ε vs shifted weights
	iso := DefaultEI()
	iso.IE = 4
	a := &SelfCoupled{Node: &iso, G: 8}
	b := DefaultEI()
	b.IE, b.JEE, b.JIE = 4, 5+8, 13+8
	fa, fb := make([]float64, 6), make([]float64, 6)
	a.Deriv(fa, 0, y)
	b.Deriv(fb, 0, y)
	for i := range 6 {
		if math.Abs(fa[i]-fb[i]) > 1e-14 {
			t.Errorf("component %d: SelfCoupled G=8 gives %v, JEE,JIE+8 gives %v", i, fa[i], fb[i])
		}
	}
	// DerivCoupled(c = ε sE) of the isolated node = Deriv of the self-coupled node
	iso.DerivCoupled(fb, 0, y, 8*y[EIsE])
	for i := range 6 {
		if math.Abs(fa[i]-fb[i]) > 1e-14 {
			t.Errorf("component %d: self-coupled %v, isolated with c = ε sE %v", i, fa[i], fb[i])
		}
	}
}

// TestEIEquations checks Deriv term by term against docs/models.md § E–I node written
// out independently at one state.
func TestEIEquations(t *testing.T) {
	m := DefaultEI()
	m.IE, m.II = 2, 1
	y := []float64{0.05, -0.3, 0.04, 0.03, -0.5, 0.02}
	c := 0.1
	rE, vE, sE, rI, vI, sI := y[0], y[1], y[2], y[3], y[4], y[5]
	in := c
	want := []float64{
		(1/(math.Pi*8) + 2*rE*vE) / 8,
		(vE*vE - 5 + 2 - math.Pow(math.Pi*8*rE, 2) + 8*5*sE - 8*13*sI + 8*in) / 8,
		(-sE + rE) / 1,
		(1/(math.Pi*8) + 2*rI*vI) / 8,
		(vI*vI - 5 + 1 - math.Pow(math.Pi*8*rI, 2) + 8*13*sE - 8*5*sI + 8*in) / 8,
		(-sI + rI) / 5,
	}
	got := make([]float64, 6)
	m.DerivCoupled(got, 0, y, c)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-13*math.Max(1, math.Abs(want[i])) {
			t.Errorf("d%s/dt: got=%v, want=%v", m.Vars()[i], got[i], want[i])
		}
	}
}

func TestEIValidate(t *testing.T) {
	if err := (&EI{}).Validate(); err == nil {
		t.Error("zero EI validated")
	}
	d := DefaultEI()
	if err := d.Validate(); err != nil {
		t.Errorf("DefaultEI: %v", err)
	}
	cases := []struct {
		set  func(*EI)
		name string
	}{
		{func(m *EI) { m.TauSE = 0 }, "TauSE"},
		{func(m *EI) { m.DeltaI = -1 }, "DeltaI"},
		{func(m *EI) { m.JEI = -2 }, "JEI"},
		{func(m *EI) { m.IE = math.NaN() }, "IE"},
	}
	for _, c := range cases {
		m := DefaultEI()
		c.set(&m)
		err := m.Validate()
		if err == nil || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %v does not name the parameter", c.name, err)
		}
	}
	var pe *ParamError
	if err := (&SelfCoupled{Node: &d, G: math.Inf(1)}).Validate(); !errors.As(err, &pe) || pe.Field != "G" {
		t.Errorf("SelfCoupled G = +Inf: error %v, want a *ParamError naming G", err)
	}
}

func TestEIDerivNoAlloc(t *testing.T) {
	m := DefaultEI()
	y := []float64{0.05, -0.3, 0.04, 0.03, -0.5, 0.02}
	dst := make([]float64, 6)
	j := mat.NewDense(6, 6, nil)
	if n := testing.AllocsPerRun(100, func() { m.DerivCoupled(dst, 0, y, 0.1); m.Jac(j, 0, y) }); n != 0 {
		t.Errorf("DerivCoupled+Jac allocate %v times", n)
	}
}

func BenchmarkEIDeriv(b *testing.B) {
	m := DefaultEI()
	y := []float64{0.05, -0.3, 0.04, 0.03, -0.5, 0.02}
	dst := make([]float64, 6)
	b.ReportAllocs()
	for b.Loop() {
		m.Deriv(dst, 0, y)
	}
}

func BenchmarkEIFixedPoints(b *testing.B) {
	m := DefaultEI()
	m.IE = 10
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.FixedPoints(); err != nil {
			b.Fatal(err)
		}
	}
}

// The rest state of the default node (docs/reference-values.md § E–I node).
func ExampleEI_FixedPoints() {
	m := DefaultEI()
	fps, _ := m.FixedPoints()
	for _, fp := range fps {
		fmt.Printf("rE = %.4f Hz, rI = %.4f Hz, %s, leading eigenvalue %.4f /ms\n",
			1000*fp.Y[EIrE], 1000*fp.Y[EIrI], fp.Kind, real(fp.Eigenvalues[0]))
	}
	// Output:
	// rE = 8.3482 Hz, rI = 9.3171 Hz, stable focus, leading eigenvalue -0.2541 /ms
}

// TestEIInput: the time-dependent drive adds to IE in the vE equation only
// (I(t) = 2 at t = 1 equals IE + 2), and FixedPoints uses IE + Input(0).
func TestEIInput(t *testing.T) {
	y := []float64{0.02, -1.5, 0.03, 0.015, -2, 0.02}
	drv := DefaultEI()
	drv.IE = 1
	drv.Input = func(t float64) float64 { return 2 * t }
	ref := DefaultEI()
	ref.IE = 3
	a, b := make([]float64, 6), make([]float64, 6)
	drv.Deriv(a, 1, y)
	ref.Deriv(b, 1, y)
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("d/dt y[%d] = %v with Input, %v with IE = 3", i, a[i], b[i])
		}
	}
	drv.Input = func(float64) float64 { return 2 }
	fa, err1 := drv.FixedPoints()
	fb, err2 := ref.FixedPoints()
	if err1 != nil || err2 != nil || len(fa) != len(fb) || fa[0].Y[0] != fb[0].Y[0] {
		t.Errorf("FixedPoints with Input(0) = 2: %v %v, IE = 3: %v %v", fa, err1, fb, err2)
	}
}
