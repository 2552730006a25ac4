package lyapunov

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// Lorenz σ=10, ρ=28, β=8/3: literature exponents 0.9056, 0, −14.5723
// (Sprott 2003, Table A.1); the sum must equal the constant trace
// −(σ+1+β) = −13.6667.
func TestLorenz(t *testing.T) {
	want := []float64{0.9056, 0, -14.5723}
	for _, m := range []Method{Analytic, FiniteDifference} {
		l := DefaultLorenz()
		res, err := Spectrum(&l, 0, []float64{1, 1, 20}, &Options{Transient: 100, Duration: 20000, Interval: 1, Dt: 0.01, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		e := res.Exponents
		t.Logf("method %d: exponents %.5f, sum %.6f", m, e, res.Sum())
		if math.Abs(e[0]-want[0]) > 0.01*want[0] {
			t.Errorf("λ1 = %.5f, want %.4f ± 1%%", e[0], want[0])
		}
		if math.Abs(e[1]) > 0.01*want[0] {
			t.Errorf("λ2 = %.5f, want 0 ± %.4f", e[1], 0.01*want[0])
		}
		if math.Abs(e[2]-want[2]) > 0.01*math.Abs(want[2]) {
			t.Errorf("λ3 = %.5f, want %.4f ± 1%%", e[2], want[2])
		}
		tr := -(l.Sigma + 1 + l.Beta)
		if math.Abs(res.Sum()-tr) > 1e-3 {
			t.Errorf("sum = %.6f, want trace %.6f ± 1e-3", res.Sum(), tr)
		}
	}
}

// A linear system has exponents equal to the real parts of the eigenvalues
// of A (exact); a non-normal A with a complex pair tests the QR averaging.
func TestLinear(t *testing.T) {
	a := mat.NewDense(4, 4, []float64{
		-0.5, 3, 1, 0,
		-3, -0.5, 0, 2,
		0, 0, 0.2, 1,
		0, 0, 0, -2,
	})
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenNone) {
		t.Fatal("eigen failed")
	}
	var want []float64
	for _, v := range eig.Values(nil) {
		want = append(want, real(v))
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(want)))
	for _, k := range []int{4, 2} {
		res, err := Spectrum(&Linear{A: a}, 0, make([]float64, 4), &Options{K: k, Transient: 20, Duration: 2000, Interval: 0.5, Dt: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range res.Exponents {
			if math.Abs(e-want[i]) > 2e-3 {
				t.Errorf("K=%d: λ%d = %.6f, want %.6f", k, i+1, e, want[i])
			}
		}
	}
}

func TestSpectrumErrors(t *testing.T) {
	l := DefaultLorenz()
	for _, o := range []Options{{K: 4}, {K: -1}, {Duration: -1}, {Interval: 5, Duration: 1}, {Transient: math.NaN()}} {
		if _, err := Spectrum(&l, 0, []float64{1, 1, 1}, &o); err == nil {
			t.Errorf("options %+v: no error", o)
		}
	}
	if _, err := Spectrum(&l, 0, []float64{1, 1}, nil); err == nil {
		t.Error("wrong y0 length: no error")
	}
	if _, err := Spectrum(&l, 0, []float64{1, 1, 1}, &Options{Method: 7}); err == nil {
		t.Error("bad method: no error")
	}
	blow := &Linear{A: mat.NewDense(1, 1, []float64{1000})}
	if _, err := Spectrum(blow, 0, []float64{1}, &Options{Duration: 10, Interval: 5}); err == nil {
		t.Error("overflow: no error")
	}
}

func BenchmarkLorenz(b *testing.B) {
	l := DefaultLorenz()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Spectrum(&l, 0, []float64{1, 1, 20}, &Options{Duration: 100, Interval: 1, Dt: 0.01}); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleSpectrum() {
	l := DefaultLorenz()
	res, err := Spectrum(&l, 0, []float64{1, 1, 20}, &Options{Transient: 100, Duration: 10000, Interval: 1, Dt: 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("λ1 = %.1f, sum = %.3f\n", res.Exponents[0], res.Sum())
	// Output:
	// λ1 = 0.9, sum = -13.667
}

func TestTangentNoAllocs(t *testing.T) {
	l := DefaultLorenz()
	for _, withJac := range []bool{true, false} {
		var jac ode.JacFunc
		if withJac {
			jac = l.Jac
		}
		e := ode.NewTangent(&l, 3, jac)
		z := []float64{1, 2, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1}
		dst := make([]float64, 12)
		if a := testing.AllocsPerRun(100, func() { e.Deriv(dst, 0, z) }); a != 0 {
			t.Errorf("jac=%v: %v allocs per Deriv", withJac, a)
		}
		// the tangent part must equal J q
		var jm mat.Dense
		jm.CloneFrom(mat.NewDense(3, 3, nil))
		l.Jac(&jm, 0, z[:3])
		for c := 0; c < 3; c++ {
			for i := 0; i < 3; i++ {
				if math.Abs(dst[3*(1+c)+i]-jm.At(i, c)) > 1e-8 {
					t.Errorf("jac=%v: (Jq)[%d][%d] = %v, want %v", withJac, c, i, dst[3*(1+c)+i], jm.At(i, c))
				}
			}
		}
	}
}
