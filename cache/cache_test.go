package cache

import (
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"testing"
)

type params struct {
	Eta, J float64
	N      int
	Grid   []float64
	Tags   map[string]float64
	seed   uint64 // unexported fields count too
	Inner  *struct{ Dt float64 }
}

type result struct {
	T, R []float64
	Name string
}

func base() params {
	return params{Eta: -5, J: 15, N: 3, Grid: []float64{0.1, 0.2}, Tags: map[string]float64{"a": 1, "b": 2}, seed: 7,
		Inner: &struct{ Dt float64 }{1e-3}}
}

func compute(p params, calls *int) func() (result, error) {
	return func() (result, error) {
		*calls++
		r := result{Name: "run"}
		for i := 0; i < 100; i++ {
			t := float64(i) * p.Inner.Dt
			r.T = append(r.T, t)
			r.R = append(r.R, math.Sin(p.Eta*t+p.J)/3) // not exactly representable: bits must survive
		}
		r.R[5] = math.NaN()
		r.R[6] = math.Inf(-1)
		return r, nil
	}
}

func quiet(t *testing.T) {
	t.Helper()
	t.Setenv(Env, t.TempDir())
	old := Logf
	Logf = func(string, ...any) {}
	t.Cleanup(func() { Logf = old })
}

func TestSameInputsHitWithIdenticalNumbers(t *testing.T) {
	quiet(t)
	calls := 0
	p := base()
	first, info, err := DoInfo("sweep", p, compute(p, &calls))
	if err != nil || info.Hit || calls != 1 {
		t.Fatalf("first call: hit=%v calls=%d err=%v", info.Hit, calls, err)
	}
	q := base() // equal, but a different value (new slices, map, pointer)
	second, info2, err := DoInfo("sweep", q, compute(q, &calls))
	if err != nil || !info2.Hit || calls != 1 || info2.Key != info.Key {
		t.Fatalf("second call: hit=%v calls=%d err=%v", info2.Hit, calls, err)
	}
	for i := range first.R {
		if math.Float64bits(first.R[i]) != math.Float64bits(second.R[i]) || first.T[i] != second.T[i] {
			t.Fatalf("point %d: %v vs %v after the cache", i, first.R[i], second.R[i])
		}
	}
	if !reflect.DeepEqual(first.T, second.T) || first.Name != second.Name {
		t.Error("result changed through the cache")
	}
}

func TestAnyChangeRecomputes(t *testing.T) {
	quiet(t)
	calls := 0
	p := base()
	if _, err := Do("sweep", p, compute(p, &calls)); err != nil {
		t.Fatal(err)
	}
	changes := map[string]func(*params){
		"eta one ulp":   func(p *params) { p.Eta = math.Nextafter(p.Eta, 0) },
		"N":             func(p *params) { p.N++ },
		"grid value":    func(p *params) { p.Grid = []float64{0.1, 0.25} },
		"grid length":   func(p *params) { p.Grid = append(p.Grid, 0.3) },
		"map value":     func(p *params) { p.Tags = map[string]float64{"a": 1, "b": 3} },
		"map key":       func(p *params) { p.Tags = map[string]float64{"a": 1, "c": 2} },
		"unexported":    func(p *params) { p.seed = 8 },
		"through a ptr": func(p *params) { p.Inner = &struct{ Dt float64 }{2e-3} },
		"nil pointer":   func(p *params) { p.Inner = nil },
		"negative zero": func(p *params) { p.J = 0; p.Eta = math.Copysign(0, -1) },
	}
	for what, change := range changes {
		q := base()
		change(&q)
		before := calls
		_, info, err := DoInfo("sweep", q, func() (result, error) { calls++; return result{}, nil })
		if err != nil || info.Hit || calls != before+1 {
			t.Errorf("%s: hit=%v, calls %d→%d, err %v; want a recomputation", what, info.Hit, before, calls, err)
		}
	}
	// another name or result type is another computation
	before := calls
	if _, info, _ := DoInfo("other", p, compute(p, &calls)); info.Hit || calls != before+1 {
		t.Error("another name hit the cache")
	}
	if _, info, _ := DoInfo("sweep", p, func() (*result, error) { calls++; return &result{}, nil }); info.Hit {
		t.Error("another result type hit the cache")
	}
}

func TestErrorsAndClear(t *testing.T) {
	quiet(t)
	calls := 0
	boom := errors.New("boom")
	for i := 0; i < 2; i++ {
		if _, err := Do("fails", 1, func() (int, error) { calls++; return 0, boom }); !errors.Is(err, boom) {
			t.Fatalf("error %v, want boom", err)
		}
	}
	if calls != 2 {
		t.Errorf("a failed computation was stored (%d calls, want 2)", calls)
	}
	if _, err := Do("func input", func() {}, func() (int, error) { return 1, nil }); err == nil {
		t.Error("a func input was accepted")
	}
	if _, err := Do("nil func input", struct{ Progress func(float64) }{}, func() (int, error) { return 1, nil }); err != nil {
		t.Errorf("a nil callback was refused: %v", err)
	}
	if _, err := Do("x", 1.5, func() (float64, error) { return 2.5, nil }); err != nil {
		t.Fatal(err)
	}
	d, _ := Dir()
	if entries, _ := os.ReadDir(d); len(entries) != 2 { // "nil func input" and "x"
		t.Errorf("%d files in the cache, want 2", len(entries))
	}
	if err := Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d); !os.IsNotExist(err) {
		t.Errorf("Clear left %s", d)
	}
	_, info, _ := DoInfo("x", 1.5, func() (float64, error) { return 2.5, nil })
	if info.Hit {
		t.Error("hit after Clear")
	}
}

func TestLibraryVersionFromSources(t *testing.T) {
	v := LibraryVersion()
	if len(v) < 10 || v[:4] != "src:" {
		t.Errorf("LibraryVersion %q, want a hash of the sources", v)
	}
}

func ExampleDo() {
	dir, _ := os.MkdirTemp("", "cache-example")
	defer os.RemoveAll(dir)
	os.Setenv(Env, dir)
	defer os.Unsetenv(Env)
	Logf = func(string, ...any) {}
	inputs := struct{ N int }{1000}
	slow := func() (float64, error) { // stands for a long sweep
		s := 0.0
		for i := 1; i <= inputs.N; i++ {
			s += 1 / float64(i*i)
		}
		return s, nil
	}
	a, _, _ := DoInfo("basel", inputs, slow)
	b, info, _ := DoInfo("basel", inputs, slow)
	fmt.Println(a == b, info.Hit)
	// Output: true true
}
