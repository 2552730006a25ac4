package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm/sweep"
	"github.com/ngnmm/ngnmm/studies/seizure"
)

// TestMain lets the test binary act as the ngnmm command (NGNMM_BE_CLI=1),
// so that generated scripts can be run without building the binary.
func TestMain(m *testing.M) {
	if os.Getenv("NGNMM_BE_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// sweepCases are small instances of every sweep command (the flags besides
// the sweep flags), keyed by the command (or "COMMAND what" for more).
var sweepCases = map[string][]string{
	"msf map":      {"msf", "map", "--IE", "4:12:3", "--eps", "8:12:3"},
	"lesion scan":  {"lesion", "scan", "--regions", "10:15", "--T", "150", "--transient", "20"},
	"seizure foci": {"seizure", "foci", "--regions", "0:5", "--T", "300", "--stim-start", "50", "--stim-end", "250"},
	"grid":         {"grid", "--param", "eps=0:10:3", "--param", "IE=14:16:2", "--", "network", "simulate", "--T", "50", "--transient", "10"},
	// the Lyapunov map of the homogeneous E–I node through grid
	"grid lyapunov":    {"grid", "--param", "IE=10:12:3", "--param", "eps=6:8:2", "--", "lyapunov", "--system", "ei-homogeneous", "--T", "300", "--transient", "50"},
	"lyapunov map":     {"lyapunov", "map", "--IE", "10:12:3", "--eps", "6:8:2", "--T", "300", "--transient", "50"},
	"memory lifetimes": {"memory", "lifetimes", "--sigma", "0.8:1.2:2", "--runs", "4", "--tmax", "30", "--dt", "0.01"},
	"fit":              fitQuick,
}

// sweepArgs adds the sweep flags extra to a command line (before the "--"
// of a command that runs another one).
func sweepArgs(args []string, extra ...string) []string {
	for k, a := range args {
		if a == "--" {
			return append(append(append([]string{}, args[:k]...), extra...), args[k:]...)
		}
	}
	return append(append([]string{}, args...), extra...)
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func runCode(args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, errb.String()
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every sweep command: 3 shards (1 or 2 workers) merged by 'ngnmm merge'
// equal the single run byte for byte; an interrupted shard file resumes to
// the same bytes; tampered lines and foreign files are refused (exit 2).
func TestSweepCommands(t *testing.T) {
	useSharedData(t)
	for name := range sweepKinds {
		if sweepCases[name] == nil {
			t.Errorf("sweep command %q has no case in sweepCases", name)
		}
		if !strings.Contains(sweepCommandList, "'"+name+"'") {
			t.Errorf("sweep command %q is missing from sweepCommandList", name)
		}
	}
	for name, args := range sweepCases {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			dir := t.TempDir()
			single := filepath.Join(dir, "single.jsonl")
			runOK(t, sweepArgs(args, "--out", single, "--workers", "1")...)
			want := readFile(t, single)
			if bytes.Count(want, []byte("\n")) < 4 {
				t.Fatalf("single run wrote %q", want)
			}
			var parts []string
			for i := 0; i < 3; i++ {
				p := filepath.Join(dir, fmt.Sprintf("part%d.jsonl", i))
				runOK(t, sweepArgs(args, "--out", p, "--shard", fmt.Sprintf("%d/3", i), "--workers", fmt.Sprint(1+i%2))...)
				parts = append(parts, p)
			}
			merged := filepath.Join(dir, "merged.jsonl")
			if code, _ := runCode(append([]string{"merge", "--out", merged}, parts[:2]...)...); code != 1 {
				t.Errorf("merge of 2 of 3 shards: exit %d, want 1", code)
			}
			runOK(t, append([]string{"merge", "--out", merged}, parts...)...)
			if got := readFile(t, merged); !bytes.Equal(got, want) {
				t.Errorf("merged shards differ from the single run:\n%s\nwant\n%s", got, want)
			}
			if fi, _ := os.Stat(merged); fi.Mode().Perm() != 0o644 {
				t.Errorf("merged file mode %v, want 0644", fi.Mode().Perm())
			}
			// interrupted shard 1: header, its first result, half a line
			p1 := readFile(t, parts[1])
			lines := strings.SplitAfter(string(p1), "\n")
			os.WriteFile(parts[1], []byte(lines[0]+lines[1]+lines[2][:len(lines[2])/2]), 0o644)
			early := filepath.Join(dir, "early.jsonl")
			if o := runOK(t, append([]string{"merge", "--if-complete", "--out", early}, parts...)...); !strings.Contains(o, `"out": null`) {
				t.Errorf("merge --if-complete of an incomplete part: %s", o)
			}
			if _, err := os.Stat(early); err == nil {
				t.Error("merge --if-complete wrote an incomplete merge")
			}
			out := runOK(t, sweepArgs(args, "--out", parts[1], "--shard", "1/3", "--resume")...)
			if !strings.Contains(out, `"computed": `+fmt.Sprint(len(lines)-3)) {
				t.Errorf("resume computed %s, want %d", out, len(lines)-3)
			}
			if got := readFile(t, parts[1]); !bytes.Equal(got, p1) {
				t.Errorf("resumed shard differs")
			}
			// tampered: a job index changed (its inputs no longer match), an
			// added field, re-formatted JSON; a line of another shard
			bad := filepath.Join(dir, "bad.jsonl")
			for _, s := range []string{
				lines[0] + strings.Replace(lines[1], `{"idx":1,`, `{"idx":4,`, 1), // inputs not those of job 4
				lines[0] + strings.Replace(lines[1], `{"idx":1,`, `{"idx":1,"x":0,`, 1),
				lines[0] + strings.Replace(lines[1], `,`, `, `, 1),
				lines[0] + string(readFile(t, parts[0]))[len(strings.SplitAfter(string(readFile(t, parts[0])), "\n")[0]):],
				"not json\n",
			} {
				os.WriteFile(bad, []byte(s), 0o644)
				if code, msg := runCode(sweepArgs(args, "--out", bad, "--shard", "1/3", "--resume")...); code != 2 {
					t.Errorf("resume of a tampered file: exit %d (%s), want 2", code, msg)
				}
				if code, msg := runCode("merge", "--out", merged, parts[0], bad, parts[2]); code != 2 {
					t.Errorf("merge with a tampered part: exit %d (%s), want 2", code, msg)
				}
			}
			// a second writer of shard 1's file (two tasks given the same
			// --shard and --out): refused with one line, exit 2, file untouched
			lock, err := sweep.Lock(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			code, msg := runCode(sweepArgs(args, "--out", parts[1], "--shard", "1/3", "--resume")...)
			lock.Close()
			if code != 2 || !strings.Contains(msg, "being written by another process") || strings.Count(msg, "\n") != 1 {
				t.Errorf("second writer: exit %d, stderr %q; want exit 2 and one line", code, msg)
			}
			if got := readFile(t, parts[1]); !bytes.Equal(got, p1) {
				t.Errorf("the refused second writer changed the shard file")
			}
			// another shard's file, a non-regular output
			if code, _ := runCode(sweepArgs(args, "--out", parts[0], "--shard", "1/3", "--resume")...); code != 2 {
				t.Errorf("resume of shard 0's file as shard 1: exit %d, want 2", code)
			}
			if code, _ := runCode(sweepArgs(args, "--out", dir)...); code != 2 {
				t.Errorf("--out DIR: exit %d, want 2", code)
			}
		})
	}
}

// 'lyapunov map' writes the file of 'grid … -- lyapunov --system
// ei-homogeneous' byte for byte (its header is the grid's, and a merge of
// its shards reports "sweep": "grid"); flags as --x=v and --x v alike.
func TestLyapunovMapIsGrid(t *testing.T) {
	dir := t.TempDir()
	lm, gl := filepath.Join(dir, "map.jsonl"), filepath.Join(dir, "grid.jsonl")
	runOK(t, "lyapunov", "map", "--IE=10:12:3", "--T", "300", "--eps", "6:8:2", "--transient", "50", "--out", lm, "--workers=2")
	runOK(t, sweepArgs(sweepCases["grid lyapunov"], "--out", gl, "--workers", "1")...)
	if a, b := readFile(t, lm), readFile(t, gl); !bytes.Equal(a, b) {
		t.Errorf("lyapunov map file differs from the grid's:\n%s\nwant\n%s", a, b)
	}
	for _, bad := range [][]string{
		{"lyapunov", "map", "--eps", "6:8:2", "--out", lm},                           // no --IE
		{"lyapunov", "map", "--IE", "10:12:3", "--eps", "6:8:2"},                     // no --out
		{"lyapunov", "map", "--IE", "10:12:3", "--eps", "6:8:2", "--out", lm, "--x"}, // lyapunov's bad flag
		{"lyapunov", "map", "--IE", "10:12:3", "--eps"},
	} {
		if code, msg := runCode(bad...); code != 2 || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: exit %d (%q), want 2 and one line", bad, code, msg)
		}
	}
}

// The script of 'ngnmm slurm' run task by task (as SLURM would, with
// SLURM_ARRAY_TASK_ID set) merges after the last task into the bytes of a
// single run; re-running a task computes nothing. (The same script on a
// real SLURM: scripts/slurm-test.sh.)
func TestSlurmScript(t *testing.T) {
	useSharedData(t)
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	single := filepath.Join(dir, "single.jsonl")
	args := sweepCases["msf map"]
	runOK(t, sweepArgs(args, "--out", single)...)
	out := filepath.Join(dir, "array.jsonl")
	script := runOK(t, append([]string{"slurm", "--shards", "3", "--out", out, "--cpus-per-task", "2", "--time", "0:10:00", "--"}, args...)...)
	for _, want := range []string{"#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=0:10:00",
		"#SBATCH --output=" + out + ".part-%a-of-3.log", `--shard "$i/$n"`, "merge --if-complete"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	sp := filepath.Join(dir, "job.sh")
	os.WriteFile(sp, []byte(script), 0o755)
	task := func(i int) string {
		c := exec.Command(bash, sp)
		c.Env = append(os.Environ(), "NGNMM="+os.Args[0], "NGNMM_BE_CLI=1", fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), "SLURM_CPUS_PER_TASK=1")
		b, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("task %d: %v\n%s", i, err, b)
		}
		return string(b)
	}
	for _, i := range []int{2, 0} {
		task(i)
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("merged after task %d although shard 1 is not done", i)
		}
	}
	task(1)
	if !bytes.Equal(readFile(t, out), readFile(t, single)) {
		t.Error("merged array differs from the single run")
	}
	if o := task(0); !strings.Contains(o, `"computed": 0`) {
		t.Errorf("re-run of a finished task: %s", o)
	}
	// a sweep command that runs another command: the sweep flags go before its "--"
	gs := runOK(t, "slurm", "--shards", "2", "--out", out, "--", "grid", "--param", "eps=0:1:2", "--", "network", "simulate", "--T", "50")
	if !strings.Contains(gs, `"$ngnmm" grid --param eps=0:1:2 --shard "$i/$n" --out "$out.part-$i-of-$n" --resume --workers "${SLURM_CPUS_PER_TASK:-1}" -- network simulate --T 50`+"\n") {
		t.Errorf("grid script:\n%s", gs)
	}
	for _, bad := range [][]string{
		{"slurm", "--shards", "3", "--out", out},
		{"slurm", "--shards", "3", "--out", out, "--", "msf"},
		{"slurm", "--shards", "0", "--out", out, "--", "msf", "map"},
		{"slurm", "--shards", "3", "--", "msf", "map"},
		{"slurm", "--shards", "3", "--out", out, "--time", "1 2", "--", "msf", "map"},
		{"slurm", "--shards", "3", "--out", out, "--partition", "a\nb", "--", "msf", "map"},
		{"slurm", "--shards", "3", "--out", out, "--", "msf", "map", "--shard", "0/2"},
		{"slurm", "--shards", "3", "--out", out, "--", "msf", "map", "--out=x"},
		{"slurm", "--shards", "3", "--out", filepath.Join(dir, "no-such-dir", "x"), "--", "msf", "map"},
		{"slurm", "--shards", "3", "--out", dir + "/a b", "--", "msf", "map"},
		{"merge", "--out", out},
		{"merge", "--out", out, filepath.Join(dir, "none")},
		{"merge", "--out", out, sp},
	} {
		if code, _ := runCode(bad...); code != 2 {
			t.Errorf("%q: exit %d, want 2", bad, code)
		}
	}
}

// With one noise value, job idx of 'memory lifetimes' is run idx of 'memory
// lifetime' (both draw from PCG(seed, idx)): the same ML mean lifetime.
func TestMemoryLifetimesMatchesLifetime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "l.jsonl")
	var a struct {
		Sigma []struct {
			Runs, Censored int
			Mean           *float64 `json:"mean_tau"`
		} `json:"sigma"`
	}
	var b struct {
		Censored int
		Mean     *float64 `json:"mean_tau"`
	}
	runJSON(t, []string{"memory", "lifetimes", "--sigma", "1:1:1", "--runs", "12", "--tmax", "40", "--dt", "0.01", "--seed", "3", "--out", out, "--workers", "2"}, &a)
	runJSON(t, []string{"memory", "lifetime", "--sigma", "1", "--runs", "12", "--tmax", "40", "--dt", "0.01", "--seed", "3"}, &b)
	if len(a.Sigma) != 1 || a.Sigma[0].Runs != 12 || a.Sigma[0].Censored != b.Censored || a.Sigma[0].Mean == nil || b.Mean == nil {
		t.Fatalf("lifetimes %+v, lifetime %+v", a, b)
	}
	if math.Abs(*a.Sigma[0].Mean-*b.Mean) > 1e-12**b.Mean {
		t.Errorf("mean_tau %v (sweep) vs %v (memory lifetime)", *a.Sigma[0].Mean, *b.Mean)
	}
}

// seizure foci with noise: each job equals the library's seizure.Foci
// (focus i draws from PCG(seed, i) in both).
func TestSeizureFociMatchesLibrary(t *testing.T) {
	useSharedData(t)
	out := filepath.Join(t.TempDir(), "f.jsonl")
	runOK(t, "seizure", "foci", "--regions", "0:1", "--T", "300", "--stim-start", "50", "--stim-end", "250",
		"--noise", "0.05", "--seed", "4", "--out", out, "--shard", "1/2")
	c, err := loadW("aal90")
	if err != nil {
		t.Fatal(err)
	}
	cfg := seizure.DefaultConfig()
	cfg.W, cfg.T, cfg.Start, cfg.End, cfg.Sigma = c.Weights, 300, 50, 250, []float64{0, 0.05, 0, 0, 0.05, 0}
	sp, err := seizure.Foci(context.Background(), cfg, []int{0, 1}, 4, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(readFile(t, out))), "\n")
	if len(lines) != 2 {
		t.Fatalf("shard 1/2 of 2 foci: %d lines", len(lines))
	}
	var j fociJob
	if err := json.Unmarshal([]byte(lines[1]), &j); err != nil {
		t.Fatal(err)
	}
	if j.Focus != 1 || j.Recruited != sp[1].Recruited || fmt.Sprint(j.Order) != fmt.Sprint(sp[1].Order) {
		t.Errorf("focus 1: sweep %+v, library recruited %d order %v", j, sp[1].Recruited, sp[1].Order)
	}
}
