package corr

import "testing"

// Sums of a hand-worked example: x = (1, 2, 3), y = (2, 4, 9): x̄ = 2, ȳ = 5,
// centred x = (−1, 0, 1), y = (−3, −1, 4): Σxy = 7, Σxx = 2, Σyy = 26.
func TestSums(t *testing.T) {
	sxy, sxx, syy := Sums([]float64{1, 2, 3}, []float64{2, 4, 9})
	if sxy != 7 || sxx != 2 || syy != 26 {
		t.Errorf("Sums = %v, %v, %v, want 7, 2, 26", sxy, sxx, syy)
	}
}
