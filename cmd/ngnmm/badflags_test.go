package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// badFlagCmds are the subcommands covered by TestBadFlagValues, each with
// cheap valid arguments that the bad value is appended to (the last
// occurrence of a flag wins).
var badFlagCmds = map[string][]string{
	"mpr fixedpoints":    nil,
	"mpr simulate":       {"--T", "1", "--dt", "0.01", "--sample", "0.1"},
	"mpr continuation":   {"--max-points", "300"},
	"energy":             nil,
	"energy orbit":       nil,
	"ei fixedpoints":     nil,
	"ei cycle":           {"--transient", "50", "--steps", "200"},
	"ei continuation":    {"--from", "0", "--to", "2", "--points", "10"},
	"qif":                {"--N", "100", "--T", "1", "--dt", "0.01"},
	"shotnoise theory":   {"--fmax", "1", "--df", "0.1"},
	"shotnoise simulate": {"--T", "1", "--N", "100"},
	"network simulate":   {"--T", "1", "--transient", "0", "--dt", "0.05"},
	"msf":                nil,
	"msf map":            {"--IE", "12:12:1", "--eps", "8:8:1", "--out", "map.jsonl", "--workers", "1"},
	"lyapunov":           {"--T", "10", "--transient", "0"},
	"memory range":       nil,
	"memory lifetime":    {"--runs", "2", "--tmax", "10"},
	"seizure regime":     nil,
	"model fixedpoints":  nil,
	"model simulate":     {"--T", "1", "--dt", "0.01", "--sample", "0.1"},
	"model cycle":        {"--model", "ei", "--set", "IE=3", "--transient", "50", "--steps", "200"},
	"model continuation": {"--model", "ei", "--param", "IE", "--from", "0", "--to", "2", "--points", "10"},
}

// needsData lists the subcommands that load a connectome: their base and
// 0/−1 runs use the shared data folder, their bad-value runs an empty cache
// (so that a flag checked only after loading shows up as a download error,
// exit 1, instead of a usage error).
var needsData = map[string]bool{"network simulate": true, "msf": true, "msf map": true, "lesion scan": true, "seizure foci": true}

// notNumeric lists flags that legitimately accept any of the bad values
// (booleans when the value is missing, the output file name of qif --csv).
var notNumeric = map[string]bool{"qif --csv": true, "msf map --out": true,
	"network simulate --out-signals": true, "network simulate --out-fc": true, "network simulate --out-bold": true}
var boolFlags = map[string]bool{"csv": true, "cauchy": true, "bold": true, "resume": true, "progress": true}

var flagRE = regexp.MustCompile(`--[A-Za-z][A-Za-z0-9-]*`)

// TestBadFlagValues drives run() with every flag named in a subcommand's
// help text set to a value that no flag accepts: NaN, ±Inf, a word, a value
// beyond any meaningful magnitude, and a missing value. Each must give exit
// status 2 with exactly one line on stderr that names the flag, no output
// on stdout and no panic; and the flag must exist (the help text documents
// only real flags). Zero and −1 must give a result or a usage error.
func TestBadFlagValues(t *testing.T) {
	dataDir := ""
	for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
		if _, err := os.Stat(filepath.Join(rel, "aal90", "sc2017.dat")); err == nil {
			dataDir, _ = filepath.Abs(rel)
			break
		}
	}
	if d := os.Getenv("NGNMM_DATA"); d != "" {
		dataDir = d
	}
	t.Chdir(t.TempDir()) // in case a value is taken as a file name
	emptyCache := t.TempDir()
	names := make([]string, 0, len(badFlagCmds))
	for n := range badFlagCmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		base := append(strings.Fields(name), badFlagCmds[name]...)
		c := commands[name]
		if c == nil {
			t.Fatalf("command %q not registered", name)
		}
		if needsData[name] {
			if dataDir == "" {
				t.Logf("%s: skipped (shared data not found: set NGNMM_DATA)", name)
				continue
			}
			t.Setenv("NGNMM_DATA", dataDir)
		}
		if code, _, errs := runCmd(t, base...); code != 0 {
			t.Fatalf("%s: base arguments fail (exit %d): %s", name, code, errs)
		}
		seen := map[string]bool{}
		for _, f := range flagRE.FindAllString(c.Help, -1) {
			flagName := strings.TrimPrefix(f, "--")
			if seen[flagName] || notNumeric[name+" "+f] {
				continue
			}
			seen[flagName] = true
			for _, v := range []string{"NaN", "Inf", "-Inf", "abc", "1e308", ""} {
				arg := f + "=" + v
				if v == "" {
					if boolFlags[flagName] {
						continue
					}
					arg = f // missing value
				}
				t.Run(fmt.Sprintf("%s %s", name, arg), func(t *testing.T) {
					if needsData[name] {
						t.Setenv("NGNMM_DATA", emptyCache)
					}
					args := append(append([]string(nil), base...), arg)
					code, out, errs := runCmd(t, args...)
					if code != 2 {
						t.Fatalf("exit %d, want 2 (stderr %q)", code, errs)
					}
					if out != "" {
						t.Errorf("stdout %q, want nothing", out)
					}
					if strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") {
						t.Errorf("stderr %q, want one line", errs)
					}
					if strings.Contains(errs, "not defined") {
						t.Errorf("help documents %s but the command has no such flag: %q", f, errs)
					}
					if !strings.Contains(errs, flagName) {
						t.Errorf("stderr %q does not name the flag %s", errs, f)
					}
				})
			}
		}
		// Zero and negative values may be valid (currents, couplings) or
		// not (durations, sizes): either a result or a usage error, never a
		// computation failure (exit 1) or a panic.
		for flagName := range seen {
			if boolFlags[flagName] {
				continue
			}
			for _, v := range []string{"0", "-1"} {
				arg := "--" + flagName + "=" + v
				t.Run(fmt.Sprintf("%s %s", name, arg), func(t *testing.T) {
					code, _, errs := runCmd(t, append(append([]string(nil), base...), arg)...)
					if code != 0 && code != 2 {
						t.Errorf("exit %d, want 0 or 2 (stderr %q)", code, errs)
					}
					if code == 2 && strings.Count(errs, "\n") != 1 {
						t.Errorf("stderr %q, want one line", errs)
					}
				})
			}
		}
		if len(seen) == 0 {
			t.Errorf("%s: no flags found in the help text", name)
		}
	}
}

// TestHelpDocumentsContract: `ngnmm help CMD` of each subcommand of issues
// 3, 4, 5 and 10 names every output field of the contract and
// states units.
func TestHelpDocumentsContract(t *testing.T) {
	fields := map[string][]string{
		"mpr fixedpoints":    {"fixed_points", "r", "v", "eigenvalues", "stable", "kind"},
		"mpr simulate":       {"t,r,v", "--method", "--pulse", "--sample"},
		"mpr continuation":   {"branch", "saddle_nodes", "hopf", "--param", "--from", "--to"},
		"energy":             {"centre", "saddle", "homoclinic_rmax", "omega0"},
		"energy orbit":       {"H0", "H_drift_rel", "period", "r_min", "r_max"},
		"ei fixedpoints":     {"fixed_points", "eigenvalues", "stable", "kind", "Hz"},
		"ei cycle":           {"state", "frequency_hz", "period_ms", "floquet", "rE_max_hz", "rE_min_hz"},
		"ei continuation":    {"hopf", "IE", "frequency_hz", "first_lyapunov", "periodic"},
		"qif":                {"rate_mean", "windows", "--scheme", "--window", "--bin"},
		"shotnoise theory":   {"f,S0,S_R", "ONE-SIDED"},
		"shotnoise simulate": {"t,R,r,v"},
	}
	units := regexp.MustCompile(`time unit|τ|\bms\b|Hz|dimensionless`)
	for name, want := range fields {
		code, out, errs := runCmd(t, append([]string{"help"}, strings.Fields(name)...)...)
		if code != 0 {
			t.Errorf("help %s: exit %d (%s)", name, code, errs)
			continue
		}
		for _, f := range want {
			if !strings.Contains(out, f) {
				t.Errorf("help %s does not mention %q", name, f)
			}
		}
		if !units.MatchString(out) {
			t.Errorf("help %s states no units", name)
		}
	}
}
