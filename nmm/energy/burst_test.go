package energy

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// TestBurstSpikes: the bursting MPR-with-adaptation model (DefaultMPRAdapt)
// simulated here reproduces the spike peaks computed by scipy DOP853
// (testdata/gen_refs.py), the frozen-energy predictions agree with scipy's
// brentq roots of U = E, and the energy predictions of the peak rates have
// the errors reported in the notebook: frozen energy ≤ 10 %, energy balance
// mean ≤ 2 % and max ≤ 5 %; the first spike of each burst is below the
// homoclinic bound.
func TestBurstSpikes(t *testing.T) {
	ref := loadRefs(t)
	m := nmm.DefaultMPRAdapt()
	sp, err := BurstSpikes(&m, []float64{0.05, -2, 0}, 320, 200, 0.5, ode.NewRK4(1e-3), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp) != len(ref.Burst.Spikes) {
		t.Fatalf("%d spikes, scipy %d", len(sp), len(ref.Burst.Spikes))
	}
	st := BurstErrors(sp)
	for i, s := range sp {
		r := ref.Burst.Spikes[i]
		near(t, "spike time", s.T, r.T, 1e-6*r.T)
		near(t, "spike rate", s.R, r.R, 1e-6*r.R)
		if (r.Frozen == nil) != s.First {
			t.Errorf("spike %d: first = %v, scipy prediction %v", i, s.First, r.Frozen)
		}
		if r.Frozen != nil {
			near(t, "frozen prediction", s.Frozen, *r.Frozen, 1e-6**r.Frozen)
		}
		if s.First && !(s.R < s.Homoclinic) {
			t.Errorf("first spike %.4f above the homoclinic bound %.4f", s.R, s.Homoclinic)
		}
	}
	t.Logf("%d spikes (%d first): frozen energy mean %.2e max %.2e; energy balance mean %.2e max %.2e",
		len(sp), st.First, st.FrozenMean, st.FrozenMax, st.BalanceMean, st.BalanceMax)
	if st.FrozenMax > 0.10 || st.BalanceMean > 0.02 || st.BalanceMax > 0.05 || !(st.BalanceMean < st.FrozenMean) {
		t.Errorf("prediction errors %+v beyond the documented bounds", st)
	}
}

func TestBurstErrorsInput(t *testing.T) {
	m := nmm.DefaultMPRAdapt()
	if _, err := BurstSpikes(&m, []float64{0, 0, 0}, 10, 0, 0, ode.NewRK4(1e-3), nil); err == nil {
		t.Error("r0 = 0 accepted")
	}
	if _, err := BurstSpikes(&m, []float64{0.1, 0, 0}, 10, 20, 0, ode.NewRK4(1e-3), nil); err == nil {
		t.Error("transient > T accepted")
	}
	m.TauA = 0
	if _, err := BurstSpikes(&m, []float64{0.1, 0, 0}, 10, 0, 0, ode.NewRK4(1e-3), nil); err == nil {
		t.Error("TauA = 0 accepted")
	}
	_ = math.Pi
}
