package msf

// The RK4 one-step propagator of the linear equation ξ' = [A(t) + Λ B(t)] ξ
// is a matrix polynomial of degree 4 in Λ,
//
//	P(Λ) = I + h/6 (K1 + 2K2 + 2K3 + K4),  K1 = M1, K2 = M2 (I + h/2 K1),
//	K3 = M3 (I + h/2 K2), K4 = M4 (I + h K3),  M_i = A_i + Λ B_i,
//
// with A_i, B_i = G b_i e_kᵀ at the four stage states. Its coefficients are
// computed once per orbit, so that the monodromy matrix at each further Λ
// costs one polynomial evaluation and one n×n product per step — the same
// numbers as integrating the variational equations with RK4, up to rounding.

// polyMat is a matrix polynomial: coefficient d is c[d*n*n:(d+1)*n*n].
type polyMat struct {
	n, deg int
	c      []float64
}

func newPoly(n, deg int) polyMat { return polyMat{n: n, deg: deg, c: make([]float64, (deg+1)*n*n)} }

func (p polyMat) coef(d int) []float64 { return p.c[d*p.n*p.n : (d+1)*p.n*p.n] }

// mulPoly sets dst = m · x (dst.deg = m.deg + x.deg).
func mulPoly(dst, m, x polyMat) {
	n := m.n
	for i := range dst.c {
		dst.c[i] = 0
	}
	for d := 0; d <= m.deg; d++ {
		a := m.coef(d)
		for e := 0; e <= x.deg; e++ {
			b := x.coef(e)
			out := dst.coef(d + e)
			for i := 0; i < n; i++ {
				for l := 0; l < n; l++ {
					v := a[i*n+l]
					if v == 0 {
						continue
					}
					row := b[l*n : (l+1)*n]
					o := out[i*n : (i+1)*n]
					for j, w := range row {
						o[j] += v * w
					}
				}
			}
		}
	}
}

// identityPlus sets dst = I + s·x (same degree as x).
func identityPlus(dst, x polyMat, s float64) {
	n := x.n
	for i, v := range x.c {
		dst.c[i] = s * v
	}
	for i := 0; i < n; i++ {
		dst.c[i*n+i]++
	}
}

// propagators computes the coefficients of P(Λ) for every step of o into
// o.prop (steps × 5 × n²).
func (o *orbit) propagators() {
	n, k, h := o.n, o.k, o.dt
	nn := n * n
	o.prop = make([]float64, o.steps*5*nn)
	var m [4]polyMat
	for i := range m {
		m[i] = newPoly(n, 1)
	}
	x1, k2 := newPoly(n, 1), newPoly(n, 2)
	x2, k3 := newPoly(n, 2), newPoly(n, 3)
	x3, k4 := newPoly(n, 3), newPoly(n, 4)
	g := o.p.G
	for s := 0; s < o.steps; s++ {
		for st := 0; st < 4; st++ {
			idx := s*4 + st
			copy(m[st].coef(0), o.jac[idx*nn:(idx+1)*nn])
			c1 := m[st].coef(1)
			for i := range c1 {
				c1[i] = 0
			}
			for i := 0; i < n; i++ {
				c1[i*n+k] = g * o.b[idx*n+i]
			}
		}
		identityPlus(x1, m[0], 0.5*h)
		mulPoly(k2, m[1], x1)
		identityPlus(x2, k2, 0.5*h)
		mulPoly(k3, m[2], x2)
		identityPlus(x3, k3, h)
		mulPoly(k4, m[3], x3)
		out := o.prop[s*5*nn : (s+1)*5*nn] // entry i, degree d at out[i*5+d]
		for d := 0; d <= 4; d++ {
			for i := 0; i < nn; i++ {
				v := k4.c[d*nn+i]
				if d <= 3 {
					v += 2 * k3.c[d*nn+i]
				}
				if d <= 2 {
					v += 2 * k2.c[d*nn+i]
				}
				if d <= 1 {
					v += m[0].c[d*nn+i]
				}
				out[i*5+d] = h / 6 * v
			}
			if d == 0 {
				for i := 0; i < n; i++ {
					out[(i*n+i)*5]++
				}
			}
		}
	}
}

// monodromyPoly computes Φ(T) at Λ from the step propagators into (o.pr, o.pi).
func (o *orbit) monodromyPoly(lambda complex128) {
	n := o.n
	nn := n * n
	cplx := imag(lambda) != 0
	for i := range o.pr {
		o.pr[i], o.pi[i] = 0, 0
	}
	for i := 0; i < n; i++ {
		o.pr[i*n+i] = 1
	}
	pr, pi := o.kr[0], o.ki[0] // P(Λ)
	nr, ni := o.kr[1], o.ki[1] // new Φ
	lr, li := real(lambda), imag(lambda)
	for s := 0; s < o.steps; s++ {
		c := o.prop[s*5*nn : (s+1)*5*nn]
		if cplx {
			for i := 0; i < nn; i++ {
				q := c[i*5 : i*5+5 : i*5+5]
				vr, vi := q[4], 0.0
				for d := 3; d >= 0; d-- {
					vr, vi = vr*lr-vi*li+q[d], vr*li+vi*lr
				}
				pr[i], pi[i] = vr, vi
			}
		} else {
			for i := 0; i < nn; i++ {
				q := c[i*5 : i*5+5 : i*5+5]
				pr[i] = (((q[4]*lr+q[3])*lr+q[2])*lr+q[1])*lr + q[0]
			}
		}
		for i := 0; i < n; i++ {
			or := nr[i*n : (i+1)*n]
			for j := range or {
				or[j] = 0
			}
			for l := 0; l < n; l++ {
				a := pr[i*n+l]
				row := o.pr[l*n : (l+1)*n]
				for j, w := range row {
					or[j] += a * w
				}
			}
			if !cplx {
				continue
			}
			oi := ni[i*n : (i+1)*n]
			for j := range oi {
				oi[j] = 0
			}
			for l := 0; l < n; l++ {
				ar, ai := pr[i*n+l], pi[i*n+l]
				rr, ri := o.pr[l*n:(l+1)*n], o.pi[l*n:(l+1)*n]
				for j := range oi {
					or[j] -= ai * ri[j]
					oi[j] += ar*ri[j] + ai*rr[j]
				}
			}
		}
		copy(o.pr, nr)
		if cplx {
			copy(o.pi, ni)
		}
	}
}
