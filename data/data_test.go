package data

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// sharedData returns the directory of the project's shared real data
// (NGNMM_DATA, else ../shared/data or ../../shared/data relative to the
// repository root) or skips the test.
func sharedData(t testing.TB) string {
	t.Helper()
	if d := os.Getenv(DataEnv); d != "" {
		if _, err := os.Stat(filepath.Join(d, "aal90", "sc2017.dat")); err == nil {
			return d
		}
		t.Skipf("NGNMM_DATA=%s does not hold the shared data (aal90/sc2017.dat)", d)
	}
	for _, rel := range []string{"../../shared/data", "../../../shared/data"} {
		if _, err := os.Stat(filepath.Join(rel, "aal90", "sc2017.dat")); err == nil {
			return rel
		}
	}
	t.Skip("shared data not found: set NGNMM_DATA to the shared data folder")
	return ""
}

func loadShared(t *testing.T, name string) *Connectome {
	t.Helper()
	dir := sharedData(t)
	ds, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := (&Cache{Dir: dir}).Load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// docs/reference-values.md § Connectome: AAL-90, 7936 non-zero off-diagonal entries, max |C−Cᵀ| =
// 0.63, row-normalised spectrum Λ₁ = 1, Λ₂ = 0.73935, min −0.25672, all real.
func TestAAL90(t *testing.T) {
	c := loadShared(t, "aal90")
	if c.N() != 90 || len(c.Labels) != 90 || len(c.Centres) != 90 {
		t.Fatalf("N=%d labels=%d centres=%d, want 90", c.N(), len(c.Labels), len(c.Centres))
	}
	if c.Labels[0] != "PreCG.L" || c.Hemisphere[1] != "R" || c.Lobe[0] != "Frontal" {
		t.Errorf("first regions %q %q %q", c.Labels[0], c.Hemisphere[1], c.Lobe[0])
	}
	if got := c.Density() * 90 * 89; math.Round(got) != 7936 {
		t.Errorf("non-zero off-diagonal = %v, want 7936", got)
	}
	if a := MaxAsymmetry(c.Weights); math.Abs(a-0.627889) > 1e-5 {
		t.Errorf("max asymmetry = %v, want 0.627889", a)
	}
	w, err := c.RowNormalized()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 90; i++ {
		s := 0.0
		for _, v := range w.Weights.RawRowView(i) {
			s += v
		}
		if s != 1 || w.Weights.At(i, i) != 0 {
			t.Fatalf("row %d sum = %v (want exactly 1), diag %v", i, s, w.Weights.At(i, i))
		}
	}
	if c.Weights.At(0, 1) != 0.15271 {
		t.Errorf("original modified: C[0][1]=%v", c.Weights.At(0, 1))
	}
	var eig mat.Eigen
	if !eig.Factorize(w.Weights, mat.EigenNone) {
		t.Fatal("eigen failed")
	}
	vals := eig.Values(nil)
	re := make([]float64, len(vals))
	for i, v := range vals {
		if math.Abs(imag(v)) > 1e-8 {
			t.Errorf("eigenvalue %v not real", v)
		}
		re[i] = real(v)
	}
	sort.Float64s(re)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"Λ1", re[89], 1}, {"Λ2", re[88], 0.73935}, {"min", re[0], -0.25672}} {
		if math.Abs(c.got-c.want) > 5e-6 {
			t.Errorf("%s = %.6f, want %.5f (docs/models.md § E–I network)", c.name, c.got, c.want)
		}
	}
}

// Shapes, label counts and symmetry of every TVB connectome (checked with
// numpy on the same files: weights of tvb68 symmetric, tvb76/80/96/192 not,
// with integer weights up to 3; tract lengths symmetric).
func TestTVB(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n         int
		symmetric bool
		first     string
		w01, l01  float64
	}{
		{"tvb66", 66, false, "rBSTS", 0, 0},
		{"tvb68", 68, true, "r_lateralorbitofrontal", 0.0064355607, 14.798725},
		{"tvb76", 76, false, "rA1", 2, 20.330072},
		{"tvb80", 80, false, "", 3, 46.385806},
		{"tvb96", 96, false, "", 3, 46.385806},
		{"tvb192", 192, false, "", 0, 0},
		{"tvb998", 998, false, "rLOF", 0.62306765, 18.218595},
		{"tvb-macaque84", 84, false, "", -1, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := loadShared(t, tc.name)
			if c.N() != tc.n || len(c.Labels) != tc.n || len(c.Centres) != tc.n || c.Lengths == nil {
				t.Fatalf("N=%d labels=%d centres=%d lengths=%v", c.N(), len(c.Labels), len(c.Centres), c.Lengths != nil)
			}
			if tc.first != "" && c.Labels[0] != tc.first {
				t.Errorf("label 0 = %q, want %q", c.Labels[0], tc.first)
			}
			if got := c.IsSymmetric(0); got != tc.symmetric {
				t.Errorf("symmetric = %v (max asym %v), want %v", got, MaxAsymmetry(c.Weights), tc.symmetric)
			}
			if a := MaxAsymmetry(c.Lengths); a > 1e-13 && tc.name != "tvb-macaque84" {
				t.Errorf("tract lengths asymmetric by %v", a)
			}
			if tc.w01 >= 0 && (c.Weights.At(0, 1) != tc.w01 || c.Lengths.At(0, 1) != tc.l01) {
				t.Errorf("W[0][1]=%v L[0][1]=%v, want %v %v", c.Weights.At(0, 1), c.Lengths.At(0, 1), tc.w01, tc.l01)
			}
			m, err := c.MaxNormalized()
			if err != nil {
				t.Fatal(err)
			}
			if mx := mat.Max(m.Weights); mx != 1 {
				t.Errorf("max after MaxNormalized = %v", mx)
			}
		})
	}
}

func TestENIGMA(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		fc   bool
	}{{"enigma-dk68", 68, true}, {"enigma-dk82", 82, true}, {"enigma-schaefer100", 100, false}, {"enigma-schaefer200", 200, false}, {"enigma-schaefer400", 400, false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := loadShared(t, tc.name)
			if c.N() != tc.n || len(c.Labels) != tc.n {
				t.Fatalf("N=%d labels=%d, want %d", c.N(), len(c.Labels), tc.n)
			}
			if !c.IsSymmetric(0) {
				t.Errorf("SC not symmetric: %v", MaxAsymmetry(c.Weights))
			}
			if (c.FC != nil) != tc.fc {
				t.Fatalf("FC present = %v, want %v", c.FC != nil, tc.fc)
			}
			if c.FC != nil {
				if a := MaxAsymmetry(c.FC); a > 1e-14 {
					t.Errorf("FC asymmetric by %v", a)
				}
				// Fisher z values: max 1.4272 (r = 0.891) by numpy on the same file
				if mx := mat.Max(c.FC); tc.n == 68 && math.Abs(mx-1.42724743403203) > 1e-12 || !c.FCFisherZ {
					t.Errorf("FC max %v, want 1.42724743403203 (Fisher z)", mx)
				}
			}
			if tc.n == 68 && (c.Labels[0] != "L_bankssts" || c.Weights.At(0, 6) != 9.26703209496832) {
				t.Errorf("label 0 %q W[0][6] %v", c.Labels[0], c.Weights.At(0, 6))
			}
		})
	}
}

// Values read by scipy.io.loadmat from the same file.
func TestHCPSubjectMAT(t *testing.T) {
	c := loadShared(t, "hcp-101309")
	if c.N() != 94 {
		t.Fatalf("N=%d", c.N())
	}
	if r, cc := c.BOLD.Dims(); r != 94 || cc != 1200 {
		t.Fatalf("BOLD %d×%d, want 94×1200", r, cc)
	}
	for _, v := range []struct {
		name      string
		got, want float64
	}{
		{"sc[0][1]", c.Weights.At(0, 1), 663434.5},
		{"sc[0][2]", c.Weights.At(0, 2), 2632153.5},
		{"len[0][1]", c.Lengths.At(0, 1), 101.4434165},
		{"len[0][2]", c.Lengths.At(0, 2), 25.88550386},
		{"tc[0][0]", c.BOLD.At(0, 0), 9361.322414},
		{"tc[0][2]", c.BOLD.At(0, 2), 9345.210731},
	} {
		if math.Abs(v.got-v.want) > 1e-6*math.Abs(v.want) {
			t.Errorf("%s = %v, want %v (scipy)", v.name, v.got, v.want)
		}
	}
	if !c.IsSymmetric(0) || c.TR != 0.72 {
		t.Errorf("sc symmetric %v TR %v", c.IsSymmetric(0), c.TR)
	}
}

// testdata/gen_mat.py writes these with scipy.io.savemat.
func TestReadMATSmall(t *testing.T) {
	for _, f := range []string{"testdata/small_uncompressed.mat", "testdata/small_compressed.mat"} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ReadMAT(fh)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want := map[string]*mat.Dense{
			"a": mat.NewDense(2, 3, []float64{1.5, -2, 3.25, 4, 5.5, -6.75}),
			"b": mat.NewDense(2, 2, []float64{1, -2, 300, 40000}),
			"c": mat.NewDense(1, 3, []float64{7, 8, 9}),
		}
		if len(m) != len(want) {
			t.Errorf("%s: %d variables, want 3 (char skipped)", f, len(m))
		}
		for k, w := range want {
			if !mat.Equal(m[k], w) {
				t.Errorf("%s: %s = %v, want %v", f, k, mat.Formatted(m[k]), mat.Formatted(w))
			}
		}
	}
}

func TestRegistryChecksums(t *testing.T) {
	dir := sharedData(t)
	c := &Cache{Dir: dir}
	n := 0
	for _, ds := range Datasets() {
		if ds.Regions <= 0 || ds.Licence == "" || ds.Citation == "" || ds.Source == "" || len(ds.Files) == 0 {
			t.Errorf("%s: incomplete registry entry", ds.Name)
		}
		for _, f := range ds.Files {
			if f.SHA256 == "" || f.Size == 0 || !strings.Contains(f.URL, "/"+strings.SplitN(ds.Source, "@", 2)[0]+"/") && ds.Name != "aal90" {
				t.Errorf("%s: file %+v incomplete", ds.Name, f)
			}
			if err := verify(c.Path(f), f); err != nil {
				t.Errorf("%s: %v", ds.Name, err)
			}
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d registered files", n)
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "aal90") {
		t.Errorf("Lookup error %v should list the known names", err)
	}
}

// Download into an empty cache from a local server; a corrupted cached file
// is an error and is not replaced; a wrong download leaves no file.
func TestCacheDownload(t *testing.T) {
	shared := sharedData(t)
	var hits int
	corrupt := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		b, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if corrupt {
			b[0] ^= 1
		}
		w.Write(b)
	}))
	defer srv.Close()
	ds, _ := Lookup("aal90")
	for i := range ds.Files {
		ds.Files[i].URL = srv.URL + "/" + ds.Files[i].Path
	}
	dir := t.TempDir()
	cache := &Cache{Dir: dir, Client: srv.Client()}
	c, err := cache.Load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if c.N() != 90 || hits != 2 {
		t.Fatalf("N=%d hits=%d", c.N(), hits)
	}
	if _, err := os.Stat(filepath.Join(dir, "aal90", "sc2017.dat")); err != nil {
		t.Fatalf("cache layout: %v", err)
	}
	if _, err := cache.Load(context.Background(), ds); err != nil || hits != 2 {
		t.Fatalf("second load: err=%v hits=%d (want no download)", err, hits)
	}
	// corrupt the cached file: error, not replaced
	p := filepath.Join(dir, "aal90", "aal.dat")
	b, _ := os.ReadFile(p)
	b[10] ^= 1
	os.WriteFile(p, b, 0o644)
	if err := cache.Fetch(context.Background(), ds); !errors.Is(err, ErrChecksum) {
		t.Fatalf("corrupted cache: err = %v, want ErrChecksum", err)
	}
	if b2, _ := os.ReadFile(p); !bytes.Equal(b, b2) || hits != 2 {
		t.Fatal("corrupted file was replaced")
	}
	// a corrupted download is refused and leaves nothing behind
	corrupt = true
	dir2 := t.TempDir()
	if err := (&Cache{Dir: dir2, Client: srv.Client()}).Fetch(context.Background(), ds); !errors.Is(err, ErrChecksum) {
		t.Fatalf("corrupted download: err = %v", err)
	}
	ents, _ := os.ReadDir(filepath.Join(dir2, "aal90"))
	if len(ents) != 0 {
		t.Fatalf("files left after failed download: %v", ents)
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	zw.Close()
	return buf.Bytes()
}

func TestReadTVBZipSmallAndRefusals(t *testing.T) {
	good := zipOf(t, map[string]string{
		"c/weights.txt":       "0 1\n2 0\n",
		"c/tract_lengths.txt": "0 10\n10 0\n",
		"c/centres.txt":       "rA 1 2 3\nlB 4 5 6\n",
	})
	c, err := ReadTVBZip(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	if c.Weights.At(1, 0) != 2 || c.Labels[1] != "lB" || c.Centres[1][2] != 6 || c.Lengths.At(0, 1) != 10 {
		t.Errorf("got %v %v %v", mat.Formatted(c.Weights), c.Labels, c.Centres)
	}
	// bzip2-compressed members (testdata/gen_tvb_bz2.py)
	bz, err := os.ReadFile("testdata/small_bz2.zip")
	if err != nil {
		t.Fatal(err)
	}
	c, err = ReadTVBZip(bytes.NewReader(bz), int64(len(bz)))
	if err != nil {
		t.Fatal(err)
	}
	if c.Weights.At(0, 1) != 1.5 || c.Weights.At(1, 0) != 2 || c.Lengths.At(1, 0) != 12 || c.Labels[0] != "rA" || c.Centres[1][0] != 4 {
		t.Errorf("bz2 members: got %v %v %v %v", mat.Formatted(c.Weights), mat.Formatted(c.Lengths), c.Labels, c.Centres)
	}
	for name, files := range map[string]map[string]string{
		"traversal":   {"../weights.txt": "0 1\n1 0\n"},
		"absolute":    {"/weights.txt": "0 1\n1 0\n"},
		"noweights":   {"centres.txt": "a 1 2 3\n"},
		"ragged":      {"weights.txt": "0 1\n1\n"},
		"nonsquare":   {"weights.txt": "0 1\n"},
		"badcentres":  {"weights.txt": "0 1\n1 0\n", "centres.txt": "a 1 2 3\n"},
		"negativelen": {"weights.txt": "0 1\n1 0\n", "tract_lengths.txt": "0 -1\n1 0\n"},
		"nan":         {"weights.txt": "0 NaN\n1 0\n"},
	} {
		z := zipOf(t, files)
		if _, err := ReadTVBZip(bytes.NewReader(z), int64(len(z))); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// a member declaring an absurd uncompressed size
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "weights.txt", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 1 << 40})
	w.Write([]byte("0 1\n"))
	zw.Close()
	if _, err := ReadTVBZip(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil || !strings.Contains(err.Error(), "bytes uncompressed") {
		t.Errorf("absurd size: err = %v", err)
	}
}

func TestNormalizations(t *testing.T) {
	c := &Connectome{Name: "t", Labels: []string{"a", "b", "c"}, Weights: mat.NewDense(3, 3, []float64{
		5, 1, 3,
		2, 0, 2,
		0.1, 0.2, 0.3,
	})}
	r, err := c.RowNormalized()
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewDense(3, 3, []float64{0, 0.25, 0.75, 0.5, 0, 0.5, 1.0 / 3, 2.0 / 3, 0})
	if !mat.EqualApprox(r.Weights, want, 1e-15) {
		t.Errorf("RowNormalized = %v", mat.Formatted(r.Weights))
	}
	m, _ := c.MaxNormalized()
	if m.Weights.At(0, 0) != 1 || m.Weights.At(1, 0) != 0.4 {
		t.Errorf("MaxNormalized = %v", mat.Formatted(m.Weights))
	}
	s, _ := c.InStrengthNormalized() // largest row sum 9
	if math.Abs(s.Weights.At(1, 0)-2.0/9) > 1e-16 {
		t.Errorf("InStrengthNormalized = %v", mat.Formatted(s.Weights))
	}
	if c.Weights.At(0, 0) != 5 {
		t.Error("normalisation modified the original")
	}
	iso := &Connectome{Labels: []string{"a", "b"}, Weights: mat.NewDense(2, 2, []float64{1, 0, 1, 0})}
	if _, err := iso.RowNormalized(); err == nil {
		t.Error("isolated row: no error")
	}
}

// TVB's 68 regions in ENIGMA's DK68 order: same names up to case, lengths
// permuted consistently (L[i][j] follows the labels).
func TestReordered(t *testing.T) {
	e := loadShared(t, "enigma-dk68")
	v := loadShared(t, "tvb68")
	r, err := v.Reordered(e.Labels)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range e.Labels {
		if !strings.EqualFold(r.Labels[i], l) {
			t.Fatalf("label %d: %q vs %q", i, r.Labels[i], l)
		}
	}
	find := func(c *Connectome, l string) int {
		for i, x := range c.Labels {
			if strings.EqualFold(x, l) {
				return i
			}
		}
		return -1
	}
	a, b := find(v, "L_bankssts"), find(v, "R_insula")
	if r.Lengths.At(0, 67) != v.Lengths.At(a, b) || r.Centres[0] != v.Centres[a] {
		t.Errorf("lengths/centres not permuted with the labels")
	}
	if _, err := v.Reordered(e.Labels[:67]); err == nil {
		t.Error("wrong count: no error")
	}
	bad := append([]string(nil), e.Labels...)
	bad[3] = bad[4]
	if _, err := v.Reordered(bad); err == nil {
		t.Error("duplicate label: no error")
	}
}

// TestAAL90HeaderBomb: a 12-byte file declaring MaxRegions regions must be
// refused without reserving the MaxRegions² matrix (200 MB) its first line
// announces (issue 18, "Bounds still missing": ReadAAL90 reserved N² values
// from its first line).
func TestAAL90HeaderBomb(t *testing.T) {
	sc := fmt.Sprintf("%d\n0 0 1\n", MaxRegions)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadAAL90(strings.NewReader(sc), nil)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "regions") {
		t.Fatalf("err = %v, want a refusal naming the region count", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Fatalf("allocated %d bytes for a %d-byte file, want < 1 MiB", got, len(sc))
	}
}
