package spiking

import (
	"math"
	"math/rand/v2"
	"testing"
)

// directReset is the reset scheme written out plainly, one neuron at a time
// with a refractory counter (the MPR 2015 method as in the package
// documentation): the reference for the optimised step (queue of refractory
// neurons, hg = 0 instead of a branch, several workers).
type directReset struct {
	eta, v    []float64
	ref       []int64
	cnt       []int
	h, vp     float64
	nRef, nHf int64
	synW      float64
	start     []int32
	post      []int32
}

// step advances all neurons with common input c and returns the neurons
// whose spike is registered in this step, in index order.
func (d *directReset) step(c float64) []int {
	var spk []int
	for i := range d.eta {
		a := d.eta[i] + c
		if d.cnt != nil {
			a += d.synW * float64(d.cnt[i])
			d.cnt[i] = 0
		}
		if d.ref[i] > 0 {
			d.ref[i]--
			if d.ref[i] == d.nHf {
				spk = append(spk, i)
				d.v[i] = -d.vp
			}
			continue
		}
		x := d.v[i]
		x += d.h * (x*x + a)
		if x >= d.vp {
			x = d.vp
			d.ref[i] = d.nRef
		}
		d.v[i] = x
	}
	if d.cnt != nil {
		for _, j := range spk {
			for _, tg := range d.post[d.start[j]:d.start[j+1]] {
				d.cnt[tg]++
			}
		}
	}
	return spk
}

// TestResetMatchesDirect: the optimised reset step gives bit-for-bit the
// voltages and spikes of the plain per-neuron loop (all-to-all with a
// pulse, and sparse), for 1, 2 and 3 workers.
func TestResetMatchesDirect(t *testing.T) {
	for _, sparse := range []bool{false, true} {
		for _, w := range []int{1, 2, 3} {
			q := QIF{N: 3001, Tau: 1, EtaBar: -2, Delta: 2, J: 15, Input: func(t float64) float64 {
				if t > 0.2 && t < 0.6 {
					return 4
				}
				return 0
			}}
			if sparse {
				q.InDegree = 40
			}
			const dt = 1e-3
			s, err := New(q, Options{Scheme: Reset, Dt: dt, Vp: 50, Workers: w, RasterNeurons: q.N}, rand.New(rand.NewPCG(9, 9)))
			if err != nil {
				t.Fatal(err)
			}
			d := &directReset{eta: s.eta, v: append([]float64(nil), s.v...), ref: make([]int64, q.N), h: dt, vp: 50,
				nRef: s.nRef, nHf: s.nHalf}
			if sparse {
				d.cnt, d.synW, d.start, d.post = make([]int, q.N), s.synW, s.start, s.post
			}
			last := 0
			var spikes int
			for k := 0; k < 1500; k++ {
				tm := float64(k) * dt
				c := q.Input(tm+dt/2) + s.jGlobal*float64(last)
				got0 := len(s.raster)
				if err := s.Run(dt, nil); err != nil {
					t.Fatal(err)
				}
				want := d.step(c)
				got := s.raster[got0:]
				if len(got) != len(want) {
					t.Fatalf("sparse=%v workers=%d step %d: %d spikes, want %d", sparse, w, k, len(got), len(want))
				}
				for i := range want {
					if got[i].Neuron != want[i] {
						t.Fatalf("sparse=%v workers=%d step %d: spike %d of neuron %d, want %d", sparse, w, k, i, got[i].Neuron, want[i])
					}
				}
				if !sparse {
					last = len(want)
				}
				spikes += len(want)
				v := s.Voltages(nil)
				for i := range v {
					if v[i] != d.v[i] && !(math.IsNaN(v[i]) && math.IsNaN(d.v[i])) {
						t.Fatalf("sparse=%v workers=%d step %d: V[%d] = %v, want %v", sparse, w, k, i, v[i], d.v[i])
					}
				}
			}
			if spikes < q.N/2 {
				t.Fatalf("sparse=%v: only %d spikes: test too weak", sparse, spikes)
			}
		}
	}
}
