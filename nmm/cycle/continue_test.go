package cycle

import (
	"math"
	"syscall"
	"testing"
	"time"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// twisted is a planar limit cycle (the unit circle, angular frequency ω,
// radial rate −2) carrying a linear 2-D subsystem (u, w) whose Floquet
// multipliers are known in closed form:
//
//	kind "pd": A(θ) = (α+β)/2 I + (α−β)/2 [[cos θ, sin θ], [sin θ, −cos θ]]
//	           + (ω/2) J,  i.e. (u,w) = R(θ/2) diag(e^{αt}, e^{βt}) R(−θ/2)…:
//	           multipliers −e^{αT}, −e^{βT} (a Möbius twist), α = p − q², β = −1;
//	           a period doubling at p = q².
//	kind "ns": A = (p − q²) I + κ J: multipliers e^{(p−q²)T ± iκT}; a torus
//	           point at p = q².
//
// (J = [[0,−1],[1,0]], cos θ = x/r, sin θ = y/r.)
type twisted struct {
	p, q, omega, kappa float64
	kind               string
}

func (s *twisted) Dim() int { return 4 }
func (s *twisted) Deriv(dst []float64, t float64, y []float64) {
	x, v, u, w := y[0], y[1], y[2], y[3]
	r2 := x*x + v*v
	dst[0] = x*(1-r2) - s.omega*v
	dst[1] = v*(1-r2) + s.omega*x
	if s.kind == "pd" {
		r := math.Sqrt(r2)
		c, sn := x/r, v/r
		a, b := s.p-s.q*s.q, -1.0
		m, d := (a+b)/2, (a-b)/2
		dst[2] = (m+d*c)*u + d*sn*w - s.omega/2*w
		dst[3] = d*sn*u + (m-d*c)*w + s.omega/2*u
		return
	}
	a := s.p - s.q*s.q
	dst[2] = a*u - s.kappa*w
	dst[3] = s.kappa*u + a*w
}

// bautin is the Bautin (generalised Hopf) normal form
// dr/dt = r(p + q r² − r⁴), dθ/dt = ω in Cartesian coordinates: for q > 0
// cycles at r² = (q ± √(q²+4p))/2, a fold of cycles at p = −q²/4
// (r² = q/2), the outer cycle stable, the inner one unstable.
type bautin struct{ p, q, omega float64 }

func (s *bautin) Dim() int { return 2 }
func (s *bautin) Deriv(dst []float64, t float64, y []float64) {
	r2 := y[0]*y[0] + y[1]*y[1]
	g := s.p + s.q*r2 - r2*r2
	dst[0] = y[0]*g - s.omega*y[1]
	dst[1] = y[1]*g + s.omega*y[0]
}

func TestContinueFoldOfCycles(t *testing.T) {
	fam := func(p float64) (ode.System, JacFunc) {
		s := &bautin{p: p, q: 1, omega: 2}
		return s, NumJac(s)
	}
	p0 := 0.0
	r := math.Sqrt((1 + math.Sqrt(1+4*p0)) / 2)
	start := &Orbit{Y0: []float64{r, 0}, Period: math.Pi}
	br, err := Continue(fam, start, p0, -1, &ContOptions{PMin: -1, PMax: 0.5, MaxPoints: 200, DsMax: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	var folds []CycleBifurcation
	for _, b := range br.Bifurcations {
		if b.Kind == FoldOfCycles {
			folds = append(folds, b)
		}
	}
	if len(folds) != 1 {
		t.Fatalf("folds: %+v (end %s), want one at p = -0.25", br.Bifurcations, br.End)
	}
	t.Logf("fold of cycles at p = %.10f (exact -0.25)", folds[0].P)
	if math.Abs(folds[0].P+0.25) > 1e-6 {
		t.Errorf("fold of cycles at p got=%v, want=-0.25, tol=1e-6", folds[0].P)
	}
	// every point: radius on the analytic curve, stability outer/inner
	for _, pt := range br.Points {
		r2 := pt.Y0[0]*pt.Y0[0] + pt.Y0[1]*pt.Y0[1]
		if g := pt.P + r2 - r2*r2; math.Abs(g) > 1e-6 {
			t.Errorf("p=%v: r²=%v not a cycle of the normal form (residual %v)", pt.P, r2, g)
		}
		if outer := r2 > 0.5; pt.Stable != outer && math.Abs(r2-0.5) > 1e-2 {
			t.Errorf("p=%v r²=%v: stable=%v", pt.P, r2, pt.Stable)
		}
		if pt.TrivialError > 1e-6 {
			t.Errorf("p=%v: |μ−1| = %v", pt.P, pt.TrivialError)
		}
		if math.Abs(pt.Period-math.Pi) > 1e-9 {
			t.Errorf("p=%v: period %v, want π", pt.P, pt.Period)
		}
	}
}

func TestContinuePeriodDoublingAndTorus(t *testing.T) {
	for _, kind := range []string{"pd", "ns"} {
		fam := func(p float64) (ode.System, JacFunc) {
			s := &twisted{p: p, omega: 2 * math.Pi, kappa: 0.7, kind: kind}
			return s, NumJac(s)
		}
		start := &Orbit{Y0: []float64{1, 0, 0, 0}, Period: 1}
		br, err := Continue(fam, start, -0.5, 1, &ContOptions{PMin: -1, PMax: 0.5, DsMax: 0.05})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]BifurcationKind{"pd": PeriodDoubling, "ns": NeimarkSacker}[kind]
		if len(br.Bifurcations) != 1 || br.Bifurcations[0].Kind != want {
			t.Fatalf("%s: bifurcations %+v, want one %s", kind, br.Bifurcations, want)
		}
		b := br.Bifurcations[0]
		t.Logf("%s at p = %.3g (exact 0)", b.Kind, b.P)
		if math.Abs(b.P) > 1e-6 {
			t.Errorf("%s: %s at p got=%v, want=0, tol=1e-6", kind, b.Kind, b.P)
		}
		// multipliers against the closed form at every point
		for _, pt := range br.Points {
			var wants []complex128
			if kind == "pd" {
				wants = []complex128{complex(-math.Exp(pt.P), 0), complex(-math.Exp(-1), 0)}
			} else {
				e := math.Exp(pt.P)
				wants = []complex128{complex(e*math.Cos(0.7), e*math.Sin(0.7)), complex(e*math.Cos(0.7), -e*math.Sin(0.7))}
			}
			for _, w := range wants {
				best := math.Inf(1)
				for _, m := range pt.Multipliers {
					best = math.Min(best, cmplxAbs(m-w))
				}
				if best > 1e-6 {
					t.Errorf("%s p=%v: no multiplier near %v in %v", kind, pt.P, w, pt.Multipliers)
				}
			}
		}
	}
}

// simFrequency measures the oscillation frequency (Hz) of the E–I node by
// direct simulation, independently of shooting: RK4 with dt = 0.005 ms,
// 2 s transient, mean interval between upward crossings of rE through the
// middle of its range over the next 2 s.
func simFrequency(t *testing.T, ie, eps float64) float64 {
	m := nmm.DefaultEI()
	m.IE = ie
	var ts, rs []float64
	_, err := ode.Solve(&nmm.SelfCoupled{Node: &m, G: eps}, ode.NewRK4(0.005), 0, 4000, []float64{0.05, -1, 0.05, 0.05, -1, 0.05},
		&ode.Settings{Transient: 2000}, ode.ObserverFunc(func(tt float64, y []float64) error {
			ts = append(ts, tt)
			rs = append(rs, y[0])
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	}
	lev := (lo + hi) / 2
	var first, last float64
	n := -1
	for i := 1; i < len(rs); i++ {
		if rs[i-1] < lev && rs[i] >= lev {
			tc := ts[i-1] + (lev-rs[i-1])/(rs[i]-rs[i-1])*(ts[i]-ts[i-1])
			if n < 0 {
				first = tc
			}
			last = tc
			n++
		}
	}
	return 1000 * float64(n) / (last - first)
}

// TestEICycleBranch continues the PING cycle of the single node from its
// Hopf point (docs/reference-values.md § E–I node: IE = 5.99319, 26.79 Hz, supercritical) and
// of the homogeneous system at ε = 8 (from the Hopf at 3.85037 to the one
// at 15.35119), and compares the frequency along the branch with direct
// simulation (within 0.2 Hz); 46.8 Hz at IE = 10 (docs/reference-values.md § E–I node); every
// trivial multiplier = 1 to 1e-6. It also times one full bifurcation
// diagram (200 equilibria + the periodic branch) against the 5 s budget.
func TestEICycleBranch(t *testing.T) {
	start, cpu0 := time.Now(), cpuTime()
	// equilibria on 200 points in IE ∈ [0, 20] (single node)
	m := nmm.DefaultEI()
	var hopfBracket [2]float64
	prevRe := math.NaN()
	for k := range 200 {
		m.IE = 20 * float64(k) / 199
		fps, err := m.FixedPoints()
		if err != nil || len(fps) != 1 {
			t.Fatalf("IE=%v: %d equilibria, %v", m.IE, len(fps), err)
		}
		re := real(fps[0].Eigenvalues[0])
		if prevRe < 0 && re > 0 {
			hopfBracket = [2]float64{20 * float64(k-1) / 199, m.IE}
		}
		prevRe = re
	}
	fam := eiFamily(0)
	m.IE = hopfBracket[0]
	fps, _ := m.FixedPoints()
	h, err := LocateHopf(fam, fps[0].Y, hopfBracket[0], hopfBracket[1])
	if err != nil {
		t.Fatal(err)
	}
	br, err := ContinueFromHopf(fam, h, 0, &ContOptions{PMin: 0, PMax: 20, DsMax: 0.08})
	if err != nil {
		t.Fatal(err)
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	t.Logf("bifurcation diagram: 200 equilibria + %d cycles in %v CPU (%v wall; budget 5 s on one core); end: %s", len(br.Points), cpu, elapsed, br.End)
	if cpu > 5*time.Second {
		t.Errorf("bifurcation diagram took %v CPU, want ≤ 5 s", cpu)
	}
	if math.Abs(h.P-5.99319) > 1e-3 || math.Abs(1000*h.Frequency()-26.79) > 0.2 || !(h.L1 < 0) {
		t.Errorf("Hopf: IE=%v f=%v Hz l1=%v", h.P, 1000*h.Frequency(), h.L1)
	}
	if br.End != "parameter bound" || len(br.Bifurcations) != 0 {
		t.Errorf("branch end %q, bifurcations %+v; want parameter bound, none", br.End, br.Bifurcations)
	}
	freqAt := func(b *CycleBranch, p float64) float64 {
		for i := 1; i < len(b.Points); i++ {
			a, c := b.Points[i-1], b.Points[i]
			if (a.P-p)*(c.P-p) <= 0 {
				w := (p - a.P) / (c.P - a.P)
				return 1000 * ((1-w)/a.Period + w/c.Period)
			}
		}
		return math.NaN()
	}
	for _, pt := range br.Points {
		if pt.TrivialError > 1e-6 || !pt.Stable {
			t.Errorf("IE=%v: |μ−1| = %v, stable %v", pt.P, pt.TrivialError, pt.Stable)
		}
	}
	if f := freqAt(br, 10); math.Abs(f-46.8) > 0.2 {
		t.Errorf("IE=10: branch frequency %v Hz, want 46.8 (docs/reference-values.md § E–I node)", f)
	}
	for _, ie := range []float64{7, 10, 15} {
		fb, fs := freqAt(br, ie), simFrequency(t, ie, 0)
		t.Logf("IE=%v: continuation %.4f Hz, simulation %.4f Hz", ie, fb, fs)
		if math.Abs(fb-fs) > 0.2 {
			t.Errorf("IE=%v: continuation %v Hz vs simulation %v Hz", ie, fb, fs)
		}
	}
	// homogeneous system ε = 8: the branch joins the two Hopf points
	fam8 := eiFamily(8)
	m8 := nmm.DefaultEI()
	m8.IE = 3.5
	fps8, _ := (&nmm.SelfCoupled{Node: &m8, G: 8}).FixedPoints()
	h8, err := LocateHopf(fam8, fps8[0].Y, 3.5, 4.2)
	if err != nil {
		t.Fatal(err)
	}
	br8, err := ContinueFromHopf(fam8, h8, 0, &ContOptions{PMin: 0, PMax: 20, DsMax: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	last := br8.Points[len(br8.Points)-1]
	if br8.End != "amplitude vanished" || math.Abs(last.P-15.35119) > 1e-3 || math.Abs(1000/last.Period-83.80) > 0.2 {
		t.Errorf("ε=8 branch: end %q at IE=%v, %v Hz; want amplitude vanished at 15.35119, 83.80 Hz", br8.End, last.P, 1000/last.Period)
	}
	for _, ie := range []float64{5, 12} {
		fb, fs := freqAt(br8, ie), simFrequency(t, ie, 8)
		t.Logf("ε=8 IE=%v: continuation %.4f Hz, simulation %.4f Hz", ie, fb, fs)
		if math.Abs(fb-fs) > 0.2 {
			t.Errorf("ε=8 IE=%v: continuation %v Hz vs simulation %v Hz", ie, fb, fs)
		}
	}
	if f := freqAt(br8, 12); math.Abs(f-71.93) > 0.2 {
		t.Errorf("ε=8 IE=12: %v Hz, want 71.93 (docs/reference-values.md § E–I network and MSF)", f)
	}
}

// cpuTime returns the CPU time (user + system) used by the process so far,
// so that the speed check does not depend on the load of a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkContinueEI(b *testing.B) {
	fam := eiFamily(0)
	m := nmm.DefaultEI()
	m.IE = 5.5
	fps, _ := m.FixedPoints()
	h, err := LocateHopf(fam, fps[0].Y, 5.5, 6.5)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ContinueFromHopf(fam, h, 0, &ContOptions{PMin: 0, PMax: 20, DsMax: 0.1}); err != nil {
			b.Fatal(err)
		}
	}
}
