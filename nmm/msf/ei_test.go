package msf

import (
	"encoding/json"
	"math"
	"math/cmplx"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
)

// eiDispersion finds the synchronous state of the E–I problem at (ie, eps)
// from eiY0, requires it to be of the given kind, and returns it with its
// dispersion relation at the eigenvalues lam.
func eiDispersion(t *testing.T, ie, eps float64, kind Kind, lam []complex128) (*State, *Dispersion) {
	t.Helper()
	p := eiProblem(ie, eps)
	st, err := p.FindState(eiY0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind != kind {
		t.Fatalf("(%v, %v): %v, want %v", ie, eps, st.Kind, kind)
	}
	a, err := p.Analyze(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Dispersion(lam)
	if err != nil {
		t.Fatal(err)
	}
	return st, d
}

func eiProblem(ie, eps float64) *Problem {
	m := nmm.DefaultEI()
	m.IE = ie
	p, _ := ForEI(m, eps)
	return p
}

var eiY0 = EIStart()

// docs/reference-values.md § E–I network and MSF (Delicado–Huguet–Clusella model on the AAL-90
// connectome): (IE, ε) = (12, 8): synchronous 71.93 Hz cycle, uniform
// exponents 0, −0.147 ± 0.116i; transverse max Re μ = +0.0141 ms⁻¹ at
// Λ = 0.094, Im μ = 0.096 rad/ms (≈ 15 Hz), 87 of 89 transverse modes
// unstable. (5, 12): 27.38 Hz, all transverse exponents negative, max
// −0.0378 at Λ = 0.739. Tolerances from issue 7: Re μ ± 5e-4 ms⁻¹, Λ ± 0.02,
// frequency ± 1 Hz.
func TestEIDispersionScience(t *testing.T) {
	lam := eigW(t, loadAAL(t))
	cases := []struct {
		ie, eps, fHz, re, lam, im float64
		unstable                  int
	}{
		{12, 8, 71.93, 0.0141, 0.094, 0.096, 87},
		{5, 12, 27.38, -0.0378, 0.739, 0, 0},
	}
	for _, c := range cases {
		st, d := eiDispersion(t, c.ie, c.eps, Periodic, lam)
		mt := d.Modes[d.MaxTransverse]
		f := 1000 / st.Period
		mf := math.Abs(imag(mt.Leading())) / (2 * math.Pi) * 1000
		t.Logf("(%v,%v): f = %.3f Hz, uniform %.5f; max transverse Λ = %.4f, μ = %.5f (%.2f Hz); unstable %d of %d",
			c.ie, c.eps, f, d.Uniform, real(mt.Lambda), mt.Leading(), mf, d.Unstable, len(lam)-1)
		if math.Abs(f-c.fHz) > 0.01 {
			t.Errorf("frequency %.4f Hz, want %.2f", f, c.fHz)
		}
		if math.Abs(real(mt.Leading())-c.re) > 5e-4 {
			t.Errorf("max transverse Re μ = %.5f, want %.4f ± 5e-4", real(mt.Leading()), c.re)
		}
		if math.Abs(real(mt.Lambda)-c.lam) > 0.02 {
			t.Errorf("Λ of the maximum = %.4f, want %.3f ± 0.02", real(mt.Lambda), c.lam)
		}
		if math.Abs(mf-c.im/(2*math.Pi)*1000) > 1 {
			t.Errorf("modulation frequency %.3f Hz, want %.2f ± 1 Hz", mf, c.im/(2*math.Pi)*1000)
		}
		if d.Unstable != c.unstable {
			t.Errorf("%d unstable transverse modes, want %d", d.Unstable, c.unstable)
		}
		if c.ie == 12 {
			if math.Abs(real(d.Uniform[0])) > 1e-6 || cmplx.Abs(d.Uniform[1]-complex(-0.147, 0.116)) > 1e-3 {
				t.Errorf("uniform exponents %v, want 0, −0.147 ± 0.116i", d.Uniform[:3])
			}
		}
	}
}

// Issue 7: one dispersion relation of a periodic state at all 90
// eigenvalues, cycle search included, ≤ 0.1 s (best of 5 runs). The machine
// is shared, so the limit applies to the CPU time of the process (user +
// system, getrusage), which does not count time spent waiting for a core;
// the wall time is logged.
func TestEIDispersionSpeed(t *testing.T) {
	lam := eigW(t, loadAAL(t))
	best, bestWall := time.Hour, time.Hour
	for range 5 {
		c0, w0 := cpuTime(), time.Now()
		p := eiProblem(12, 8)
		st, _ := p.FindState(eiY0, nil)
		a, err := p.Analyze(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Dispersion(lam); err != nil {
			t.Fatal(err)
		}
		best, bestWall = min(best, cpuTime()-c0), min(bestWall, time.Since(w0))
	}
	t.Logf("dispersion relation at 90 eigenvalues incl. cycle search: CPU %v, wall %v", best, bestWall)
	if best > 100*time.Millisecond {
		t.Errorf("took %v CPU time, want ≤ 0.1 s", best)
	}
}

// cpuTime returns the user + system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkEIDispersion128(b *testing.B) {
	lam := eigW(b, loadAAL(b))
	b.ReportAllocs()
	for b.Loop() {
		p := eiProblem(12, 8)
		st, _ := p.FindState(eiY0, nil)
		a, _ := p.Analyze(st, nil)
		if _, err := a.Dispersion(lam); err != nil {
			b.Fatal(err)
		}
	}
}

// docs/reference-values.md § E–I network and MSF, the paper's network-simulation point
// (I_ext^E, ε) = (15, 9): the synchronous state is stationary (the unique equilibrium of the
// self-coupled node, rE = 125.463 Hz), stable to uniform perturbations (leading eigenvalues
// −0.0163 ± 0.509i /ms), but 79 of the 89 transverse modes grow; the most unstable is at the
// smallest Λ = −0.2567 with μ = 0.01736 + 0.714i /ms, a 113.6 Hz oscillation of the regions
// around the synchronous equilibrium (an instability of the pattern, not a node cycle). Reference:
// generator testdata/gen_msf_reference.py (SciPy fsolve from 625 starts, DOP853 check, numpy
// eigenvalues of every mode matrix) → msf_reference.json "stationary". Tolerances as above:
// Re μ ± 5e-4 /ms, Λ ± 0.02, frequency ± 1 Hz; the equilibrium to 1e-9 kHz.
func TestEIStationaryTransverseInstability(t *testing.T) {
	lam := eigW(t, loadAAL(t))
	raw, err := os.ReadFile("testdata/msf_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Stationary []struct {
			IE, Eps             float64
			Y                   []float64
			UniformEigenvalues  [][2]float64 `json:"uniform_eigenvalues"`
			TransverseMaxRe     float64      `json:"transverse_max_re"`
			TransverseMaxLambda float64      `json:"transverse_max_lambda"`
			TransverseMaxHz     float64      `json:"transverse_max_hz"`
			TransverseUnstable  int          `json:"transverse_unstable"`
		}
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Stationary) == 0 {
		t.Fatal("msf_reference.json has no stationary case")
	}
	for _, c := range ref.Stationary {
		st, d := eiDispersion(t, c.IE, c.Eps, Stationary, lam)
		for i, v := range c.Y {
			if math.Abs(st.Y[i]-v) > 1e-9 {
				t.Errorf("(%v, %v): y[%d] = %.12g, want %.12g ± 1e-9", c.IE, c.Eps, i, st.Y[i], v)
			}
		}
		for i, z := range c.UniformEigenvalues {
			if cmplx.Abs(d.Uniform[i]-complex(z[0], z[1])) > 1e-6 {
				t.Errorf("(%v, %v): uniform eigenvalue %d = %.6f, want %.6f", c.IE, c.Eps, i, d.Uniform[i], complex(z[0], z[1]))
			}
		}
		mt := d.Modes[d.MaxTransverse]
		mf := math.Abs(imag(mt.Leading())) / (2 * math.Pi) * 1000
		t.Logf("(%v,%v): rE = %.4f Hz, uniform %.5f; max transverse Λ = %.4f, μ = %.5f (%.2f Hz); unstable %d of %d",
			c.IE, c.Eps, 1000*st.Y[0], d.Uniform[0], real(mt.Lambda), mt.Leading(), mf, d.Unstable, len(lam)-1)
		if real(d.Uniform[0]) >= 0 {
			t.Errorf("uniform mode unstable: %v", d.Uniform[0])
		}
		if math.Abs(real(mt.Leading())-c.TransverseMaxRe) > 5e-4 {
			t.Errorf("max transverse Re μ = %.5f, want %.5f ± 5e-4", real(mt.Leading()), c.TransverseMaxRe)
		}
		if math.Abs(real(mt.Lambda)-c.TransverseMaxLambda) > 0.02 {
			t.Errorf("Λ of the maximum = %.4f, want %.4f ± 0.02", real(mt.Lambda), c.TransverseMaxLambda)
		}
		if math.Abs(mf-c.TransverseMaxHz) > 1 {
			t.Errorf("transverse frequency %.3f Hz, want %.3f ± 1 Hz", mf, c.TransverseMaxHz)
		}
		if d.Unstable != c.TransverseUnstable {
			t.Errorf("%d unstable transverse modes, want %d", d.Unstable, c.TransverseUnstable)
		}
	}
}
