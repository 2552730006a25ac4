package bold

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Box input against scipy (testdata/gen_balloon.py: DOP853, rtol 1e-12).
func TestBoxResponseScipy(t *testing.T) {
	f, err := os.Open("testdata/balloon_ref.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		v, _ := strconv.ParseFloat(strings.Fields(sc.Text())[1], 64)
		want = append(want, v)
	}
	var got []float64
	var times []float64
	o, err := New(2, DefaultBalloon(), 1e-3, 1, 1, ode.ObserverFunc(func(t float64, y []float64) error {
		got = append(got, y[0])
		times = append(times, t)
		if y[1] != 0 {
			return nil
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	z := []float64{0, 0}
	for k := 0; k <= 20000; k++ { // samples every 1 ms, t in ms
		tm := float64(k)
		z[0] = 0
		if tm < 2000 {
			z[0] = 1
		}
		if err := o.Observe(tm, z); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d BOLD samples, want %d", len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 || math.Abs(times[i]-1000*float64(i+1)) > 1e-9 {
			t.Errorf("t=%v: BOLD %.12g, want %.12g (scipy)", times[i], got[i], want[i])
		}
	}
	// region 1 had no input: stays at rest, BOLD 0
	if s := o.State(1); s != [4]float64{0, 1, 1, 1} {
		t.Errorf("region without input moved: %v", s)
	}
}

// Constant input converges to the analytic steady state.
func TestSteadyState(t *testing.T) {
	p := DefaultBalloon()
	o, _ := New(1, p, 1, 0.5, 1, nil)
	for k := 0; k <= 600; k++ { // 60 s in steps of 0.1 s, model unit = s
		o.Observe(float64(k)*0.1, []float64{0.3})
	}
	s, f, v, q := p.SteadyState(0.3)
	got := o.State(0)
	for i, w := range []float64{s, f, v, q} {
		if math.Abs(got[i]-w) > 1e-6 {
			t.Errorf("state[%d] = %v, want %v (analytic)", i, got[i], w)
		}
	}
	if f != 1+0.3/0.41 {
		t.Errorf("f* = %v", f)
	}
}

func TestValidateAndErrors(t *testing.T) {
	p := DefaultBalloon()
	p.Alpha = 2
	if _, err := New(1, p, 1, 1, 1, nil); err == nil {
		t.Error("Alpha = 2: no error")
	}
	if _, err := New(1, DefaultBalloon(), 0, 1, 1, nil); err == nil {
		t.Error("timeScale 0: no error")
	}
	o, _ := New(1, DefaultBalloon(), 1, 1, 1, nil)
	o.Observe(0, []float64{-100})
	if err := o.Observe(10, []float64{-100}); err == nil {
		t.Error("absurd negative input: no error")
	}
	k1, k2, k3 := RevisedCoefficients(0.4, 40.3, 25, 0.04, 0.5)
	if math.Abs(k1-2.77264) > 1e-5 || math.Abs(k2-0.2) > 1e-12 || k3 != 0.5 {
		t.Errorf("revised coefficients %v %v %v", k1, k2, k3)
	}
}

func TestObserveAllocs(t *testing.T) {
	o, _ := New(90, DefaultBalloon(), 1e-3, 0.72, 1, ode.ObserverFunc(func(float64, []float64) error { return nil }))
	z := make([]float64, 90)
	tm := 0.0
	if a := testing.AllocsPerRun(1000, func() { tm++; o.Observe(tm, z) }); a != 0 {
		t.Errorf("%v allocations per sample", a)
	}
}

func BenchmarkObserve90(b *testing.B) {
	o, _ := New(90, DefaultBalloon(), 1e-3, 0.72, 1, nil)
	z := make([]float64, 90)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o.Observe(float64(i), z)
	}
}
