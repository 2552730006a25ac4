#!/usr/bin/python3
"""Independent scipy references for package energy (run with Debian's
/usr/bin/python3: python3-scipy). Writes refs.json.

1. Mutual inhibition (nmm.DefaultMutualInhibition: tau=1, Delta=1, eta=2,
   J=5, K=10): equilibria of the 4-D MPR circuit by fsolve from seeds, their
   Jacobian eigenvalues (numpy), and the switching threshold: the stimulus S
   to population 2 at which the suppressed-2 equilibrium and the saddle
   merge (fold: f(y; S) = 0 and det Df = 0, solved by fsolve on (y, S)).
2. Bursting MPR with adaptation (nmm.DefaultMPRAdapt: tau=1, Delta=1,
   eta=-0.5, J=20, alpha=14, tau_a=50) from (0.05, -2, 0): rate peaks in
   (200, 320) by DOP853 with events on dr/dt = 0, and the frozen-energy
   prediction r_max(E) from the preceding trough (brentq on U = E).
"""
import json
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve, brentq

pi = np.pi
out = {}

# 1. mutual inhibition
D, eta, J, K = 1.0, 2.0, 5.0, 10.0


def mi(y, S=0.0):
    r1, v1, r2, v2 = y
    return np.array([D / pi + 2 * r1 * v1, v1 * v1 + eta + J * r1 - K * r2 - pi**2 * r1 * r1,
                     D / pi + 2 * r2 * v2, v2 * v2 + eta + S + J * r2 - K * r1 - pi**2 * r2 * r2])


def mijac(y):
    r1, v1, r2, v2 = y
    return np.array([[2 * v1, 2 * r1, 0, 0], [J - 2 * pi**2 * r1, 2 * v1, -K, 0],
                     [0, 0, 2 * v2, 2 * r2], [-K, 0, J - 2 * pi**2 * r2, 2 * v2]])


eqs = []
for r1, r2 in [(0.7, 0.07), (0.3, 0.3), (0.07, 0.7)]:
    y = fsolve(mi, [r1, -D / (2 * pi * r1), r2, -D / (2 * pi * r2)], fprime=mijac, xtol=1e-14)
    ev = np.linalg.eigvals(mijac(y))
    eqs.append({"y": list(y), "max_re": float(max(ev.real))})
out["mutual"] = {"equilibria": eqs}


def fold(z):
    y, S = z[:4], z[4]
    return np.concatenate([mi(y, S), [np.linalg.det(mijac(y))]])


# start between the suppressed-2 state (0.6976, 0.0737) and the saddle
z = fsolve(fold, [0.55, -D / (2 * pi * 0.55), 0.15, -D / (2 * pi * 0.15), 1.0], xtol=1e-14)
out["mutual"]["switch_threshold_pop2"] = float(z[4])
out["mutual"]["fold_state"] = list(z[:4])

# 2. bursting
D, eta, J, alpha, taua = 1.0, -0.5, 20.0, 14.0, 50.0


def f(t, y):
    r, v, a = y
    return [D / pi + 2 * r * v, v * v + eta + J * r - a - pi**2 * r * r, (-a + alpha * r) / taua]


def ev(t, y):
    return D / pi + 2 * y[0] * y[1]


sol = solve_ivp(f, (0, 320), [0.05, -2, 0], method='DOP853', rtol=1e-12, atol=1e-12, events=ev)
te, ye = sol.t_events[0], sol.y_events[0]


def U(R, e):
    return e / R + pi**2 * R - J * np.log(R)


def H(r, v, e):
    return (v * v + e) / r + pi**2 * r - J * np.log(r)


def rmax(E, e):
    d = J * J + 4 * pi**2 * e
    Rc = (J + np.sqrt(d)) / (2 * pi**2)
    if e < 0 and d > 0:
        Rs = (J - np.sqrt(d)) / (2 * pi**2)
        if E > U(Rs, e) or E < U(Rc, e):
            return None
    hi = 2 * Rc
    while U(hi, e) < E:
        hi *= 2
    return brentq(lambda R: U(R, e) - E, Rc, hi, xtol=1e-15)


spikes = []
for i in range(1, len(te)):
    y = ye[i]
    d = f(te[i], y)
    is_max = 2 * y[0] * d[1] + 2 * y[1] * d[0] < 0
    if not is_max or te[i] < 200 or y[0] < 0.5:
        continue
    yp = ye[i - 1]
    e = eta - yp[2]
    E = H(yp[0], yp[1], e)
    # the trough must lie right of the saddle (inside the homoclinic loop)
    dd = J * J + 4 * pi**2 * e
    Rs = (J - np.sqrt(dd)) / (2 * pi**2) if (e < 0 and dd > 0) else 0
    pred = rmax(E, e) if yp[0] > Rs else None
    spikes.append({"t": float(te[i]), "r": float(y[0]), "frozen": pred})
out["burst"] = {"spikes": spikes}

with open("refs.json", "w") as fh:
    json.dump(out, fh, indent=1)
print(json.dumps(out["mutual"], indent=1))
print(len(spikes), "spikes")
