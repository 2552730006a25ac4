package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// toy is the result of the test sweep: the job's inputs and a value that
// depends on the inputs and on the job's random generator.
type toy struct {
	Idx   int     `json:"idx"`
	I     int     `json:"i"`
	J     int     `json:"j"`
	Rep   int     `json:"rep"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Value float64 `json:"value"`
}

type toyHeader struct {
	Sweep string `json:"sweep"`
	Grid  Grid   `json:"grid"`
}

var toyGrid = Grid{Axes: []Axis{{Name: "x", Lo: -1, Hi: 1, N: 5}, {Name: "y", Lo: 0, Hi: 0.3, N: 4}}, Seeds: 3, Seed: 7}

func toyFormat(g Grid) *Format[toyHeader, toy] {
	return &Format[toyHeader, toy]{
		Header: toyHeader{Sweep: "toy", Grid: g},
		Size:   g.Size(),
		Index:  func(r toy) int { return r.Idx },
		Check: func(idx int, r toy) error {
			j := g.Job(idx)
			if r.I != j.Point[0] || r.J != j.Point[1] || r.Rep != j.Replica || r.X != j.Values[0] || r.Y != j.Values[1] {
				return fmt.Errorf("inputs (%d, %d, %d, %v, %v) are not those of the job", r.I, r.J, r.Rep, r.X, r.Y)
			}
			return nil
		},
	}
}

func toyCompute(g Grid) func(context.Context, int) (toy, error) {
	return func(_ context.Context, idx int) (toy, error) {
		j := g.Job(idx)
		rng := j.RNG()
		v := j.Values[0]*j.Values[1] + rng.NormFloat64()
		return toy{Idx: idx, I: j.Point[0], J: j.Point[1], Rep: j.Replica, X: j.Values[0], Y: j.Values[1], Value: v}, nil
	}
}

func runBytes(t *testing.T, dir string, name string, o Options) []byte {
	t.Helper()
	f := toyFormat(toyGrid)
	p := filepath.Join(dir, name)
	if _, _, err := f.RunFile(context.Background(), p, o, toyCompute(toyGrid)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Job indices run over the loop nest "for each axis value (last fastest),
// for each replica"; values are the linear spacing of each axis; seeds
// depend on the index only.
func TestGridJobs(t *testing.T) {
	g := toyGrid
	if g.Size() != 5*4*3 {
		t.Fatalf("size %d, want 60", g.Size())
	}
	idx := 0
	for i := 0; i < 5; i++ {
		for j := 0; j < 4; j++ {
			for r := 0; r < 3; r++ {
				jb := g.Job(idx)
				if jb.Index != idx || jb.Point[0] != i || jb.Point[1] != j || jb.Replica != r {
					t.Fatalf("job %d = %+v, want point (%d, %d) replica %d", idx, jb, i, j, r)
				}
				if x := -1 + 2*float64(i)/4; math.Abs(jb.Values[0]-x) > 1e-15 {
					t.Errorf("job %d x = %v, want %v", idx, jb.Values[0], x)
				}
				want := rand.New(rand.NewPCG(7, uint64(idx))).Uint64()
				if got := jb.RNG().Uint64(); got != want {
					t.Errorf("job %d: RNG is not PCG(seed, idx)", idx)
				}
				idx++
			}
		}
	}
	for _, bad := range []Grid{{}, {Axes: []Axis{{N: 0}}}, {Axes: []Axis{{N: 2, Lo: math.NaN()}}}, {Axes: []Axis{{N: 1e6}, {N: 1e6}}}, {Axes: []Axis{{N: 2}}, Seeds: -1}} {
		if bad.Validate() == nil || bad.Size() != 0 {
			t.Errorf("grid %+v: no error", bad)
		}
	}
}

func TestShard(t *testing.T) {
	for _, c := range []struct {
		s    string
		want Shard
		ok   bool
	}{{"", Shard{}, true}, {"0/1", Shard{0, 1}, true}, {"2/3", Shard{2, 3}, true}, {"3/3", Shard{}, false}, {"-1/3", Shard{}, false},
		{"a/3", Shard{}, false}, {"1", Shard{}, false}, {"1/2/3", Shard{}, false}, {"0/0", Shard{}, false}} {
		sh, err := ParseShard(c.s)
		if (err == nil) != c.ok || (c.ok && sh != c.want) {
			t.Errorf("ParseShard(%q) = %v, %v", c.s, sh, err)
		}
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	if _, err := ParseShard("env/4"); err == nil {
		t.Error("env/4 without environment: no error")
	}
	t.Setenv("JOB_COMPLETION_INDEX", "3")
	if sh, err := ParseShard("env/4"); err != nil || sh != (Shard{3, 4}) {
		t.Errorf("env/4 (JOB_COMPLETION_INDEX=3) = %v, %v", sh, err)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	if sh, err := ParseShard("env/4"); err != nil || sh != (Shard{1, 4}) {
		t.Errorf("env/4 (SLURM_ARRAY_TASK_ID=1) = %v, %v", sh, err)
	}
	// Jobs counts the members
	for n := 0; n < 20; n++ {
		for c := 1; c < 6; c++ {
			for i := 0; i < c; i++ {
				sh, k := Shard{i, c}, 0
				for idx := 0; idx < n; idx++ {
					if sh.Has(idx) {
						k++
					}
				}
				if sh.Jobs(n) != k {
					t.Fatalf("%v.Jobs(%d) = %d, want %d", sh, n, sh.Jobs(n), k)
				}
			}
		}
	}
}

// Every split into shards, with any number of workers, merges into the
// bytes of the single-process run; resuming a partial file does too.
func TestShardMergeResumeByteIdentical(t *testing.T) {
	dir := t.TempDir()
	f := toyFormat(toyGrid)
	want := runBytes(t, dir, "single.jsonl", Options{Workers: 1})
	if n := bytes.Count(want, []byte("\n")); n != toyGrid.Size()+1 {
		t.Fatalf("single run: %d lines, want %d", n, toyGrid.Size()+1)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "single.jsonl")); fi.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v, want 0644", fi.Mode().Perm())
	}
	for _, n := range []int{1, 2, 3, 4, 7, 60, 61} {
		for _, w := range []int{1, 3} {
			var parts [][]toy
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("s%d-%d-%d.jsonl", n, w, i)
				runBytes(t, dir, name, Options{Shard: Shard{i, n}, Workers: w})
				sh, rs, err := f.ReadFile(filepath.Join(dir, name))
				if err != nil || (n > 1 && sh != (Shard{i, n})) {
					t.Fatalf("%s: %v %v", name, sh, err)
				}
				parts = append(parts, rs)
			}
			all, missing, err := f.Merge(parts...)
			if err != nil || missing != 0 {
				t.Fatalf("%d shards: merge %v, %d missing", n, err, missing)
			}
			var got bytes.Buffer
			f.Write(&got, Shard{}, all)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%d shards × %d workers merged differ from the single run", n, w)
			}
		}
	}
	// resume: half the jobs in reverse order, a truncated last line
	p := filepath.Join(dir, "resume.jsonl")
	_, full, _ := f.ReadFile(filepath.Join(dir, "single.jsonl"))
	var part bytes.Buffer
	f.Write(&part, Shard{}, nil)
	for k := len(full) - 1; k >= 0; k -= 2 {
		f.Append(&part, full[k])
	}
	part.WriteString(`{"idx":3,"i":0,"j":1,"re`)
	os.WriteFile(p, part.Bytes(), 0o644)
	if _, _, err := f.RunFile(context.Background(), p, Options{}, toyCompute(toyGrid)); !errors.Is(err, ErrExists) {
		t.Errorf("existing file without Resume: %v, want ErrExists", err)
	}
	_, st, err := f.RunFile(context.Background(), p, Options{Resume: true, Workers: 2}, toyCompute(toyGrid))
	if err != nil || st.Resumed != 30 || st.Computed != 30 || st.Jobs != 60 {
		t.Fatalf("resume: %+v %v", st, err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
		t.Error("resumed file differs from the single run")
	}
	// a resumed shard file (interrupted shard 1/3) merged with the others
	p1 := filepath.Join(dir, "s3-1-1.jsonl")
	_, r1, _ := f.ReadFile(p1)
	var half bytes.Buffer
	f.Write(&half, Shard{1, 3}, r1[:len(r1)/2])
	os.WriteFile(p1, half.Bytes(), 0o644)
	if _, st, err := f.RunFile(context.Background(), p1, Options{Shard: Shard{1, 3}, Resume: true}, toyCompute(toyGrid)); err != nil || st.Computed != len(r1)-len(r1)/2 {
		t.Fatalf("resume shard: %+v %v", st, err)
	}
	if _, _, err := f.RunFile(context.Background(), p1, Options{Shard: Shard{2, 3}, Resume: true}, toyCompute(toyGrid)); err == nil {
		t.Error("resuming a file of shard 1/3 as 2/3: no error")
	}
}

// Every kind of altered line is rejected with its line number; an
// interrupted last line is dropped.
func TestTamperRejected(t *testing.T) {
	dir := t.TempDir()
	good := runBytes(t, dir, "good.jsonl", Options{Shard: Shard{1, 2}, Workers: 2})
	f := toyFormat(toyGrid)
	lines := strings.SplitAfter(string(good), "\n")
	line2 := lines[2] // a result of shard 1/2 (job 3)
	for name, edit := range map[string]func(string) string{
		"value changed format":  func(s string) string { return strings.Replace(s, `"value":`, `"value": `, 1) },
		"x not the job's":       func(s string) string { return strings.Replace(s, `"x":-1`, `"x":-0.5`, 1) },
		"replica not the job's": func(s string) string { return strings.Replace(s, `"rep":0`, `"rep":2`, 1) },
		"index of shard 0":      func(s string) string { return strings.Replace(s, `{"idx":3,`, `{"idx":2,`, 1) },
		"index outside":         func(s string) string { return strings.Replace(s, `{"idx":3,`, `{"idx":601,`, 1) },
		"unknown field":         func(s string) string { return strings.Replace(s, `{"idx":3,`, `{"idx":3,"z":1,`, 1) },
		"duplicate line":        func(s string) string { return s + line2 },
		"garbage line":          func(s string) string { return s + "xx\n" },
		"other grid":            func(s string) string { return strings.Replace(s, `"seeds":3`, `"seeds":4`, 1) },
		"other shard": func(s string) string {
			return strings.Replace(s, `"shard":{"index":1,"count":2}`, `"shard":{"index":0,"count":2}`, 1)
		},
		"no shard":            func(s string) string { return strings.Replace(s, `,"shard":{"index":1,"count":2}`, ``, 1) },
		"empty":               func(string) string { return "" },
		"header only garbage": func(string) string { return "[1,2]\n" },
	} {
		s := lines[0] + line2 + strings.Join(lines[3:], "")
		s = edit(s)
		_, _, err := f.Read(strings.NewReader(s))
		if name == "no shard" {
			// a partial file of the whole sweep (resuming computes the rest)
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if name == "other shard" {
			// a valid header of another shard: its lines do not belong to it
			if err == nil || !strings.Contains(err.Error(), "line 2") {
				t.Errorf("%s: %v, want an error at line 2", name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// interrupted write: the last line without newline is dropped
	_, rs, err := f.Read(strings.NewReader(string(good) + `{"idx":5,"i":0,`))
	if err != nil || len(rs) != 30 {
		t.Errorf("truncated last line: %d results, %v", len(rs), err)
	}
	// a truncated line that is not the last one is an error
	if _, _, err := f.Read(strings.NewReader(lines[0] + `{"idx":5,"i":0,` + "\n" + strings.Join(lines[1:], ""))); err == nil {
		t.Error("truncated middle line: accepted")
	}
	// resume refuses a tampered file instead of overwriting it
	p := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(p, []byte(strings.Replace(string(good), `"x":-1`, `"x":-0.5`, 1)), 0o644)
	if _, _, err := f.RunFile(context.Background(), p, Options{Shard: Shard{1, 2}, Resume: true}, toyCompute(toyGrid)); err == nil {
		t.Error("resume of a tampered file: no error")
	}
	// merge refuses conflicting results of the same job
	_, a, _ := f.Read(strings.NewReader(string(good)))
	b := append([]toy(nil), a...)
	b[0].Value++
	if _, _, err := f.Merge(a, b); err == nil {
		t.Error("merge of conflicting results: no error")
	}
	if _, missing, err := f.Merge(a, a); err != nil || missing != 30 {
		t.Errorf("merge of one shard twice: %d missing, %v", missing, err)
	}
}

func TestOutputs(t *testing.T) {
	f := toyFormat(toyGrid)
	dir := t.TempDir()
	for _, p := range []string{dir, "/dev/null", filepath.Join(dir, "nodir", "x.jsonl")} {
		if _, _, err := f.RunFile(context.Background(), p, Options{Resume: true}, toyCompute(toyGrid)); err == nil {
			t.Errorf("output %s: no error", p)
		}
	}
	// a failing job stops the run with its index
	p := filepath.Join(dir, "fail.jsonl")
	_, _, err := f.RunFile(context.Background(), p, Options{Workers: 2}, func(ctx context.Context, idx int) (toy, error) {
		if idx == 17 {
			return toy{}, errors.New("boom")
		}
		return toyCompute(toyGrid)(ctx, idx)
	})
	if err == nil || !strings.Contains(err.Error(), "job 17: boom") {
		t.Errorf("failing job: %v", err)
	}
	// the partial file resumes into the full one
	_, st, err := f.RunFile(context.Background(), p, Options{Workers: 2, Resume: true}, toyCompute(toyGrid))
	if err != nil || st.Resumed+st.Computed != 60 {
		t.Errorf("resume after failure: %+v %v", st, err)
	}
	want := runBytes(t, dir, "ref.jsonl", Options{})
	if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
		t.Error("resumed after a failure: differs from a single run")
	}
	// progress counts every job of the shard
	var last [2]float64
	runBytes(t, dir, "prog.jsonl", Options{Shard: Shard{0, 7}, Progress: func(d, tot float64) { last = [2]float64{d, tot} }})
	if last != [2]float64{9, 9} {
		t.Errorf("progress ended at %v, want [9 9]", last)
	}
}

func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	fm0 := toyFormat(toyGrid)
	var rs []toy
	for idx := 0; idx < 60; idx += 4 {
		r, _ := toyCompute(toyGrid)(context.Background(), idx)
		rs = append(rs, r)
	}
	fm0.Write(&good, Shard{0, 2}, rs)
	f.Add(good.Bytes())
	f.Add([]byte(`{"sweep":"toy"}` + "\n" + `{"idx":1}`))
	f.Add([]byte("{}\n\n"))
	fm := toyFormat(toyGrid)
	f.Fuzz(func(t *testing.T, b []byte) {
		sh, rs, err := fm.Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		var w bytes.Buffer
		if err := fm.Write(&w, sh, rs); err != nil {
			t.Fatal(err)
		}
		sh2, rs2, err := fm.Read(&w)
		if err != nil || sh2 != sh || len(rs2) != len(rs) {
			t.Fatalf("accepted file does not read back: %v", err)
		}
	})
}

// TestGridExpect: the header shape check of the sweep commands.
func TestGridExpect(t *testing.T) {
	g := Grid{Axes: []Axis{{Name: "region", Lo: 0, Hi: 3, N: 4}}}
	if err := g.Expect(1, "region"); err != nil {
		t.Errorf("valid grid: %v", err)
	}
	for _, c := range []struct {
		g     Grid
		seeds int
		axes  []string
	}{
		{g, 1, []string{"focus"}},
		{g, 1, []string{"region", "x"}},
		{Grid{Axes: g.Axes, Seeds: 2}, 1, []string{"region"}},
		{Grid{Axes: []Axis{{Name: "region", N: 0}}}, 1, []string{"region"}},
	} {
		if err := c.g.Expect(c.seeds, c.axes...); err == nil {
			t.Errorf("%+v accepted as %d seeds %v", c.g, c.seeds, c.axes)
		}
	}
	if err := (Grid{Axes: g.Axes, Seeds: 50}).Expect(-1, "region"); err != nil {
		t.Errorf("any seeds: %v", err)
	}
}

// Two writers of one output file (two array tasks given the same --shard
// and --out): the second fails at once with ErrLocked, an *OutputError
// whose message is one line, and leaves the first one's file alone; the
// first finishes with the bytes of an undisturbed run. After the first has
// ended (lock released) the file can be resumed again.
func TestSecondWriterRefused(t *testing.T) {
	dir := t.TempDir()
	want := runBytes(t, dir, "ref.jsonl", Options{Workers: 1})
	f := toyFormat(toyGrid)
	p := filepath.Join(dir, "out.jsonl")
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		comp := toyCompute(toyGrid)
		_, _, err := f.RunFile(context.Background(), p, Options{Workers: 1}, func(ctx context.Context, idx int) (toy, error) {
			if idx == 3 {
				close(started)
				<-release
			}
			return comp(ctx, idx)
		})
		first <- err
	}()
	<-started
	during, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.RunFile(context.Background(), p, Options{Workers: 1, Resume: true}, toyCompute(toyGrid))
	var oe *OutputError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &oe) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("second writer: err = %v, want a one-line *OutputError wrapping ErrLocked", err)
	}
	if !strings.Contains(err.Error(), p) {
		t.Errorf("error %q does not name the file", err)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(after, during) {
		t.Errorf("the refused writer changed the file")
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
		t.Errorf("the first writer's file differs from an undisturbed run")
	}
	if _, st, err := f.RunFile(context.Background(), p, Options{Workers: 1, Resume: true}, toyCompute(toyGrid)); err != nil || st.Computed != 0 {
		t.Errorf("resume after the lock was released: computed %d, err %v", st.Computed, err)
	}
}
