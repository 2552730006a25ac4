package msf

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ngnmm/ngnmm/data"
	"gonum.org/v1/gonum/mat"
)

// loadAAL returns the row-normalised AAL-90 connectome from the data
// package (NGNMM_DATA, else the project's shared data folder beside the
// repository), or skips.
func loadAAL(t testing.TB) *mat.Dense {
	if os.Getenv(data.DataEnv) == "" {
		for _, rel := range []string{"../../../shared/data", "../../../../shared/data"} {
			if _, err := os.Stat(filepath.Join(rel, "aal90", "sc2017.dat")); err == nil {
				abs, _ := filepath.Abs(rel)
				t.Setenv(data.DataEnv, abs)
				break
			}
		}
	}
	c, err := data.Load(context.Background(), "aal90")
	if err != nil {
		t.Skipf("AAL-90 connectome not available: %v", err)
	}
	w, err := c.RowNormalized()
	if err != nil {
		t.Fatal(err)
	}
	return w.Weights
}

func eigW(t testing.TB, w *mat.Dense) []complex128 {
	ev, _, err := Eigen(w)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}
