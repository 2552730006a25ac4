package ode

import (
	"fmt"
	"math"
)

// Dormand–Prince 5(4) coefficients (Hairer–Nørsett–Wanner I, Table II.5.2)
// and the dense-output coefficients of its fourth-order continuous
// extension (Hairer–Nørsett–Wanner I, §II.6; as in Hairer's DOPRI5 code).
const (
	dpC2, dpC3, dpC4, dpC5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	dpA21                             = 1.0 / 5
	dpA31, dpA32                      = 3.0 / 40, 9.0 / 40
	dpA41, dpA42, dpA43               = 44.0 / 45, -56.0 / 15, 32.0 / 9
	dpA51, dpA52, dpA53, dpA54        = 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729
	dpA61, dpA62, dpA63, dpA64, dpA65 = 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656
	dpA71, dpA73, dpA74, dpA75, dpA76 = 35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84

	dpE1, dpE3, dpE4, dpE5, dpE6, dpE7 = 71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40

	dpD1 = -12715105075.0 / 11282082432
	dpD3 = 87487479700.0 / 32700410799
	dpD4 = -10690763975.0 / 1880347072
	dpD5 = 701980252875.0 / 199316789632
	dpD6 = -1453857185.0 / 822651844
	dpD7 = 69997945.0 / 29380423
)

// Step-size controller constants of DoPri5 (the defaults of Hairer's DOPRI5).
const (
	dpSafe      = 0.9  // safety factor
	dpFacMin    = 0.2  // h_new/h ≥ dpFacMin
	dpFacMax    = 10.0 // h_new/h ≤ dpFacMax
	dpBeta      = 0.04 // PI (Lund) stabilisation exponent
	dpURound    = 2.3e-16
	lnFacOldMin = -9.210340371976184 // ln(1e-4)
)

// Default tolerances of DoPri5 used when RelTol and AbsTol are both zero.
const (
	DefaultRelTol = 1e-6
	DefaultAbsTol = 1e-9
)

// DoPri5 is the adaptive explicit Runge–Kutta method of Dormand and Prince
// of order 5 with an embedded order-4 error estimate (local extrapolation,
// FSAL: 6 right-hand-side evaluations per step), with dense output by its
// fourth-order continuous extension.
//
// The error of a step is the RMS norm
//
//	err = √( (1/n) Σ_i (ê_i / (AbsTol + RelTol·max(|y_i|, |y_i,new|)))² ),
//
// the step is accepted if err ≤ 1 and the next step size is chosen by the
// PI (Lund-stabilised) controller h_new = h · clamp(0.9 · err^−(0.2−0.75β) ·
// err_old^β, 0.2, 10) with β = 0.04; the first step size is estimated from
// f(t0, y0) and one explicit Euler step. All of this follows Hairer's DOPRI5
// code exactly (without its stiffness detection), so its step counts can be
// checked against it. A trial step with a non-finite state or derivative is
// rejected and the step size divided by 5. Integration runs forward in time
// only.
//
// Within [Solve] the last step before the end (or a breakpoint) is stretched
// by up to 1 % or shortened so that the step lands exactly on it.
//
// References:
//   - J. R. Dormand, P. J. Prince, A family of embedded Runge–Kutta formulae,
//     J. Comput. Appl. Math. 6, 19–26 (1980).
//   - E. Hairer, S. P. Nørsett, G. Wanner, Solving Ordinary Differential
//     Equations I, 2nd ed., Springer (1993), §II.4 (step control, initial
//     step), §II.5 (Table 5.2), §II.6 (dense output); code DOPRI5.
type DoPri5 struct {
	RelTol, AbsTol float64 // tolerances (≥ 0, not both 0; both 0: DefaultRelTol, DefaultAbsTol)
	MaxStep        float64 // largest step size (0: no limit)
	InitialStep    float64 // first step size (0: automatic)

	sys  System
	n    int
	w    window
	t, h float64 // current time, proposed next step size
	hmax float64 // step limit of the current piece

	tPrev, hLast               float64
	y, yNew, yOld              []float64
	k1, k2, k3, k4, k5, k6, k7 []float64
	k1Old                      []float64
	rc1, rc2, rc3, rc4, rc5    []float64 // dense-output coefficients of the last step
	denseOK                    bool

	started                bool
	lnFacOldBeta           float64 // β·ln(facold), facold = max(err of the last accepted step, 1e-4)
	reject                 bool
	rtol, atol             float64
	steps, rejected, evals int
	rejectedEarly          int // rejections before the first accepted step (Hairer does not count them)
}

// NewDoPri5 returns a Dormand–Prince 5(4) stepper with relative and
// absolute tolerances rtol and atol.
func NewDoPri5(rtol, atol float64) *DoPri5 { return &DoPri5{RelTol: rtol, AbsTol: atol} }

// Init implements Stepper. It returns an error for invalid tolerances or
// step limits and panics if len(y0) ≠ sys.Dim().
func (s *DoPri5) Init(sys System, t0 float64, y0 []float64) error {
	if err := refuseStepwise("DoPri5", sys); err != nil {
		return err
	}
	rtol, atol := s.RelTol, s.AbsTol
	if rtol == 0 && atol == 0 {
		rtol, atol = DefaultRelTol, DefaultAbsTol
	}
	switch {
	case !(rtol >= 0) || math.IsInf(rtol, 0):
		return fmt.Errorf("ode: DoPri5 RelTol = %v, want finite ≥ 0", s.RelTol)
	case !(atol >= 0) || math.IsInf(atol, 0):
		return fmt.Errorf("ode: DoPri5 AbsTol = %v, want finite ≥ 0", s.AbsTol)
	case !(s.MaxStep >= 0):
		return fmt.Errorf("ode: DoPri5 MaxStep = %v, want ≥ 0 (0: no limit)", s.MaxStep)
	case !(s.InitialStep >= 0) || math.IsInf(s.InitialStep, 0):
		return fmt.Errorf("ode: DoPri5 InitialStep = %v, want finite ≥ 0 (0: automatic)", s.InitialStep)
	case math.IsNaN(t0) || math.IsInf(t0, 0):
		return fmt.Errorf("ode: DoPri5 start time %v, want finite", t0)
	}
	n := checkInit(sys, y0)
	s.sys, s.n, s.rtol, s.atol = sys, n, rtol, atol
	for _, p := range []*[]float64{&s.y, &s.yNew, &s.yOld, &s.k1, &s.k2, &s.k3, &s.k4, &s.k5, &s.k6, &s.k7, &s.k1Old, &s.rc1, &s.rc2, &s.rc3, &s.rc4, &s.rc5} {
		*p = grow(*p, n)
	}
	copy(s.y, y0)
	s.w.reset()
	s.t, s.tPrev, s.hLast = t0, t0, 0
	s.h = s.InitialStep
	s.started, s.denseOK = false, false
	s.steps, s.rejected, s.evals, s.rejectedEarly = 0, 0, 0, 0
	return checkFinite(sys, t0, s.y)
}

// SetMaxStep limits the step size to h (0: no limit), from the next step on.
func (s *DoPri5) SetMaxStep(h float64) {
	s.MaxStep = h
	if s.started {
		s.hmax = s.pieceMax()
		if s.h > s.hmax {
			s.h = s.hmax
		}
	}
}

func (s *DoPri5) segment(end float64, disc bool) { s.w.setEnd(end, disc) }

func (s *DoPri5) restart() {
	s.started = false
	s.h = s.InitialStep
	s.w.lo = math.Nextafter(s.t, math.Inf(1))
}

// pieceMax is Hairer's HMAX: MaxStep, and at most the length of the piece.
func (s *DoPri5) pieceMax() float64 {
	hmax := math.Inf(1)
	if s.MaxStep > 0 {
		hmax = s.MaxStep
	}
	if d := s.w.end - s.t; d < hmax {
		hmax = d
	}
	return hmax
}

// start evaluates f at the current state and chooses the first step.
func (s *DoPri5) start() error {
	s.sys.Deriv(s.k1, s.w.at(s.t), s.y)
	s.evals++
	for i, v := range s.k1 {
		if v-v != 0 {
			return fmt.Errorf("%w: d%s/dt = %v at t = %g", ErrNonFinite, varName(s.sys, i), v, s.t)
		}
	}
	s.hmax = s.pieceMax()
	if s.h <= 0 {
		s.h = s.initialStep()
		s.evals++
	}
	if s.h > s.hmax {
		s.h = s.hmax
	}
	s.lnFacOldBeta, s.reject, s.started = dpBeta*lnFacOldMin, false, true
	return nil
}

// initialStep is Hairer's HINIT (HNW I, §II.4, "Starting step size").
func (s *DoPri5) initialStep() float64 {
	y, f0, y1, f1 := s.y, s.k1, s.k2, s.k3
	var dnf, dny float64
	for i := range y {
		sk := s.atol + s.rtol*math.Abs(y[i])
		dnf += (f0[i] / sk) * (f0[i] / sk)
		dny += (y[i] / sk) * (y[i] / sk)
	}
	var h float64
	if dnf <= 1e-10 || dny <= 1e-10 {
		h = 1e-6
	} else {
		h = math.Sqrt(dny/dnf) * 0.01
	}
	h = math.Min(h, s.hmax)
	for i := range y {
		y1[i] = y[i] + h*f0[i]
	}
	s.sys.Deriv(f1, s.w.at(s.t+h), y1)
	var der2 float64
	for i := range y {
		sk := s.atol + s.rtol*math.Abs(y[i])
		d := (f1[i] - f0[i]) / sk
		der2 += d * d
	}
	der2 = math.Sqrt(der2) / h
	der12 := math.Max(math.Abs(der2), math.Sqrt(dnf))
	var h1 float64
	if der12 <= 1e-15 || der12-der12 != 0 {
		h1 = math.Max(1e-6, h*1e-3)
	} else {
		h1 = math.Pow(0.01/der12, 1.0/5)
	}
	return math.Min(math.Min(100*h, h1), s.hmax)
}

// Step implements Stepper: it takes one accepted step, rejecting and
// retrying as often as needed. It returns an error wrapping ErrStepSize
// (and ErrNonFinite if the trial states were not finite) when the step size
// underflows.
func (s *DoPri5) Step() error {
	if !s.started {
		if err := s.start(); err != nil {
			return err
		}
	}
	const expo1 = 0.2 - dpBeta*0.75
	sys, y, yn := s.sys, s.y, s.yNew
	k1, k2, k3, k4, k5, k6, k7 := s.k1, s.k2, s.k3, s.k4, s.k5, s.k6, s.k7
	n := len(y)
	yn, k1, k2, k3, k4, k5, k6, k7 = yn[:n], k1[:n], k2[:n], k3[:n], k4[:n], k5[:n], k6[:n], k7[:n]
	badVar, badT := -1, 0.0
	for {
		h, t := s.h, s.t
		if 0.1*h <= math.Abs(t)*dpURound || !(h > 1e-300) {
			if badVar >= 0 {
				return fmt.Errorf("%w: %s = %v at t = %g (%w: h = %g)", ErrNonFinite, varName(sys, badVar), yn[badVar], badT, ErrStepSize, h)
			}
			return fmt.Errorf("%w: h = %g at t = %g", ErrStepSize, h, t)
		}
		last := false
		if t+1.01*h-s.w.end > 0 {
			h = s.w.end - t
			last = true
		}
		tph := t + h
		if last {
			tph = s.w.end
		}
		for i := range y {
			yn[i] = y[i] + h*dpA21*k1[i]
		}
		sys.Deriv(k2, s.w.at(t+dpC2*h), yn)
		for i := range y {
			yn[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
		}
		sys.Deriv(k3, s.w.at(t+dpC3*h), yn)
		for i := range y {
			yn[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
		}
		sys.Deriv(k4, s.w.at(t+dpC4*h), yn)
		for i := range y {
			yn[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
		}
		sys.Deriv(k5, s.w.at(t+dpC5*h), yn)
		for i := range y {
			yn[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
		}
		sys.Deriv(k6, s.w.at(tph), yn)
		for i := range y {
			yn[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
		}
		sys.Deriv(k7, s.w.at(tph), yn)
		s.evals += 6
		var err float64
		for i := range y {
			e := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
			a, b := math.Abs(y[i]), math.Abs(yn[i])
			if b > a {
				a = b
			}
			sk := s.atol + s.rtol*a
			err += (e / sk) * (e / sk)
		}
		err = math.Sqrt(err / float64(n))
		if err-err != 0 { // NaN or Inf: reject with the largest reduction
			badVar, badT = firstNonFinite(yn, k7), tph
			s.h = h * dpFacMin
			s.reject = true
			s.rejected++
			if s.steps == 0 {
				s.rejectedEarly++
			}
			continue
		}
		// Hairer's fac11 = err^expo1 and fac = fac11/facold^β, via one
		// logarithm and one exponential (facold^β is kept as its logarithm)
		lerr := math.Log(err)
		fac := math.Exp(expo1*lerr - s.lnFacOldBeta)
		fac = math.Max(1/dpFacMax, math.Min(1/dpFacMin, fac/dpSafe))
		hnew := h / fac
		if err > 1 {
			fac11 := math.Exp(expo1 * lerr)
			s.h = h / math.Min(1/dpFacMin, fac11/dpSafe)
			s.reject = true
			s.rejected++
			if s.steps == 0 {
				s.rejectedEarly++
			}
			continue
		}
		// accepted
		s.lnFacOldBeta = dpBeta * math.Max(lerr, lnFacOldMin)
		s.steps++
		s.yOld, s.y, s.yNew = s.y, s.yNew, s.yOld
		s.k1Old, s.k1, s.k7 = s.k1, s.k7, s.k1Old
		s.tPrev, s.t, s.hLast = t, tph, h
		s.denseOK = false
		if !last {
			if hnew > s.hmax {
				hnew = s.hmax
			}
			if s.reject {
				hnew = math.Min(hnew, h)
			}
		}
		s.reject = false
		s.h = hnew
		return nil
	}
}

func firstNonFinite(a, b []float64) int {
	for i, v := range a {
		if v-v != 0 {
			return i
		}
	}
	for i, v := range b {
		if v-v != 0 {
			return i
		}
	}
	return 0
}

// State implements Stepper.
func (s *DoPri5) State() (float64, []float64) { return s.t, s.y }

// LastStep implements Adaptive: the interval of the last accepted step.
func (s *DoPri5) LastStep() (tPrev, tNow float64) { return s.tPrev, s.t }

// Interpolate implements Adaptive: it writes into dst the state at time t in
// the last accepted step [tPrev, tNow], by the fourth-order continuous
// extension of the Dormand–Prince method (no extra evaluations of f).
// Before the first step it writes the initial state.
func (s *DoPri5) Interpolate(dst []float64, t float64) {
	if len(dst) != s.n {
		panic("ode: DoPri5.Interpolate dst length mismatch")
	}
	if s.hLast == 0 {
		copy(dst, s.y)
		return
	}
	if !s.denseOK {
		s.prepareDense()
	}
	theta := (t - s.tPrev) / s.hLast
	theta1 := 1 - theta
	rc1, rc2, rc3, rc4, rc5 := s.rc1, s.rc2[:len(dst)], s.rc3[:len(dst)], s.rc4[:len(dst)], s.rc5[:len(dst)]
	for i := range dst {
		dst[i] = rc1[i] + theta*(rc2[i]+theta1*(rc3[i]+theta*(rc4[i]+theta1*rc5[i])))
	}
}

// prepareDense computes the coefficients of the continuous extension of the
// last step from y_old, y_new, its stages and k7 = f(t_new, y_new) (now k1).
func (s *DoPri5) prepareDense() {
	h := s.hLast
	y0, y1, k1, k7 := s.yOld, s.y, s.k1Old, s.k1
	k3, k4, k5, k6 := s.k3, s.k4, s.k5, s.k6
	for i := range y0 {
		dy := y1[i] - y0[i]
		bspl := h*k1[i] - dy
		s.rc1[i] = y0[i]
		s.rc2[i] = dy
		s.rc3[i] = bspl
		s.rc4[i] = dy - h*k7[i] - bspl
		s.rc5[i] = h * (dpD1*k1[i] + dpD3*k3[i] + dpD4*k4[i] + dpD5*k5[i] + dpD6*k6[i] + dpD7*k7[i])
	}
	s.denseOK = true
}

// Stats implements Statser: accepted and rejected steps and evaluations of f.
func (s *DoPri5) Stats() Stats {
	return Stats{Steps: s.steps, Rejected: s.rejected, Evals: s.evals}
}
