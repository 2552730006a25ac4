package nmm

import "math"

// DerivCoupledBatch evaluates n = len(c) identical EI nodes at once, in the
// node-major layout of package network (y[i*6:(i+1)*6] is node i, c[i] its
// network input): dst[i*6:(i+1)*6] = DerivCoupled(y[i*6:(i+1)*6], c[i]).
// It is the same model as [EI.DerivCoupled] (tested to agree to rounding)
// with the divisions hoisted out of the loop, for large networks.
func (m *EI) DerivCoupledBatch(dst []float64, t float64, y []float64, c []float64) {
	tE, tI := m.TauE, m.TauI
	itE, itI := 1/tE, 1/tI
	isE, isI := 1/m.TauSE, 1/m.TauSI
	aE := m.DeltaE / (math.Pi * tE) * itE
	aI := m.DeltaI / (math.Pi * tI) * itI
	pE, pI := math.Pi*tE, math.Pi*tI
	bE, bI := m.EtaE+m.IE, m.EtaI+m.II
	jee, jei, jie, jii := m.JEE, m.JEI, m.JIE, m.JII
	n := len(c)
	y = y[:6*n]
	dst = dst[:6*n]
	for i, ci := range c {
		yy := y[6*i : 6*i+6 : 6*i+6]
		d := dst[6*i : 6*i+6 : 6*i+6]
		rE, vE, sE, rI, vI, sI := yy[0], yy[1], yy[2], yy[3], yy[4], yy[5]
		in := ci
		qE, qI := pE*rE, pI*rI
		d[0] = aE + 2*rE*vE*itE
		d[1] = (vE*vE+bE-qE*qE)*itE + jee*sE - jei*sI + in
		d[2] = (rE - sE) * isE
		d[3] = aI + 2*rI*vI*itI
		d[4] = (vI*vI+bI-qI*qI)*itI + jie*sE - jii*sI + in
		d[5] = (rI - sI) * isI
	}
}
