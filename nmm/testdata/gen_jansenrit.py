#!/usr/bin/env python3
"""Reference values of the Jansen-Rit column (nmm.JansenRit) with SciPy.

Equations written from Jansen & Rit, Biol. Cybern. 73, 357 (1995), Eqs. (6)-(8), in their
units (time in s, rates in 1/s, potentials in mV):
    y0'' = A a S(y1 - y2)            - 2 a y0' - a^2 y0
    y1'' = A a (p + C2 S(C1 y0))     - 2 a y1' - a^2 y1
    y2'' = B b C4 S(C3 y0)           - 2 b y2' - b^2 y2
    S(v) = 2 e0 / (1 + exp(r (v0 - v))),  C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C.
Standard parameters A = 3.25, B = 22, a = 100, b = 50, C = 135, v0 = 6, e0 = 2.5, r = 0.56.
The Go model integrates in ms (state derivatives in mV/ms): the test converts.

Outputs
  trajectory: p = 220, from y = 0, solve_ivp DOP853 rtol = atol = 1e-12, states at given times (s)
  period:     p = 220, mean interval of upward crossings of y1 - y2 through the middle of its
              range over 20-40 s (after a 20 s transient)
  equilibria: for p in P_EQ, fsolve of the full 6-d system from 60 seeds (y0 on a grid, the
              other coordinates from the equilibrium relations are NOT used: seeds are
              (y0, y1, y2) on a coarse box, derivatives 0), distinct roots with the
              eigenvalues of a finite-difference Jacobian (numpy.linalg.eigvals)
  frequency sweep: dominant frequency (Welch) of y1 - y2 for p in P_SWEEP after 10 s.

Run with Debian's python3 (python3-scipy): /usr/bin/python3 gen_jansenrit.py > jansenrit.json
"""
import json
import itertools
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve
from scipy.signal import welch

par = dict(A=3.25, B=22.0, a=100.0, b=50.0, C=135.0, v0=6.0, e0=2.5, r=0.56)


def S(v):
    return 2 * par["e0"] / (1 + np.exp(par["r"] * (par["v0"] - v)))


def f(t, y, p):
    A, B, a, b, C = par["A"], par["B"], par["a"], par["b"], par["C"]
    y0, y1, y2, y3, y4, y5 = y
    return [y3, y4, y5,
            A * a * S(y1 - y2) - 2 * a * y3 - a * a * y0,
            A * a * (p + 0.8 * C * S(C * y0)) - 2 * a * y4 - a * a * y1,
            B * b * 0.25 * C * S(0.25 * C * y0) - 2 * b * y5 - b * b * y2]


def jac_fd(y, p, h=1e-6):
    J = np.zeros((6, 6))
    for j in range(6):
        e = np.zeros(6)
        e[j] = h * max(1.0, abs(y[j]))
        J[:, j] = (np.array(f(0, y + e, p)) - np.array(f(0, y - e, p))) / (2 * e[j])
    return J


out = {"params": par}

# trajectory
p0 = 220.0
times = [0.005, 0.02, 0.05, 0.1, 0.3, 1.0]
sol = solve_ivp(f, (0, 1.0), [0.0] * 6, args=(p0,), method="DOP853", rtol=1e-12, atol=1e-12,
                dense_output=True)
out["p"] = p0
out["times_s"] = times
out["states"] = [list(sol.sol(t)) for t in times]

# period at p = 220
sol = solve_ivp(f, (0, 40.0), [0.0] * 6, args=(p0,), method="DOP853", rtol=1e-11, atol=1e-11,
                dense_output=True)
tt = np.linspace(20, 40, 2000001)
Y = sol.sol(tt)
u = Y[1] - Y[2]
level = 0.5 * (u.min() + u.max())
idx = np.where((u[:-1] < level) & (u[1:] >= level))[0]
cross = [tt[k] + (level - u[k]) / (u[k + 1] - u[k]) * (tt[k + 1] - tt[k]) for k in idx]
period = float(np.mean(np.diff(cross)))
out["period_s"] = period
out["frequency_hz"] = 1 / period
out["output_min_mV"] = float(u.min())
out["output_max_mV"] = float(u.max())

# equilibria by fsolve from seeds in the full state space
P_EQ = [0.0, 60.0, 120.0, 220.0, 350.0]
eqs = []
for p in P_EQ:
    roots = []
    for y0, y1, y2 in itertools.product(np.linspace(0, 0.17, 6), np.linspace(0, 30, 5), np.linspace(0, 40, 5)):
        x, info, ier, msg = fsolve(lambda y: f(0, y, p), [y0, y1, y2, 0, 0, 0], full_output=True, xtol=1e-13)
        if ier != 1 or np.max(np.abs(f(0, x, p))) > 1e-8:
            continue
        if all(np.max(np.abs(x - r)) > 1e-6 for r in roots):
            roots.append(x)
    roots.sort(key=lambda r: r[0])
    lst = []
    for r in roots:
        ev = np.linalg.eigvals(jac_fd(r, p))
        ev = sorted(ev, key=lambda z: -z.real)
        lst.append({"y": [float(v) for v in r], "output_mV": float(r[1] - r[2]),
                    "max_re_eig_per_s": float(ev[0].real), "stable": bool(ev[0].real < 0)})
    eqs.append({"p": p, "equilibria": lst})
out["equilibria"] = eqs

# dominant frequency over p
P_SWEEP = [100.0, 150.0, 220.0, 280.0]
sweep = []
for p in P_SWEEP:
    s = solve_ivp(f, (0, 30.0), [0.0] * 6, args=(p,), method="DOP853", rtol=1e-9, atol=1e-9,
                  t_eval=np.arange(0, 30.0, 1e-3))
    u = s.y[1, 10000:] - s.y[2, 10000:]
    fr, pw = welch(u - u.mean(), fs=1000.0, nperseg=8192)
    sweep.append({"p": p, "peak_hz": float(fr[np.argmax(pw)]), "range_mV": float(u.max() - u.min())})
out["sweep"] = sweep
print(json.dumps(out, indent=1))
