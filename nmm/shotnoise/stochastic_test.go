package shotnoise

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// TestStochasticMPRSpectrum: the stochastic MPR (J = 10, η̄ = 0, Δ = 1) has
// the closed-loop spectrum S_R of the theory band by band within 10 %
// (f > 0.2), its floor, and the binned-rate variance of Theory.Variance
// (∝ 1/N), for N = 10³ and 10⁴ — the linear response of the MPR to the
// synthesised shot noise (docs/models.md § Shot noise).
func TestStochasticMPRSpectrum(t *testing.T) {
	for _, n := range []int{1000, 10000} {
		th, err := NewTheory(n, 1, 0, 1, 10, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		m := &StochasticMPR{Theory: th, Dt: 0.005, Bin: 0.01}
		ts, err := m.Simulate(3000, 50, rand.New(rand.NewPCG(uint64(n), 9)))
		if err != nil {
			t.Fatal(err)
		}
		R := ts.Col(nil, 0)
		p, err := spectral.Welch(R, 100, &spectral.WelchOptions{SegmentLength: 4096})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range specBands {
			thv, k := 0.0, 0
			for _, f := range p.Freq {
				if f >= b[0] && f < b[1] {
					thv += 2 * th.Binned(f, 0.01)
					k++
				}
			}
			thv /= float64(k)
			rel := p.Mean(b[0], b[1])/thv - 1
			t.Logf("N=%d band %v: N·S %.4g theory %.4g rel %+.3f", n, b, p.Mean(b[0], b[1])*float64(n), thv*float64(n), rel)
			if math.Abs(rel) > 0.10 {
				t.Errorf("N=%d band %v: rel error %+.3f, want ≤ 10%%", n, b, rel)
			}
		}
		if fl := p.Mean(20, 45); math.Abs(fl/(2*th.Floor())-1) > 0.02 {
			t.Errorf("N=%d floor %v, want %v within 2%%", n, fl, 2*th.Floor())
		}
		mean, vr := 0.0, 0.0
		for _, x := range R {
			mean += x
		}
		mean /= float64(len(R))
		for _, x := range R {
			vr += (x - mean) * (x - mean)
		}
		vr /= float64(len(R) - 1)
		want := th.Variance(0.01)
		t.Logf("N=%d: mean R %.5f (r0 %.5f), var %.5g, theory %.5g", n, mean, th.R0, vr, want)
		if math.Abs(vr/want-1) > 0.03 || math.Abs(mean/th.R0-1) > 0.01 {
			t.Errorf("N=%d: mean %v var %v, want %v, %v", n, mean, vr, th.R0, want)
		}
	}
}

// TestCouplingInducedSpectrum: the mean-field rate r of the stochastic MPR
// (the "r" column, R = r + ξ) has the spectrum S_c of
// Theory.CouplingInduced band by band within 10 % where S_c is above 1 % of
// the source (J = 10, η̄ = 0, Δ = 1, N = 10⁴) — a time-domain simulation
// against the closed form; and S_R = S0 + S_c + 2 S0 Re[Jχ/(1 − Jχ)]
// holds to round-off at every frequency (the decomposition of R = r + ξ).
func TestCouplingInducedSpectrum(t *testing.T) {
	th, err := NewTheory(10000, 1, 0, 1, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{0.1, 0.5, 0.719, 1.0157, 2, 5} {
		jc := complex(th.J, 0) * th.Chi(2*math.Pi*f)
		cross := real(jc / (1 - jc))
		sum := th.S0(f) + th.CouplingInduced(f) + 2*th.S0(f)*cross
		if math.Abs(sum/th.SR(f)-1) > 1e-12 {
			t.Errorf("f=%v: S0 + S_c + cross = %v, S_R = %v", f, sum, th.SR(f))
		}
	}
	m := &StochasticMPR{Theory: th, Dt: 0.005, Bin: 0.01}
	ts, err := m.Simulate(3000, 50, rand.New(rand.NewPCG(4, 9)))
	if err != nil {
		t.Fatal(err)
	}
	p, err := spectral.Welch(ts.Col(nil, 1), 100, &spectral.WelchOptions{SegmentLength: 4096})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, b := range [][2]float64{{0.2, 0.5}, {0.5, 0.8}, {0.8, 1.2}, {1.2, 1.6}, {1.6, 2.2}, {2.2, 3}} {
		thv, src, k := 0.0, 0.0, 0
		for _, f := range p.Freq {
			if f >= b[0] && f < b[1] {
				thv += 2 * th.CouplingInduced(f) * sinc2(f*0.01)
				src += 2 * th.S0(f)
				k++
			}
		}
		thv, src = thv/float64(k), src/float64(k)
		rel := p.Mean(b[0], b[1])/thv - 1
		t.Logf("band %v: N·S_r %.4g theory N·S_c %.4g (source %.4g) rel %+.3f", b, p.Mean(b[0], b[1])*1e4, thv*1e4, src*1e4, rel)
		if thv < 0.01*src {
			continue
		}
		checked++
		if math.Abs(rel) > 0.10 {
			t.Errorf("band %v: rel error %+.3f, want ≤ 10%%", b, rel)
		}
	}
	if checked < 4 {
		t.Errorf("only %d bands with S_c above 1 %% of S0", checked)
	}
}

// TestNoiseSpectrum: the synthesised noise has the binned source spectrum
// and its variance.
func TestNoiseSpectrum(t *testing.T) {
	th, _ := NewTheory(100, 1, 0, 1, 10, 0, 0)
	m := &StochasticMPR{Theory: th}
	const dt = 0.01
	x, err := m.Noise(1<<18, dt, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := spectral.Welch(x, 1/dt, &spectral.WelchOptions{SegmentLength: 4096})
	for _, b := range [][2]float64{{0.5, 0.9}, {0.9, 1.1}, {1.9, 2.2}, {10, 40}} {
		thv, k := 0.0, 0
		for _, f := range p.Freq {
			if f >= b[0] && f < b[1] {
				thv += 2 * th.BinnedS0(f, dt)
				k++
			}
		}
		thv /= float64(k)
		if rel := p.Mean(b[0], b[1])/thv - 1; math.Abs(rel) > 0.05 {
			t.Errorf("band %v: rel %+.3f", b, rel)
		}
	}
	if _, err := m.Noise(1, dt, nil); err == nil {
		t.Error("no error for n=1")
	}
}

func BenchmarkStochasticMPR(b *testing.B) {
	th, _ := NewTheory(10000, 1, 0, 1, 10, 0, 0)
	m := &StochasticMPR{Theory: th, Dt: 0.005, Bin: 0.01}
	b.ReportAllocs()
	for b.Loop() {
		m.Simulate(100, 0, rand.New(rand.NewPCG(1, 1)))
	}
}
