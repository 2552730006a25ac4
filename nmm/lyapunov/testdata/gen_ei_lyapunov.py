#!/usr/bin/python3
"""Independent SciPy reference for the largest Lyapunov exponents of the
homogeneous E–I network (the self-coupled E–I node, docs/models.md § E–I node)
at (I_ext^E, ε) = (10, 12), where it is chaotic (Delicado, Huguet & Clusella
2025, the (I_ext^E, ε) plane).

Run with Debian's python3 (scipy):
    /usr/bin/python3 gen_ei_lyapunov.py > ei_lyapunov.json

Method (Benettin et al. 1980, Shimada & Nagashima 1979): the state and k = 2
tangent vectors, integrated with solve_ivp (DOP853, rtol 1e-10, atol 1e-12)
with the analytic Jacobian of the E–I equations (nmm/testdata/ei_node.py,
written from docs/models.md, not from the Go code), re-orthonormalised by NumPy's QR every 5 ms; the exponents are the
mean log growth over the averaging time. Three starts (the low-rate start and
two perturbed ones) after a 2000 ms transient, each averaged over 40 000 ms:
their spread is the reference's own uncertainty.
"""
import json
import os
import sys

import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata"))
from ei_node import f, jac  # noqa: E402

IE, EPS = 10.0, 12.0
K, INTERVAL, TRANSIENT, T = 2, 5.0, 2000.0, 40000.0


def exponents(y0):
    tr = solve_ivp(f, (0, TRANSIENT), y0, args=(IE, EPS), method="DOP853", rtol=1e-10, atol=1e-12)
    y = tr.y[:, -1]
    Q = np.linalg.qr(np.random.default_rng(1).standard_normal((6, K)))[0]

    def var(t, z):
        x, P = z[:6], z[6:].reshape(6, K)
        return np.concatenate([f(t, x, IE, EPS), (jac(x, EPS) @ P).ravel()])

    s = np.zeros(K)
    n = int(round(T / INTERVAL))
    for _ in range(n):
        sol = solve_ivp(var, (0, INTERVAL), np.concatenate([y, Q.ravel()]), method="DOP853", rtol=1e-10, atol=1e-12)
        z = sol.y[:, -1]
        y, P = z[:6], z[6:].reshape(6, K)
        Q, R = np.linalg.qr(P)
        d = np.diag(R)
        Q = Q * np.sign(d)
        s += np.log(np.abs(d))
    return (s / T).tolist()


starts = [[0.05, -1, 0.05, 0.05, -1, 0.05], [0.06, -1, 0.05, 0.05, -1, 0.05], [0.05, -1.1, 0.04, 0.05, -0.9, 0.05]]
runs = [exponents(np.array(y0, float)) for y0 in starts]
l1 = [r[0] for r in runs]
json.dump({"IE": IE, "eps": EPS, "k": K, "interval_ms": INTERVAL, "transient_ms": TRANSIENT, "T_ms": T,
           "starts": starts, "exponents_per_start": runs,
           "lambda1_mean": float(np.mean(l1)), "lambda1_spread": float(np.max(l1) - np.min(l1)),
           "unit": "1/ms"}, sys.stdout, indent=1)
print()
