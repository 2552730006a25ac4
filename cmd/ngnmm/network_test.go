package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withSharedData points NGNMM_DATA at the shared data folder or skips.
func withSharedData(t *testing.T) {
	t.Helper()
	if d := os.Getenv("NGNMM_DATA"); d != "" {
		return
	}
	for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
		if _, err := os.Stat(filepath.Join(rel, "aal90", "sc2017.dat")); err == nil {
			abs, _ := filepath.Abs(rel)
			t.Setenv("NGNMM_DATA", abs)
			return
		}
	}
	t.Skip("shared data not found: set NGNMM_DATA")
}

func netJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out.String())
	}
	return m
}

// Identical initial states on a row-normalised connectome stay synchronous
// (docs/models.md § Master stability function): identical signals in every region, Kuramoto R = 1; the
// contract fields are there.
func TestNetworkSimulateSynchronous(t *testing.T) {
	withSharedData(t)
	dir := t.TempDir()
	sig, fcf := filepath.Join(dir, "s.csv"), filepath.Join(dir, "fc.csv")
	m := netJSON(t, "network", "simulate", "--T", "60", "--transient", "0", "--ic-noise", "0", "--IE", "12", "--eps", "8",
		"--out-signals", sig, "--out-fc", fcf)
	rates := m["mean_rate_hz"].(map[string]any)
	if rates["E"].(float64) <= 0 || rates["I"].(float64) <= 0 {
		t.Errorf("rates %v", rates)
	}
	if r := m["order_parameter_mean"].(float64); math.Abs(r-1) > 1e-9 {
		t.Errorf("order_parameter_mean = %v, want 1", r)
	}
	if _, ok := m["fc_mean"].(float64); !ok {
		t.Errorf("fc_mean missing: %v", m)
	}
	if m["nodes"].(float64) != 90 || m["steps"].(float64) != 6000 {
		t.Errorf("nodes %v steps %v", m["nodes"], m["steps"])
	}
	b, err := os.ReadFile(sig)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 61 || !strings.HasPrefix(lines[0], "t,PreCG.L,PreCG.R") || len(strings.Split(lines[1], ",")) != 91 {
		t.Fatalf("signals CSV: %d lines, header %.40q", len(lines), lines[0])
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		for _, v := range f[2:] {
			if v != f[1] {
				t.Fatalf("regions not synchronous: %s vs %s", v, f[1])
			}
		}
	}
	b, _ = os.ReadFile(fcf)
	if n := len(strings.Split(strings.TrimSpace(string(b)), "\n")); n != 90 {
		t.Errorf("FC CSV has %d rows", n)
	}
}

func TestNetworkSimulateMPRDelaysBold(t *testing.T) {
	withSharedData(t)
	m := netJSON(t, "network", "simulate", "--connectome", "tvb76", "--model", "mpr", "--speed", "3", "--method", "heun",
		"--T", "300", "--transient", "0", "--bold", "--tr", "0.1", "--noise", "0.01")
	if m["normalisation"] != "max" || m["speed_mm_per_ms"].(float64) != 3 {
		t.Errorf("settings %v %v", m["normalisation"], m["speed_mm_per_ms"])
	}
	if _, ok := m["mean_rate_hz"].(map[string]any)["r"]; !ok {
		t.Errorf("mean_rate_hz %v", m["mean_rate_hz"])
	}
	b := m["bold"].(map[string]any)
	if b["samples"].(float64) != 2 {
		t.Errorf("BOLD samples %v, want 2", b["samples"])
	}
}

func TestNetworkSimulateUsage(t *testing.T) {
	withSharedData(t)
	for _, args := range [][]string{
		{"network", "simulate", "--model", "x"},
		{"network", "simulate", "--dt", "0"},
		{"network", "simulate", "--connectome", "nope"},
		{"network", "simulate", "--connectome", "aal90", "--speed", "3"}, // no tract lengths
		{"network", "simulate", "--norm", "weird"},
		{"network", "simulate", "--method", "dopri"},
		{"data", "info"},
		{"data", "fetch", "nope"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}

func TestDataCommands(t *testing.T) {
	withSharedData(t)
	m := netJSON(t, "data", "list")
	found := false
	for _, d := range m["datasets"].([]any) {
		d := d.(map[string]any)
		if d["name"] == "aal90" {
			found = true
			f := d["files"].([]any)[0].(map[string]any)
			if f["sha256"] != "5d9d4d7e233cb20ccfec40ef09e9d87c7864124a842f983cd165cb14fa161909" || f["cached"] != true {
				t.Errorf("aal90 file %v", f)
			}
		}
	}
	if !found {
		t.Error("aal90 not listed")
	}
	info := netJSON(t, "data", "info", "tvb76")
	l := info["loaded"].(map[string]any)
	if l["regions"].(float64) != 76 || l["has_lengths"] != true || info["licence"] == "" {
		t.Errorf("info %v", info)
	}
	f := netJSON(t, "data", "fetch", "enigma-dk68")
	if len(f["paths"].([]any)) != 3 {
		t.Errorf("fetch %v", f)
	}
}

// Uncoupled MPR nodes (--eps 0, no noise) relax to the stable node of the
// single population: at τ = 1 ms, Δ = 1, η̄ = −5, J = 15 it is r = 0.081134
// per ms (docs/reference-values.md § MPR), i.e. 81.134 Hz in every region.
func TestNetworkSimulateMPRRestRate(t *testing.T) {
	withSharedData(t)
	m := netJSON(t, "network", "simulate", "--connectome", "tvb76", "--model", "mpr", "--eps", "0", "--ic-noise", "0",
		"--T", "50", "--transient", "50")
	r := m["mean_rate_hz"].(map[string]any)["r"].(float64)
	if math.Abs(r-81.134) > 1e-3 {
		t.Errorf("mean rate %v Hz, want 81.134 (docs/reference-values.md § MPR)", r)
	}
}

// TestNetworkSimulateUndefinedStatsNull (issue 18 finding 3): with a single
// averaged sample, FC, the order parameter and metastability are undefined
// and must be null, not 0; with two samples they are numbers.
func TestNetworkSimulateUndefinedStatsNull(t *testing.T) {
	withSharedData(t)
	m := netJSON(t, "network", "simulate", "--T", "10", "--average", "10", "--dt", "0.1")
	for _, k := range []string{"fc_mean", "order_parameter_mean", "metastability"} {
		v, ok := m[k]
		if !ok || v != nil {
			t.Errorf("one sample: %s = %v (present %v), want null", k, v, ok)
		}
	}
	m = netJSON(t, "network", "simulate", "--T", "10", "--average", "5", "--dt", "0.1")
	for _, k := range []string{"fc_mean", "order_parameter_mean", "metastability"} {
		if _, ok := m[k].(float64); !ok {
			t.Errorf("two samples: %s = %v, want a number", k, m[k])
		}
	}
}
