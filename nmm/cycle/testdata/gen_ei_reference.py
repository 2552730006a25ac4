#!/usr/bin/python3
"""Independent SciPy reference for nmm/cycle on the E–I node (docs/models.md § E–I node).

Run with Debian's python3 (scipy): /usr/bin/python3 gen_ei_reference.py > ei_reference.json

For several (IE, eps): integrate with solve_ivp (DOP853, rtol 1e-11, atol 1e-13)
through a 3000 ms transient, locate upward crossings of rE through the middle of
its range with the dense output (brentq), take the period as the mean of the
last 10 crossing intervals, and integrate the variational equations over one
period from a crossing point to get the Floquet multipliers. Hopf points: the
equilibrium (fsolve) and brentq on the largest real part of the Jacobian's
eigenvalues. Equations written here from docs/models.md § E–I node, not from the Go code.
"""
import json
import os
import sys
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, fsolve

# the E–I node's parameters, right-hand side and Jacobian: one module for both generators
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata"))
from ei_node import tE, tI, etaE, etaI, dE, dI, JEE, JEI, JIE, JII, f, jac  # noqa: E402


def cycle(IE, eps):
    y0 = [0.05, -1, 0.05, 0.05, -1, 0.05]
    tr = solve_ivp(f, (0, 3000), y0, args=(IE, eps), method="DOP853", rtol=1e-11, atol=1e-13)
    y1 = tr.y[:, -1]
    sol = solve_ivp(f, (0, 600), y1, args=(IE, eps), method="DOP853", rtol=1e-11, atol=1e-13, dense_output=True)
    tt = np.linspace(0, 600, 600001)
    rE = sol.sol(tt)[0]
    lev = 0.5 * (rE.min() + rE.max())
    cr = []
    for i in np.nonzero((rE[:-1] < lev) & (rE[1:] >= lev))[0]:
        cr.append(brentq(lambda t: sol.sol(t)[0] - lev, tt[i], tt[i + 1], xtol=1e-14))
    cr = np.array(cr)
    T = np.mean(np.diff(cr[-11:]))
    yc = sol.sol(cr[-11])

    def var(t, z):
        y, P = z[:6], z[6:].reshape(6, 6)
        return np.concatenate([f(t, y, IE, eps), (jac(y, eps) @ P).ravel()])

    z0 = np.concatenate([yc, np.eye(6).ravel()])
    v = solve_ivp(var, (0, T), z0, method="DOP853", rtol=1e-11, atol=1e-13)
    M = v.y[6:, -1].reshape(6, 6)
    mu = np.linalg.eigvals(M)
    mu = sorted(mu, key=lambda z: -abs(z))
    return {"IE": IE, "eps": eps, "period_ms": T, "frequency_hz": 1000 / T,
            "rE_max_hz": 1000 * float(rE.max()), "rE_min_hz": 1000 * float(rE.min()),
            "multipliers": [[float(z.real), float(z.imag)] for z in mu]}


def equilibrium(IE, eps, guess):
    def g(x):
        rE, rI = np.exp(x)
        vE, vI = -dE / (2 * np.pi * tE * rE), -dI / (2 * np.pi * tI * rI)
        return [vE**2 + etaE + IE - (np.pi * tE * rE)**2 + tE * (JEE + eps) * rE - tE * JEI * rI,
                vI**2 + etaI - (np.pi * tI * rI)**2 + tI * (JIE + eps) * rE - tI * JII * rI]
    x = fsolve(g, np.log(guess), xtol=1e-14)
    rE, rI = np.exp(x)
    return np.array([rE, -dE / (2 * np.pi * tE * rE), rE, rI, -dI / (2 * np.pi * tI * rI), rI])


def lead(IE, eps, guess):
    y = equilibrium(IE, eps, guess)
    ev = np.linalg.eigvals(jac(y, eps))
    k = np.argmax(ev.real)
    return ev[k], y


def hopf(eps, a, b, guess):
    p = brentq(lambda ie: lead(ie, eps, guess)[0].real, a, b, xtol=1e-13)
    ev, y = lead(p, eps, guess)
    return {"eps": eps, "IE": p, "frequency_hz": abs(ev.imag) / (2 * np.pi) * 1000, "rE_hz": 1000 * y[0]}


if __name__ == "__main__":
    out = {
        "source": "nmm/cycle/testdata/gen_ei_reference.py (scipy DOP853 rtol 1e-11)",
        "cycles": [cycle(10, 0), cycle(7, 0), cycle(15, 0), cycle(12, 8), cycle(5, 12)],
        "hopf": [hopf(0, 5.5, 6.5, [0.04, 0.017]), hopf(8, 3.5, 4.2, [0.026, 0.016]), hopf(8, 15, 16, [0.12, 0.13])],
    }
    print(json.dumps(out, indent=1))
