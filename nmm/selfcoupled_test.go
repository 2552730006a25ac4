package nmm

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSelfCoupledEI: SelfCoupled{EI, G} has the right-hand side, Jacobian
// and equilibria of the node with the self-coupling written into its
// equations (τ·G·sE added to both voltage equations, EI 2025 homogeneous
// network), here written out as the shifted weights JEE + G, JIE + G
// (docs/models.md § Master stability function).
func TestSelfCoupledEI(t *testing.T) {
	node := DefaultEI()
	node.IE = 3
	ref := node
	ref.JEE, ref.JIE = 5+4, 13+4
	s := &SelfCoupled{Node: &node, G: 4}
	y := []float64{0.02, -1.5, 0.03, 0.015, -2, 0.02}
	a, b := make([]float64, 6), make([]float64, 6)
	s.Deriv(a, 0, y)
	ref.Deriv(b, 0, y)
	ja, jb := mat.NewDense(6, 6, nil), mat.NewDense(6, 6, nil)
	s.Jac(ja, 0, y)
	ref.Jac(jb, 0, y)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-15*math.Max(1, math.Abs(b[i])) {
			t.Errorf("f[%d] = %v, want %v", i, a[i], b[i])
		}
		for j := range 6 {
			if math.Abs(ja.At(i, j)-jb.At(i, j)) > 1e-15*math.Max(1, math.Abs(jb.At(i, j))) {
				t.Errorf("J[%d][%d] = %v, want %v", i, j, ja.At(i, j), jb.At(i, j))
			}
		}
	}
	fa, err := s.FixedPoints()
	fb, err2 := ref.FixedPoints()
	if err != nil || err2 != nil || len(fa) != len(fb) || len(fa) == 0 {
		t.Fatalf("%v %v %v %v", fa, err, fb, err2)
	}
	for i := range fa {
		for k := range fa[i].Y {
			if math.Abs(fa[i].Y[k]-fb[i].Y[k]) > 1e-12*math.Max(1, math.Abs(fb[i].Y[k])) {
				t.Errorf("fp %d y[%d] = %v, want %v", i, k, fa[i].Y[k], fb[i].Y[k])
			}
		}
		f := make([]float64, 6)
		s.Deriv(f, 0, fa[i].Y)
		for k, v := range f {
			if math.Abs(v) > 1e-10 {
				t.Errorf("fp %d: residual f[%d] = %v", i, k, v)
			}
		}
	}
}

// TestSelfCoupledMPR: the MPR node with c = G r is the node with J + G.
func TestSelfCoupledMPR(t *testing.T) {
	m := DefaultMPR()
	m.J = 10
	s := &SelfCoupled{Node: &m, G: 5}
	fa, err := s.FixedPoints()
	if err != nil || len(fa) != 3 {
		t.Fatalf("%v %v (J_eff = 15: bistable, 3 equilibria)", fa, err)
	}
	f := make([]float64, 2)
	for _, fp := range fa {
		s.Deriv(f, 0, fp.Y)
		if math.Abs(f[0]) > 1e-10 || math.Abs(f[1]) > 1e-10 {
			t.Errorf("residual %v at %v", f, fp.Y)
		}
	}
	if err := (&SelfCoupled{Node: &m, G: math.NaN()}).Validate(); err == nil {
		t.Error("G = NaN accepted")
	}
}

// EI's JacSelf (the SelfJacobian shortcut of SelfCoupled.Jac) equals the
// generic rule Jac + G·∂f/∂c in the sE column, exactly.
func TestSelfJacobianEI(t *testing.T) {
	node := DefaultEI()
	node.IE = 7
	y := []float64{0.02, -1.5, 0.03, 0.015, -2, 0.02}
	a, b := mat.NewDense(6, 6, nil), mat.NewDense(6, 6, nil)
	node.JacSelf(a, 0, y, 4)
	node.Jac(b, 0, y)
	dc := make([]float64, 6)
	node.CouplingJac(dc, 0, y)
	for i, d := range dc {
		b.Set(i, EIsE, b.At(i, EIsE)+4*d)
	}
	if !mat.Equal(a, b) {
		t.Errorf("JacSelf\n%v\nJac + G·∂f/∂c\n%v", mat.Formatted(a), mat.Formatted(b))
	}
}
