package main

import (
	"errors"
	"flag"
	"io"
	"math"

	"github.com/ngnmm/ngnmm/nmm/energy"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

func init() {
	register(&command{
		Name:    "energy",
		Summary: "energy (Hamiltonian) structure of an MPR population: centre, saddle, homoclinic loop",
		Help: `Flags: --tau τ (time unit, > 0; default 1), --delta Δ (≥ 0; default 0),
--eta η = η̄ + I (default −5), --J J (default 15).

Energy H(r, v) = (v² + η)/(τr) + π²τr − J ln(τr), conserved for Δ = 0 (Δ is
validated only: the level-set structure is that of the Hamiltonian part).
Output (JSON):
  centre.r          rate of the centre (minimum of the potential U), 1/time unit of τ
  centre.H          energy at the centre (dimensionless)
  centre.omega0     angular frequency of small oscillations, rad per time unit of τ
  saddle            {"r": rate, "H": energy} of the saddle (maximum of U), or null
  homoclinic_rmax   largest rate on the saddle's homoclinic loop, or null
Parameters without a centre (J² + 4π²η ≤ 0, or η ≤ 0 with J ≤ 0) are an error.`,
		Run: runEnergy,
	})
	register(&command{
		Name:    "energy orbit",
		Summary: "simulate a Δ = 0 MPR orbit: energy drift, period, extreme rates",
		Help: `Flags: --tau τ (> 0; default 1), --eta η (default 0), --J J (default 10),
--r0 initial rate (> 0, 1/time unit of τ; default 1.5 r_c), --v0 initial
voltage (default 0), --T duration (time unit of τ; default 100).

Integrates the homogeneous MPR population (Δ = 0) adaptively (Dormand–Prince
5(4), rtol = atol = 1e-12).
Output (JSON):
  H0            energy at (r0, v0)
  H_drift_rel   max |H(t) − H0|/|H0| over the run
  period        mean time between successive rate peaks (time unit of τ)
  r_min, r_max  extreme rates (1/time unit of τ), refined on the dense output
Errors: r0 ≤ 0, an energy above the homoclinic level (unbounded orbit),
parameters without a centre, T shorter than needed for two rate peaks.`,
		Run: runEnergyOrbit,
	})
}

type energyPoint struct {
	R float64 `json:"r"`
	H float64 `json:"H"`
}

type energyCentre struct {
	R      float64 `json:"r"`
	H      float64 `json:"H"`
	Omega0 float64 `json:"omega0"`
}

type energyOut struct {
	Centre         energyCentre `json:"centre"`
	Saddle         *energyPoint `json:"saddle"`
	HomoclinicRmax *float64     `json:"homoclinic_rmax"`
}

func runEnergy(args []string, stdout io.Writer) error {
	fs := newFlags("energy")
	tau := fs.Float64("tau", 1, "τ")
	delta := fs.Float64("delta", 0, "Δ")
	eta := fs.Float64("eta", -5, "η")
	J := fs.Float64("J", 15, "J")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	if !(*tau > 0) {
		return usageErr("--tau = %v, want > 0", *tau)
	}
	if *delta < 0 {
		return usageErr("--delta = %v, want ≥ 0", *delta)
	}
	h := energy.Hamiltonian{Tau: *tau, Eta: *eta, J: *J}
	c, err := h.Centre()
	if err != nil {
		return usageErr("%v", err)
	}
	w, err := h.Omega0()
	if err != nil {
		return usageErr("%v", err)
	}
	out := energyOut{Centre: energyCentre{R: c.R, H: c.H, Omega0: w}}
	if s, ok := h.Saddle(); ok {
		out.Saddle = &energyPoint{R: s.R, H: s.H}
		if _, rmax, ok := h.Homoclinic(); ok {
			out.HomoclinicRmax = &rmax
		}
	}
	return writeJSON(stdout, out)
}

type orbitOut struct {
	H0        float64 `json:"H0"`
	HDriftRel float64 `json:"H_drift_rel"`
	Period    float64 `json:"period"`
	RMin      float64 `json:"r_min"`
	RMax      float64 `json:"r_max"`
}

// orbitStepper is the adaptive integrator of `energy orbit`.
func orbitStepper() ode.Stepper { return ode.NewDoPri5(1e-12, 1e-12) }

// maxOrbitPeriods bounds the length of an energy orbit run (each period
// takes some hundred DoPri5 steps at rtol 1e-12).
const maxOrbitPeriods = 1e5

func runEnergyOrbit(args []string, stdout io.Writer) error {
	fs := newFlags("energy orbit")
	tau := fs.Float64("tau", 1, "τ")
	eta := fs.Float64("eta", 0, "η")
	J := fs.Float64("J", 10, "J")
	r0 := fs.Float64("r0", 0, "initial rate (default 1.5 r_c)")
	v0 := fs.Float64("v0", 0, "initial voltage")
	T := fs.Float64("T", 100, "duration")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	setR0 := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "r0" {
			setR0 = true
		}
	})
	if !(*tau > 0) {
		return usageErr("--tau = %v, want > 0", *tau)
	}
	if !(*T > 0) {
		return usageErr("--T = %v, want > 0", *T)
	}
	if setR0 && !(*r0 > 0) {
		return usageErr("--r0 = %v, want > 0", *r0)
	}
	h := energy.Hamiltonian{Tau: *tau, Eta: *eta, J: *J}
	c, err := h.Centre()
	if err != nil {
		return usageErr("%v", err)
	}
	if !setR0 {
		*r0 = 1.5 * c.R
	}
	E, _, _, err := h.Bounded(*r0, *v0)
	if err != nil {
		return usageErr("%v", err)
	}
	P, err := h.Period(E, 0)
	if err != nil {
		return usageErr("%v", err)
	}
	need := 2.05 * P // two peaks from an arbitrary start
	if *v0 == 0 {
		need = 1.05 * P // the start is a peak or a trough
	}
	if !(*T >= need) {
		return usageErr("--T = %v too short: the orbit's period is %.6g, need T ≥ %.6g", *T, P, need)
	}
	if *T/P > maxOrbitPeriods {
		return usageErr("--T = %v is %.3g periods of %.6g, want ≤ %g periods", *T, *T/P, P, float64(maxOrbitPeriods))
	}
	st, err := energy.Orbit(h, *r0, *v0, *T, orbitStepper(), nil)
	if err != nil {
		if errors.Is(err, energy.ErrUnbounded) || errors.Is(err, energy.ErrDomain) {
			return usageErr("%v", err)
		}
		return err
	}
	if math.IsNaN(st.Period) {
		return usageErr("--T = %v too short for two rate peaks (period %.6g)", *T, P)
	}
	return writeJSON(stdout, orbitOut{H0: st.H0, HDriftRel: st.HDrift, Period: st.Period, RMin: st.RMin, RMax: st.RMax})
}
