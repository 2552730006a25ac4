package fit

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestUndefinedJSON: a simulated region with constant BOLD makes fc_r and
// fcd_ks undefined (NaN, not fc.Pearson's 0); undefined statistics — those,
// the s.d. of one value, the group FC r without another training subject —
// are written as JSON null (encoding/json refuses NaN) and read back as NaN;
// defined ones are written exactly as encoding/json writes a float64.
func TestUndefinedJSON(t *testing.T) {
	p := DefaultProtocol()
	s := syntheticSubject(t, p)
	sim := mat.DenseCopyOf(readCSV(t, "sim_bold.csv"))
	r, ks, err := Compare(sim, s, p)
	if err != nil || math.IsNaN(r) || math.IsNaN(ks) {
		t.Fatalf("varying signal: fc_r %v, fcd_ks %v, %v; want defined", r, ks, err)
	}
	rows, _ := sim.Dims()
	for i := range rows {
		sim.Set(i, 2, 0.5) // region 2 silent
	}
	r, ks, err = Compare(sim, s, p)
	if err != nil || !math.IsNaN(r) || !math.IsNaN(ks) {
		t.Fatalf("a constant region: fc_r %v, fcd_ks %v, %v; want NaN, NaN", r, ks, err)
	}
	sc := Score{FCR: Stat(r), FCDKS: Stat(ks), RateHz: 0.25, Sync: 1e-7}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"fc_r":null,"fcd_ks":null,"mean_rate_hz":0.25,"synchrony":1e-7}`; string(b) != want {
		t.Errorf("score JSON %s, want %s", b, want)
	}
	var back Score
	if err := json.Unmarshal(b, &back); err != nil || back.FCR.Defined() || back.FCDKS.Defined() || back.RateHz != 0.25 || back.Sync != 1e-7 {
		t.Errorf("read back %+v (%v), want NaN, NaN, 0.25, 1e-7", back, err)
	}
	sum := Summarise([]Score{{FCR: 0.3, FCDKS: 0.2}})
	if sum.FCR != 0.3 || sum.FCRSD.Defined() || sum.FCDKSSD.Defined() {
		t.Errorf("summary of one score %+v: want fc_r 0.3, s.d.s undefined", sum)
	}
	if sum := Summarise([]Score{{FCR: 0.3}, sc}); sum.FCR.Defined() || sum.FCRSD.Defined() || !sum.RateHz.Defined() {
		t.Errorf("summary with an undefined fc_r %+v: want fc_r and its s.d. undefined, the rate defined", sum)
	}
	if sum := Summarise(nil); sum.FCR.Defined() || sum.N != 0 {
		t.Errorf("summary of nothing %+v: want undefined", sum)
	}
	bl := NewBaselines([]*Subject{s}, []*Subject{s})
	b, err = json.Marshal(bl)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`"group_fc_r":null`, `"group_fc_r_sd":null`, `"sc_fc_r_sd":null`, `"noise_ceiling_sd":null`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("baselines of one subject %s: want %s", b, f)
		}
	}
	if bl.SCFC != Stat(s.SCFC) {
		t.Errorf("sc_fc_r %v, want the subject's %v", bl.SCFC, s.SCFC)
	}
}
