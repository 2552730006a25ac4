package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func runJSON(t *testing.T, args []string, v any) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		t.Fatalf("%v: %v in %q", args, err, out.String())
	}
}

func closeTo(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got=%.10g, want=%.10g, tol=%g", name, got, want, tol)
	}
}

// TestEnergyCommand: docs/reference-values.md § MPR energy (J = 10, η = 0: r_c = 1.013212,
// H_c = 9.868747, ω0 = 4.50158, no saddle) and §1.2 (J = 15, η = −5: saddle
// at r_s = (J − √(J² + 4π²η))/(2π²), U(r_max) = H_s on the homoclinic loop).
func TestEnergyCommand(t *testing.T) {
	var o map[string]any
	runJSON(t, []string{"energy", "--J", "10", "--eta", "0"}, &o)
	c := o["centre"].(map[string]any)
	closeTo(t, "centre.r", c["r"].(float64), 1.013212, 5e-7)
	closeTo(t, "centre.H", c["H"].(float64), 9.868747, 5e-7)
	closeTo(t, "centre.omega0", c["omega0"].(float64), 4.50158, 5e-6)
	if o["saddle"] != nil || o["homoclinic_rmax"] != nil {
		t.Errorf("saddle/homoclinic at eta = 0: %v", o)
	}
	runJSON(t, []string{"energy", "--J", "15", "--eta", "-5", "--delta", "1"}, &o)
	s := o["saddle"].(map[string]any)
	rs := (15 - math.Sqrt(225-20*math.Pi*math.Pi)) / (2 * math.Pi * math.Pi)
	closeTo(t, "saddle.r", s["r"].(float64), rs, 1e-12)
	Hs := -5/rs + math.Pi*math.Pi*rs - 15*math.Log(rs)
	closeTo(t, "saddle.H", s["H"].(float64), Hs, 1e-12)
	rm := o["homoclinic_rmax"].(float64)
	closeTo(t, "U(homoclinic_rmax)", -5/rm+math.Pi*math.Pi*rm-15*math.Log(rm), Hs, 1e-10)
	// physical τ: rates scale 1/τ, frequency 1/τ, energy invariant
	runJSON(t, []string{"energy", "--J", "10", "--eta", "0", "--tau", "10"}, &o)
	c = o["centre"].(map[string]any)
	closeTo(t, "centre.r (τ=10)", c["r"].(float64), 0.1013212, 5e-8)
	closeTo(t, "centre.omega0 (τ=10)", c["omega0"].(float64), 0.450158, 5e-7)
	closeTo(t, "centre.H (τ=10)", c["H"].(float64), 9.868747, 5e-7)
}

// TestEnergyOrbitCommand: docs/reference-values.md § MPR energy orbits (J = 10, η = 0 from
// (1.5 r_c, 0): period 1.45771, r_min = 0.634050; J = 0, η = 1: period π,
// r ∈ [0.21221, 0.47746]) and H conservation.
func TestEnergyOrbitCommand(t *testing.T) {
	var o map[string]float64
	runJSON(t, []string{"energy", "orbit", "--J", "10", "--eta", "0", "--T", "20"}, &o)
	closeTo(t, "H0", o["H0"], 10.814096, 5e-7)
	closeTo(t, "period", o["period"], 1.45771, 5e-6)
	closeTo(t, "r_min", o["r_min"], 0.634050, 5e-7)
	closeTo(t, "r_max", o["r_max"], 1.5*1.0132118364233778, 1e-6)
	if o["H_drift_rel"] > 1e-9 {
		t.Errorf("H_drift_rel = %g", o["H_drift_rel"])
	}
	runJSON(t, []string{"energy", "orbit", "--J", "0", "--eta", "1", "--r0", "0.477464829", "--v0", "0", "--T", "50"}, &o)
	closeTo(t, "period J=0", o["period"], math.Pi, 1e-8)
	closeTo(t, "r_min J=0", o["r_min"], 0.21221, 5e-6)
	closeTo(t, "r_max J=0", o["r_max"], 0.47746, 5e-6)
	runJSON(t, []string{"energy", "orbit", "--J", "0", "--eta", "1", "--r0", "0.3", "--v0", "0.4", "--T", "50"}, &o)
	closeTo(t, "period J=0 off-axis start", o["period"], math.Pi, 1e-8)
}

func TestEnergyCommandErrors(t *testing.T) {
	for _, args := range [][]string{
		{"energy", "--tau", "0"},
		{"energy", "--delta", "-1"},
		{"energy", "--eta", "-5", "--J", "1"}, // no centre
		{"energy", "--eta", "NaN"},
		{"energy", "--bogus", "1"},
		{"energy", "orbit", "--r0", "0"},
		{"energy", "orbit", "--r0", "-1"},
		{"energy", "orbit", "--eta", "-5", "--J", "15", "--r0", "0.3", "--v0", "0"}, // below the saddle r: above H_s
		{"energy", "orbit", "--T", "0.5"},
		{"energy", "orbit", "--tau", "-1"},
	} {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		msg := errb.String()
		if code != 2 || out.Len() != 0 || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, out.String(), msg)
		}
		t.Logf("%v → %s", args, strings.TrimSpace(msg))
	}
}
