package compare

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/stability"
)

// quick are the settings of the tests and of notebook 11's quick run.
var quick = Settings{Transient: 1000, Duration: 4000, Interval: 5, ZeroTol: 5e-4}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// TestWilsonCowanSciPy: equilibria (positions to 1e-8, stability), the
// limit cycle's frequency (0.1 %) and the bistability of two stable
// equilibria agree with the independent SciPy computation
// testdata/gen_wilsoncowan_regimes.py at six (Q, P): a steady state and a
// 17.39 Hz (beta) cycle at Q = 0, and two stable equilibria for P = 4, 5 at
// Q = 4.
func TestWilsonCowanSciPy(t *testing.T) {
	var ref struct {
		Cases []struct {
			Q, P float64
			FPs  []struct {
				E, I   float64
				Stable bool
			} `json:"fixed_points"`
			Freqs []float64 `json:"frequency_hz_per_start"`
		}
	}
	readJSON(t, "testdata/wilsoncowan_regimes.json", &ref)
	for _, rc := range ref.Cases {
		ps, err := Classify(WilsonCowan(rc.Q, []float64{rc.P}), quick)
		if err != nil {
			t.Fatal(err)
		}
		p := ps[0]
		eq := slices.Clone(p.Equilibria)
		slices.SortFunc(eq, func(a, b stability.FixedPoint) int { return cmpF(a.Y[0], b.Y[0]) })
		if len(eq) != len(rc.FPs) {
			t.Fatalf("(Q, P) = (%v, %v): %d equilibria, SciPy %d", rc.Q, rc.P, len(eq), len(rc.FPs))
		}
		stable := 0
		for i, f := range rc.FPs {
			if math.Abs(eq[i].Y[0]-f.E) > 1e-8 || math.Abs(eq[i].Y[1]-f.I) > 1e-8 || eq[i].Stable != f.Stable {
				t.Errorf("(Q, P) = (%v, %v): equilibrium %v stable %v, SciPy (%v, %v) %v", rc.Q, rc.P, eq[i].Y, eq[i].Stable, f.E, f.I, f.Stable)
			}
			if f.Stable {
				stable++
			}
		}
		var cycles []float64
		for _, a := range p.Attractors {
			if a.Regime == Cycle {
				cycles = append(cycles, a.FreqHz)
			}
		}
		var want []float64
		for _, f := range rc.Freqs {
			if f > 0 && (len(want) == 0 || math.Abs(f-want[0]) > 1e-3*f) {
				want = append(want, f)
			}
		}
		if len(cycles) != len(want) {
			t.Errorf("(Q, P) = (%v, %v): cycles %v Hz, SciPy %v Hz", rc.Q, rc.P, cycles, want)
		} else {
			for i := range want {
				if math.Abs(cycles[i]-want[i]) > 1e-3*want[i] {
					t.Errorf("(Q, P) = (%v, %v): cycle %v Hz, SciPy %v Hz", rc.Q, rc.P, cycles[i], want[i])
				}
			}
		}
		if wantMulti := stable+len(want) >= 2; p.Multistable != wantMulti || len(p.Attractors) != stable+len(want) {
			t.Errorf("(Q, P) = (%v, %v): %d attractors, multistable %v; SciPy %d stable equilibria + %d cycles", rc.Q, rc.P, len(p.Attractors), p.Multistable, stable, len(want))
		}
	}
}

// TestJansenRitAlpha: at the standard parameters (p = 220 s⁻¹) the only
// attractor is a limit cycle in the alpha band whose frequency agrees with
// SciPy's (nmm/testdata/jansenrit.json, 10.94 Hz) to 0.1 %; at p = 350 s⁻¹
// (above the oscillatory range) the only attractor is the stable
// equilibrium, as in the same reference (its stability flag).
func TestJansenRitAlpha(t *testing.T) {
	var ref struct {
		Freq float64 `json:"frequency_hz"`
		Eq   []struct {
			P          float64
			Equilibria []struct{ Stable bool }
		} `json:"equilibria"`
	}
	readJSON(t, "../../nmm/testdata/jansenrit.json", &ref)
	ps, err := Classify(JansenRit([]float64{220, 350}), quick)
	if err != nil {
		t.Fatal(err)
	}
	a := ps[0].Attractors
	if len(a) != 1 || a[0].Regime != Cycle || a[0].Band != "alpha" || math.Abs(a[0].FreqHz-ref.Freq) > 1e-3*ref.Freq {
		t.Errorf("p = 220: attractors %+v, want one alpha cycle at %v Hz (SciPy)", a, ref.Freq)
	}
	for _, e := range ref.Eq {
		if e.P != 350 {
			continue
		}
		if len(e.Equilibria) != 1 || !e.Equilibria[0].Stable {
			t.Fatalf("reference at p = 350: %+v", e)
		}
		if p := ps[1]; p.FixedPoints != 1 || p.Stable != 1 || len(p.Attractors) != 1 || p.Attractors[0].Regime != Steady {
			t.Errorf("p = 350: %d equilibria (%d stable), attractors %+v; SciPy one stable equilibrium", p.FixedPoints, p.Stable, p.Attractors)
		}
	}
}

// TestNGNMMChaos: the homogeneous E–I network at (I_ext^E, ε) = (10, 12)
// is classified chaotic, with λ1 within 20 % of the SciPy value
// nmm/lyapunov/testdata/ei_lyapunov.json (0.006449 /ms; the quick 4 s
// average is looser than nmm/lyapunov's 10 % test on 20 s).
func TestNGNMMChaos(t *testing.T) {
	var ref struct {
		L1 float64 `json:"lambda1_mean"`
	}
	readJSON(t, "../../nmm/lyapunov/testdata/ei_lyapunov.json", &ref)
	ps, err := Classify(NGNMM(12, []float64{10}, 12), quick)
	if err != nil {
		t.Fatal(err)
	}
	a := ps[0].Attractors
	if len(a) != 1 || a[0].Regime != Chaos || math.Abs(a[0].Exponents[0]/ref.L1-1) > 0.2 {
		t.Errorf("attractors %+v, want chaos with λ1 ≈ %v /ms", a, ref.L1)
	}
}

// TestSettings: invalid settings are rejected.
func TestSettings(t *testing.T) {
	if _, err := Classify(JansenRit([]float64{220}), Settings{}); err == nil {
		t.Error("zero settings accepted")
	}
	if _, err := MeasurePAC(JansenRit(nil), PACSettings{T: 100, Surrogates: 1}, nil); err == nil {
		t.Error("nil generator accepted")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	if _, err := MeasurePAC(JansenRit(nil), PACSettings{T: 100, Surrogates: 100000}, rng); err == nil || !strings.Contains(err.Error(), "surrogates") {
		t.Error("10⁵ surrogates accepted")
	}
	if _, err := MeasurePAC(JansenRit(nil), PACSettings{T: 1e7 - 1, Transient: 1e9, Surrogates: 1}, rng); err == nil || !strings.Contains(err.Error(), "steps") {
		t.Error("a 10⁹ ms transient accepted")
	}
	if _, err := Classify(JansenRit([]float64{220}), Settings{Transient: 1e9, Duration: 1e9, Interval: 1, ZeroTol: 1e-3}); err == nil || !strings.Contains(err.Error(), "steps") {
		t.Error("2·10⁹ ms per start accepted")
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
