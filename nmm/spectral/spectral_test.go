package spectral

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

type refCase struct {
	Name   string
	Kind   string
	Signal string
	Opts   struct {
		SegmentLength, Overlap int
		Window, Detrend        string
		Scaling                string
		TwoSided               bool
	}
	Freq, Power []float64
}

type refFile struct {
	Fs                float64
	X                 []float64 `json:"x"`
	XOdd              []float64 `json:"x_odd"`
	Cases             []refCase
	PeaksWelchDefault struct {
		Index      []int
		Prominence []float64
	} `json:"peaks_welch_default"`
}

func loadRef(t *testing.T) refFile {
	t.Helper()
	b, err := os.ReadFile("testdata/scipy_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var r refFile
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func parseWindow(s string) Window {
	switch s {
	case "hann":
		return Hann
	case "hamming":
		return Hamming
	case "rectangular":
		return Rectangular
	}
	return DefaultWindow
}

// TestScipyReference compares Welch and Periodogram with
// scipy.signal.welch / periodogram on fixed inputs (testdata/gen_scipy.py).
func TestScipyReference(t *testing.T) {
	r := loadRef(t)
	for _, c := range r.Cases {
		t.Run(c.Name, func(t *testing.T) {
			x := r.X
			if c.Signal == "x_odd" {
				x = r.XOdd
			}
			var det Detrend
			if c.Opts.Detrend == "none" {
				det = DetrendNone
			}
			var sc Scaling
			if c.Opts.Scaling == "spectrum" {
				sc = ScalingSpectrum
			}
			var p PSD
			var err error
			if c.Kind == "welch" {
				p, err = Welch(x, r.Fs, &WelchOptions{
					SegmentLength: c.Opts.SegmentLength, Overlap: c.Opts.Overlap,
					Window: parseWindow(c.Opts.Window), Detrend: det, Scaling: sc, TwoSided: c.Opts.TwoSided,
				})
			} else {
				p, err = Periodogram(x, r.Fs, &PeriodogramOptions{
					Window: parseWindow(c.Opts.Window), Detrend: det, Scaling: sc, TwoSided: c.Opts.TwoSided,
				})
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Freq) != len(c.Freq) || len(p.Power) != len(c.Power) {
				t.Fatalf("len got=%d,%d want=%d", len(p.Freq), len(p.Power), len(c.Freq))
			}
			for i := range c.Freq {
				if math.Abs(p.Freq[i]-c.Freq[i]) > 1e-12 {
					t.Fatalf("Freq[%d] got=%v want=%v", i, p.Freq[i], c.Freq[i])
				}
				if d := math.Abs(p.Power[i] - c.Power[i]); d > 1e-10*math.Max(1, math.Abs(c.Power[i])) {
					t.Fatalf("Power[%d] got=%v want=%v tol=1e-10 rel", i, p.Power[i], c.Power[i])
				}
			}
			if p.OneSided == c.Opts.TwoSided {
				t.Errorf("OneSided=%v for TwoSided=%v", p.OneSided, c.Opts.TwoSided)
			}
		})
	}
}

// TestPeaksScipy compares local maxima and prominences with
// scipy.signal.find_peaks(prominence=0) on the default Welch estimate.
func TestPeaksScipy(t *testing.T) {
	r := loadRef(t)
	p, err := Welch(r.X, r.Fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	pk := Peaks(&p, nil)
	want := r.PeaksWelchDefault
	if len(pk) != len(want.Index) {
		t.Fatalf("peaks got=%d want=%d", len(pk), len(want.Index))
	}
	byIdx := map[int]Peak{}
	for _, q := range pk {
		byIdx[q.Index] = q
	}
	for i, idx := range want.Index {
		q, ok := byIdx[idx]
		if !ok {
			t.Fatalf("scipy peak at %d missing", idx)
		}
		if math.Abs(q.Prominence-want.Prominence[i]) > 1e-12 {
			t.Errorf("prominence[%d] got=%v want=%v", idx, q.Prominence, want.Prominence[i])
		}
	}
	for i := 1; i < len(pk); i++ {
		if pk[i].Power > pk[i-1].Power {
			t.Fatal("peaks not sorted by power")
		}
	}
	// The 1.3 Hz sinusoid is the dominant peak.
	f, _, err := p.PeakFrequency(0.5, 0)
	if err != nil || math.Abs(f-1.3) > p.Resolution/2 {
		t.Errorf("PeakFrequency got=%v err=%v want 1.3±%v", f, err, p.Resolution/2)
	}
}

// TestAnalytic checks textbook cases: Parseval for the periodogram, white
// noise levels σ²/fs (two-sided) and 2σ²/fs (one-sided), and the power of a
// sinusoid A²/2 (spectrum scaling, one-sided; bin-centred frequency).
func TestAnalytic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, fs, sigma = 1 << 16, 50.0, 1.7
	x := make([]float64, n)
	for i := range x {
		x[i] = sigma * rng.NormFloat64()
	}
	// Parseval: a rectangular, non-detrended periodogram integrates to the
	// mean square, for one- and two-sided outputs, even and odd lengths.
	for _, m := range []int{n, n - 1} {
		ms := 0.0
		for _, v := range x[:m] {
			ms += v * v
		}
		ms /= float64(m)
		for _, two := range []bool{false, true} {
			p, err := Periodogram(x[:m], fs, &PeriodogramOptions{Detrend: DetrendNone, TwoSided: two})
			if err != nil {
				t.Fatal(err)
			}
			s := 0.0
			for _, v := range p.Power {
				s += v * p.Resolution
			}
			if math.Abs(s-ms) > 1e-9*ms {
				t.Errorf("Parseval m=%d twosided=%v: ∫S=%v mean square=%v", m, two, s, ms)
			}
		}
	}
	// White-noise level: averaged over all bins of a Welch estimate with
	// many segments; standard error ≈ level/sqrt(segments·bins/2).
	for _, two := range []bool{false, true} {
		p, err := Welch(x, fs, &WelchOptions{SegmentLength: 512, TwoSided: two})
		if err != nil {
			t.Fatal(err)
		}
		want := sigma * sigma / fs
		lo, hi := 0.5, fs/2-0.5
		if !two {
			want *= 2
		} else {
			lo = -fs/2 + 0.5
		}
		got := p.Mean(lo, hi)
		if math.Abs(got/want-1) > 0.02 {
			t.Errorf("white level twosided=%v got=%v want=%v tol=2%%", two, got, want)
		}
	}
	// Sinusoid on a bin centre: spectrum scaling gives A²/2 one-sided
	// (Hann window, coherent gain accounted for by (Σw)²).
	const amp, f0 = 2.5, 5.0 // f0 = 5 = 52·fs/520 is a bin centre for L = 520
	y := make([]float64, 52000)
	for i := range y {
		y[i] = amp * math.Sin(2*math.Pi*f0*float64(i)/fs+0.3)
	}
	p, err := Welch(y, fs, &WelchOptions{SegmentLength: 520, Scaling: ScalingSpectrum})
	if err != nil {
		t.Fatal(err)
	}
	f, pw, err := p.PeakFrequency(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f-f0) > 1e-9 || math.Abs(pw/(amp*amp/2)-1) > 1e-9 {
		t.Errorf("sinusoid peak got f=%v P=%v want f=%v P=%v", f, pw, f0, amp*amp/2)
	}
	// Its density integrates to the variance A²/2 (Hann spreads it over 3 bins).
	pd, err := Welch(y, fs, &WelchOptions{SegmentLength: 520})
	if err != nil {
		t.Fatal(err)
	}
	if v := pd.BandPower(4, 6); math.Abs(v/(amp*amp/2)-1) > 1e-9 {
		t.Errorf("band power got=%v want=%v", v, amp*amp/2)
	}
}

// TestStreaming checks that feeding the signal in pieces equals one call.
func TestStreaming(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 10007)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	opt := &WelchOptions{SegmentLength: 300, Overlap: 77}
	ref, err := Welch(x, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewWelch(2, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(x); {
		k := min(1+rng.IntN(700), len(x)-i)
		e.Add(x[i : i+k]...)
		i += k
	}
	got, err := e.PSD(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Segments != ref.Segments || got.Segments != (len(x)-77)/(300-77) {
		t.Fatalf("segments got=%d want=%d", got.Segments, ref.Segments)
	}
	for i := range ref.Power {
		if math.Abs(got.Power[i]-ref.Power[i]) > 1e-12*ref.Power[i] {
			t.Fatalf("Power[%d] got=%v want=%v", i, got.Power[i], ref.Power[i])
		}
	}
	allocs := testing.AllocsPerRun(20, func() { e.Add(x[:1000]...) })
	if allocs != 0 {
		t.Errorf("Add allocates %v per call", allocs)
	}
	var dst PSD
	e.PSD(&dst)
	allocs = testing.AllocsPerRun(20, func() { e.PSD(&dst) })
	if allocs != 0 {
		t.Errorf("PSD(dst) allocates %v per call", allocs)
	}
}

func TestErrors(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	cases := []struct {
		name string
		fs   float64
		opt  *WelchOptions
	}{
		{"fs", 0, nil},
		{"fsinf", math.Inf(1), nil},
		{"seg", 1, &WelchOptions{SegmentLength: -3}},
		{"overlap", 1, &WelchOptions{SegmentLength: 4, Overlap: 4}},
		{"window", 1, &WelchOptions{Window: 17}},
	}
	for _, c := range cases {
		if _, err := Welch(x, c.fs, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if _, err := Welch(nil, 1, nil); !errors.Is(err, ErrTooShort) {
		t.Errorf("empty: err=%v", err)
	}
	if _, err := Welch([]float64{1, math.NaN(), 2}, 1, nil); !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN: err=%v", err)
	}
	e, _ := NewWelch(1, &WelchOptions{SegmentLength: 8})
	e.Add(1, 2, 3)
	if _, err := e.PSD(nil); !errors.Is(err, ErrTooShort) {
		t.Errorf("short: err=%v", err)
	}
	p := PSD{Freq: []float64{0, 1, 2}, Power: []float64{3, 2, 1}}
	if _, _, err := p.PeakFrequency(0, 0); !errors.Is(err, ErrNoPeak) {
		t.Errorf("no peak: err=%v", err)
	}
}

func BenchmarkWelch(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 1<<16)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	e, _ := NewWelch(100, &WelchOptions{SegmentLength: 4096})
	var dst PSD
	b.ReportAllocs()
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		e.Reset()
		e.Add(x...)
		e.PSD(&dst)
	}
}
