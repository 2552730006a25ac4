package nmm

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// TestMutualInhibitionDeriv checks the right-hand side against the
// equations written out by hand, at τ = 1 and τ = 8, with inputs.
func TestMutualInhibitionDeriv(t *testing.T) {
	for _, tau := range []float64{1, 8} {
		m := MutualInhibition{K: 7, Pop: [2]MPR{
			{Tau: tau, Delta: 0.5, EtaBar: 1, J: 3, I: 0.2},
			{Tau: tau, Delta: 1.5, EtaBar: -1, J: 6, Input: func(t float64) float64 { return 0.1 * t }},
		}}
		y, tt := []float64{0.3, -0.4, 0.6, 0.2}, 3.0
		dst := make([]float64, 4)
		m.Deriv(dst, tt, y)
		want := []float64{
			(0.5/(math.Pi*tau) + 2*y[0]*y[1]) / tau,
			(y[1]*y[1] + 1 + 0.2 + 3*tau*y[0] - 7*tau*y[2] - math.Pow(math.Pi*tau*y[0], 2)) / tau,
			(1.5/(math.Pi*tau) + 2*y[2]*y[3]) / tau,
			(y[3]*y[3] - 1 + 0.3 + 6*tau*y[2] - 7*tau*y[0] - math.Pow(math.Pi*tau*y[2], 2)) / tau,
		}
		for i := range want {
			if math.Abs(dst[i]-want[i]) > 1e-13*math.Max(1, math.Abs(want[i])) {
				t.Errorf("τ=%v: dy[%d] = %v, want %v", tau, i, dst[i], want[i])
			}
		}
	}
}

// TestMPRAdaptDeriv checks the right-hand side against the equations
// written out by hand (τ = 1 and 4).
func TestMPRAdaptDeriv(t *testing.T) {
	for _, tau := range []float64{1, 4} {
		m := MPRAdapt{MPR: MPR{Tau: tau, Delta: 1, EtaBar: -0.5, J: 20, I: 0.3}, TauA: 50, Alpha: 14}
		y := []float64{0.4, -0.3, 2.5}
		dst := make([]float64, 3)
		m.Deriv(dst, 0, y)
		want := []float64{
			(1/(math.Pi*tau) + 2*y[0]*y[1]) / tau,
			(y[1]*y[1] - 0.5 + 0.3 + 20*tau*y[0] - y[2] - math.Pow(math.Pi*tau*y[0], 2)) / tau,
			(-y[2] + 14*tau*y[0]) / 50,
		}
		for i := range want {
			if math.Abs(dst[i]-want[i]) > 1e-13*math.Max(1, math.Abs(want[i])) {
				t.Errorf("τ=%v: dy[%d] = %v, want %v", tau, i, dst[i], want[i])
			}
		}
		if e := m.EtaEff(0, 2.5); math.Abs(e-(-0.5+0.3-2.5)) > 1e-15 {
			t.Errorf("EtaEff = %v", e)
		}
	}
}

func checkJac(t *testing.T, name string, sys interface {
	Dim() int
	Deriv([]float64, float64, []float64)
	Jac(*mat.Dense, float64, []float64)
}, y []float64) {
	t.Helper()
	n := sys.Dim()
	an, num := mat.NewDense(n, n, nil), mat.NewDense(n, n, nil)
	sys.Jac(an, 0, y)
	fd.Jacobian(num, func(dst, x []float64) { sys.Deriv(dst, 0, x) }, y, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-6})
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a, b := an.At(i, j), num.At(i, j)
			if math.Abs(a-b) > 1e-7*math.Max(1, math.Abs(a)) {
				t.Errorf("%s: J[%d][%d] analytic %v, finite differences %v", name, i, j, a, b)
			}
		}
	}
}

// TestNewModelsJacobian compares the analytic Jacobians with central finite
// differences (gonum diff/fd).
func TestNewModelsJacobian(t *testing.T) {
	for _, tau := range []float64{1, 3} {
		mi := DefaultMutualInhibition()
		mi.Pop[0].Tau, mi.Pop[1].Tau = tau, tau
		mi.Pop[1].J = 8
		checkJac(t, "MutualInhibition", &mi, []float64{0.3, -0.4, 0.6, 0.2})
		ma := DefaultMPRAdapt()
		ma.MPR.Tau = tau
		checkJac(t, "MPRAdapt", &ma, []float64{0.4, -0.3, 2.5})
	}
}

func TestNewModelsValidate(t *testing.T) {
	mi := DefaultMutualInhibition()
	if err := mi.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mod  func(m *MutualInhibition)
		want string
	}{
		{func(m *MutualInhibition) { m.K = -1 }, "K = -1"},
		{func(m *MutualInhibition) { m.K = math.NaN() }, "K = NaN"},
		{func(m *MutualInhibition) { m.Pop[1].Delta = -1 }, "population 2"},
		{func(m *MutualInhibition) { m.Pop[1].Tau = 2 }, "Tau = 1 and 2"},
	} {
		m := DefaultMutualInhibition()
		c.mod(&m)
		if err := m.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate = %v, want error containing %q", err, c.want)
		}
	}
	ma := DefaultMPRAdapt()
	if err := ma.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mod  func(m *MPRAdapt)
		want string
	}{
		{func(m *MPRAdapt) { m.TauA = 0 }, "TauA = 0"},
		{func(m *MPRAdapt) { m.Alpha = -2 }, "Alpha = -2"},
		{func(m *MPRAdapt) { m.MPR.Tau = 0 }, "Tau = 0"},
	} {
		m := DefaultMPRAdapt()
		c.mod(&m)
		if err := m.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate = %v, want error containing %q", err, c.want)
		}
	}
}

func TestNewModelsAllocs(t *testing.T) {
	mi := DefaultMutualInhibition()
	ma := DefaultMPRAdapt()
	d4, d3 := make([]float64, 4), make([]float64, 3)
	y4, y3 := []float64{0.3, -0.4, 0.6, 0.2}, []float64{0.4, -0.3, 2.5}
	j4, j3 := mat.NewDense(4, 4, nil), mat.NewDense(3, 3, nil)
	for name, f := range map[string]func(){
		"MutualInhibition.Deriv": func() { mi.Deriv(d4, 1, y4) },
		"MutualInhibition.Jac":   func() { mi.Jac(j4, 1, y4) },
		"MPRAdapt.Deriv":         func() { ma.Deriv(d3, 1, y3) },
		"MPRAdapt.Jac":           func() { ma.Jac(j3, 1, y3) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times", name, n)
		}
	}
}

func BenchmarkMutualInhibitionDeriv(b *testing.B) {
	m := DefaultMutualInhibition()
	dst, y := make([]float64, 4), []float64{0.3, -0.4, 0.6, 0.2}
	b.ReportAllocs()
	for b.Loop() {
		m.Deriv(dst, 1, y)
	}
}

func BenchmarkMPRAdaptDeriv(b *testing.B) {
	m := DefaultMPRAdapt()
	dst, y := make([]float64, 3), []float64{0.4, -0.3, 2.5}
	b.ReportAllocs()
	for b.Loop() {
		m.Deriv(dst, 1, y)
	}
}
