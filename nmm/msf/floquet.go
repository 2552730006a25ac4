package msf

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"github.com/ngnmm/ngnmm/nmm/ode"
)

// orbit holds one period of the homogeneous cycle integrated by RK4 with
// the node Jacobian ∂f/∂y and coupling Jacobian ∂f/∂c at each of the four
// stage states of every step, so that the mode variational equations
// dξ/dt = [J(t) + G Λ b(t) e_kᵀ] ξ can be integrated for many Λ with the
// same RK4 scheme as the combined (state + tangent) system.
type orbit struct {
	p      *Problem
	jw     *jacobians
	n, k   int
	steps  int
	dt     float64
	period float64
	jac    []float64 // steps × 4 × n × n
	b      []float64 // steps × 4 × n
	prop   []float64 // RK4 step propagator coefficients (see poly.go), nil until needed
	// work
	y      []float64
	hom    *Homogeneous
	pr, pi []float64 // Φ (real, imaginary)
	wr, wi []float64 // stage argument
	kr, ki [4][]float64
	mm     []complex128
}

func newOrbit(p *Problem, jw *jacobians, steps int) *orbit {
	n := jw.n
	o := &orbit{p: p, jw: jw, n: n, k: jw.k, steps: steps,
		jac: make([]float64, steps*4*n*n), b: make([]float64, steps*4*n),
		y:   make([]float64, n),
		hom: p.Homogeneous(),
		pr:  make([]float64, n*n), pi: make([]float64, n*n), wr: make([]float64, n*n), wi: make([]float64, n*n),
		mm: make([]complex128, n*n),
	}
	for s := range o.kr {
		o.kr[s], o.ki[s] = make([]float64, n*n), make([]float64, n*n)
	}
	return o
}

// compute integrates one period from y0 with period T (steps of T/steps)
// by ode.RK4, storing the Jacobians at the stage states of every step, and
// returns the end state (owned by o).
func (o *orbit) compute(y0 []float64, T float64) []float64 {
	o.period, o.dt = T, T/float64(o.steps)
	rec := &stageRecorder{o: o}
	rk := ode.NewRK4(o.dt)
	if err := rk.Init(rec, 0, y0); err != nil {
		panic(err) // o.dt > 0 and len(y0) = n are checked by Analyze
	}
	for s := 0; s < o.steps; s++ {
		if rk.Step() != nil {
			break // non-finite: the exponents will say so
		}
	}
	_, y := rk.State()
	copy(o.y, y)
	return o.y
}

// stageRecorder is the homogeneous system as seen by RK4 in compute: each
// evaluation (the four stages of every step, in order) also stores the
// node and coupling Jacobians at the stage state.
type stageRecorder struct {
	o   *orbit
	idx int
}

func (r *stageRecorder) Dim() int { return r.o.n }

func (r *stageRecorder) Deriv(dst []float64, t float64, y []float64) {
	o, n := r.o, r.o.n
	if idx := r.idx; idx < o.steps*4 {
		o.jw.eval(o.jac[idx*n*n:(idx+1)*n*n], o.b[idx*n:(idx+1)*n], t, y)
	}
	r.idx++
	o.hom.Deriv(dst, t, y)
}

// apply computes K = M(stage) W with M = J + gl b e_kᵀ, W = (wr, wi).
func (o *orbit) apply(kr, ki, wr, wi []float64, idx int, gl complex128, cplx bool) {
	n, k := o.n, o.k
	jac := o.jac[idx*n*n : (idx+1)*n*n]
	b := o.b[idx*n : (idx+1)*n]
	gr, gi := real(gl), imag(gl)
	for i := 0; i < n; i++ {
		row := jac[i*n : (i+1)*n]
		ri := kr[i*n : (i+1)*n]
		for j := range ri {
			ri[j] = 0
		}
		for l, a := range row {
			if a == 0 {
				continue
			}
			wl := wr[l*n : (l+1)*n]
			for j, w := range wl {
				ri[j] += a * w
			}
		}
		bi := b[i]
		if bi != 0 {
			wk := wr[k*n : (k+1)*n]
			for j := range ri {
				ri[j] += gr * bi * wk[j]
			}
			if cplx {
				wki := wi[k*n : (k+1)*n]
				for j := range ri {
					ri[j] -= gi * bi * wki[j]
				}
			}
		}
		if !cplx {
			continue
		}
		ii := ki[i*n : (i+1)*n]
		for j := range ii {
			ii[j] = 0
		}
		for l, a := range row {
			if a == 0 {
				continue
			}
			wl := wi[l*n : (l+1)*n]
			for j, w := range wl {
				ii[j] += a * w
			}
		}
		if bi != 0 {
			wk, wki := wr[k*n:(k+1)*n], wi[k*n:(k+1)*n]
			for j := range ii {
				ii[j] += bi * (gr*wki[j] + gi*wk[j])
			}
		}
	}
}

// monodromy integrates Φ' = [J + G Λ b e_kᵀ] Φ, Φ(0) = I over the stored
// period and leaves Φ(T) in (o.pr, o.pi).
func (o *orbit) monodromy(lambda complex128) {
	n := o.n
	gl := complex(o.p.G, 0) * lambda
	cplx := imag(gl) != 0
	for i := range o.pr {
		o.pr[i], o.pi[i] = 0, 0
	}
	for i := 0; i < n; i++ {
		o.pr[i*n+i] = 1
	}
	h := o.dt
	for s := 0; s < o.steps; s++ {
		base := s * 4
		o.apply(o.kr[0], o.ki[0], o.pr, o.pi, base, gl, cplx)
		for stage := 1; stage < 4; stage++ {
			c := 0.5 * h
			if stage == 3 {
				c = h
			}
			for i := range o.wr {
				o.wr[i] = o.pr[i] + c*o.kr[stage-1][i]
			}
			if cplx {
				for i := range o.wi {
					o.wi[i] = o.pi[i] + c*o.ki[stage-1][i]
				}
			}
			o.apply(o.kr[stage], o.ki[stage], o.wr, o.wi, base+stage, gl, cplx)
		}
		for i := range o.pr {
			o.pr[i] += h / 6 * (o.kr[0][i] + 2*o.kr[1][i] + 2*o.kr[2][i] + o.kr[3][i])
		}
		if cplx {
			for i := range o.pi {
				o.pi[i] += h / 6 * (o.ki[0][i] + 2*o.ki[1][i] + 2*o.ki[2][i] + o.ki[3][i])
			}
		}
	}
}

// monodromyReal returns Φ(T) for a real G Λ (owned by o).
func (o *orbit) monodromyReal(lambda complex128) []float64 {
	o.monodromy(lambda)
	return o.pr
}

// exponents writes the Floquet exponents ln(m)/T at Λ into dst, sorted by
// decreasing real part.
func (o *orbit) exponents(dst []complex128, lambda complex128) error {
	if o.prop == nil {
		o.propagators()
	}
	o.monodromyPoly(lambda)
	for i := range o.mm {
		o.mm[i] = complex(o.pr[i], o.pi[i])
	}
	if !ceig(dst, o.mm, o.n) {
		return errors.New("msf: eigenvalues of the monodromy matrix did not converge")
	}
	for i, m := range dst {
		dst[i] = cmplx.Log(m) / complex(o.period, 0)
	}
	sortExp(dst)
	return nil
}

// Analysis holds a homogeneous state with what the dispersion relation
// needs (the stage Jacobians along one period of a cycle, or the Jacobians
// at a fixed point). Its methods are not safe for concurrent use: use one
// Analysis per goroutine.
type Analysis struct {
	Problem Problem
	State   *State
	n, k    int
	jac, b  []float64 // stationary
	mm      []complex128
	orb     *orbit
}

// Analyze prepares the dispersion relation of a stationary or periodic
// homogeneous state (usually from FindState). For a cycle the orbit is
// integrated once with RK4 steps of Period/ceil(Period/Dt).
func (p *Problem) Analyze(st *State, opt *Options) (*Analysis, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	o, err := opt.defaults()
	if err != nil {
		return nil, err
	}
	if st == nil || st.Kind == None {
		return nil, errors.New("msf: no homogeneous state to analyse")
	}
	n := p.Node.Dim()
	if len(st.Y) != n {
		return nil, fmt.Errorf("msf: len(State.Y) = %d, want %d", len(st.Y), n)
	}
	a := &Analysis{Problem: *p, State: st, n: n, k: p.Node.CouplingVar(), mm: make([]complex128, n*n)}
	jw := p.newJacobians()
	switch st.Kind {
	case Stationary:
		a.jac, a.b = make([]float64, n*n), make([]float64, n)
		jw.eval(a.jac, a.b, 0, st.Y)
	case Periodic:
		if !(st.Period > 0) || math.IsInf(st.Period, 0) {
			return nil, fmt.Errorf("msf: State.Period = %v, want finite > 0", st.Period)
		}
		dt := o.Dt
		if st.Dt > 0 && st.Dt < dt {
			dt = st.Dt
		}
		a.orb = newOrbit(p, jw, int(math.Ceil(st.Period/dt-1e-9)))
		a.orb.compute(st.Y, st.Period)
		a.orb.propagators()
	}
	return a, nil
}

// Exponents returns the growth rates of the mode with eigenvalue Λ of W:
// the eigenvalues of J + G Λ b e_kᵀ at a fixed point, or the Floquet
// exponents along the cycle; sorted by decreasing real part, in 1/time unit
// of the node. dst is reused if it has room.
func (a *Analysis) Exponents(dst []complex128, lambda complex128) ([]complex128, error) {
	if cap(dst) < a.n {
		dst = make([]complex128, a.n)
	}
	dst = dst[:a.n]
	if a.orb != nil {
		return dst, a.orb.exponents(dst, lambda)
	}
	modeMatrix(a.mm, a.jac, a.b, a.n, a.k, complex(a.Problem.G, 0)*lambda)
	if !ceig(dst, a.mm, a.n) {
		return dst, errors.New("msf: eigenvalues of the mode matrix did not converge")
	}
	return dst, nil
}
