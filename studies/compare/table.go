package compare

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Repertoire summarises [Classify] over one model's drive range: which
// regimes occur anywhere in the range, the bands of its limit cycles and
// their frequency range, the largest λ1 and the drive values at which each
// regime and multistability were found.
type Repertoire struct {
	Model, DriveName      string
	DriveLo, DriveHi      float64
	Steady, Quasiperiodic bool
	Chaos, Multistable    bool
	Bands                 []string // bands of the limit cycles found, low to high
	FreqLo, FreqHi        float64  // cycle frequency range (Hz; 0 without cycles)
	MaxLambda1            float64  // largest λ1 over the attractors (1/ms)
	// Where lists, per regime ("steady", "cycle", "quasiperiodic", "chaos",
	// "multistable", "multi-peak cycle"), the drive values at which it was
	// found. Bands and frequencies count only cycles with one maximum of
	// y[0] per period (or found by shooting); cycles with several maxima
	// per period (period-k, bursts) are listed as "multi-peak cycle".
	Where map[string][]float64
}

// HasBand reports whether a limit cycle in band b was found.
func (r Repertoire) HasBand(b string) bool { return slices.Contains(r.Bands, b) }

// Summarise returns the [Repertoire] of the points of case c.
func Summarise(c Case, pts []Point) Repertoire {
	r := Repertoire{Model: c.Name, DriveName: c.DriveName, MaxLambda1: math.Inf(-1), Where: map[string][]float64{}}
	if len(pts) > 0 {
		r.DriveLo, r.DriveHi = pts[0].Drive, pts[len(pts)-1].Drive
	}
	add := func(k string, d float64) {
		if w := r.Where[k]; len(w) == 0 || w[len(w)-1] != d {
			r.Where[k] = append(w, d)
		}
	}
	order := []string{"delta", "theta", "alpha", "beta", "gamma", "high-gamma"}
	for _, p := range pts {
		if p.Multistable {
			r.Multistable = true
			add("multistable", p.Drive)
		}
		for _, a := range p.Attractors {
			add(string(a.Regime), p.Drive)
			if len(a.Exponents) > 0 {
				r.MaxLambda1 = max(r.MaxLambda1, a.Exponents[0])
			}
			switch a.Regime {
			case Steady:
				r.Steady = true
			case Quasiperiodic:
				r.Quasiperiodic = true
			case Chaos:
				r.Chaos = true
			case Cycle:
				if a.Maxima > 1 {
					// several maxima per period (period-k after period
					// doublings, bursts): its period is not a rhythm's
					add("multi-peak cycle", p.Drive)
					continue
				}
				if !slices.Contains(r.Bands, a.Band) {
					r.Bands = append(r.Bands, a.Band)
				}
				if r.FreqLo == 0 || a.FreqHz < r.FreqLo {
					r.FreqLo = a.FreqHz
				}
				r.FreqHi = max(r.FreqHi, a.FreqHz)
			}
		}
	}
	slices.SortFunc(r.Bands, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	return r
}

// SeedRepertoire is the seed's table "Dynamical Repertoire Comparison"
// (Delicado, Huguet & Clusella 2025, as summarised in the project's seed):
// regime → (classical NMM, NG-NMM).
var SeedRepertoire = [][3]string{
	{"Steady state", "Yes", "Yes"},
	{"Limit cycle (alpha)", "Yes", "Yes"},
	{"Limit cycle (gamma)", "Limited", "Yes (natural)"},
	{"Quasiperiodicity", "No", "Yes"},
	{"Chaos", "Limited", "Extensive"},
	{"Multistability", "Limited", "Rich"},
}

// SeedPAC is the seed's table "Cross-Frequency Coupling": model → strength
// of theta–, alpha– and beta–gamma coupling.
var SeedPAC = [][4]string{
	{"Jansen-Rit", "Weak", "Moderate", "Weak"},
	{"Wilson-Cowan", "Weak", "Weak", "Weak"},
	{"NG-NMM", "Strong", "Strong", "Strong"},
}

// Measured returns the measured entry of the seed's repertoire row (one of
// the first column of [SeedRepertoire]) for r: "yes" or "no" with the drive
// values (or bands) where it occurs.
func (r Repertoire) Measured(row string) string {
	yes := func(ok bool, k string) string {
		if !ok {
			return "no"
		}
		return fmt.Sprintf("yes (%s %s)", r.DriveName, fmtList(r.Where[k]))
	}
	switch row {
	case "Steady state":
		return yes(r.Steady, "steady")
	case "Limit cycle (alpha)":
		return bandEntry(r, "alpha")
	case "Limit cycle (gamma)":
		if r.HasBand("high-gamma") && !r.HasBand("gamma") {
			return bandEntry(r, "high-gamma")
		}
		return bandEntry(r, "gamma")
	case "Quasiperiodicity":
		return yes(r.Quasiperiodic, "quasiperiodic")
	case "Chaos":
		if !r.Chaos {
			return "no"
		}
		return fmt.Sprintf("yes (%s %s, λ1 up to %.4f /ms)", r.DriveName, fmtList(r.Where["chaos"]), r.MaxLambda1)
	case "Multistability":
		return yes(r.Multistable, "multistable")
	}
	return "?"
}

func bandEntry(r Repertoire, b string) string {
	if !r.HasBand(b) {
		if mp := r.Where["multi-peak cycle"]; len(r.Bands) == 0 && len(mp) > 0 {
			return fmt.Sprintf("no (only multi-peak cycles, at %s %s)", r.DriveName, fmtList(mp))
		}
		if len(r.Bands) == 0 {
			return "no (no cycle)"
		}
		return fmt.Sprintf("no (cycles: %s, %.1f–%.1f Hz)", strings.Join(r.Bands, ", "), r.FreqLo, r.FreqHi)
	}
	return fmt.Sprintf("yes (cycles %.1f–%.1f Hz, bands %s)", r.FreqLo, r.FreqHi, strings.Join(r.Bands, ", "))
}

func fmtList(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%g", x)
	}
	return strings.Join(s, ", ")
}

// Strength grades a modulation index against its surrogates: "none" when
// not significant (p > 0.05), else "weak" (MI < 0.01), "moderate"
// (0.01 ≤ MI < 0.05) or "strong" (MI ≥ 0.05). The thresholds are this
// package's convention, not a paper's: they only translate the measured MI
// into the seed's words, which give no numbers.
func Strength(r PACRow) string {
	switch {
	case !(r.P <= 0.05):
		return "none"
	case r.MI < 0.01:
		return "weak"
	case r.MI < 0.05:
		return "moderate"
	}
	return "strong"
}
