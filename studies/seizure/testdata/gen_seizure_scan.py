#!/usr/bin/env python3
"""Independent scan of the homogeneous E-I state (Delicado, Huguet & Clusella
2025, arXiv:2512.03907; self-coupling eps adds eps*sE to both populations'
input, docs/models.md Master stability function) for a low-rate bistable
window: a stable equilibrium with rE in [1, 20] Hz coexisting with an
oscillation.  Equilibria: SciPy fsolve of the reduced 2-D system from a
25x25 log grid of starts; stability: NumPy eigenvalues of a central-difference
Jacobian.  Coexisting attractors: vectorised RK4 (dt = 0.005 ms, 1500 ms)
from 12 initial conditions per grid point; a trajectory is oscillating if rE
varies by more than 1 Hz over its last 300 ms.  Prints JSON."""
import json, sys
import numpy as np
from scipy.optimize import fsolve

tE = tI = 8.0; tsE = 1.0; tsI = 5.0; eta = -5.0; D = 1.0
JEE = JII = 5.0; JEI = JIE = 13.0

def rhs(y, IE, eps):
    rE, vE, sE, rI, vI, sI = y
    return np.array([(D/(np.pi*tE) + 2*rE*vE)/tE,
                     (vE**2 + eta + IE - (np.pi*tE*rE)**2 + tE*JEE*sE - tE*JEI*sI + tE*eps*sE)/tE,
                     (-sE + rE)/tsE,
                     (D/(np.pi*tI) + 2*rI*vI)/tI,
                     (vI**2 + eta - (np.pi*tI*rI)**2 + tI*JIE*sE - tI*JII*sI + tI*eps*sE)/tI,
                     (-sI + rI)/tsI])

def equilibria(IE, eps):
    def g(x):
        rE, rI = np.exp(np.clip(x, -30, 3))
        vE = -D/(2*np.pi*tE*rE); vI = -D/(2*np.pi*tI*rI)
        return [vE**2 + eta + IE - (np.pi*tE*rE)**2 + tE*(JEE+eps)*rE - tE*JEI*rI,
                vI**2 + eta - (np.pi*tI*rI)**2 + tI*(JIE+eps)*rE - tI*JII*rI]
    sols = []
    for a in np.linspace(np.log(1e-4), np.log(2), 25):
        for b in np.linspace(np.log(1e-4), np.log(2), 25):
            x, _, ier, _ = fsolve(g, [a, b], full_output=True, xtol=1e-13)
            if ier == 1 and max(abs(np.array(g(x)))) < 1e-9:
                r = np.exp(x)
                if not any(np.allclose(r, s, rtol=1e-6) for s in sols):
                    sols.append(r)
    out = []
    for rE, rI in sorted(sols, key=lambda s: s[0]):
        y = np.array([rE, -D/(2*np.pi*tE*rE), rE, rI, -D/(2*np.pi*tI*rI), rI])
        J = np.zeros((6, 6)); h = 1e-7
        for k in range(6):
            e = np.zeros(6); e[k] = h
            J[:, k] = (rhs(y+e, IE, eps) - rhs(y-e, IE, eps))/(2*h)
        lam = np.linalg.eigvals(J)
        out.append(dict(y=y, rE_hz=rE*1e3, rI_hz=rI*1e3, stable=bool(lam.real.max() < 0),
                        max_re=float(lam.real.max())))
    return out

def main():
    eps_grid = np.arange(5, 30.01, 2.5)
    ie_grid = np.arange(-10, 12.01, 0.5)
    pts = []
    for eps in eps_grid:
        for IE in ie_grid:
            pts.append((float(IE), float(eps), equilibria(IE, eps)))
    # initial conditions: every equilibrium perturbed, plus high-rate states
    Y0, owner = [], []
    for i, (IE, eps, eqs) in enumerate(pts):
        ics = [e['y']*(1 + 0.05*s) for e in eqs for s in (+1, -1)]
        for rE0 in (0.02, 0.08, 0.2, 0.5):
            for rI0 in (0.02, 0.3):
                ics.append(np.array([rE0, -0.5, rE0, rI0, -0.5, rI0]))
        for y in ics:
            Y0.append(y); owner.append(i)
    Y = np.array(Y0).T.copy()
    IE = np.array([pts[i][0] for i in owner]); EPS = np.array([pts[i][1] for i in owner])
    dt, T, tail = 0.005, 1500.0, 300.0
    n = int(round(T/dt)); ntail = int(round(tail/dt))
    lo = np.full(Y.shape[1], np.inf); hi = np.full(Y.shape[1], -np.inf)
    for k in range(n):
        k1 = rhs(Y, IE, EPS); k2 = rhs(Y + dt/2*k1, IE, EPS)
        k3 = rhs(Y + dt/2*k2, IE, EPS); k4 = rhs(Y + dt*k3, IE, EPS)
        Y = Y + dt/6*(k1 + 2*k2 + 2*k3 + k4)
        if k >= n - ntail:
            lo = np.minimum(lo, Y[0]); hi = np.maximum(hi, Y[0])
    res = []
    for i, (ie, eps, eqs) in enumerate(pts):
        idx = [j for j, o in enumerate(owner) if o == i]
        osc = [j for j in idx if (hi[j] - lo[j])*1e3 > 1.0]
        low = [e for e in eqs if e['stable'] and 1 <= e['rE_hz'] <= 20]
        res.append(dict(IE=ie, eps=eps,
                        equilibria=[dict(rE_hz=e['rE_hz'], rI_hz=e['rI_hz'], stable=e['stable']) for e in eqs],
                        stable_low=bool(low),
                        oscillation=bool(osc),
                        osc_rE_max_hz=float(max(hi[j] for j in osc)*1e3) if osc else None,
                        osc_rE_min_hz=float(min(lo[j] for j in osc)*1e3) if osc else None))
    bist = [r for r in res if r['stable_low'] and r['oscillation']]
    json.dump(dict(method=__doc__, eps=eps_grid.tolist(), IE=ie_grid.tolist(),
                   n_points=len(res), n_stable_low=sum(r['stable_low'] for r in res),
                   n_low_bistable=len(bist), low_bistable=bist, points=res),
              sys.stdout, indent=1)

if __name__ == "__main__":
    main()
