package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// mprFoldsJ are the J of the two folds of the MPR equilibria at η̄ = −5,
// Δ = 1, τ = 1 in closed form: on the branch J(r) = π²r − η̄/r −
// Δ²/(4π²r³) (v = −Δ/(2πr)), dJ/dr = 0 gives r² = (−η̄ ± √(η̄² − 3Δ²))/(2π²)
// (docs/models.md § MPR equilibria and folds): J = 13.977725, 28.264721.
func mprFoldsJ() [2]float64 {
	eta, d := -5.0, 1.0
	var j [2]float64
	for k, sg := range []float64{-1, 1} {
		r := math.Sqrt((-eta + sg*math.Sqrt(eta*eta-3*d*d)) / (2 * math.Pi * math.Pi))
		j[k] = math.Pi*math.Pi*r - eta/r - d*d/(4*math.Pi*math.Pi*r*r*r)
	}
	return j
}

type stoppedOut struct {
	Branch       []map[string]any `json:"branch"`
	SaddleNodes  []map[string]any `json:"saddle_nodes"`
	Hopf         []map[string]any `json:"hopf"`
	Periodic     []map[string]any `json:"periodic"`
	Stopped      *string          `json:"stopped"`
	RangeCovered *bool            `json:"range_covered"`
}

func runStopped(t *testing.T, args ...string) stoppedOut {
	t.Helper()
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return parseStopped(t, args, out)
}

func parseStopped(t *testing.T, args []string, out string) stoppedOut {
	t.Helper()
	var res stoppedOut
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Stopped == nil || res.RangeCovered == nil {
		t.Fatalf("%v: no stopped/range_covered field", args)
	}
	return res
}

// TestContinuationHugeRange (issue 18 finding 3): a huge parameter range
// made the first long step converge onto the algebraic branch with a
// negative rate, and the branch ended there with exit 0 and no word: 'mpr
// continuation --param J --from -1e9 --to 1e9' stopped at J ≈ 0 without
// its folds, 'ei continuation --param eps --to 1e5' returned one point.
// Now a step that leaves the domain is retried with half the step: the
// folds are found (against the closed form, 1e-8) and "stopped" says why
// the branch ended.
func TestContinuationHugeRange(t *testing.T) {
	want := mprFoldsJ()
	// Beyond J ≈ 1.7e8 the corrector converges only at steps that no
	// longer move the state (rounding): the branch ends there with "step
	// size" (exit 0: the JSON says that the range was not covered).
	res := runStopped(t, "mpr", "continuation", "--param", "J", "--from", "-1e9", "--to", "1e9")
	if *res.RangeCovered || !strings.HasPrefix(*res.Stopped, "step size") {
		t.Errorf("mpr J ±1e9: stopped %q, range_covered %v", *res.Stopped, *res.RangeCovered)
	}
	if len(res.SaddleNodes) != 2 {
		t.Fatalf("mpr J ±1e9: %d folds, want 2 (%d points, stopped %q)", len(res.SaddleNodes), len(res.Branch), *res.Stopped)
	}
	got := [2]float64{res.SaddleNodes[0]["J"].(float64), res.SaddleNodes[1]["J"].(float64)}
	if got[0] < got[1] {
		got[0], got[1] = got[1], got[0]
	}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-8 {
			t.Errorf("mpr J ±1e9: fold %d at J = %.12g, want %.12g", k, got[k], want[k])
		}
	}
	t.Logf("mpr J ±1e9: %d points to J = %v, folds %v (closed form %v), stopped %q", len(res.Branch), res.Branch[len(res.Branch)-1]["J"], got, want, *res.Stopped)
	if *res.RangeCovered {
		if last := res.Branch[len(res.Branch)-1]["J"].(float64); last != 1e9 {
			t.Errorf("range_covered but the branch ends at J = %v", last)
		}
	} else if *res.Stopped == "range covered" {
		t.Errorf("stopped %q with range_covered false", *res.Stopped)
	}
	// The narrow default range is covered.
	if res := runStopped(t, "mpr", "continuation", "--param", "J"); *res.Stopped != "range covered" || !*res.RangeCovered {
		t.Errorf("mpr J 0–30: stopped %q, range_covered %v", *res.Stopped, *res.RangeCovered)
	}
	// Too few points: said so.
	if res := runStopped(t, "mpr", "continuation", "--param", "J", "--max-points", "5"); *res.RangeCovered || *res.Stopped == "range covered" {
		t.Errorf("mpr J 0–30 with 5 points: stopped %q, range_covered %v", *res.Stopped, *res.RangeCovered)
	}

	// E–I in ε up to 1e5: the folds of the range 0–150; its Hopf points
	// are among those of 0–150 (at 200 points the step grows to 500 in ε,
	// and the Hopf pair at ε ≈ 87.7, 92.7 lies within one step: the help
	// says that features closer than (to − from)/points can be missed).
	huge := runStopped(t, "ei", "continuation", "--param", "eps", "--to", "1e5")
	narrow := runStopped(t, "ei", "continuation", "--param", "eps", "--to", "150", "--points", "1000")
	if len(huge.Branch) < 10 || !*huge.RangeCovered || !*narrow.RangeCovered {
		t.Fatalf("ei eps to 1e5: %d points, stopped %q; to 150: stopped %q", len(huge.Branch), *huge.Stopped, *narrow.Stopped)
	}
	if len(huge.SaddleNodes) != len(narrow.SaddleNodes) || len(huge.Hopf) == 0 || len(narrow.SaddleNodes) == 0 {
		t.Fatalf("ei eps to 1e5: %d folds %d Hopf; to 150: %d folds %d Hopf", len(huge.SaddleNodes), len(huge.Hopf), len(narrow.SaddleNodes), len(narrow.Hopf))
	}
	for k := range narrow.SaddleNodes {
		if a, b := huge.SaddleNodes[k]["eps"].(float64), narrow.SaddleNodes[k]["eps"].(float64); math.Abs(a-b) > 1e-7 {
			t.Errorf("ei fold %d: eps = %.10g to 1e5, %.10g to 150", k, a, b)
		}
	}
	for k, h := range huge.Hopf {
		a, best := h["eps"].(float64), math.Inf(1)
		for _, g := range narrow.Hopf {
			best = math.Min(best, math.Abs(a-g["eps"].(float64)))
		}
		if best > 1e-7 {
			t.Errorf("ei Hopf %d at eps = %.10g to 1e5 is %.3g from every Hopf point of 0–150", k, a, best)
		}
	}
	for _, p := range huge.Periodic {
		if _, ok := p["stopped"].(string); !ok {
			t.Errorf("periodic branch without stopped: %v", p["end"])
		}
	}
}
