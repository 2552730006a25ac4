package msf

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

const aalPath = "/work/shared/data/aal90/sc2017.dat"

// loadAAL reads the AAL-90 connectome and row-normalises it (test helper
// until the data package is on main).
func loadAAL(t testing.TB) *mat.Dense {
	f, err := os.Open(aalPath)
	if err != nil {
		t.Skipf("connectome not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	n, _ := strconv.Atoi(strings.TrimSpace(sc.Text()))
	w := mat.NewDense(n, n, nil)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		i, _ := strconv.Atoi(fs[0])
		j, _ := strconv.Atoi(fs[1])
		v, _ := strconv.ParseFloat(fs[2], 64)
		if i != j {
			w.Set(i, j, v)
		}
	}
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += w.At(i, j)
		}
		for j := 0; j < n; j++ {
			w.Set(i, j, w.At(i, j)/s)
		}
	}
	return w
}

func eigW(t testing.TB, w *mat.Dense) []complex128 {
	var e mat.Eigen
	if !e.Factorize(w, mat.EigenNone) {
		t.Fatal("eigen W failed")
	}
	ev := e.Values(nil)
	sortExp(ev)
	return ev
}
