package nmm

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"gonum.org/v1/gonum/mat"
)

// TestJansenRitDeriv checks the right-hand side against the equations of
// Jansen & Rit (1995) written out again in s⁻¹ (and converted to ms), Jac
// and CouplingJac against finite differences, and no allocations.
func TestJansenRitDeriv(t *testing.T) {
	m := DefaultJansenRit()
	S := func(v float64) float64 { return 5 / (1 + math.Exp(0.56*(6-v))) }
	y := []float64{0.1, 20, 15, 0.3, -0.2, 0.5}
	c := 40.0
	f := make([]float64, 6)
	m.DerivCoupled(f, 0, y, c)
	// in s⁻¹: ÿ = …, ẏ in mV/s = 1000 × mV/ms
	ys := []float64{y[0], y[1], y[2], 1000 * y[3], 1000 * y[4], 1000 * y[5]}
	want := []float64{ys[3], ys[4], ys[5],
		3.25*100*S(ys[1]-ys[2]) - 200*ys[3] - 1e4*ys[0],
		3.25*100*(220+c+108*S(135*ys[0])) - 200*ys[4] - 1e4*ys[1],
		22*50*33.75*S(33.75*ys[0]) - 100*ys[5] - 2500*ys[2]}
	// ms: first derivatives ×1e-3 (mV/ms), second ×1e-6 (mV/ms²)
	for i := range f {
		w := want[i] * 1e-3
		if i >= 3 {
			w = want[i] * 1e-6
		}
		if math.Abs(f[i]-w) > 1e-12*(1+math.Abs(w)) {
			t.Errorf("f[%d] = %v, want %v", i, f[i], w)
		}
	}
	ja := mat.NewDense(6, 6, nil)
	jn := mat.NewDense(6, 6, nil)
	for _, y := range [][]float64{{0.01, 5, 10, 0, 0, 0}, {0.1, 20, 15, 0.3, -0.2, 0.5}, {0.05, 25, 12, 0, 0.1, 0}} {
		m.Jac(ja, 0, y)
		ode.NumJac(&m)(jn, 0, y)
		if !mat.EqualApprox(ja, jn, 1e-7) {
			t.Errorf("Jac at %v = %v, finite differences %v", y, mat.Formatted(ja), mat.Formatted(jn))
		}
	}
	dc := make([]float64, 6)
	m.CouplingJac(dc, 0, y)
	fp, fm := make([]float64, 6), make([]float64, 6)
	m.DerivCoupled(fp, 0, y, c+1e-3)
	m.DerivCoupled(fm, 0, y, c-1e-3)
	for i := range dc {
		if d := (fp[i] - fm[i]) / 2e-3; math.Abs(d-dc[i]) > 1e-12 {
			t.Errorf("CouplingJac[%d] = %v, finite differences %v", i, dc[i], d)
		}
	}
	if n := testing.AllocsPerRun(100, func() { m.DerivCoupled(f, 0, y, 0.1) }); n != 0 {
		t.Errorf("DerivCoupled allocates %v", n)
	}
	if err := (&JansenRit{A: 1, B: 1, Ra: 0, Rb: 1, E0: 1, R: 1}).Validate(); err == nil {
		t.Error("a = 0 accepted")
	}
}

type jansenRitRef struct {
	Times  []float64   `json:"times_s"`
	States [][]float64 `json:"states"`
	Period float64     `json:"period_s"`
	Freq   float64     `json:"frequency_hz"`
	OutMin float64     `json:"output_min_mV"`
	OutMax float64     `json:"output_max_mV"`
	Eq     []struct {
		P          float64 `json:"p"`
		Equilibria []struct {
			Y      []float64 `json:"y"`
			Out    float64   `json:"output_mV"`
			MaxRe  float64   `json:"max_re_eig_per_s"`
			Stable bool      `json:"stable"`
		} `json:"equilibria"`
	} `json:"equilibria"`
	Sweep []struct {
		P     float64 `json:"p"`
		Peak  float64 `json:"peak_hz"`
		Range float64 `json:"range_mV"`
	} `json:"sweep"`
}

func readJansenRitRef(t *testing.T) jansenRitRef {
	t.Helper()
	raw, err := os.ReadFile("testdata/jansenrit.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref jansenRitRef
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestJansenRitSciPy compares, with SciPy's DOP853 and fsolve
// (testdata/gen_jansenrit.py → testdata/jansenrit.json, computed in
// seconds): the trajectory from y = 0 at p = 220 s⁻¹, the alpha-band limit
// cycle (period 91.42 ms, 10.94 Hz, output range), and every equilibrium
// with its stability for p = 0 … 350 s⁻¹ (three below the oscillatory
// range, one above).
func TestJansenRitSciPy(t *testing.T) {
	ref := readJansenRitRef(t)
	m := DefaultJansenRit()
	prev := 0.0
	y := make([]float64, 6)
	for k, ts := range ref.Times {
		tk := 1000 * ts
		last := ode.ObserverFunc(func(_ float64, s []float64) error { copy(y, s); return nil })
		if _, err := ode.Solve(&m, ode.NewDoPri5(1e-11, 1e-13), prev, tk, append([]float64(nil), y...), nil, last); err != nil {
			t.Fatal(err)
		}
		for i := range y {
			w := ref.States[k][i]
			if i >= 3 {
				w *= 1e-3 // mV/s → mV/ms
			}
			if math.Abs(y[i]-w) > 1e-7*(1+math.Abs(w)) {
				t.Errorf("t = %v ms: y[%d] = %v, SciPy %v", tk, i, y[i], w)
			}
		}
		prev = tk
	}
	o, err := cycle.Find(&m, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(o.Period-1000*ref.Period) > 1e-4*1000*ref.Period || !o.Stable {
		t.Errorf("period %v ms (stable %v), SciPy %v ms", o.Period, o.Stable, 1000*ref.Period)
	}
	if f := 1000 / o.Period; f < 8 || f > 13 {
		t.Errorf("frequency %v Hz, want the alpha band (8–13 Hz)", f)
	}
	if lo, hi := o.Min[1]-o.Max[2], o.Max[1]-o.Min[2]; lo > ref.OutMin+1e-6 || hi < ref.OutMax-1e-6 {
		t.Errorf("output y1 − y2 within [%v, %v] (bounds from the ranges of y1, y2), SciPy range [%v, %v]", lo, hi, ref.OutMin, ref.OutMax)
	}
	for _, e := range ref.Eq {
		mp := m
		mp.P = e.P
		fps, err := mp.FixedPoints()
		if err != nil {
			t.Fatal(err)
		}
		if len(fps) != len(e.Equilibria) {
			t.Errorf("p = %v: %d equilibria, SciPy %d", e.P, len(fps), len(e.Equilibria))
			continue
		}
		for k, w := range e.Equilibria {
			fp := fps[k]
			if out := mp.Output(fp.Y); math.Abs(out-w.Out) > 1e-8 {
				t.Errorf("p = %v, equilibrium %d: output %v mV, SciPy %v", e.P, k, out, w.Out)
			}
			for i := 0; i < 3; i++ {
				if math.Abs(fp.Y[i]-w.Y[i]) > 1e-8*(1+math.Abs(w.Y[i])) {
					t.Errorf("p = %v, equilibrium %d: y%d = %v, SciPy %v", e.P, k, i, fp.Y[i], w.Y[i])
				}
			}
			// eigenvalues in 1/ms vs SciPy's finite differences in 1/s
			if re := 1000 * real(fp.Eigenvalues[0]); fp.Stable != w.Stable || math.Abs(re-w.MaxRe) > 1e-4*(1+math.Abs(w.MaxRe)) {
				t.Errorf("p = %v, equilibrium %d: max Re λ = %v /s (stable %v), SciPy %v (%v)", e.P, k, re, fp.Stable, w.MaxRe, w.Stable)
			}
		}
	}
}

// TestJansenRitAlphaSweep checks the dominant frequency of the output over
// the input range against SciPy (Welch peak, resolution 0.12 Hz): stationary
// at p = 100 s⁻¹ from y = 0, alpha-band cycles at 150–280 s⁻¹.
func TestJansenRitAlphaSweep(t *testing.T) {
	ref := readJansenRitRef(t)
	for _, s := range ref.Sweep {
		m := DefaultJansenRit()
		m.P = s.P
		o, err := cycle.Find(&m, make([]float64, 6), &cycle.Options{Transient: 10000})
		if s.Range < 1e-3 {
			if err == nil {
				t.Errorf("p = %v: cycle of period %v ms, SciPy stationary (range %v mV)", s.P, o.Period, s.Range)
			}
			continue
		}
		if err != nil {
			t.Errorf("p = %v: %v, SciPy oscillates at %v Hz", s.P, err, s.Peak)
			continue
		}
		if f := 1000 / o.Period; math.Abs(f-s.Peak) > 0.25 || f < 8 || f > 13 {
			t.Errorf("p = %v: %v Hz, SciPy Welch peak %v Hz", s.P, f, s.Peak)
		}
	}
}
