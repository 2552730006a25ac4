package nmm

import (
	"math"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// TestMPRValidate checks that every invalid parameter is rejected with an
// error naming the parameter, its value and the allowed range.
func TestMPRValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		mod    func(m *MPR)
		want   []string // substrings of the error
		wantOK bool
	}{
		{"default", func(m *MPR) {}, nil, true},
		{"Delta=0 allowed", func(m *MPR) { m.Delta = 0 }, nil, true},
		{"tau in ms", func(m *MPR) { m.Tau = 10 }, nil, true},
		{"negative Delta", func(m *MPR) { m.Delta = -0.5 }, []string{"Delta", "-0.5", "≥ 0"}, false},
		{"NaN Delta", func(m *MPR) { m.Delta = nan }, []string{"Delta", "NaN"}, false},
		{"zero tau", func(m *MPR) { m.Tau = 0 }, []string{"Tau", "0", "> 0"}, false},
		{"negative tau", func(m *MPR) { m.Tau = -1 }, []string{"Tau", "-1", "> 0"}, false},
		{"Inf tau", func(m *MPR) { m.Tau = inf }, []string{"Tau", "+Inf"}, false},
		{"NaN eta", func(m *MPR) { m.EtaBar = nan }, []string{"EtaBar", "NaN", "finite"}, false},
		{"Inf J", func(m *MPR) { m.J = -inf }, []string{"J", "-Inf", "finite"}, false},
		{"NaN I", func(m *MPR) { m.I = nan }, []string{"I", "NaN", "finite"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := DefaultMPR()
			c.mod(&m)
			err := m.Validate()
			if c.wantOK {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want error")
			}
			for _, s := range c.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

// TestMPRDeriv checks the right-hand side against the equations written out
// by hand (docs/models.md § MPR mean field) at τ = 1 and τ = 10, with a time-dependent input.
func TestMPRDeriv(t *testing.T) {
	for _, tau := range []float64{1, 10} {
		m := MPR{Tau: tau, Delta: 0.7, EtaBar: -4, J: 12, I: 0.5, Input: func(t float64) float64 { return 0.25 * t }}
		r, v, tt := 0.3, -0.8, 2.0
		dst := make([]float64, 2)
		m.Deriv(dst, tt, []float64{r, v})
		wantR := (m.Delta/(math.Pi*tau) + 2*r*v) / tau
		wantV := (v*v + m.EtaBar + m.I + 0.25*tt + m.J*tau*r - math.Pow(math.Pi*tau*r, 2)) / tau
		if math.Abs(dst[0]-wantR) > 1e-14 || math.Abs(dst[1]-wantV) > 1e-13 {
			t.Errorf("τ=%v: Deriv = %v, want (%v, %v)", tau, dst, wantR, wantV)
		}
		// DerivCoupled adds τc/τ = c to dv/dt.
		d2 := make([]float64, 2)
		m.DerivCoupled(d2, tt, []float64{r, v}, 0.4)
		if math.Abs(d2[0]-dst[0]) > 0 || math.Abs(d2[1]-dst[1]-0.4) > 1e-13 {
			t.Errorf("τ=%v: DerivCoupled(c=0.4) = %v, want (%v, %v)", tau, d2, dst[0], dst[1]+0.4)
		}
	}
}

// TestMPRJacobian compares the analytic Jacobian with central finite
// differences (gonum diff/fd) at several states and τ.
func TestMPRJacobian(t *testing.T) {
	for _, tau := range []float64{1, 0.5, 20} {
		m := MPR{Tau: tau, Delta: 1.3, EtaBar: -5, J: 15, I: 0.7}
		for _, y := range [][]float64{{0.08, -1.96}, {1.03, -0.15}, {0.4, 0.9}} {
			an := mat.NewDense(2, 2, nil)
			m.Jac(an, 0, y)
			num := mat.NewDense(2, 2, nil)
			fd.Jacobian(num, func(dst, x []float64) { m.Deriv(dst, 0, x) }, y,
				&fd.JacobianSettings{Formula: fd.Central, Step: 1e-6})
			for i := 0; i < 2; i++ {
				for j := 0; j < 2; j++ {
					a, n := an.At(i, j), num.At(i, j)
					if math.Abs(a-n) > 1e-7*math.Max(1, math.Abs(a)) {
						t.Errorf("τ=%v y=%v: J[%d][%d] analytic %v, finite differences %v", tau, y, i, j, a, n)
					}
				}
			}
		}
	}
}

// TestMPRTauScaling checks the physical-time scaling of docs/models.md § Conventions and units:
// with τ ≠ 1, r_phys(t) = r_{τ=1}(t/τ)/τ and v_phys(t) = v_{τ=1}(t/τ).
func TestMPRTauScaling(t *testing.T) {
	const T1 = 6.0
	run := func(tau float64) (r, v float64) {
		m := MPR{Tau: tau, Delta: 1, EtaBar: -5, J: 15,
			Input: func(t float64) float64 {
				// edges between RK4 stage times (multiples of dt/2), so
				// that every τ sees the same discrete pulse
				if t > 0.50025*tau && t < 3.00025*tau {
					return 3
				}
				return 0
			}}
		st := ode.NewRK4(1e-3 * tau)
		if _, err := ode.Solve(&m, st, 0, T1*tau, []float64{0.1 / tau, -2}, nil, nil); err != nil {
			t.Fatal(err)
		}
		_, y := st.State()
		return y[0], y[1]
	}
	r1, v1 := run(1)
	for _, tau := range []float64{10, 0.02} {
		r, v := run(tau)
		if math.Abs(r*tau-r1) > 1e-9*r1 || math.Abs(v-v1) > 1e-9*math.Abs(v1) {
			t.Errorf("τ=%v: τ·r = %v, v = %v; want %v, %v (τ = 1)", tau, r*tau, v, r1, v1)
		}
	}
}

// TestMPRDerivAllocs checks that Deriv and Jac allocate nothing.
func TestMPRDerivAllocs(t *testing.T) {
	m := DefaultMPR()
	m.Input = func(t float64) float64 { return math.Sin(t) }
	dst, y := make([]float64, 2), []float64{0.5, -0.5}
	jac := mat.NewDense(2, 2, nil)
	if n := testing.AllocsPerRun(100, func() { m.Deriv(dst, 1, y) }); n != 0 {
		t.Errorf("Deriv allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(100, func() { m.Jac(jac, 1, y) }); n != 0 {
		t.Errorf("Jac allocates %v times per call", n)
	}
}

func BenchmarkMPRDeriv(b *testing.B) {
	m := DefaultMPR()
	dst, y := make([]float64, 2), []float64{0.5, -0.5}
	b.ReportAllocs()
	for b.Loop() {
		m.Deriv(dst, 1, y)
	}
}

func TestPulse(t *testing.T) {
	p := Pulse(3, 0, 30)
	for _, c := range [][2]float64{{-1e-9, 0}, {0, 3}, {29.999, 3}, {30, 0}, {100, 0}} {
		if got := p(c[0]); got != c[1] {
			t.Errorf("Pulse(3,0,30)(%v) = %v, want %v", c[0], got, c[1])
		}
	}
}
