package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQIFCmd runs the MPR 2015 Fig. 2 protocol (N = 10⁴, θ scheme) and
// checks the JSON contract and the plateau/memory rates against the mean
// field values of docs/reference-values.md § MPR (r(29.9) = 1.3713 on the plateau; the
// persistent high state r → 1.0306 after the pulse, r(40) = 1.0376).
func TestQIFCmd(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "rate.csv")
	code, out, errs := runCmd(t, "qif", "--N", "10000", "--J", "15", "--eta", "-5", "--delta", "1",
		"--pulse", "3:0:30", "--T", "40", "--dt", "0.001", "--scheme", "theta", "--seed", "3",
		"--bin", "0.01", "--window", "20:30", "--window", "38:40", "--csv", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{`"rate_mean"`, `"windows"`, `"from"`, `"to"`} {
		if !strings.Contains(out, f) {
			t.Errorf("output lacks %s:\n%s", f, out)
		}
	}
	var res struct {
		RateMean float64 `json:"rate_mean"`
		Windows  []struct {
			From, To float64
			RateMean float64 `json:"rate_mean"`
		}
		Spikes int64
		N      int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Windows) != 2 || res.Windows[0].From != 20 || res.Windows[1].To != 40 {
		t.Fatalf("windows = %+v", res.Windows)
	}
	if w := res.Windows[0].RateMean; math.Abs(w/1.3713-1) > 0.02 {
		t.Errorf("plateau window rate %v, want 1.3713 within 2%%", w)
	}
	if w := res.Windows[1].RateMean; math.Abs(w/1.0376-1) > 0.03 {
		t.Errorf("memory window rate %v, want ≈ 1.0376 within 3%%", w)
	}
	if want := float64(res.Spikes) / (10000 * 40); math.Abs(res.RateMean-want) > 1e-12 {
		t.Errorf("rate_mean %v, want spikes/(N T) = %v", res.RateMean, want)
	}
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "t,r" || len(lines) != 4001 {
		t.Errorf("CSV header %q, %d lines, want t,r and 4001", lines[0], len(lines))
	}
}

func TestQIFCmdErrors(t *testing.T) {
	for _, args := range [][]string{
		{"qif", "--scheme", "euler"},
		{"qif", "--N", "0"},
		{"qif", "--T", "1", "--window", "2:3"},
		{"qif", "--window", "3:2"},
		{"qif", "--delta", "-1"},
		{"qif", "--scheme", "reset", "--dt", "0.1"},
		{"qif", "--pulse", "3:5"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
