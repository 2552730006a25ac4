package fc

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Hand-computed: x = (1,2,3,4), y = (1,3,2,4): deviations (±1.5, ±0.5),
// Σdxdy = 4, Σdx² = Σdy² = 5, r = 0.8.
func TestPearsonHand(t *testing.T) {
	if r := Pearson([]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}); math.Abs(r-0.8) > 1e-15 {
		t.Errorf("r = %v, want 0.8", r)
	}
	if r := Pearson([]float64{1, 2, 3}, []float64{6, 4, 2}); math.Abs(r+1) > 1e-15 {
		t.Errorf("r = %v, want −1", r)
	}
	if r := Pearson([]float64{1, 2, 3}, []float64{5, 5, 5}); r != 0 {
		t.Errorf("constant: r = %v, want 0", r)
	}
	z := FisherZ(mat.NewDense(2, 2, []float64{1, 0.8, 0.8, 1}))
	if math.Abs(z.At(0, 1)-0.5*math.Log(1.8/0.2)) > 1e-15 || z.At(0, 0) != 0 {
		t.Errorf("Fisher z = %v", mat.Formatted(z))
	}
}

func signals() *mat.Dense {
	const T, N = 200, 5
	x := mat.NewDense(T, N, nil)
	for t := 0; t < T; t++ {
		for j := 0; j < N; j++ {
			x.Set(t, j, math.Sin(0.05*float64(j+1)*float64(t)+float64(j))+0.3*math.Cos(0.11*float64(j%3+1)*float64(t)))
		}
	}
	return x
}

type ref struct {
	FC, FCD, Phase    [][]float64
	R                 []float64
	MetaStd, MetaMean float64 `json:"-"`
	MetaStdJ          float64 `json:"meta_std"`
	MetaMeanJ         float64 `json:"meta_mean"`
	Z01               float64 `json:"z01"`
}

// Against numpy.corrcoef, scipy.signal.hilbert (testdata/gen_fc.py).
func TestAgainstNumpy(t *testing.T) {
	b, err := os.ReadFile("testdata/fc_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var r ref
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	x := signals()
	cmp := func(name string, got mat.Matrix, want [][]float64, tol float64) {
		for i := range want {
			for j := range want[i] {
				if d := math.Abs(got.At(i, j) - want[i][j]); d > tol {
					t.Fatalf("%s[%d][%d] = %v, want %v", name, i, j, got.At(i, j), want[i][j])
				}
			}
		}
	}
	f, err := Matrix(nil, x)
	if err != nil {
		t.Fatal(err)
	}
	cmp("FC", f, r.FC, 1e-13)
	if z := FisherZ(f).At(0, 1); math.Abs(z-r.Z01) > 1e-12 {
		t.Errorf("z01 = %v, want %v", z, r.Z01)
	}
	d, err := FCD(x, 50, 25)
	if err != nil {
		t.Fatal(err)
	}
	cmp("FCD", d, r.FCD, 1e-12)
	ph := Phases(x)
	cmp("phase", ph, r.Phase, 1e-10)
	R := OrderParameter(ph)
	for i := range R {
		if math.Abs(R[i]-r.R[i]) > 1e-10 {
			t.Fatalf("R[%d] = %v, want %v", i, R[i], r.R[i])
		}
	}
	for i, r := range KuramotoOrder(x) {
		if math.Abs(r-R[i]) > 1e-12 {
			t.Fatalf("KuramotoOrder[%d] = %v, want %v", i, r, R[i])
		}
	}
	std, mean := Metastability(R)
	if math.Abs(std-r.MetaStdJ) > 1e-10 || math.Abs(mean-r.MetaMeanJ) > 1e-10 {
		t.Errorf("metastability %v mean %v, want %v %v", std, mean, r.MetaStdJ, r.MetaMeanJ)
	}
	// streaming FC equals the batch FC
	s := NewStream(5)
	for i := 0; i < 200; i++ {
		s.Observe(0, x.RawRowView(i))
	}
	sf, err := s.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	cmp("stream FC", sf, r.FC, 1e-12)
}

// Analytic: cos(ω t) over whole periods has phase ω t − … exactly; equal
// phases give R = 1, phases spread evenly over the circle give R = 0.
func TestPhasesAnalytic(t *testing.T) {
	const T, N = 400, 4
	x := mat.NewDense(T, N, nil)
	for i := 0; i < T; i++ {
		for j := 0; j < N; j++ {
			x.Set(i, j, math.Cos(2*math.Pi*5*float64(i)/T+2*math.Pi*float64(j)/N))
		}
	}
	ph := Phases(x)
	for i := 0; i < T; i++ {
		want := math.Remainder(2*math.Pi*5*float64(i)/T, 2*math.Pi)
		if d := math.Abs(math.Remainder(ph.At(i, 0)-want, 2*math.Pi)); d > 1e-10 {
			t.Fatalf("phase[%d] = %v, want %v", i, ph.At(i, 0), want)
		}
	}
	for _, r := range OrderParameter(ph) {
		if r > 1e-10 {
			t.Fatalf("evenly spread phases: R = %v, want 0", r)
		}
	}
	same := mat.NewDense(T, N, nil)
	for i := 0; i < T; i++ {
		for j := 0; j < N; j++ {
			same.Set(i, j, x.At(i, 0))
		}
	}
	for _, r := range OrderParameter(Phases(same)) {
		if math.Abs(r-1) > 1e-12 {
			t.Fatalf("equal phases: R = %v, want 1", r)
		}
	}
}

func TestSimilarity(t *testing.T) {
	a := mat.NewDense(3, 3, []float64{0, 1, 2, 9, 0, 3, 9, 9, 0})
	b := mat.NewDense(3, 3, []float64{0, 2, 4, 0, 0, 6, 0, 0, 0})
	if s, err := Similarity(a, b); err != nil || math.Abs(s-1) > 1e-15 {
		t.Errorf("Similarity = %v, %v; want 1 (upper triangles proportional)", s, err)
	}
	if _, err := Similarity(a, mat.NewDense(2, 2, nil)); err == nil {
		t.Error("shape mismatch: no error")
	}
	if m := Mean(a); m != 2 {
		t.Errorf("Mean = %v, want 2", m)
	}
	if _, err := FCD(signals(), 1, 1); err == nil {
		t.Error("window 1: no error")
	}
}

func BenchmarkStream90(b *testing.B) {
	s := NewStream(90)
	x := make([]float64, 90)
	for i := range x {
		x[i] = float64(i)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.Observe(0, x)
	}
}
