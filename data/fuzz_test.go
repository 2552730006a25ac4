package data

import (
	"bytes"
	"math"
	"os"
	"testing"
)

// The fuzz targets check that readers return errors, never panic, on
// malformed input, and that what they accept respects the size limits
// (MaxRegions, maxMATValues) and holds only finite numbers. Run e.g. go test -run=NONE -fuzz=FuzzReadMAT -fuzztime=30s.

func FuzzReadAAL90(f *testing.F) {
	f.Add([]byte("2\n0 1 0.5\n1 0 0.25\n"), []byte("# h\n1 A.L 1 2 3 Frontal L 1\n2 A.R 4 5 6 Frontal R 2\n"))
	f.Add([]byte("3\n"), []byte(""))
	f.Add([]byte("x"), []byte("1 2"))
	f.Fuzz(func(t *testing.T, sc, aal []byte) {
		c, err := ReadAAL90(bytes.NewReader(sc), bytes.NewReader(aal))
		if err == nil && c.Validate() != nil {
			t.Fatalf("invalid connectome without error: %v", c.Validate())
		}
	})
}

func FuzzReadTVBZip(f *testing.F) {
	f.Add(zipOf(f, map[string]string{"weights.txt": "0 1\n2 0\n", "tract_lengths.txt": "0 1\n1 0\n", "centres.txt": "a 1 2 3\nb 4 5 6\n"}))
	f.Add(zipOf(f, map[string]string{"../weights.txt": "0\n"}))
	if b, err := os.ReadFile("testdata/small_bz2.zip"); err == nil {
		f.Add(b) // bzip2-compressed members
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ReadTVBZip(bytes.NewReader(b), int64(len(b)))
		if err == nil && c.Validate() != nil {
			t.Fatalf("invalid connectome without error: %v", c.Validate())
		}
		if err == nil && c.N() > MaxRegions {
			t.Fatalf("%d regions, more than MaxRegions", c.N())
		}
	})
}

func FuzzReadMatrixCSV(f *testing.F) {
	f.Add([]byte("0,1.5,2\n1,0,3\n"))
	f.Add([]byte("1,\n2,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMatrixCSV(bytes.NewReader(b))
		if err == nil && m == nil {
			t.Fatal("nil matrix without error")
		}
		ReadMatrixText(bytes.NewReader(b))
		ReadLabelsCSV(bytes.NewReader(b))
	})
}

func FuzzReadMAT(f *testing.F) {
	for _, p := range []string{"testdata/small_compressed.mat", "testdata/small_uncompressed.mat"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(matFile(matArray("a", []int32{1, 2}, miDOUBLE, f64s(1, 2))))
	f.Add(matFile(compressed(matArray("x", []int32{3000, 3000}, miINT8, make([]byte, 64)))))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMAT(bytes.NewReader(b))
		if err == nil {
			total := 0
			for k, v := range m {
				if v == nil {
					t.Fatalf("nil matrix %q", k)
				}
				r, c := v.Dims()
				total += r * c
				for i := 0; i < r; i++ {
					for _, x := range v.RawRowView(i) {
						if math.IsNaN(x) || math.IsInf(x, 0) {
							t.Fatalf("%q holds %v", k, x)
						}
					}
				}
			}
			if total > maxMATValues {
				t.Fatalf("%d values, more than the limit %d", total, maxMATValues)
			}
		}
	})
}
