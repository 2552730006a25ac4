package nmm

import (
	"math"
	"sort"

	"github.com/ngnmm/ngnmm/nmm/internal/root"
)

// FixedPoints implements [Equilibria]: [MPR.FixedPointsAt] at t = 0.
func (m *MPR) FixedPoints() ([]FixedPoint, error) { return m.FixedPointsAt(0) }

// FixedPointsAt returns every equilibrium of the model for the total
// constant drive η = η̄ + I (+ Input(t) when Input is set), sorted by
// increasing rate r, each with the eigenvalues of the analytic Jacobian and
// its classification. It never misses an equilibrium.
//
// Method (docs/models.md § MPR equilibria and folds; here with ρ = τ r, the rate in
// units of 1/τ): ṙ = 0 gives v* = −Δ/(2π ρ*), and ρ* > 0 solves the quartic
//
//	π² ρ⁴ − J ρ³ − η ρ² − Δ²/(4π²) = 0  ⇔  η = F(ρ) ≡ π² ρ² − J ρ − Δ²/(4π² ρ²).
//
// For Δ > 0, F′(ρ) = 2π²ρ − J + Δ²/(2π²ρ³) tends to +∞ at both ends and
// decreases then increases (F″ changes sign once, at ρ₀ = (3Δ²/4π⁴)^¼), so
// F′ has at most two zeros ρ_a < ρ₀ < ρ_b and F is monotone on at most
// three intervals. Each interval holds at most one root, found by bisection
// on a guaranteed bracket and polished with Newton's method. For Δ = 0 the
// positive roots solve π²ρ² − Jρ − η = 0 (v* = 0) and, for η ≤ 0, the
// invariant line r = 0 holds the equilibria v* = ±√(−η). Physical rates are
// r* = ρ*/τ and eigenvalues scale as 1/τ.
//
// It returns an error if m is invalid (see [MPR.Validate]).
func (m *MPR) FixedPointsAt(t float64) ([]FixedPoint, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	eta := m.EtaBar + m.I
	if m.Input != nil {
		eta += m.Input(t)
	}
	var ys [][]float64 // (r, v), by increasing r then v
	tau, d := m.Tau, m.Delta
	add := func(y []float64, tol float64) {
		scale := math.Max(1, math.Max(math.Abs(y[0]), math.Abs(y[1])))
		for _, z := range ys {
			if math.Max(math.Abs(z[0]-y[0]), math.Abs(z[1]-y[1])) <= tol*scale {
				return
			}
		}
		ys = append(ys, y)
	}
	if d == 0 {
		if eta <= 0 {
			sq := math.Sqrt(-eta)
			add([]float64{0, -sq}, 1e-14)
			add([]float64{0, sq}, 1e-14)
		}
		if disc := m.J*m.J + 4*math.Pi*math.Pi*eta; disc >= 0 {
			sq := math.Sqrt(disc)
			for _, rho := range []float64{(m.J - sq) / (2 * math.Pi * math.Pi), (m.J + sq) / (2 * math.Pi * math.Pi)} {
				if rho > 0 {
					add([]float64{rho / tau, 0}, 1e-14)
				}
			}
		}
	} else {
		for _, rho := range mprRoots(eta, m.J, d) {
			add([]float64{rho / tau, -d / (2 * math.Pi * rho)}, 1e-12)
		}
	}
	sort.Slice(ys, func(i, j int) bool {
		return ys[i][0] < ys[j][0] || ys[i][0] == ys[j][0] && ys[i][1] < ys[j][1]
	})
	return analyze(m, t, ys, false)
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
		breaks = append(breaks, root.Bisect(fp, lo, rho0), root.Bisect(fp, rho0, hi))
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
		out = appendRoot(out, polish(g, func(r float64) float64 { return mprDF(r, j, d) }, root.Bisect(g, a, b), a, b))
	}
	return out
}

func appendRoot(out []float64, r float64) []float64 {
	if n := len(out); n > 0 && math.Abs(out[n-1]-r) <= 1e-13*r {
		return out
	}
	return append(out, r)
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
