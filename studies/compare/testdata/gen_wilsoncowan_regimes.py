#!/usr/bin/env python3
"""Equilibria, their stability and the limit cycle of the Wilson–Cowan model
(nmm.WilsonCowan, studies/compare.WilsonCowan) at a few (Q, P), with SciPy.

Equations from Wilson & Cowan, Biophys. J. 12, 1 (1972), Eqs. (13)-(14) without
refractory terms: tau dE/dt = -E + S(cEE E - cEI I + P), tau dI/dt = -I + S(cIE E - cII I + Q),
S(x) = 1/(1 + exp(-a (x - theta))), tau = 10 ms, cEE = 16, cEI = 12, cIE = 15, cII = 3,
a = 1.3, theta = 4 (nmm.DefaultWilsonCowan).

Equilibria: for each E the I-nullcline I = S(cIE E - cII I + Q) has one root
(the right side is decreasing in I), found by brentq; the remaining scalar
equation F(E) = -E + S(cEE E - cEI I(E) + P) = 0 is bracketed on a grid of
20001 points in (0, 1) and refined by brentq, so no equilibrium is missed
(every equilibrium has E, I in (0, 1)). Stability from the eigenvalues of the
analytic 2x2 Jacobian. Attractors: solve_ivp (DOP853, rtol 1e-10, atol 1e-12)
from (0.01, 0.01) and (0.99, 0.9) for 4000 ms; a cycle's frequency from the
mean period of upward crossings of E through the middle of its range over the
last 2000 ms.

Run with Debian's python3: python3 gen_wilsoncowan_regimes.py > wilsoncowan_regimes.json
"""
import json
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

cEE, cEI, cIE, cII, a, th, tau = 16.0, 12.0, 15.0, 3.0, 1.3, 4.0, 10.0


def S(x):
    return 1.0 / (1.0 + np.exp(-a * (x - th)))


def case(Q, P):
    def Iof(E):
        return brentq(lambda I: I - S(cIE * E - cII * I + Q), 0.0, 1.0, xtol=1e-15)

    def F(E):
        return -E + S(cEE * E - cEI * Iof(E) + P)

    Es = np.linspace(1e-12, 1 - 1e-12, 20001)
    Fs = np.array([F(E) for E in Es])
    fps = []
    for k in np.where(np.sign(Fs[:-1]) != np.sign(Fs[1:]))[0]:
        E = brentq(F, Es[k], Es[k + 1], xtol=1e-15)
        I = Iof(E)
        se, si = S(cEE * E - cEI * I + P), S(cIE * E - cII * I + Q)
        de, di = a * se * (1 - se), a * si * (1 - si)
        J = np.array([[(-1 + de * cEE) / tau, -de * cEI / tau], [di * cIE / tau, (-1 - di * cII) / tau]])
        ev = np.linalg.eigvals(J)
        fps.append({"E": E, "I": I, "stable": bool(max(ev.real) < 0)})

    def f(t, y):
        return [(-y[0] + S(cEE * y[0] - cEI * y[1] + P)) / tau, (-y[1] + S(cIE * y[0] - cII * y[1] + Q)) / tau]

    freqs = []
    for y0 in ([0.01, 0.01], [0.99, 0.9]):
        sol = solve_ivp(f, (0, 4000), y0, method="DOP853", rtol=1e-10, atol=1e-12, dense_output=True)
        tt = np.linspace(2000, 4000, 400001)
        e = sol.sol(tt)[0]
        if e.max() - e.min() < 1e-6:
            freqs.append(0.0)
            continue
        lv = 0.5 * (e.min() + e.max())
        idx = np.where((e[:-1] < lv) & (e[1:] >= lv))[0]
        cr = [tt[k] + (lv - e[k]) / (e[k + 1] - e[k]) * (tt[k + 1] - tt[k]) for k in idx]
        freqs.append(1000.0 / float(np.mean(np.diff(cr))))
    return {"Q": Q, "P": P, "fixed_points": fps, "frequency_hz_per_start": freqs}


cases = [case(0.0, 0.0), case(0.0, 2.0), case(0.0, 3.5), case(4.0, 3.0), case(4.0, 4.0), case(4.0, 5.0)]
print(json.dumps({"params": {"cEE": cEE, "cEI": cEI, "cIE": cIE, "cII": cII, "a": a, "theta": th, "tau": tau},
                  "cases": cases}, indent=1))
