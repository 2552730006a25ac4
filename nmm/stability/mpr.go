package stability

import (
	"math"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
)

// MPRSaddleNode returns the point of the saddle-node (fold) curve of the
// MPR model parametrised by the rate ρ = τ r* > 0 at the fold, for
// half-width Δ (docs/models.md § MPR equilibria and folds, generalised to any Δ; η is the total drive
// η̄ + I):
//
//	J_SN(ρ) = 2π² ρ + Δ²/(2π² ρ³),   η_SN(ρ) = −π² ρ² − 3Δ²/(4π² ρ²).
//
// The two branches ρ < ρ_c and ρ > ρ_c meet at the cusp ([MPRCusp]).
func MPRSaddleNode(rho, delta float64) (j, eta float64) {
	pi2 := math.Pi * math.Pi
	j = 2*pi2*rho + delta*delta/(2*pi2*rho*rho*rho)
	eta = -pi2*rho*rho - 3*delta*delta/(4*pi2*rho*rho)
	return j, eta
}

// MPRCusp returns the cusp point of the MPR model for half-width Δ: the
// rate ρ_c = (3/4)^¼ √Δ/π, J_c = 2π (4/3)^¾ √Δ and η_c = −√3 Δ (Δ = 1:
// 0.29622, 7.79622, −1.73205; docs/models.md § MPR equilibria and folds). Bistability requires
// J > J_c.
func MPRCusp(delta float64) (rho, j, eta float64) {
	rho = math.Pow(0.75, 0.25) * math.Sqrt(delta) / math.Pi
	j, eta = MPRSaddleNode(rho, delta)
	return rho, j, eta
}

// MPRFolds returns the two saddle-node points of the MPR model at coupling
// J (τ = 1 units; Δ > 0): the rates ρ₁ < ρ₂ with J_SN(ρ) = J and the drives
// η_SN(ρ) there (the bistable range is η_SN(ρ₂) < η̄ + I < η_SN(ρ₁)).
// ok is false when J ≤ J_c (no bistability).
func MPRFolds(j, delta float64) (rho, eta [2]float64, ok bool) {
	rc, jc, _ := MPRCusp(delta)
	if !(delta > 0) || !(j > jc) {
		return rho, eta, false
	}
	f := func(r float64) float64 { jj, _ := MPRSaddleNode(r, delta); return jj - j }
	lo := rc
	for f(lo) <= 0 {
		lo /= 2
	}
	hi := rc
	for f(hi) <= 0 {
		hi *= 2
	}
	rho[0], rho[1] = root.Bisect(f, lo, rc), root.Bisect(f, rc, hi)
	_, eta[0] = MPRSaddleNode(rho[0], delta)
	_, eta[1] = MPRSaddleNode(rho[1], delta)
	return rho, eta, true
}
