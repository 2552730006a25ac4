package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestMPRFixedPointsCmd checks the JSON contract and the numbers of
// docs/reference-values.md § MPR (τ = 1, Δ = 1, η̄ = −5, J = 15).
func TestMPRFixedPointsCmd(t *testing.T) {
	code, out, errs := runCmd(t, "mpr", "fixedpoints", "--tau", "1", "--delta", "1", "--eta", "-5", "--J", "15", "--I", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		FixedPoints []struct {
			R, V        float64
			Eigenvalues [][2]float64
			Stable      bool
			Kind        string
		} `json:"fixed_points"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		r, v, l0 float64
		kind     string
	}{{0.081134, -1.961620, -2.4487, "stable node"}, {0.472980, -0.336494, 1.6417, "saddle"}, {1.030597, -0.154430, -0.30886, "stable focus"}}
	if len(res.FixedPoints) != 3 {
		t.Fatalf("%d fixed points, want 3:\n%s", len(res.FixedPoints), out)
	}
	for i, w := range want {
		fp := res.FixedPoints[i]
		if math.Abs(fp.R-w.r) > 1e-6 || math.Abs(fp.V-w.v) > 1e-6 || math.Abs(fp.Eigenvalues[0][0]-w.l0) > 1e-4 ||
			fp.Kind != w.kind || fp.Stable != (w.kind != "saddle") || len(fp.Eigenvalues) != 2 {
			t.Errorf("fixed point %d = %+v, want r=%v v=%v λ0=%v %s", i, fp, w.r, w.v, w.l0, w.kind)
		}
	}
	if im := res.FixedPoints[2].Eigenvalues[0][1]; math.Abs(im-3.31863) > 1e-5 {
		t.Errorf("focus Im λ = %v, want 3.31863", im)
	}
	// raw field names are the contract
	for _, f := range []string{`"fixed_points"`, `"r"`, `"v"`, `"eigenvalues"`, `"stable"`, `"kind"`} {
		if !strings.Contains(out, f) {
			t.Errorf("output lacks field %s", f)
		}
	}
	// physical τ: r scales as 1/τ
	_, out10, _ := runCmd(t, "mpr", "fixedpoints", "--tau", "10")
	var res10 struct {
		FixedPoints []struct{ R float64 } `json:"fixed_points"`
	}
	if err := json.Unmarshal([]byte(out10), &res10); err != nil || len(res10.FixedPoints) != 3 ||
		math.Abs(res10.FixedPoints[2].R-0.1030597) > 1e-7 {
		t.Errorf("τ=10: %s (%v), want r = 0.1030597 for the focus", out10, err)
	}
	// one equilibrium outside the bistable range
	_, out1, _ := runCmd(t, "mpr", "fixedpoints", "--eta", "0", "--J", "10")
	if strings.Count(out1, `"kind"`) != 1 || !strings.Contains(out1, "1.01566") {
		t.Errorf("J=10 η̄=0: %s, want one focus at r = 1.015661 (docs/reference-values.md § MPR)", out1)
	}
}

func parseCSV(t *testing.T, s string) (header []string, rows [][]float64) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("bad CSV (%v): %.200s", err, s)
	}
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for i, f := range rec {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("bad number %q", f)
			}
			row[i] = x
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// TestMPRSimulateCmd runs the MPR 2015 Fig. 2 protocol (J = 15, η̄ = −5,
// I = 3 on 0 ≤ t < 30, start in the low state) and compares with
// docs/reference-values.md § MPR: peak r = 2.8827 at t = 2.789, r(29.9) = 1.3713,
// r(31) = 0.7834, r(40) = 1.0376 (printed to 4 decimals; a piecewise
// scipy DOP853 run at rtol 1e-12 gives r(31) = 0.783493, so 1e-4).
func TestMPRSimulateCmd(t *testing.T) {
	code, out, errs := runCmd(t, "mpr", "simulate", "--pulse", "3:0:30", "--T", "40", "--dt", "0.001", "--sample", "0.001", "--method", "rk4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	header, rows := parseCSV(t, out)
	if strings.Join(header, ",") != "t,r,v" {
		t.Fatalf("header %v", header)
	}
	if len(rows) != 40001 || rows[0][0] != 0 || math.Abs(rows[0][1]-0.081134) > 1e-6 {
		t.Fatalf("%d rows, first %v; want 40001 from the low state", len(rows), rows[0])
	}
	at := func(tt float64) float64 { return rows[int(math.Round(tt/0.001))][1] }
	peak, tPeak := 0.0, 0.0
	for _, r := range rows {
		if r[1] > peak {
			peak, tPeak = r[1], r[0]
		}
	}
	checks := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"peak r", peak, 2.8827, 1e-4}, {"t of peak", tPeak, 2.789, 1.5e-3},
		{"r(29.9)", at(29.9), 1.3713, 1e-4}, {"r(31)", at(31), 0.7834, 1.2e-4}, {"r(40)", at(40), 1.0376, 1e-4},
		{"t(40)", rows[40000][0], 40, 1e-9},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %v, want %v ± %v", c.name, c.got, c.want, c.tol)
		}
	}
	// sampling interval
	_, out2, _ := runCmd(t, "mpr", "simulate", "--T", "1", "--sample", "0.25", "--r0", "0.5", "--v0", "0")
	_, rows2 := parseCSV(t, out2)
	if len(rows2) != 5 || rows2[4][0] != 1 || rows2[0][1] != 0.5 {
		t.Errorf("--sample 0.25 over T=1: %v", rows2)
	}
}

// TestMPRContinuationCmd checks the saddle nodes against the analytic
// curve of docs/models.md § MPR equilibria and folds; docs/reference-values.md § MPR and the JSON keys named after --param.
func TestMPRContinuationCmd(t *testing.T) {
	code, out, errs := runCmd(t, "mpr", "continuation", "--param", "eta", "--from", "-8", "--to", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Branch      []map[string]any     `json:"branch"`
		SaddleNodes []map[string]float64 `json:"saddle_nodes"`
		Hopf        []map[string]float64 `json:"hopf"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.SaddleNodes) != 2 || res.Hopf == nil || len(res.Hopf) != 0 || len(res.Branch) < 50 {
		t.Fatalf("saddle nodes %v, hopf %v, %d branch points", res.SaddleNodes, res.Hopf, len(res.Branch))
	}
	want := [][2]float64{{-3.13613, 0.16257}, {-5.74353, 0.75392}}
	for i, w := range want {
		sn := res.SaddleNodes[i]
		if math.Abs(sn["eta"]-w[0]) > 5e-6 || math.Abs(sn["r"]-w[1]) > 5e-6 {
			t.Errorf("saddle node %d = %v, want eta=%v r=%v", i, sn, w[0], w[1])
		}
	}
	for _, k := range []string{"eta", "r", "v", "stable", "kind"} {
		if _, ok := res.Branch[0][k]; !ok {
			t.Errorf("branch point lacks %q: %v", k, res.Branch[0])
		}
	}
	// --param J: key "J"; folds at η̄ = −5 where η̄_SN(r) = −5 (J ≈ 13.98, 29.6)
	code, out, errs = runCmd(t, "mpr", "continuation", "--param", "J", "--from", "40", "--to", "5", "--start", "high")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var resJ struct {
		SaddleNodes []map[string]float64 `json:"saddle_nodes"`
	}
	if err := json.Unmarshal([]byte(out), &resJ); err != nil || len(resJ.SaddleNodes) != 2 {
		t.Fatalf("J continuation: %v %.300s", err, out)
	}
	for _, sn := range resJ.SaddleNodes {
		r := sn["r"]
		pi2 := math.Pi * math.Pi
		jSN, etaSN := 2*pi2*r+1/(2*pi2*r*r*r), -pi2*r*r-3/(4*pi2*r*r)
		if math.Abs(sn["J"]-jSN) > 1e-6 || math.Abs(etaSN+5) > 1e-6 {
			t.Errorf("fold %v off the analytic curve (J_SN=%v, η̄_SN=%v)", sn, jSN, etaSN)
		}
	}
	// --param I shifts η̄: folds at I = −3.13613 + 5 and −5.74353 + 5
	_, outI, _ := runCmd(t, "mpr", "continuation", "--param", "I", "--from", "-3", "--to", "5", "--csv")
	if !strings.HasPrefix(outI, "I,r,v,stable,kind\n") || strings.Count(outI, "\n") < 50 {
		t.Errorf("CSV output: %.200s", outI)
	}
}

// TestMPRCmdErrors checks that bad input gives one line on stderr and exit 2.
func TestMPRCmdErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"mpr", "fixedpoints", "--delta", "-1"}, "--delta"},
		{[]string{"mpr", "fixedpoints", "--tau", "0"}, "Tau"},
		{[]string{"mpr", "fixedpoints", "--eta", "NaN"}, "--eta"},
		{[]string{"mpr", "fixedpoints", "--J", "abc"}, "J"},
		{[]string{"mpr", "fixedpoints", "--bogus", "1"}, "bogus"},
		{[]string{"mpr", "fixedpoints", "stray"}, "stray"},
		{[]string{"mpr", "simulate", "--method", "leapfrog"}, "leapfrog"},
		{[]string{"mpr", "simulate", "--dt", "-0.1"}, "--dt"},
		{[]string{"mpr", "simulate", "--T", "0"}, "--T"},
		{[]string{"mpr", "simulate", "--pulse", "3:30"}, "AMP:T0:T1"},
		{[]string{"mpr", "simulate", "--pulse", "3:30:10"}, "T0 < T1"},
		{[]string{"mpr", "simulate", "--sample", "0.0015"}, "multiple"},
		{[]string{"mpr", "simulate", "--sample", "-1"}, "--sample"},
		{[]string{"mpr", "simulate", "--r0", "Inf"}, "--r0"},
		{[]string{"mpr", "continuation", "--param", "tau"}, "--param"},
		{[]string{"mpr", "continuation", "--from", "1", "--to", "1"}, "range"},
		{[]string{"mpr", "continuation", "--start", "middle"}, "--start"},
		{[]string{"mpr", "continuation", "--delta", "-2"}, "Delta"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.args...)
		if code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, c.want) || out != "" && !strings.HasPrefix(out, "t,r,v") {
			t.Errorf("%v: exit %d, stderr %q, stdout %.80q; want exit 2 and one line naming %q", c.args, code, errs, out, c.want)
		}
		if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
			t.Errorf("%v: panic trace %q", c.args, errs)
		}
	}
}

// TestMPRHelp checks that help documents the fields and units.
func TestMPRHelp(t *testing.T) {
	for _, c := range []struct {
		cmd  []string
		want []string
	}{
		{[]string{"mpr", "fixedpoints"}, []string{"fixed_points", "eigenvalues", "stable", "kind", "1/time unit of τ"}},
		{[]string{"mpr", "simulate"}, []string{"t,r,v", "--pulse", "--sample", "rk4", "time unit of τ"}},
		{[]string{"mpr", "continuation"}, []string{"saddle_nodes", "hopf", "branch", "omega", "--param"}},
	} {
		code, out, _ := runCmd(t, append([]string{"help"}, c.cmd...)...)
		if code != 0 {
			t.Errorf("help %v: exit %d", c.cmd, code)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("help %v lacks %q", c.cmd, w)
			}
		}
	}
}

func TestPulsesInput(t *testing.T) {
	var p pulses
	for _, s := range []string{"3:0:30", "-1:10:20"} {
		if err := p.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	in := p.Input()
	for _, c := range [][2]float64{{-1, 0}, {0, 3}, {15, 2}, {29.999, 3}, {30, 0}} {
		if got := in(c[0]); got != c[1] {
			t.Errorf("I(%v) = %v, want %v", c[0], got, c[1])
		}
	}
	if n := testing.AllocsPerRun(100, func() { in(12) }); n != 0 {
		t.Errorf("pulse input allocates %v", n)
	}
}

// TestMPRSimulateScipy compares `mpr simulate` (RK4 dt = 1e-3 and DoPri5
// rtol = 1e-10, pulse edges as breakpoints) over the Fig. 2 protocol with
// the tight SciPy DOP853 reference (rtol 1e-13) generated by
// nmm/ode/testdata/gen_mpr_pulse.py: max |Δr|, |Δv| ≤ 1e-7.
func TestMPRSimulateScipy(t *testing.T) {
	data, err := os.ReadFile("../../nmm/ode/testdata/mpr_pulse_scipy.csv")
	if err != nil {
		t.Skip("reference not available:", err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	header, ref := parseCSV(t, strings.Join(lines, "\n"))
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	T := ref[len(ref)-1][0]
	for _, method := range [][]string{{"--method", "rk4", "--dt", "0.001"}, {"--method", "dopri5", "--rtol", "1e-10"}} {
		args := append([]string{"mpr", "simulate", "--pulse", "3:0:30", "--T", strconv.FormatFloat(T, 'g', -1, 64), "--sample", "0.1"}, method...)
		code, out, errs := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", method, code, errs)
		}
		_, rows := parseCSV(t, out)
		if len(rows) != len(ref) {
			t.Fatalf("%v: %d rows, reference %d", method, len(rows), len(ref))
		}
		worst := 0.0
		for i, r := range rows {
			w := ref[i]
			if math.Abs(r[0]-w[0]) > 1e-9 {
				t.Fatalf("%v: row %d at t = %v, reference t = %v", method, i, r[0], w[0])
			}
			worst = math.Max(worst, math.Max(math.Abs(r[1]-w[col["r_tight"]]), math.Abs(r[2]-w[col["v_tight"]])))
		}
		t.Logf("%v: max deviation from SciPy DOP853 (rtol 1e-13): %.2e", method, worst)
		if worst > 1e-7 {
			t.Errorf("%v: max deviation %v > 1e-7", method, worst)
		}
	}
}
