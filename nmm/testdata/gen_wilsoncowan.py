#!/usr/bin/env python3
"""Reference trajectory of the Wilson–Cowan model (nmm.WilsonCowan) with SciPy.

Equations written from Wilson & Cowan, Biophys. J. 12, 1 (1972), Eqs. (13)-(14)
without refractory terms:
    tauE dE/dt = -E + S(cEE E - cEI I + P),  tauI dI/dt = -I + S(cIE E - cII I + Q),
    S(x) = 1/(1 + exp(-a (x - theta))).
Parameters: nmm.DefaultWilsonCowan (tauE = tauI = 10 ms, cEE = 16, cEI = 12, cIE = 15,
cII = 3, P = 1.25, Q = 0, a = 1.3, theta = 4). Integrated with solve_ivp (DOP853,
rtol = atol = 1e-12) from (E, I) = (0.1, 0.05).

Run with Debian's python3 (python3-scipy): python3 gen_wilsoncowan.py > wilsoncowan.json
"""
import json
import numpy as np
from scipy.integrate import solve_ivp

p = dict(tauE=10.0, tauI=10.0, cEE=16.0, cEI=12.0, cIE=15.0, cII=3.0, P=1.25, Q=0.0, a=1.3, theta=4.0)


def S(x):
    return 1.0 / (1.0 + np.exp(-p["a"] * (x - p["theta"])))


def f(t, y):
    e, i = y
    return [(-e + S(p["cEE"] * e - p["cEI"] * i + p["P"])) / p["tauE"],
            (-i + S(p["cIE"] * e - p["cII"] * i + p["Q"])) / p["tauI"]]


times = [5.0, 20.0, 50.0, 100.0, 300.0]
sol = solve_ivp(f, (0, 2000), [0.1, 0.05], method="DOP853", rtol=1e-12, atol=1e-12,
                dense_output=True)
states = [list(sol.sol(t)) for t in times]
# period: upward crossings of E through the middle of its late range
tt = np.linspace(1000, 2000, 200001)
e = sol.sol(tt)[0]
level = 0.5 * (e.min() + e.max())
idx = np.where((e[:-1] < level) & (e[1:] >= level))[0]
cross = [tt[k] + (level - e[k]) / (e[k + 1] - e[k]) * (tt[k + 1] - tt[k]) for k in idx]
period = float(np.mean(np.diff(cross))) if len(cross) > 2 else 0.0
print(json.dumps({"params": p, "y0": [0.1, 0.05], "times": times, "states": states,
                  "period_ms": period, "E_min": float(e.min()), "E_max": float(e.max())}, indent=1))
