package stability

import (
	"math"

	"github.com/ngnmm/ngnmm/nmm"
)

// MPRFixedPoints returns every equilibrium of the Montbrió–Pazó–Roxin model
// m ([nmm.MPR]) for the total constant drive η = η̄ + I (+ Input(T) when
// m.Input is set, evaluated at Settings.T), sorted by increasing rate r,
// with eigenvalues and classification. It never misses an equilibrium.
//
// Method (docs/models.md § MPR equilibria and folds, here with ρ = τ r, the rate in units of 1/τ):
// ṙ = 0 gives v* = −Δ/(2π ρ*), and ρ* > 0 solves the quartic
//
//	π² ρ⁴ − J ρ³ − η ρ² − Δ²/(4π²) = 0  ⇔  η = F(ρ) ≡ π² ρ² − J ρ − Δ²/(4π² ρ²).
//
// For Δ > 0, F′(ρ) = 2π²ρ − J + Δ²/(2π²ρ³) tends to +∞ at both ends and
// decreases then increases (F″ changes sign once, at ρ₀ = (3Δ²/4π⁴)^¼), so
// F′ has at most two zeros ρ_a < ρ₀ < ρ_b and F is monotone on at most
// three intervals. Each interval holds at most one root, found by bisection
// on a guaranteed bracket and polished with
// Newton's method. For Δ = 0 the positive roots solve π²ρ² − Jρ − η = 0
// (v* = 0) and, for η ≤ 0, the invariant line r = 0 holds the equilibria
// v* = ±√(−η). Physical rates are r* = ρ*/τ and eigenvalues scale as 1/τ.
//
// It returns an error if m is invalid (see [nmm.MPR.Validate]).
func MPRFixedPoints(m *nmm.MPR, s *Settings) ([]FixedPoint, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	set := s.defaults()
	eta := m.EtaBar + m.I
	if m.Input != nil {
		eta += m.Input(set.T)
	}
	var roots [][]float64 // (r, v)
	tau, d := m.Tau, m.Delta
	if d == 0 {
		if disc := m.J*m.J + 4*math.Pi*math.Pi*eta; disc >= 0 {
			sq := math.Sqrt(disc)
			for _, rho := range []float64{(m.J - sq) / (2 * math.Pi * math.Pi), (m.J + sq) / (2 * math.Pi * math.Pi)} {
				if rho > 0 {
					roots = addDistinct(roots, []float64{rho / tau, 0}, 1e-14)
				}
			}
		}
		if eta <= 0 {
			sq := math.Sqrt(-eta)
			roots = addDistinct(roots, []float64{0, -sq}, 1e-14)
			roots = addDistinct(roots, []float64{0, sq}, 1e-14)
		}
	} else {
		for _, rho := range mprRoots(eta, m.J, d) {
			roots = addDistinct(roots, []float64{rho / tau, -d / (2 * math.Pi * rho)}, 1e-12)
		}
	}
	return analyzeAll(m, roots, &set)
}

// mprF is F(ρ) = π²ρ² − Jρ − Δ²/(4π²ρ²); mprDF its derivative.
func mprF(rho, j, d float64) float64 {
	return math.Pi*math.Pi*rho*rho - j*rho - d*d/(4*math.Pi*math.Pi*rho*rho)
}

func mprDF(rho, j, d float64) float64 {
	return 2*math.Pi*math.Pi*rho - j + d*d/(2*math.Pi*math.Pi*rho*rho*rho)
}

// mprRoots returns the positive roots ρ of F(ρ) = eta (Δ > 0) in increasing
// order.
func mprRoots(eta, j, d float64) []float64 {
	pi2 := math.Pi * math.Pi
	rho0 := math.Pow(3*d*d/(4*pi2*pi2), 0.25) // inflection point of F (zero of F″)
	// breakpoints of monotonicity: zeros of F′ (at most two)
	breaks := []float64{0}
	if mprDF(rho0, j, d) < 0 {
		lo := rho0
		for mprDF(lo, j, d) <= 0 {
			lo /= 2
		}
		hi := rho0
		for mprDF(hi, j, d) <= 0 {
			hi *= 2
		}
		fp := func(r float64) float64 { return mprDF(r, j, d) }
		breaks = append(breaks, bisect(fp, lo, rho0), bisect(fp, rho0, hi))
	}
	breaks = append(breaks, math.Inf(1))
	g := func(r float64) float64 { return mprF(r, j, d) - eta }
	var out []float64
	for k := 0; k+1 < len(breaks); k++ {
		a, b := breaks[k], breaks[k+1]
		// finite ends of the bracket: g → −∞ as ρ → 0+, g → +∞ as ρ → ∞
		if a == 0 {
			a = b
			if math.IsInf(a, 1) {
				a = rho0
			}
			for g(a) >= 0 && a > 1e-300 {
				a /= 2
			}
		}
		if math.IsInf(b, 1) {
			b = math.Max(a, rho0)
			for g(b) <= 0 && b < 1e300 {
				b *= 2
			}
		}
		ga, gb := g(a), g(b)
		if ga == 0 {
			out = appendRoot(out, a)
			continue
		}
		if gb == 0 {
			out = appendRoot(out, b)
			continue
		}
		if ga*gb > 0 {
			continue
		}
		out = appendRoot(out, polish(g, func(r float64) float64 { return mprDF(r, j, d) }, bisect(g, a, b), a, b))
	}
	return out
}

func appendRoot(out []float64, r float64) []float64 {
	if n := len(out); n > 0 && math.Abs(out[n-1]-r) <= 1e-13*r {
		return out
	}
	return append(out, r)
}

// bisect returns a zero of the continuous f in [a, b], where f(a) and f(b)
// have opposite signs (or one is zero), to full floating-point resolution.
func bisect(f func(float64) float64, a, b float64) float64 {
	fa := f(a)
	if fa == 0 {
		return a
	}
	for range 200 {
		m := a + (b-a)/2
		if m <= a || m >= b {
			break
		}
		fm := f(m)
		if fm == 0 {
			return m
		}
		if (fm < 0) == (fa < 0) {
			a, fa = m, fm
		} else {
			b = m
		}
	}
	return a + (b-a)/2
}

// polish improves the root x of f with up to three Newton steps that stay
// inside [a, b] and do not increase |f|.
func polish(f, df func(float64) float64, x, a, b float64) float64 {
	fx := f(x)
	for range 3 {
		d := df(x)
		if d == 0 || fx == 0 {
			break
		}
		xn := x - fx/d
		if !(xn >= a && xn <= b) {
			break
		}
		fn := f(xn)
		if math.Abs(fn) >= math.Abs(fx) {
			break
		}
		x, fx = xn, fn
	}
	return x
}

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
	rho[0], rho[1] = bisect(f, lo, rc), bisect(f, rc, hi)
	_, eta[0] = MPRSaddleNode(rho[0], delta)
	_, eta[1] = MPRSaddleNode(rho[1], delta)
	return rho, eta, true
}
