package energy

import (
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Spike is one population spike (a fast cycle's rate peak) of a bursting
// [nmm.MPRAdapt] simulation with the energy predictions of its peak rate.
//
// The fast subsystem with the adaptation a frozen is the MPR model with
// η = η_eff = η̄ + I − a; its energy H is that of [Hamiltonian] with this η.
// The predictions use only the state at the preceding trough of r (half a
// fast cycle earlier):
//
//   - Frozen: E = H at the trough, the peak is the upper turning point
//     r_max(E) of the frozen Hamiltonian (energy conserved over the half
//     cycle).
//   - Balance: E is advanced over the half cycle by the heterogeneity term
//     of the energy balance, dH/dt = Δ/(πτ) ∂H/∂R, integrated along the
//     frozen Δ = 0 orbit from the trough state to its rate maximum
//     (first-order perturbation theory: the orbit is unperturbed, its
//     energy is not); the peak is r_max of the result. (The drift of a over
//     the half cycle shifts E and U alike to first order and is left out:
//     including it made the predictions worse in the tests.) Late in a
//     burst the predicted energy can fall below the centre energy: the
//     prediction is then r_c (Collapsed).
//
// The first spike of a burst follows the jump from the silent state, which
// lies outside the homoclinic loop of the frozen Hamiltonian (left of its
// saddle): it has no bounded-orbit prediction (First = true, Frozen and
// Balance NaN); Homoclinic is the largest rate of the homoclinic loop at the
// spike's η_eff, an upper bound for any bounded fast cycle (NaN without a
// saddle).
type Spike struct {
	T, R          float64 // time and simulated peak rate
	TroughT       float64 // time of the preceding trough
	TroughR       float64 // rate at the preceding trough
	E             float64 // energy at the preceding trough (η_eff frozen there)
	EtaEff        float64 // η_eff at the preceding trough
	First         bool    // first spike of a burst (trough outside the homoclinic loop)
	Frozen        float64 // frozen-energy prediction of R (NaN if First)
	Balance       float64 // energy-balance prediction of R (NaN if First)
	Homoclinic    float64 // r_max of the homoclinic loop at the spike's η_eff (NaN if none)
	BalanceEnergy float64 // predicted energy at the peak (NaN if First)
	Collapsed     bool    // the balance energy fell below the centre energy: Balance = r_c
}

// BurstSpikes integrates the bursting model m from y0 = (r, v, a) over
// [0, T] with the stepper st and returns every population spike after the
// transient with its energy predictions (see [Spike]). Spikes are rate
// maxima with a peak rate above minRate (which excludes the tiny
// oscillations of the silent phase; 0 keeps all). obs, if not nil,
// receives every accepted step. The model must not have a time-dependent
// Input (the frozen energy assumes a constant drive apart from a).
func BurstSpikes(m *nmm.MPRAdapt, y0 []float64, T, transient, minRate float64, st ode.Stepper, obs ode.Observer) ([]Spike, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.MPR.Input != nil {
		return nil, fmt.Errorf("energy: BurstSpikes needs a constant drive (MPR.Input = nil)")
	}
	if len(y0) != 3 {
		return nil, fmt.Errorf("energy: BurstSpikes initial state has %d values, want 3 (r, v, a)", len(y0))
	}
	if err := checkState(y0[0], y0[1]); err != nil {
		return nil, err
	}
	if !(T > transient) || transient < 0 || math.IsInf(T, 0) {
		return nil, fmt.Errorf("%w: T = %v, transient = %v, want 0 ≤ transient < T < ∞", ErrDomain, T, transient)
	}
	tau, delta := m.MPR.Tau, m.MPR.Delta
	tr := newTracker(m, st, delta, tau)
	var trough [3]float64
	var troughT float64
	haveTrough := false
	var out []Spike
	bal := newBalance(m)
	err := tr.Run(0, T, y0, ode.DefaultMaxSteps,
		func(t float64, y []float64) error {
			if obs != nil {
				return obs.Observe(t, y)
			}
			return nil
		},
		func(t float64, y []float64, max bool) {
			if !max {
				copy(trough[:], y)
				troughT, haveTrough = t, true
				return
			}
			if t < transient || !haveTrough || y[0] < minRate {
				return
			}
			eta := m.EtaEff(troughT, trough[2])
			h := Hamiltonian{Tau: tau, Eta: eta, J: m.MPR.J}
			sp := Spike{T: t, R: y[0], TroughT: troughT, TroughR: trough[0], EtaEff: eta,
				E: h.H(trough[0], trough[1]), Frozen: math.NaN(), Balance: math.NaN(),
				Homoclinic: math.NaN(), BalanceEnergy: math.NaN()}
			hp := Hamiltonian{Tau: tau, Eta: m.EtaEff(t, y[2]), J: m.MPR.J}
			if _, rmax, ok := hp.Homoclinic(); ok {
				sp.Homoclinic = rmax
			}
			if _, _, rmax, err := h.Bounded(trough[0], trough[1]); err == nil {
				sp.Frozen = rmax
				if E, eta2, err := bal.advance(h, trough[0], trough[1], trough[2]); err == nil {
					sp.BalanceEnergy = E
					h2 := Hamiltonian{Tau: tau, Eta: eta2, J: m.MPR.J}
					switch _, rmax2, err := h2.TurningPoints(E); {
					case err == nil:
						sp.Balance = rmax2
					case errors.Is(err, ErrUnbounded):
						if _, rm, ok := h2.Homoclinic(); ok {
							sp.Balance = rm
						}
					case errors.Is(err, ErrBelowCentre):
						// the predicted cycle has shrunk to the centre
						if c, err := h2.Centre(); err == nil {
							sp.Balance, sp.Collapsed = c.R, true
						}
					}
				}
			} else {
				sp.First = true
			}
			out = append(out, sp)
		})
	return out, err
}

// balance integrates the frozen Δ = 0 orbit with the energy balance of
// Spike.Balance: y = (r, v, E, η).
type balance struct {
	m   *nmm.MPRAdapt
	a0  float64 // adaptation at the trough (frozen in da/dt)
	rk  *ode.RK4
	sys ode.Func
}

func newBalance(m *nmm.MPRAdapt) *balance {
	b := &balance{m: m, rk: ode.NewRK4(1)}
	tau, delta, J := m.MPR.Tau, m.MPR.Delta, m.MPR.J
	b.sys = ode.Func{N: 4, F: func(dst []float64, t float64, y []float64) {
		r, v, eta := y[0], y[1], y[3]
		R := tau * r
		dst[0] = 2 * r * v / tau
		dst[1] = (v*v + eta + J*R - math.Pi*math.Pi*R*R) / tau
		dHdR := math.Pi*math.Pi - (v*v+eta)/(R*R) - J/R
		dst[2] = delta * dHdR / (math.Pi * tau)
		dst[3] = 0
	}}
	return b
}

// advance integrates from the trough state (r, v) with adaptation a over the
// half cycle up to the rate maximum of the frozen orbit and returns the
// energy and η there.
func (b *balance) advance(h Hamiltonian, r, v, a float64) (E, eta float64, err error) {
	b.a0 = a
	E0 := h.H(r, v)
	P, err := h.Period(E0, 64)
	if err != nil {
		return 0, 0, err
	}
	b.rk.Dt = P / 2000
	y := []float64{r, v, E0, h.Eta}
	if err := b.rk.Init(b.sys, 0, y); err != nil {
		return 0, 0, err
	}
	// step until v crosses 0 downward (r maximum), after v > 0
	var prev [4]float64
	seenUp := v > 0
	for i := 0; i < 4000; i++ {
		_, yc := b.rk.State()
		copy(prev[:], yc)
		if err := b.rk.Step(); err != nil {
			return 0, 0, err
		}
		_, yn := b.rk.State()
		if yn[1] > 0 {
			seenUp = true
		}
		if seenUp && prev[1] > 0 && yn[1] <= 0 {
			s := prev[1] / (prev[1] - yn[1]) // linear interpolation of the crossing
			return prev[2] + s*(yn[2]-prev[2]), prev[3] + s*(yn[3]-prev[3]), nil
		}
	}
	return 0, 0, fmt.Errorf("energy: no rate maximum within two periods of the frozen orbit")
}

// BurstStats summarises the relative errors |pred/R − 1| of the spike
// predictions (first spikes excluded).
type BurstStats struct {
	N, First                int     // predicted spikes, first spikes (no prediction)
	FrozenMean, FrozenMax   float64 // frozen-energy prediction
	BalanceMean, BalanceMax float64 // energy-balance prediction
}

// BurstErrors returns the error summary of spikes.
func BurstErrors(spikes []Spike) BurstStats {
	var s BurstStats
	for _, sp := range spikes {
		if sp.First {
			s.First++
			continue
		}
		ef, eb := math.Abs(sp.Frozen/sp.R-1), math.Abs(sp.Balance/sp.R-1)
		s.N++
		s.FrozenMean += ef
		s.BalanceMean += eb
		s.FrozenMax = math.Max(s.FrozenMax, ef)
		s.BalanceMax = math.Max(s.BalanceMax, eb)
	}
	if s.N > 0 {
		s.FrozenMean /= float64(s.N)
		s.BalanceMean /= float64(s.N)
	}
	return s
}
