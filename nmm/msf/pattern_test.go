package msf

import (
	"math"
	"math/cmplx"
	"testing"
)

func TestModesDualBasis(t *testing.T) {
	w := randomW(6, 5)
	m, err := NewModes(w)
	if err != nil {
		t.Fatal(err)
	}
	n := 6
	for a := 0; a < n; a++ {
		phi := m.Vector(a)
		// W φ = Λ φ
		for i := 0; i < n; i++ {
			var s complex128
			for j := 0; j < n; j++ {
				s += complex(w.At(i, j), 0) * phi[j]
			}
			if cmplx.Abs(s-m.Lambda[a]*phi[i]) > 1e-12 {
				t.Errorf("W φ_%d ≠ Λ φ_%d at %d", a, a, i)
			}
		}
		for b := 0; b < n; b++ {
			var d complex128
			for i := 0; i < n; i++ {
				d += m.Left.At(a, i) * m.Right.At(i, b)
			}
			want := complex(0, 0)
			if a == b {
				want = 1
			}
			if cmplx.Abs(d-want) > 1e-12 {
				t.Errorf("ψ_%d·φ_%d = %v, want %v", a, b, d, want)
			}
		}
	}
	// a synchronous state has no deviation and no transverse amplitude
	y := make([]float64, n*2)
	for i := 0; i < n; i++ {
		y[2*i], y[2*i+1] = 0.3, -1.2
	}
	if d := Deviation(y, n, 2); d > 1e-15 {
		t.Errorf("Deviation of a synchronous state = %v", d)
	}
	amp := m.Amplitudes(y, 2)
	for a := 1; a < n; a++ {
		if amp[a] > 1e-12 {
			t.Errorf("transverse amplitude %d of a synchronous state = %v", a, amp[a])
		}
	}
	// a perturbation along the real part of φ_2 projects on modes 2 (and its conjugate)
	phi := m.Vector(2)
	for i := 0; i < n; i++ {
		y[2*i] += 1e-3 * real(phi[i])
	}
	x := Profile(nil, y, n, 2, 0)
	if d := Deviation(y, n, 2); math.Abs(d-1e-3*math.Sqrt(sumSq(x)/1e-6/float64(n))) > 1e-12 {
		t.Errorf("Deviation %v inconsistent with the profile", d)
	}
	amp = m.Amplitudes(y, 2)
	for a := 1; a < n; a++ {
		expect := cmplx.Abs(m.Lambda[a]-m.Lambda[2]) < 1e-12 || cmplx.Abs(m.Lambda[a]-cmplx.Conj(m.Lambda[2])) < 1e-12
		if !expect && amp[a] > 1e-12 {
			t.Errorf("mode %d amplitude %v, want 0", a, amp[a])
		}
	}
}

func sumSq(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}

func TestOverlap(t *testing.T) {
	phi := []complex128{complex(1, 1), complex(-2, -2), 0, complex(0.5, 0.5)}
	if o := Overlap(phi, []float64{-2, 4, 0, -1}); math.Abs(o-1) > 1e-15 {
		t.Errorf("parallel: overlap %v, want 1", o)
	}
	if o := Overlap(phi, []float64{2, 1, 5, 0}); math.Abs(o) > 1e-15 {
		t.Errorf("orthogonal: overlap %v, want 0", o)
	}
}

// Synthetic stroboscopic samples of a dominant complex pair plus a weaker
// decaying mode: Prony recovers μ = ln ρ / T exactly (noise-free).
func TestFloquetFitAndGrowthRate(t *testing.T) {
	T := 13.9
	mu := complex(0.0141, 0.0961)
	rho := cmplx.Exp(mu * complex(T, 0))
	weak := cmplx.Exp(complex(-0.05, 0) * complex(T, 0))
	var s [][]complex128
	var ts, ds []float64
	for m := 0; m < 40; m++ {
		pm, wm := cmplx.Pow(rho, complex(float64(m), 0)), cmplx.Pow(weak, complex(float64(m), 0))
		// real data: z = 2 Re(c ρ^m v) + weak
		v := []complex128{complex(1, 0.3), complex(-0.4, 0.8), complex(0.2, -0.1)}
		z := make([]complex128, 3)
		nrm := 0.0
		for k := range z {
			z[k] = complex(2*real(pm*v[k]), 0) + 1e-6*wm*complex(float64(k+1), 0)
			nrm += real(z[k]) * real(z[k])
		}
		if m >= 10 {
			s = append(s, z)
		}
		ts = append(ts, float64(m)*T)
		ds = append(ds, math.Exp(real(mu)*float64(m)*T))
	}
	got, err := FloquetFit(s, T)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(real(got)-real(mu)) > 1e-5 || math.Abs(math.Abs(imag(got))-imag(mu)) > 1e-5 {
		t.Errorf("FloquetFit = %v, want %v", got, mu)
	}
	g, err := GrowthRate(ts, ds, 0, 1e9)
	if err != nil || math.Abs(g-real(mu)) > 1e-12 {
		t.Errorf("GrowthRate = %v (%v), want %v", g, err, real(mu))
	}
	if _, err := FloquetFit(s[:2], T); err == nil {
		t.Error("2 samples: no error")
	}
}

func TestSpanFraction(t *testing.T) {
	w := randomW(5, 9)
	m, err := NewModes(w)
	if err != nil {
		t.Fatal(err)
	}
	// a real combination of a conjugate pair lies in the span of the pair
	var pair []int
	for a := 1; a < 5; a++ {
		if imag(m.Lambda[a]) != 0 {
			pair = append(pair, a)
		}
	}
	if len(pair) < 2 {
		t.Fatal("no complex pair")
	}
	phi := m.Vector(pair[0])
	x := make([]float64, 5)
	for i := range x {
		x[i] = real(phi[i]) - 0.3*imag(phi[i])
	}
	if f := m.SpanFraction(x, pair[:2]); math.Abs(f-1) > 1e-12 {
		t.Errorf("fraction in the span of the pair = %v, want 1", f)
	}
	if f := m.SpanFraction(x, nil); f != 0 {
		t.Errorf("fraction in the empty span = %v, want 0", f)
	}
	all := []int{0, 1, 2, 3, 4}
	x[0] += 0.7
	if f := m.SpanFraction(x, all); math.Abs(f-1) > 1e-12 {
		t.Errorf("fraction in the span of all modes = %v, want 1", f)
	}
}

// A single real dominant multiplier (plus a much weaker mode): the one-term
// model is used, so the rank-deficient two-term fit cannot return a
// spurious root.
func TestFloquetFitRealMultiplier(t *testing.T) {
	T := 36.5
	mu := -0.0378
	var s [][]complex128
	for m := 0; m < 10; m++ {
		r := math.Exp(mu * T * float64(m))
		w := 1e-9 * math.Exp(-0.17*T*float64(m))
		s = append(s, []complex128{complex(r+w, 0), complex(-0.4*r+2*w, 0), complex(0.1*r, 0)})
	}
	got, err := FloquetFit(s, T)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(real(got)-mu) > 1e-8 || imag(got) != 0 {
		t.Errorf("FloquetFit = %v, want %v", got, mu)
	}
}
