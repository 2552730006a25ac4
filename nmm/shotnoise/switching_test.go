package shotnoise

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSaddleRate: the unstable state of the MPR Fig. 2 parameters is the
// middle root 0.47298034 of π²r² − 15 r − 1/(4π²r²) = −5 (scipy brentq,
// docs/reference-values.md § Shot noise).
func TestSaddleRate(t *testing.T) {
	st := StableRates(-5, 1, 15)
	if got := saddleRate(-5, 1, 15, st[0], st[1]); math.Abs(got-0.4729803406846827) > 1e-9 {
		t.Errorf("saddle %v, want 0.4729803406846827", got)
	}
}

// TestBistableSwitching: escapes from the two stable states of the MPR
// Fig. 2 parameters (η̄ = −5, Δ = 1, J = 15) at N = 40, 16 realisations of
// at most 100 τ per model and state (docs/models.md § Shot noise,
// "Bistable switching"). Mean lifetimes are censored maximum-likelihood
// estimates (memory.CensoredMean) from k escapes; for exponential
// lifetimes log(mean) has standard error 1/√k, so the log-ratio of the two
// models' means has SE √(1/k₁ + 1/k₂) (0.37 here: agreement within
// zMax = 4.5 SE is a factor 5.4).
//
//   - From the high state the uncensored escape times of the two models
//     have the same distribution: two-sample KS statistic below the
//     α = 0.01 critical value 1.63·√((k₁+k₂)/(k₁k₂)) (measured 0.21 vs
//     0.61; most escapes within 3 τ in both), but some network
//     realisations live much longer (3 of 16 censored at 100 τ, none of
//     the SDE's), so the network's mean lifetime exceeds the SDE's by
//     more than 2 SE (measured 31 vs 5.0 τ, z = 4.9, beyond the factor
//     5.4 the samples resolve).
//   - From the low state neither model escapes in 16 × 100 τ (all
//     censored): the low-state lifetime exceeds 1600/3 ≈ 530 τ at 95 %
//     (zero events) for both, so low → high switching does not happen
//     within bounded runs at these parameters.
func TestBistableSwitching(t *testing.T) {
	s := MPRBistableSwitching(40, 16, 100)
	r, err := s.Run(rand.New(rand.NewPCG(40, 15)))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"network", "SDE"}
	for m := 0; m < 2; m++ {
		h, l := r.FromHigh[m], r.FromLow[m]
		t.Logf("%s: from high %d escapes (%d censored), mean lifetime %.2f ± %.2f, times %.1f; from low %d escapes (%d censored)",
			names[m], len(h.Times), h.Censored, h.Mean, h.MeanSE, h.Times, len(l.Times), l.Censored)
	}
	t.Logf("KS statistic (high-state escape times, network vs SDE): %.3f", r.KSHigh)
	kn, ks := len(r.FromHigh[0].Times), len(r.FromHigh[1].Times)
	if kn < 3 || ks < 3 {
		t.Fatalf("escapes from high: network %d, SDE %d, want ≥ 3 each", kn, ks)
	}
	z := math.Log(r.FromHigh[0].Mean/r.FromHigh[1].Mean) / math.Sqrt(1/float64(kn)+1/float64(ks))
	t.Logf("high-state lifetime ratio network/SDE %.2f, log-ratio z = %.2f (resolvable factor exp(%.1f·SE) = %.1f)",
		r.FromHigh[0].Mean/r.FromHigh[1].Mean, z, zMax, math.Exp(zMax*math.Sqrt(1/float64(kn)+1/float64(ks))))
	if z < 2 {
		t.Errorf("high-state lifetime: network/SDE log-ratio z = %.2f, want the network's longer by > 2 SE", z)
	}
	if crit := 1.63 * math.Sqrt(float64(kn+ks)/float64(kn*ks)); !(r.KSHigh < crit) {
		t.Errorf("high-state escape times: KS %.3f, want < %.3f (α = 0.01)", r.KSHigh, crit)
	}
	for m := 0; m < 2; m++ {
		if len(r.FromLow[m].Times) != 0 {
			t.Errorf("%s escaped from the low state %d times in 16 × 100 τ, want none", names[m], len(r.FromLow[m].Times))
		}
	}
}
