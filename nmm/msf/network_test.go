package msf

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/network"
)

func hz(im float64) float64 { return math.Abs(im) / (2 * math.Pi) * 1000 }

// Issue 7: the predicted growth rate of the most unstable mode matches the
// measured exponential growth of the deviation from synchrony in a network
// simulation (90 E–I nodes of package network on AAL-90) within 10 %; the
// modulation frequency matches Im μ (1 Hz); the spatial profile stays on the
// predicted eigenvector of W.
//
//   - (12, 8): synchronous 71.93 Hz cycle, sampled once per cycle;
//     perturbation 1e-8 × φ (most unstable Λ ≈ 0.094) in sE;
//   - (5, 12): stable synchrony; a 1e-3 perturbation along the least stable
//     mode (Λ = 0.739) decays at −0.0378 /ms (12 cycles, far above rounding);
//   - (8, 30): a stationary synchronous state, uniformly stable but unstable
//     to the most negative Λ with a fast oscillation (≈ 250 Hz).
//
// Measured: the least-squares slope of ln δ (δ = Deviation) and Prony's fit
// of the mode amplitude ξ_α (projection on the dual eigenvector).
func TestNetworkGrowthMatchesMSF(t *testing.T) {
	w := loadAAL(t)
	modes, err := NewModes(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ie, eps float64
		kind    Kind
		opt     CheckOptions
	}{
		{12, 8, Periodic, CheckOptions{Samples: 50, Skip: 10}},
		{5, 12, Periodic, CheckOptions{Amplitude: 1e-3, Samples: 12, Skip: 3}},
		{8, 30, Stationary, CheckOptions{Sample: 0.4, Samples: 2500, Skip: 1500}},
	} {
		p := eiProblem(c.ie, c.eps)
		st, err := p.FindState(eiY0, nil)
		if err != nil || st.Kind != c.kind {
			t.Fatalf("(%v, %v): state %v %v, want %v", c.ie, c.eps, st, err, c.kind)
		}
		a, _ := p.Analyze(st, nil)
		d, err := a.Dispersion(modes.Lambda)
		if err != nil {
			t.Fatal(err)
		}
		if c.kind == Stationary && (real(d.Uniform[0]) > 0 || d.Unstable == 0) {
			t.Errorf("(%v, %v): uniform %v, %d unstable: want uniformly stable, transversally unstable", c.ie, c.eps, d.Uniform[0], d.Unstable)
		}
		node := nmm.DefaultEI()
		node.IE = c.ie
		net, err := network.New(network.Homogeneous(&node, 90), w, &network.Config{G: c.eps})
		if err != nil {
			t.Fatal(err)
		}
		ck, err := CheckNetwork(net, modes, a, d, &c.opt)
		if err != nil {
			t.Fatal(err)
		}
		pred := ck.Predicted
		t.Logf("(%v, %v) %v: predicted Λ = %.4f μ = %.5f (%.2f Hz); measured: δ %.3g → %.3g, slope of ln δ = %.5f (%+.1f %%), Prony μ = %.5f (%.2f Hz), overlap %.5f",
			c.ie, c.eps, st.Kind, real(ck.Lambda), pred, hz(imag(pred)), ck.Deviation[0], ck.Deviation[len(ck.Deviation)-1],
			ck.Growth, 100*(ck.Growth-real(pred))/real(pred), ck.Fitted, hz(imag(ck.Fitted)), ck.Overlap)
		if math.Abs(ck.Growth-real(pred)) > 0.1*math.Abs(real(pred)) {
			t.Errorf("growth of the deviation %.5f /ms, predicted %.5f ± 10 %%", ck.Growth, real(pred))
		}
		if math.Abs(real(ck.Fitted)-real(pred)) > 0.1*math.Abs(real(pred)) {
			t.Errorf("Prony growth rate %.5f /ms, predicted %.5f ± 10 %%", real(ck.Fitted), real(pred))
		}
		if math.Abs(hz(imag(ck.Fitted))-hz(imag(pred))) > 1 {
			t.Errorf("modulation %.3f Hz, predicted %.3f ± 1 Hz", hz(imag(ck.Fitted)), hz(imag(pred)))
		}
		if ck.Overlap < 0.99 {
			t.Errorf("overlap of the sE profile with φ = %.5f, want ≥ 0.99", ck.Overlap)
		}
	}
}
