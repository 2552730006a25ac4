#!/usr/bin/python3
"""Reference BOLD response of the Balloon-Windkessel model (Friston 2003
parameters, classical coefficients) to a 2-s box input z = 1 (0 <= t < 2 s),
z = 0 afterwards, integrated with scipy's solve_ivp (DOP853, rtol 1e-12) in
two segments. Writes balloon_ref.txt: t (s) and BOLD at t = 1..20 s.
Run with Debian's python: /usr/bin/python3 gen_balloon.py
"""
import numpy as np
from scipy.integrate import solve_ivp

kappa, gamma, tau, alpha, E0, V0 = 0.65, 0.41, 0.98, 0.32, 0.34, 0.02
k1, k2, k3 = 7 * E0, 2.0, 2 * E0 - 0.2


def rhs(z):
    def f(t, x):
        s, fl, v, q = x
        va = v ** (1 / alpha)
        e = 1 - (1 - E0) ** (1 / fl)
        return [z - kappa * s - gamma * (fl - 1), s, (fl - va) / tau, (fl * e / E0 - va * q / v) / tau]
    return f


def bold(v, q):
    return V0 * (k1 * (1 - q) + k2 * (1 - q / v) + k3 * (1 - v))


ts = np.arange(1, 21, dtype=float)
a = solve_ivp(rhs(1.0), (0, 2), [0, 1, 1, 1], method="DOP853", rtol=1e-12, atol=1e-14, t_eval=[1, 2])
b = solve_ivp(rhs(0.0), (2, 20), a.y[:, -1], method="DOP853", rtol=1e-12, atol=1e-14, t_eval=ts[ts > 2])
vals = [bold(a.y[2, 0], a.y[3, 0]), bold(a.y[2, 1], a.y[3, 1])] + [bold(v, q) for v, q in zip(b.y[2], b.y[3])]
with open("balloon_ref.txt", "w") as fh:
    fh.write("# t_s bold  (gen_balloon.py, scipy DOP853 rtol 1e-12)\n")
    for t, y in zip(ts, vals):
        fh.write("%.1f %.17g\n" % (t, y))
