package main

import (
	"math"
	"strings"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
)

// --eps (ei …) and --set eps (model … --model ei) are the coupling G of the
// homogeneous network's node nmm.SelfCoupled: the two commands give the
// same branch in eps, and at (I_ext^E, ε) = (3.85037, 8), the lower Hopf
// point of the homogeneous network (docs/reference-values.md § E–I node),
// the equilibria of both carry the SelfCoupled node's eigenvalues.
func TestEpsIsSelfCoupledG(t *testing.T) {
	args := []string{"--from", "0", "--to", "12", "--points", "40", "--param", "eps"}
	var a, b struct {
		Branch []map[string]any `json:"branch"`
	}
	runJSON(t, append([]string{"ei", "continuation", "--IE", "8"}, args...), &a)
	runJSON(t, append([]string{"model", "continuation", "--model", "ei", "--set", "IE=8"}, args...), &b)
	if len(a.Branch) == 0 || len(a.Branch) != len(b.Branch) {
		t.Fatalf("branches of %d and %d points", len(a.Branch), len(b.Branch))
	}
	for i := range a.Branch {
		for _, k := range []string{"eps", "rE_hz", "vE", "rI_hz", "vI"} {
			if a.Branch[i][k] != b.Branch[i][k] {
				t.Fatalf("point %d %s: ei %v, model %v", i, k, a.Branch[i][k], b.Branch[i][k])
			}
		}
	}
	var fp struct {
		FixedPoints []struct {
			RE          float64      `json:"rE_hz"`
			Eigenvalues [][2]float64 `json:"eigenvalues"`
		} `json:"fixed_points"`
	}
	runJSON(t, []string{"ei", "fixedpoints", "--IE", "3.85037", "--eps", "8"}, &fp)
	node := nmm.DefaultEI()
	node.IE = 3.85037
	want, err := (&nmm.SelfCoupled{Node: &node, G: 8}).FixedPoints()
	if err != nil || len(fp.FixedPoints) != len(want) || len(want) != 1 {
		t.Fatalf("%d fixed points, want %d (%v)", len(fp.FixedPoints), len(want), err)
	}
	if re := fp.FixedPoints[0].Eigenvalues[0][0]; math.Abs(re) > 1e-4 {
		t.Errorf("leading real part %v at the Hopf point, want ≈ 0", re)
	}
	if math.Abs(fp.FixedPoints[0].RE-1000*want[0].Y[0]) > 1e-9 {
		t.Errorf("rE %v Hz, SelfCoupled %v Hz", fp.FixedPoints[0].RE, 1000*want[0].Y[0])
	}
	// a network's coupling is --eps, not a node parameter
	code, _, errs := runCmd(t, "network", "simulate", "--model", "ei", "--set", "eps=1", "--T", "5")
	if code != 2 || !strings.Contains(errs, "--eps") {
		t.Errorf("network simulate --set eps=1: exit %d, %q", code, errs)
	}
}
