// Package lyapunov computes Lyapunov exponents of ODE systems with the
// Benettin–Shimada–Nagashima algorithm: the state is integrated together with
// k tangent vectors obeying the variational equations dQ/dt = J(t, y) Q (the
// library's one tangent system, ode.Tangent), and
// every Interval the tangent vectors are re-orthonormalised by a QR
// (modified Gram–Schmidt) decomposition; the time averages of ln|R_ii| are
// the k largest Lyapunov exponents.
//
// The Jacobian–vector products J q come from an analytic Jacobian when the
// system implements [ode.Jacobian] (used for small systems, Dim ≤
// [DenseLimit]), from a caller-supplied function, or from central finite
// differences of the right-hand side,
//
//	J q ≈ [f(y + h q) − f(y − h q)] / (2h),  h = ε^{1/3} max(1, ‖y‖∞) / ‖q‖∞  (ode.FDStep),
//
// which costs two right-hand-side evaluations per tangent vector and needs no
// n×n matrix (the method of choice for networks of hundreds of variables).
//
// References:
//   - G. Benettin, L. Galgani, A. Giorgilli, J.-M. Strelcyn, Lyapunov
//     characteristic exponents for smooth dynamical systems and for
//     Hamiltonian systems; a method for computing all of them, Meccanica 15,
//     9–30 (1980), doi:10.1007/BF02128236.
//   - I. Shimada, T. Nagashima, A numerical approach to ergodic problem of
//     dissipative dynamical systems, Prog. Theor. Phys. 61, 1605 (1979).
//   - A. Wolf, J. B. Swift, H. L. Swinney, J. A. Vastano, Determining
//     Lyapunov exponents from a time series, Physica D 16, 285 (1985)
//     (Lorenz reference values).
package lyapunov

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/ode"
	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/settings"
)

// DenseLimit is the largest dimension for which an analytic n×n Jacobian
// (ode.Jacobian) is used automatically; larger systems use finite-difference
// Jacobian–vector products unless Options.Method says otherwise.
const DenseLimit = 64

// Method selects how Jacobian–vector products are formed.
type Method int

const (
	// Auto uses Options.Jac if set, else the system's analytic Jacobian
	// (ode.Jacobian) when Dim ≤ DenseLimit, else finite differences.
	Auto Method = iota
	// Analytic requires Options.Jac or an ode.Jacobian system.
	Analytic
	// FiniteDifference always uses central differences of the right-hand side.
	FiniteDifference
)

// Options are the settings of Spectrum. A nil *Options means the defaults.
type Options struct {
	// K is the number of exponents (the K largest); 0 means all (Dim).
	K int
	// Transient is the time integrated before averaging starts (the tangent
	// vectors are renormalised during it, so they are aligned when averaging
	// starts). Default 0.
	Transient float64
	// Duration is the averaging time after the transient (> 0; default 1000).
	Duration float64
	// Interval is the re-orthonormalisation interval (default 1). Choose it
	// so that the tangent vectors grow by much less than ~1e100 in between.
	Interval float64
	// Dt is the RK4 step used when Stepper is nil (default Interval/100); it
	// is shortened so that it divides Interval.
	Dt float64
	// Stepper integrates the extended system (state + tangent vectors).
	// Nil means RK4 with Dt. A fixed-step stepper must divide Interval.
	Stepper ode.Stepper
	// Method selects the Jacobian–vector products (default Auto).
	Method Method
	// Jac is an optional analytic Jacobian ∂f_i/∂y_j (overrides the system's).
	Jac ode.JacFunc
	// Context cancels the computation (nil: never).
	Context context.Context
	// Progress receives (integrated time, Transient+Duration) (nil: none).
	Progress progress.Func
}

// Result is the output of Spectrum.
type Result struct {
	// Exponents are the K largest Lyapunov exponents (1/time unit of the
	// system), in the order produced by the QR method (decreasing up to
	// statistical fluctuations).
	Exponents []float64
	// Time is the averaging time actually used.
	Time float64
	// Y is the state at the end of the run.
	Y []float64
}

// Sum returns the sum of the exponents (the average phase-space contraction
// rate of the K-dimensional volume; for K = Dim the time average of the
// trace of the Jacobian).
func (r *Result) Sum() float64 {
	s := 0.0
	for _, e := range r.Exponents {
		s += e
	}
	return s
}

// Spectrum computes the K largest Lyapunov exponents of sys starting from
// (t0, y0). The initial tangent vectors are the first K unit vectors plus a fixed
// small generic tilt (deterministic). It
// returns an error for invalid options, a non-finite state (wrapping
// ode.ErrNonFinite) or a cancelled context.
func Spectrum(sys ode.System, t0 float64, y0 []float64, opt *Options) (*Result, error) {
	o := settings.Of(opt)
	n := sys.Dim()
	if len(y0) != n {
		return nil, fmt.Errorf("lyapunov: len(y0) = %d, want Dim() = %d", len(y0), n)
	}
	settings.Default(&o.K, n)
	if o.K < 1 || o.K > n {
		return nil, fmt.Errorf("lyapunov: K = %d, want 1 ≤ K ≤ %d", o.K, n)
	}
	settings.Default(&o.Duration, 1000)
	settings.Default(&o.Interval, 1)
	switch {
	case !(o.Duration > 0) || math.IsInf(o.Duration, 0):
		return nil, fmt.Errorf("lyapunov: Duration = %v, want finite > 0", o.Duration)
	case !(o.Interval > 0) || o.Interval > o.Duration:
		return nil, fmt.Errorf("lyapunov: Interval = %v, want in (0, Duration = %v]", o.Interval, o.Duration)
	case !(o.Transient >= 0) || math.IsInf(o.Transient, 0):
		return nil, fmt.Errorf("lyapunov: Transient = %v, want finite ≥ 0", o.Transient)
	case o.Dt < 0 || math.IsNaN(o.Dt):
		return nil, fmt.Errorf("lyapunov: Dt = %v, want ≥ 0", o.Dt)
	}
	var jac ode.JacFunc
	switch o.Method {
	case Auto, Analytic:
		if o.Jac != nil {
			jac = o.Jac
		} else if j, ok := sys.(ode.Jacobian); ok && (o.Method == Analytic || n <= DenseLimit) {
			jac = j.Jac
		} else if o.Method == Analytic {
			return nil, errors.New("lyapunov: Method Analytic needs Options.Jac or a system implementing ode.Jacobian")
		}
	case FiniteDifference:
	default:
		return nil, fmt.Errorf("lyapunov: unknown Method %d", o.Method)
	}
	ext := ode.NewTangent(sys, o.K, jac)
	st := o.Stepper
	if st == nil {
		dt := o.Dt
		if dt == 0 {
			dt = o.Interval / 100
		}
		steps := math.Ceil(o.Interval/dt - 1e-9)
		st = ode.NewRK4(o.Interval / steps)
	}
	z := make([]float64, ext.Dim())
	copy(z, y0)
	for c := 0; c < o.K; c++ {
		// generic (not axis-aligned) deterministic start vectors, so that no
		// invariant coordinate subspace traps them; orthonormalised by the
		// first QR step
		q := z[n*(1+c) : n*(2+c)]
		for i := range q {
			q[i] = 0.1 * math.Sin(1.6180339887*float64((i+1)*(c+1))+0.3*float64(c))
		}
		q[c] += 1
	}
	sum := make([]float64, o.K)
	var set ode.Settings
	set.Context = o.Context
	total := o.Transient + o.Duration
	t := t0
	averaged := 0.0
	// number of intervals in the transient and in the averaging window
	nTr := int(math.Round(o.Transient / o.Interval))
	nAv := int(math.Round(o.Duration / o.Interval))
	if nAv < 1 {
		nAv = 1
	}
	for it := 0; it < nTr+nAv; it++ {
		if _, err := ode.Solve(ext, st, t, t+o.Interval, z, &set, nil); err != nil {
			return nil, fmt.Errorf("lyapunov: %w", err)
		}
		tn, zn := st.State()
		dt := tn - t
		t = tn
		copy(z, zn)
		// modified Gram–Schmidt on the tangent vectors
		for c := 0; c < o.K; c++ {
			q := z[n*(1+c) : n*(2+c)]
			for p := 0; p < c; p++ {
				qp := z[n*(1+p) : n*(2+p)]
				d := 0.0
				for i := range q {
					d += q[i] * qp[i]
				}
				for i := range q {
					q[i] -= d * qp[i]
				}
			}
			norm := 0.0
			for _, v := range q {
				norm += v * v
			}
			norm = math.Sqrt(norm)
			if !(norm > 0) || math.IsInf(norm, 0) {
				return nil, fmt.Errorf("lyapunov: tangent vector %d has norm %v at t = %g (reduce Interval)", c, norm, t)
			}
			for i := range q {
				q[i] /= norm
			}
			if it >= nTr {
				sum[c] += math.Log(norm)
			}
		}
		if it >= nTr {
			averaged += dt
		}
		o.Progress.Report(t-t0, total)
	}
	res := &Result{Exponents: make([]float64, o.K), Time: averaged, Y: append([]float64(nil), z[:n]...)}
	for c := range sum {
		res.Exponents[c] = sum[c] / averaged
	}
	return res, nil
}
