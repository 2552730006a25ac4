package network

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/bold"
	"github.com/ngnmm/ngnmm/nmm/fc"
	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
)

// RunOptions are the options of [Run]. Times are in the model's time unit.
type RunOptions struct {
	T         float64    // duration after the transient; > 0
	Transient float64    // discarded lead time; ≥ 0
	Dt        float64    // step; > 0
	Method    Method     // fixed-step scheme (zero value RK4)
	Rand      *rand.Rand // noise source (required with noise)
	// Average is the number of steps averaged into one sample of the
	// recorded signals (≥ 1; e.g. 1 ms / Dt).
	Average int
	// RateVars are node variables whose network-wide mean is reported
	// (e.g. rE and rI), RateScale multiplies them (1000: kHz → Hz).
	RateVars  []int
	RateScale float64
	// Record lists node variables recorded (averaged) for every node;
	// the first is the signal of FC and of the order parameter. Empty: the
	// coupling variable.
	Record []int
	// BOLD, if non-nil, feeds the averaged variable BOLDVar (times
	// BOLDScale) into a Balloon–Windkessel observer with sampling TR (s);
	// TimeScale converts the model time unit to seconds (1e-3 for ms).
	// The BOLD model integrates from the start, through the transient (so
	// that the haemodynamic response to the onset of activity can settle:
	// use a transient of ≥ 10 s); samples before Transient are dropped.
	BOLD      *bold.Balloon
	BOLDVar   int
	BOLDScale float64
	TR        float64
	TimeScale float64
	Progress  progress.Func
	// Context cancels the run (nil: never).
	Context context.Context
	// Stream keeps no recordings: Signals, Order, OrderMean and
	// Metastability stay empty, FC and FCMean are still computed (streamed),
	// so memory is O(N²) however long the run.
	Stream bool
	// Sink, if non-nil, receives every averaged sample of the first Record
	// variable after the transient (N values, with or without Stream; e.g.
	// a CSVWriter that writes the signals to a file as they are produced).
	Sink ode.Observer
}

// Result is what [Run] returns.
type Result struct {
	MeanRate      []float64         // network- and time-averaged RateVars (× RateScale), after the transient
	Signals       []*nmm.TimeSeries // averaged recordings, one per Record variable (columns = nodes)
	FC            *mat.Dense        // Pearson FC of Signals[0]
	FCMean        float64           // mean of FC's upper triangle
	Order         []float64         // Kuramoto order parameter R(t) of Signals[0] (Hilbert phases)
	OrderMean     float64           // time average of R (first and last 5 % dropped: Hilbert edge effects)
	Metastability float64           // standard deviation of R over the same span
	BOLD          *nmm.TimeSeries   // BOLD samples (nil without BOLD)
	BOLDFC        *mat.Dense        // FC of the BOLD signals (nil if fewer than 3 samples)
	Stats         ode.Stats
}

// Run simulates net from y0 for Transient + T and returns, for the time
// after the transient, averaged recordings, mean rates, FC, the Kuramoto order parameter and, optionally,
// BOLD with its FC. Memory is O(N · T/(Average·Dt)) for the recordings plus
// O(N²); BOLD and its FC are streamed.
func Run(net *Network, y0 []float64, o RunOptions) (*Result, error) {
	if !(o.T > 0) || !(o.Transient >= 0) || math.IsInf(o.T+o.Transient, 0) {
		return nil, fmt.Errorf("network: Run T = %v, Transient = %v: want T > 0, Transient ≥ 0, finite", o.T, o.Transient)
	}
	if o.Average < 1 {
		return nil, fmt.Errorf("network: Run Average = %d, want ≥ 1", o.Average)
	}
	rec := o.Record
	if len(rec) == 0 {
		rec = []int{net.cv}
	}
	for _, v := range append(append([]int(nil), rec...), o.RateVars...) {
		if v < 0 || v >= net.dim {
			return nil, fmt.Errorf("network: Run variable %d, want in [0, %d]", v, net.dim-1)
		}
	}
	res := &Result{MeanRate: make([]float64, len(o.RateVars))}
	labels := make([]string, net.n)
	for i := range labels {
		labels[i] = fmt.Sprint(i)
	}
	tStart := o.Transient
	after := func(next ode.Observer) ode.Observer {
		return ode.ObserverFunc(func(t float64, y []float64) error {
			if t <= tStart {
				return nil
			}
			return next.Observe(t, y)
		})
	}
	var tee Tee
	sigFC := fc.NewStream(net.n)                   // FC of the first recording, streamed
	capT := int(o.T/(float64(o.Average)*o.Dt)) + 2 // preallocate: no growth garbage
	first := ode.Observer(sigFC)
	if o.Sink != nil {
		first = Tee{sigFC, o.Sink}
	}
	for k, v := range rec {
		next := first
		if !o.Stream {
			ts := nmm.NewTimeSeries(labels, nil)
			ts.T = make([]float64, 0, capT)
			ts.Data = make([]float64, 0, capT*net.n)
			ts.Attrs["variable"] = net.vars[v]
			res.Signals = append(res.Signals, ts)
			next = ts
			if k == 0 {
				next = Tee{ts, first}
			}
		} else if k > 0 {
			break
		}
		a, _ := NewTemporalAverage(o.Average, after(next))
		s, _ := NewSelect(net, v, a)
		tee = append(tee, s)
	}
	var bst *fc.Stream
	if o.BOLD != nil {
		if o.BOLDVar < 0 || o.BOLDVar >= net.dim {
			return nil, fmt.Errorf("network: Run BOLDVar %d, want in [0, %d]", o.BOLDVar, net.dim-1)
		}
		res.BOLD = nmm.NewTimeSeries(labels, nil)
		bst = fc.NewStream(net.n)
		b, err := bold.New(net.n, *o.BOLD, o.TimeScale, o.TR, o.BOLDScale, after(Tee{res.BOLD, bst}))
		if err != nil {
			return nil, err
		}
		a, _ := NewTemporalAverage(o.Average, b)
		s, _ := NewSelect(net, o.BOLDVar, a)
		tee = append(tee, s)
	}
	sums := make([]float64, len(o.RateVars))
	count := 0
	half := 0.5 * o.Dt
	obs := ode.ObserverFunc(func(t float64, y []float64) error {
		if t >= tStart-half {
			for k, v := range o.RateVars {
				s := 0.0
				for i := 0; i < net.n; i++ {
					s += y[i*net.dim+v]
				}
				sums[k] += s
			}
			count++
		}
		return tee.Observe(t, y)
	})
	st, err := Simulate(net, 0, o.Transient+o.T, y0, &Options{Method: o.Method, Dt: o.Dt, Rand: o.Rand,
		Settings: &ode.Settings{Progress: o.Progress, Context: o.Context}}, obs)
	res.Stats = st
	if err != nil {
		return res, err
	}
	scale := o.RateScale
	if scale == 0 {
		scale = 1
	}
	for k := range sums {
		res.MeanRate[k] = scale * sums[k] / float64(count*net.n)
	}
	if o.Stream {
		if sigFC.Count() >= 2 {
			if res.FC, err = sigFC.Matrix(); err != nil {
				return res, err
			}
			res.FCMean = fc.Mean(res.FC)
		}
	} else if sig := res.Signals[0]; sig.Len() >= 2 {
		x := mat.NewDense(sig.Len(), net.n, sig.Data) // a view, no copy
		if res.FC, err = sigFC.Matrix(); err != nil {
			return res, err
		}
		res.FCMean = fc.Mean(res.FC)
		res.Order = fc.KuramotoOrder(x)
		lo, hi := len(res.Order)/20, len(res.Order)-len(res.Order)/20
		res.Metastability, res.OrderMean = fc.Metastability(res.Order[lo:hi])
	}
	if bst != nil && bst.Count() >= 3 {
		res.BOLDFC, _ = bst.Matrix()
	}
	return res, nil
}
