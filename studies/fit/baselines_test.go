package fit

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/ngnmm/ngnmm/data"
)

// TestBaselinesHCPNumPy: the baselines of a fit on real HCP subjects
// (held-out 377451 and 102816; training 101309, or 101309 and 102311) —
// per-subject SC→FC r, distance-null r and split-half ceiling, and
// NewBaselines' means, s.d.s and group FC r — equal the committed NumPy
// computation from the same .mat files (testdata/gen_baselines.py →
// baselines_ref.json) to 1e-9. Skips when the shared data folder is absent.
func TestBaselinesHCPNumPy(t *testing.T) {
	b, err := os.ReadFile("testdata/baselines_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Test     []string
		Subjects map[string]struct {
			SCFC  float64 `json:"sc_fc_r"`
			Dist  float64 `json:"dist_r"`
			Split float64 `json:"split_half"`
		}
		Fits map[string]struct {
			Train []string
			Baselines
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	p := DefaultProtocol()
	subs := map[string]*Subject{}
	for id := range ref.Subjects {
		c, err := data.Load(context.Background(), "hcp-"+id)
		if err != nil {
			t.Skipf("hcp-%s not available (set %s to the shared data folder): %v", id, data.DataEnv, err)
		}
		if subs[id], err = NewSubject(c, p); err != nil {
			t.Fatal(err)
		}
	}
	const tol = 1e-9
	check := func(what string, got, want Stat) {
		t.Helper()
		if got.Defined() != want.Defined() || (want.Defined() && !(math.Abs(float64(got-want)) <= tol)) {
			t.Errorf("%s = %.12g, NumPy %.12g", what, got, want)
		}
	}
	for id, r := range ref.Subjects {
		s := subs[id]
		check(id+" sc_fc_r", Stat(s.SCFC), Stat(r.SCFC))
		check(id+" distance_fc_r", Stat(s.DistanceFC), Stat(r.Dist))
		check(id+" split_half", Stat(s.SplitHalf), Stat(r.Split))
	}
	pick := func(ids []string) []*Subject {
		out := make([]*Subject, len(ids))
		for i, id := range ids {
			out[i] = subs[id]
		}
		return out
	}
	if len(ref.Fits) != 2 {
		t.Fatalf("%d fits in the reference, want 2", len(ref.Fits))
	}
	for name, f := range ref.Fits {
		got := NewBaselines(pick(ref.Test), pick(f.Train))
		w := f.Baselines
		for _, c := range []struct {
			what      string
			got, want Stat
		}{
			{"sc_fc_r", got.SCFC, w.SCFC}, {"sc_fc_r_sd", got.SCFCSD, w.SCFCSD},
			{"distance_fc_r", got.DistanceFC, w.DistanceFC}, {"distance_fc_r_sd", got.DistanceSD, w.DistanceSD},
			{"group_fc_r", got.GroupFC, w.GroupFC}, {"group_fc_r_sd", got.GroupFCSD, w.GroupFCSD},
			{"noise_ceiling", got.NoiseCeiling, w.NoiseCeiling}, {"noise_ceiling_sd", got.NoiseSD, w.NoiseSD},
		} {
			check(name+" "+c.what, c.got, c.want)
		}
	}
}
