package plotting

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
)

func TestScale(t *testing.T) {
	x := []float64{0.0081134, -2, 0}
	got := Scale(1000, x)
	want := []float64{8.1134, -2000, 0}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("Scale[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if x[0] != 0.0081134 {
		t.Error("Scale changed its input")
	}
	if len(Scale(2, nil)) != 0 {
		t.Error("Scale(nil) not empty")
	}
}

func TestMatrixRows(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	got := MatrixRows(m, nil)
	if len(got) != 2 || len(got[0]) != 3 || got[0][2] != 3 || got[1][0] != 4 {
		t.Errorf("MatrixRows = %v, want [[1 2 3] [4 5 6]]", got)
	}
	sq := mat.NewDense(2, 2, []float64{1, 0.5, 0.25, 1})
	nd := MatrixRows(sq, NoDiagonal)
	if !math.IsNaN(nd[0][0]) || !math.IsNaN(nd[1][1]) || nd[0][1] != 0.5 || nd[1][0] != 0.25 {
		t.Errorf("NoDiagonal rows = %v", nd)
	}
	lg := MatrixRows(sq, func(i, j int, v float64) float64 { return 10 * v })
	if lg[1][0] != 2.5 {
		t.Errorf("entry function not applied: %v", lg)
	}
}

// GridHeatmap: value(i, j) at (xs[i], ys[j]) with the largest y in the top
// row, labels formatted.
func TestGridHeatmap(t *testing.T) {
	xs, ys := []float64{1, 2, 3}, []float64{10, 20}
	f := GridHeatmap("g", Axis{Label: "x"}, Axis{Label: "y"}, Axis{Label: "v"}, xs, ys, "%g",
		func(i, j int) float64 { return xs[i] + ys[j] })
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{21, 22, 23}, {11, 12, 13}}
	for r := range want {
		for c := range want[r] {
			if f.Matrix[r][c] != want[r][c] {
				t.Fatalf("Matrix = %v, want %v", f.Matrix, want)
			}
		}
	}
	if strings.Join(f.RowLabels, ",") != "20,10" || strings.Join(f.ColLabels, ",") != "1,2,3" {
		t.Errorf("labels rows %v cols %v, want [20 10] [1 2 3]", f.RowLabels, f.ColLabels)
	}
}

// Must(nil) returns; Must(err) exits with a non-zero status and the error
// on stderr (checked in a child process).
func TestMust(t *testing.T) {
	if os.Getenv("PLOTTING_MUST_CHILD") == "1" {
		Must(nil)
		Must(errors.New("boom from Must"))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMust$")
	cmd.Env = append(os.Environ(), "PLOTTING_MUST_CHILD=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() == 0 {
		t.Fatalf("child exited with %v, want a non-zero status; output %q", err, out)
	}
	if !strings.Contains(string(out), "boom from Must") {
		t.Errorf("child output %q does not name the error", out)
	}
}

func ExampleScale() {
	fmt.Println(Scale(1000, []float64{0.5, 0.25}))
	// Output: [500 250]
}

// TimeHeatmap: bin means of the scaled columns, one row per column, the
// trailing partial bin dropped, bins labelled with their first time.
func TestTimeHeatmap(t *testing.T) {
	ts := nmm.NewTimeSeries([]string{"a", "b"}, []string{"kHz", "kHz"})
	for k := 0; k < 7; k++ {
		ts.Observe(float64(10*k), []float64{float64(k), 1})
	}
	f := TimeHeatmap("h", Axis{Label: "t"}, Axis{Label: "n"}, Axis{Label: "r"}, ts, 1000, 3)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	// 7 samples, 3 bins of 2: (0+1)/2, (2+3)/2, (4+5)/2; sample 6 dropped.
	want := [][]float64{{500, 2500, 4500}, {1000, 1000, 1000}}
	for r := range want {
		for c := range want[r] {
			if math.Abs(f.Matrix[r][c]-want[r][c]) > 1e-9 {
				t.Fatalf("Matrix = %v, want %v", f.Matrix, want)
			}
		}
	}
	if strings.Join(f.ColLabels, ",") != "0,20,40" || strings.Join(f.RowLabels, ",") != "a,b" {
		t.Errorf("labels cols %v rows %v", f.ColLabels, f.RowLabels)
	}
	if g := TimeHeatmap("few", Axis{}, Axis{}, Axis{}, ts, 1, 100); len(g.Matrix[0]) != 7 {
		t.Errorf("maxBins > Len: %d bins, want 7", len(g.Matrix[0]))
	}
}
