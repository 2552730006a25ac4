#!/usr/bin/python3
"""Independent SciPy reference for the period doublings of the PING cycle of
the homogeneous E–I network (the self-coupled E–I node, docs/models.md § E–I
node; equations from nmm/testdata/ei_node.py) at ε = 13, checked by
cycle.TestCodim2CyclesEI (two-parameter curves from ε = 12) and the
one-parameter diagram.

Run with Debian's python3 (scipy): /usr/bin/python3 gen_pd_reference.py > pd_reference.json

For each period doubling: a stable cycle on one side (IE0) is found by
simulation (DOP853, rtol 1e-11, atol 1e-13, 2000 ms transient, upward crossing
of r_E through the middle of its range by brentq on the dense output); the
cycle is then refined by shooting (fsolve on φ(y, T) − y with r_E fixed on the
section, unknowns the other five variables and T) and followed in IE by
natural continuation; the period doubling is the root of det(M + I), M the
monodromy matrix of the variational equations, located by brentq (xtol 1e-10)
in the bracket [a, b].
"""
import json
import os
import sys

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, fsolve

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata"))
from ei_node import f, jac  # noqa: E402

EPS = 13.0
OPT = dict(method="DOP853", rtol=1e-11, atol=1e-13)


def simulate(IE):
    y0 = [0.05, -1, 0.05, 0.05, -1, 0.05]
    tr = solve_ivp(f, (0, 2000), y0, args=(IE, EPS), **OPT)
    sol = solve_ivp(f, (0, 300), tr.y[:, -1], args=(IE, EPS), dense_output=True, **OPT)
    tt = np.linspace(0, 300, 300001)
    rE = sol.sol(tt)[0]
    lev = 0.5 * (rE.min() + rE.max())
    cr = [brentq(lambda t: sol.sol(t)[0] - lev, tt[i], tt[i + 1], xtol=1e-14)
          for i in np.nonzero((rE[:-1] < lev) & (rE[1:] >= lev))[0]]
    return sol.sol(cr[-2]), cr[-1] - cr[-2]


def flow(IE, y, T, variational=False):
    if not variational:
        return solve_ivp(f, (0, T), y, args=(IE, EPS), **OPT).y[:, -1]

    def var(t, z):
        return np.concatenate([f(t, z[:6], IE, EPS), (jac(z[:6], EPS) @ z[6:].reshape(6, 6)).ravel()])
    z = solve_ivp(var, (0, T), np.concatenate([y, np.eye(6).ravel()]), **OPT).y[:, -1]
    return z[:6], z[6:].reshape(6, 6)


def shoot(IE, y, T):
    lev = y[0]

    def F(u):
        yy = np.concatenate([[lev], u[:5]])
        return flow(IE, yy, u[5]) - yy
    u, info, ier, msg = fsolve(F, np.concatenate([y[1:], [T]]), xtol=1e-12, full_output=True)
    if ier != 1:
        raise RuntimeError("shooting at IE = %r: %s" % (IE, msg))
    return np.concatenate([[lev], u[:5]]), u[5]


def pd(IE0, a, b):
    y, T = simulate(IE0)
    y, T = shoot(IE0, y, T)
    state = {"y": y, "T": T, "IE": IE0}

    def g(IE):
        # natural continuation from the last solution (steps of ≤ 0.02 in IE)
        n = max(1, int(np.ceil(abs(IE - state["IE"]) / 0.02)))
        for k in range(1, n + 1):
            ie = state["IE"] + (IE - state["IE"]) * k / n
            state["y"], state["T"] = shoot(ie, state["y"], state["T"])
        state["IE"] = IE
        _, M = flow(IE, state["y"], state["T"], variational=True)
        return np.linalg.det(M + np.eye(6))
    p = brentq(g, a, b, xtol=1e-10)
    g(p)
    return {"IE": p, "period_ms": state["T"], "frequency_hz": 1000 / state["T"]}


if __name__ == "__main__":
    out = {"source": "nmm/cycle/testdata/gen_pd_reference.py (scipy DOP853 rtol 1e-11, fsolve shooting, brentq on det(M + I))",
           "eps": EPS, "period_doublings": [pd(8.9, 8.9, 9.0), pd(11.2, 11.0, 11.2)]}
    json.dump(out, sys.stdout, indent=1)
    print()
