package msf

import (
	"math"
	"testing"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

// Issue 7: the predicted growth rate of the most unstable mode matches the
// measured exponential growth of the deviation from synchrony in a network
// simulation (90 E–I nodes, AAL-90, (IE, ε) = (12, 8)) within 10 %; the
// modulation frequency matches Im μ; the spatial profile stays on the
// predicted eigenvector of W.
//
// The network (package network, RK4 with step T/696) starts on the
// synchronous cycle plus 1e-8 × (eigenvector φ of the most unstable Λ) in
// sE. Measured: (i) the least-squares slope of ln δ(mT) over 40 cycles
// (δ = Deviation, sampled once per cycle); (ii) Prony's fit of the mode
// amplitude ξ_α(mT) (projection on the dual eigenvector), giving Re and Im.
func TestNetworkGrowthMatchesMSF(t *testing.T) {
	w := loadAAL(t)
	modes, err := NewModes(w)
	if err != nil {
		t.Fatal(err)
	}
	p := eiProblem(12, 8)
	st, err := p.FindState(eiY0, nil)
	if err != nil || st.Kind != Periodic {
		t.Fatalf("state %v %v", st, err)
	}
	a, _ := p.Analyze(st, nil)
	d, err := a.Dispersion(modes.Lambda)
	if err != nil {
		t.Fatal(err)
	}
	alpha := d.MaxTransverse
	pred := d.Modes[alpha].Leading()
	t.Logf("predicted: Λ = %.4f, μ = %.5f (modulation %.2f Hz)", real(modes.Lambda[alpha]), pred, math.Abs(imag(pred))/(2*math.Pi)*1000)

	node := nmm.DefaultEI()
	node.IE = 12
	net, err := network.New(network.Homogeneous(&node, 90), w, &network.Config{G: 8})
	if err != nil {
		t.Fatal(err)
	}
	y0 := net.Synchronous(st.Y)
	phi := modes.Vector(alpha)
	for n := 0; n < 90; n++ {
		y0[n*6+nmm.EIsE] += 1e-8 * real(phi[n])
	}
	steps := 696
	rk := ode.NewRK4(st.Period / float64(steps))
	if err := rk.Init(net, 0, y0); err != nil {
		t.Fatal(err)
	}
	const cycles = 50
	var ts, dev []float64
	var samples [][]complex128
	var profile []float64
	for m := 0; m <= cycles; m++ {
		_, y := rk.State()
		ts = append(ts, float64(m)*st.Period)
		dev = append(dev, Deviation(y, 90, 6))
		samples = append(samples, modes.Project(nil, y, 6, alpha))
		profile = Profile(profile, y, 90, 6, nmm.EIsE)
		if m == cycles {
			break
		}
		for range steps {
			if err := rk.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("deviation from synchrony: %.3g → %.3g over %d cycles", dev[0], dev[cycles], cycles)
	g, err := GrowthRate(ts, dev, 10*st.Period, ts[cycles])
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FloquetFit(samples[10:], st.Period)
	if err != nil {
		t.Fatal(err)
	}
	ov := Overlap(phi, profile)
	t.Logf("measured: slope of ln δ = %.5f /ms (%.1f %% off), Prony μ = %.5f (%.2f Hz), overlap with φ = %.6f",
		g, 100*(g-real(pred))/real(pred), fit, math.Abs(imag(fit))/(2*math.Pi)*1000, ov)
	if math.Abs(g-real(pred)) > 0.1*real(pred) {
		t.Errorf("growth of the deviation %.5f /ms, predicted %.5f ± 10 %%", g, real(pred))
	}
	if math.Abs(real(fit)-real(pred)) > 0.1*real(pred) {
		t.Errorf("Prony growth rate %.5f /ms, predicted %.5f ± 10 %%", real(fit), real(pred))
	}
	if math.Abs(math.Abs(imag(fit))-math.Abs(imag(pred)))/(2*math.Pi)*1000 > 1 {
		t.Errorf("modulation %.3f Hz, predicted %.3f ± 1 Hz", math.Abs(imag(fit))/(2*math.Pi)*1000, math.Abs(imag(pred))/(2*math.Pi)*1000)
	}
	if ov < 0.99 {
		t.Errorf("overlap of the sE profile with φ = %.5f, want ≥ 0.99", ov)
	}
}
