package msf

import (
	"math"
	"math/cmplx"
)

// Mode is one point of the dispersion relation.
type Mode struct {
	Lambda    complex128   // eigenvalue Λ of W
	Exponents []complex128 // growth rates, sorted by decreasing real part (1/time unit)
}

// Leading returns the exponent with the largest real part.
func (m Mode) Leading() complex128 { return m.Exponents[0] }

// UnstableTol is the growth rate above which a mode counts as unstable in
// Dispersion.Unstable (1/time unit; it absorbs the integration error of
// Floquet exponents that are zero in exact arithmetic).
const UnstableTol = 1e-6

// Dispersion is the dispersion relation of a homogeneous state at a set of
// eigenvalues of W.
type Dispersion struct {
	State *State
	// Uniform are the exponents of the uniform mode Λ = 1 (for a cycle one
	// of them is 0 up to integration error).
	Uniform []complex128
	// Modes are the modes at the requested eigenvalues, in the given order.
	Modes []Mode
	// UniformIndex is the index in Modes of the uniform mode (the first Λ within
	// 1e-9 of 1), or −1 if there is none among the requested eigenvalues.
	UniformIndex int
	// MaxTransverse is the index in Modes of the transverse mode (every
	// mode but UniformIndex) with the largest leading real part (−1 if none).
	MaxTransverse int
	// Unstable is the number of transverse modes whose leading real part
	// exceeds UnstableTol.
	Unstable int
}

// Dispersion evaluates the exponents at Λ = 1 and at every eigenvalue in
// lambdas and summarises them.
func (a *Analysis) Dispersion(lambdas []complex128) (*Dispersion, error) {
	d := &Dispersion{State: a.State, UniformIndex: -1, MaxTransverse: -1}
	u, err := a.Exponents(nil, 1)
	if err != nil {
		return nil, err
	}
	d.Uniform = u
	d.Modes = make([]Mode, len(lambdas))
	for i, l := range lambdas {
		if d.UniformIndex < 0 && cmplx.Abs(l-1) < 1e-9 {
			d.UniformIndex = i
			d.Modes[i] = Mode{Lambda: l, Exponents: append([]complex128(nil), u...)}
			continue
		}
		e, err := a.Exponents(nil, l)
		if err != nil {
			return nil, err
		}
		d.Modes[i] = Mode{Lambda: l, Exponents: e}
	}
	best := math.Inf(-1)
	for i, m := range d.Modes {
		if i == d.UniformIndex {
			continue
		}
		re := real(m.Leading())
		if re > UnstableTol {
			d.Unstable++
		}
		if re > best {
			best, d.MaxTransverse = re, i
		}
	}
	return d, nil
}

// Curve evaluates the leading exponent on n equally spaced real Λ in
// [lo, hi] (the continuous dispersion relation).
func (a *Analysis) Curve(lo, hi float64, n int) ([]Mode, error) {
	ms := make([]Mode, n)
	for i := range ms {
		l := lo
		if n > 1 {
			l = lo + (hi-lo)*float64(i)/float64(n-1)
		}
		e, err := a.Exponents(nil, complex(l, 0))
		if err != nil {
			return nil, err
		}
		ms[i] = Mode{Lambda: complex(l, 0), Exponents: e}
	}
	return ms, nil
}
