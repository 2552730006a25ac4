package main

import (
	"errors"
	"strings"
	"testing"
)

// TestFCDLimits (issue 18 "Bounds still missing": data fc --out-fcd cost
// O(windows²) with no work estimate): the estimate accepts the HCP-sized
// step-1 case (1200 samples, 68 regions: ≈ 1.6·10⁹ updates) and refuses a
// 998-region, 5000-sample step-1 FCD (≈ 6·10¹² updates) naming --step.
func TestFCDLimits(t *testing.T) {
	if err := fcdLimits(1200, 68, 2, 1); err != nil {
		t.Fatalf("HCP-sized FCD refused: %v", err)
	}
	err := fcdLimits(5000, 998, 2, 1)
	if err == nil || !strings.Contains(err.Error(), "--step") {
		t.Fatalf("998 regions × 4999 windows: err = %v, want a refusal naming --step", err)
	}
	if !errors.Is(err, errUsage) {
		t.Fatalf("%v: not a usage error (exit 2)", err)
	}
}
