package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// fitQuick is a tiny fit (one training subject, 3 × 1 points × 2 seeds,
// 11 s of BOLD, FCD windows of 10 TRs every 5: ≈ 1.3 CPU s a simulation)
// for the sweep test (≥ 5 jobs).
var fitQuick = []string{"fit", "--train", "hcp-101309", "--param", "eps=4:8", "--param", "IE=4:4", "--grid", "3", "--seeds", "2",
	"--T", "11", "--transient", "0.1", "--dt", "0.2", "--window", "10", "--step", "5"}

// fitSmall is fitQuick on 2 × 1 points with one seed and a held-out
// subject (4 simulations a run), for the shard and contract tests.
var fitSmall = []string{"fit", "--train", "hcp-101309", "--test", "hcp-377451", "--param", "eps=4:8", "--param", "IE=4:4", "--grid", "2", "--seeds", "1",
	"--T", "11", "--transient", "0.1", "--dt", "0.2", "--window", "10", "--step", "5"}

// TestFitShardsMerge: two shards of 'ngnmm fit' (held-out subject, 2
// workers on one of them) merged equal the single run's file byte for
// byte, and --resume on the merged file (which computes nothing) prints the
// single run's report; the best point is the one of largest training fc_r.
func TestFitShardsMerge(t *testing.T) {
	useSharedData(t)
	dir := t.TempDir()
	args := fitSmall
	single := filepath.Join(dir, "single.jsonl")
	out1 := runOK(t, append(args, "--out", single, "--workers", "1")...)
	var parts []string
	for i, w := range []string{"1", "2"} {
		p := filepath.Join(dir, "part"+w+".jsonl")
		o := runOK(t, append(args, "--out", p, "--shard", []string{"0/2", "1/2"}[i], "--workers", w)...)
		if !strings.Contains(o, `"best": null`) {
			t.Errorf("shard %d: best not null while jobs are missing", i)
		}
		parts = append(parts, p)
	}
	merged := filepath.Join(dir, "merged.jsonl")
	runOK(t, append([]string{"merge", "--out", merged}, parts...)...)
	if !bytes.Equal(readFile(t, merged), readFile(t, single)) {
		t.Fatalf("merged shards differ from the single run")
	}
	out2 := runOK(t, append(args, "--out", merged, "--resume")...)
	var a, b map[string]any
	json.Unmarshal([]byte(out1), &a)
	json.Unmarshal([]byte(out2), &b)
	if b["computed"] != 0.0 || a["computed"] != 2.0 {
		t.Errorf("computed %v then %v, want 2 then 0", a["computed"], b["computed"])
	}
	delete(a, "computed")
	delete(b, "computed")
	delete(a, "out")
	delete(b, "out")
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Errorf("report of the merged file differs from the single run's:\n%s\n%s", ja, jb)
	}
	var rep struct {
		Best struct {
			Params map[string]float64
			Train  struct {
				FCR   float64  `json:"fc_r"`
				FCRSD *float64 `json:"fc_r_sd"`
			}
		}
		Evaluations []struct {
			Params []float64
			Train  struct {
				FCR float64 `json:"fc_r"`
			}
			Test *struct{ N int }
		}
		Baselines struct {
			SCFC float64 `json:"sc_fc_r"`
		}
	}
	json.Unmarshal([]byte(out1), &rep)
	if len(rep.Evaluations) != 2 {
		t.Fatalf("%d evaluations, want 2", len(rep.Evaluations))
	}
	for _, e := range rep.Evaluations {
		if e.Train.FCR > rep.Best.Train.FCR || e.Test == nil || e.Test.N != 1 {
			t.Errorf("evaluation %+v: fc_r above the best's %v, or no test over 1 seed", e, rep.Best.Train.FCR)
		}
	}
	if rep.Best.Train.FCRSD != nil || !strings.Contains(out1, `"fc_r_sd": null`) {
		t.Errorf("s.d. over one subject × one seed: %v, want null", rep.Best.Train.FCRSD)
	}
	// hcp-377451's SC→FC r: nmm/fc's NumPy reference of 'data fc' (docs/reference-values.md)
	if d := rep.Baselines.SCFC - 0.237875; d > 5e-7 || d < -5e-7 {
		t.Errorf("sc_fc_r = %v, want 0.237875", rep.Baselines.SCFC)
	}
}

// Bad input to fit: exit 2 with one line naming the flag, before any
// simulation.
func TestFitBadFlags(t *testing.T) {
	useSharedData(t)
	base := []string{"fit", "--train", "hcp-101309", "--param", "eps=4:8", "--T", "11", "--transient", "0.1", "--dt", "0.2", "--window", "10", "--step", "5"}
	for _, c := range []struct {
		flag string
		args []string
	}{
		{"--train", []string{"fit", "--param", "eps=0:1"}},
		{"--train", []string{"fit", "--train", "hcp-999", "--param", "eps=0:1"}},
		{"--train", []string{"fit", "--train", "aal90", "--param", "eps=0:1"}},
		{"--test", append(append([]string{}, base...), "--test", "hcp-101309,nope")},
		{"--param", []string{"fit", "--train", "hcp-101309"}},
		{"--param", append(append([]string{}, base...), "--param", "IE=5:2")},
		{"--param", append(append([]string{}, base...), "--param", "IE=nan:2")},
		{"--param", append(append([]string{}, base...), "--param", "zz=0:1")},
		{"--param", append(append([]string{}, base...), "--param", "eps=0:2")},
		{"--objective", append(append([]string{}, base...), "--objective", "fcd")},
		{"--optimizer", append(append([]string{}, base...), "--optimizer", "cmaes")},
		{"--seeds", append(append([]string{}, base...), "--seeds", "0")},
		{"--grid", append(append([]string{}, base...), "--grid", "0")},
		{"--T", append(append([]string{}, base...), "--T", "-1")},
		{"--T", append(append([]string{}, base...), "--T", "1e9")},
		{"--T", append(append([]string{}, base...), "--T", "5")},
		{"--T", append(append([]string{}, base...), "--T", "nan")},
		{"--transient", append(append([]string{}, base...), "--transient", "-1")},
		{"--dt", append(append([]string{}, base...), "--dt", "0")},
		{"--dt", append(append([]string{}, base...), "--dt", "2")},
		{"--dt", append(append([]string{}, base...), "--T", "5000", "--dt", "1e-3")},
		{"--speed", append(append([]string{}, base...), "--speed", "-1")},
		{"--speed", append(append([]string{}, base...), "--speed", "1e-6")},
		{"--noise", append(append([]string{}, base...), "--noise", "-0.1")},
		{"--window", append(append([]string{}, base...), "--window", "1")},
		{"--window", append(append([]string{}, base...), "--window", "5000")},
		{"--step", append(append([]string{}, base...), "--step", "0")},
		{"--max-evals", append(append([]string{}, base...), "--optimizer", "neldermead", "--max-evals", "0")},
		{"--workers", append(append([]string{}, base...), "--workers", "0")},
		{"--model", append(append([]string{}, base...), "--model", "nope")},
		{"--grid", append(append([]string{}, base...), "--param", "IE=2:8", "--grid", "1000", "--T", "600")},
		{"--seed", append(append([]string{}, base...), "--seed", "-1")},
		{"--shard", append(append([]string{}, base...), "--shard", "0/2")},
		{"--shard", append(append([]string{}, base...), "--optimizer", "neldermead", "--shard", "0/2", "--out", "x")},
	} {
		code, msg := runCode(c.args...)
		if code != 2 || !strings.Contains(msg, c.flag[1:]) || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want 2 naming %s on one line", c.args, code, msg, c.flag)
		}
	}
}
