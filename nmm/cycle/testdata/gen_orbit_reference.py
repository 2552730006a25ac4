#!/usr/bin/python3
"""Independent SciPy reference for cycle.OrbitDiagram on the homogeneous E–I
network (the self-coupled E–I node, docs/models.md § E–I node; equations from
nmm/testdata/ei_node.py) at ε = 12.

Run with Debian's python3 (scipy): /usr/bin/python3 gen_orbit_reference.py > orbit_reference.json

For each I_ext^E: solve_ivp (DOP853, rtol 1e-11, atol 1e-13) from the low-rate
start (0.01, −2, 0.01, 0.01, −2, 0.01) through a 2000 ms transient, then over
1000 ms with dense output; the local maxima of r_E are the downward zeros of
dr_E/dt on the dense output (sign changes on a 0.001 ms grid, refined by
brentq). The distinct maxima (rounded to 1e-6 /ms) are listed, in Hz.
"""
import json
import os
import sys

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata"))
from ei_node import f  # noqa: E402

EPS = 12.0
Y0 = [0.01, -2, 0.01, 0.01, -2, 0.01]


def maxima(IE):
    tr = solve_ivp(f, (0, 2000), Y0, args=(IE, EPS), method="DOP853", rtol=1e-11, atol=1e-13)
    sol = solve_ivp(f, (2000, 3000), tr.y[:, -1], args=(IE, EPS), method="DOP853", rtol=1e-11, atol=1e-13,
                    dense_output=True)
    tt = np.linspace(2000, 3000, 1000001)
    d = np.array([f(0, y, IE, EPS)[0] for y in sol.sol(tt).T])

    def g(t):
        return f(0, sol.sol(t), IE, EPS)[0]

    out = []
    for i in np.nonzero((d[:-1] > 0) & (d[1:] <= 0))[0]:
        t = brentq(g, tt[i], tt[i + 1], xtol=1e-13)
        out.append(float(sol.sol(t)[0]))
    return out


res = []
for IE in [7.0, 8.0, 9.0, 9.5]:
    m = maxima(IE)
    distinct = sorted(set(round(1000 * x, 3) for x in m))
    res.append({"IE": IE, "eps": EPS, "maxima": len(m), "distinct_hz": distinct})
json.dump({"source": "nmm/cycle/testdata/gen_orbit_reference.py (scipy DOP853 rtol 1e-11)", "columns": res},
          sys.stdout, indent=1)
print()
