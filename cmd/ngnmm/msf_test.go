package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/data"
)

// useSharedData points the data cache at the project's shared data folder
// (unless NGNMM_DATA is set) or skips.
func useSharedData(t *testing.T) {
	t.Helper()
	if os.Getenv(data.DataEnv) != "" {
		return
	}
	for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
		if _, err := os.Stat(filepath.Join(rel, "aal90", "sc2017.dat")); err == nil {
			abs, _ := filepath.Abs(rel)
			t.Setenv(data.DataEnv, abs)
			return
		}
	}
	t.Skip("shared data (aal90) not available")
}

// docs/reference-values.md § E–I network and MSF, (IE, ε) = (12, 8): 71.93 Hz cycle, uniform 0 and
// −0.147 ± 0.116i, max transverse Re μ = 0.0141 at Λ = 0.094,
// Im = 0.096 rad/ms (≈ 15 Hz), 87 of 89 transverse modes unstable.
func TestMSFCommand(t *testing.T) {
	useSharedData(t)
	var o struct {
		State       string       `json:"state"`
		FrequencyHz float64      `json:"frequency_hz"`
		Uniform     [][2]float64 `json:"uniform"`
		Modes       []struct {
			Lambda, Re, Im float64
		} `json:"modes"`
		MaxTransverse struct {
			Lambda, Re, Im float64
			FrequencyHz    float64 `json:"frequency_hz"`
		} `json:"max_transverse"`
		UnstableModes int `json:"unstable_modes"`
	}
	runJSON(t, []string{"msf", "--IE", "12", "--eps", "8", "--connectome", "aal90"}, &o)
	if o.State != "periodic" {
		t.Fatalf("state %q, want periodic", o.State)
	}
	closeTo(t, "frequency_hz", o.FrequencyHz, 71.93, 0.01)
	closeTo(t, "uniform[0].re", o.Uniform[0][0], 0, 1e-6)
	closeTo(t, "uniform[1].re", o.Uniform[1][0], -0.147, 1e-3)
	closeTo(t, "uniform[1].im", math.Abs(o.Uniform[1][1]), 0.116, 1e-3)
	closeTo(t, "max_transverse.re", o.MaxTransverse.Re, 0.0141, 5e-4)
	closeTo(t, "max_transverse.lambda", o.MaxTransverse.Lambda, 0.094, 0.02)
	closeTo(t, "max_transverse.frequency_hz", o.MaxTransverse.FrequencyHz, 0.096/(2*math.Pi)*1000, 1)
	if o.UnstableModes != 87 || len(o.Modes) != 90 {
		t.Errorf("unstable_modes %d of %d modes, want 87 of 90", o.UnstableModes, len(o.Modes))
	}
	closeTo(t, "modes[0].lambda", o.Modes[0].Lambda, 1, 1e-9)
	closeTo(t, "modes[1].lambda", o.Modes[1].Lambda, 0.73935, 1e-5) // docs/reference-values.md § Connectome
}

// A stationary state: at IE = 0 (ε = 8) the rest state is stable (docs/reference-values.md
// § E–I node: eigenvalues of the isolated node are all negative; the coupled rest
// state stays stable).
func TestMSFCommandStationary(t *testing.T) {
	useSharedData(t)
	var o map[string]any
	runJSON(t, []string{"msf", "--IE", "0", "--eps", "8"}, &o)
	if o["state"] != "stationary" || o["frequency_hz"].(float64) != 0 || o["unstable_modes"].(float64) != 0 {
		t.Errorf("IE = 0: %v %v %v", o["state"], o["frequency_hz"], o["unstable_modes"])
	}
}

func TestMSFCommandErrors(t *testing.T) {
	for _, args := range [][]string{
		{"msf", "--eps", "NaN"},
		{"msf", "--dt", "0"},
		{"msf", "--connectome", "nope"},
		{"msf", "map", "--IE", "0:1", "--eps", "0:1:2", "--out", "x"},
		{"msf", "map", "--IE", "0:1:2", "--eps", "0:1:2"},
		{"msf", "map", "--IE", "0:1:2", "--eps", "0:1:2", "--out", "x", "--shard", "2/2"},
		{"msf", "map", "--IE", "0:1:2", "--eps", "0:1:2", "--out", "x", "--shard", "env/2"},
		{"msf", "merge", "--out", "x"},
	} {
		t.Setenv("SLURM_ARRAY_TASK_ID", "")
		t.Setenv("JOB_COMPLETION_INDEX", "")
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d (stderr %q), want 2", args, code, errb.String())
		}
	}
}

// A map computed in 2 shards (one of them via --shard env/2, as a SLURM
// array task) and merged equals the unsharded map byte for byte; rerunning
// on a complete file computes nothing (resume).
func TestMSFMapShardMerge(t *testing.T) {
	useSharedData(t)
	dir := t.TempDir()
	full := filepath.Join(dir, "full.jsonl")
	grid := []string{"--IE", "4:12:3", "--eps", "8:12:2", "--workers", "2"}
	var o map[string]any
	runJSON(t, append([]string{"msf", "map", "--out", full}, grid...), &o)
	if o["points"].(float64) != 6 || o["missing"].(float64) != 0 {
		t.Fatalf("full map: %v", o)
	}
	runJSON(t, append([]string{"msf", "map", "--out", full}, grid...), &o)
	if o["computed"].(float64) != 0 {
		t.Errorf("resume of a complete map computed %v points", o["computed"])
	}
	p0, p1 := filepath.Join(dir, "p0.jsonl"), filepath.Join(dir, "p1.jsonl")
	runJSON(t, append([]string{"msf", "map", "--out", p0, "--shard", "0/2"}, grid...), &o)
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	runJSON(t, append([]string{"msf", "map", "--out", p1, "--shard", "env/2"}, grid...), &o)
	merged := filepath.Join(dir, "merged.jsonl")
	var errb bytes.Buffer
	var out bytes.Buffer
	if code := run([]string{"msf", "merge", "--out", merged, p0}, &out, &errb); code != 1 {
		t.Errorf("merge of one shard: exit %d, want 1 (missing points)", code)
	}
	runJSON(t, []string{"msf", "merge", "--out", merged, p0, p1}, &o)
	a, _ := os.ReadFile(full)
	b, _ := os.ReadFile(merged)
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("merged map differs from the unsharded one:\n%s\nwant\n%s", b, a)
	}
	if !strings.Contains(string(a), `"state":"periodic"`) {
		t.Errorf("no periodic point in %s", a)
	}
}
