#!/usr/bin/python3
"""Independent SciPy reference for the E–I dispersion relation (nmm/msf) and the
E–I rest state (nmm.EI): docs/reference-values.md § E–I node, § Connectome,
§ E–I network and MSF.

Run with Debian's python3 (scipy), with the AAL-90 connectome available:
    NGNMM_DATA=/path/to/data /usr/bin/python3 gen_msf_reference.py > msf_reference.json

Equations written here from docs/models.md § E–I node and § Master stability
function, not from the Go code:
1. the rest state at I_ext^E = 0, ε = 0 (fsolve on the two rate equations,
   s = r, v = −Δ/(2π τ r)) and the eigenvalues of the analytic Jacobian;
2. the spectrum of W = row-normalised sc2017.dat (zero diagonal; numpy eigvals);
3. for (I_ext^E, ε) = (12, 8) and (5, 12): the synchronous cycle of the node with
   self-coupling ε (solve_ivp DOP853, rtol 1e-11, 3000 ms transient, period from
   upward crossings of rE through mid-range), then for every eigenvalue Λ of W
   the monodromy matrix of the mode equation dP/dt = A_Λ(t) P, where A_Λ is the
   node Jacobian on the cycle with the sE entries of the vE and vI rows equal to
   JEE + εΛ and JIE + εΛ; Floquet exponents μ = log(multiplier)/T (1/ms);
4. for (I_ext^E, ε) = (15, 9), the paper's network-simulation point: the
   synchronous state is stationary — the equilibrium of the node with
   self-coupling ε (fsolve on the two rate equations as in 1, with I_ext^E and
   J_EE + ε, J_IE + ε; every positive root from a grid of starts, to show it is
   unique), its check by integration (solve_ivp DOP853 from low rates, 3000 ms),
   and for every eigenvalue Λ of W the eigenvalues of the mode matrix A_Λ at
   the equilibrium: the uniform ones (Λ = 1) and the most unstable transverse one.
Only numbers derived from the connectome are written, not the connectome.
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


def rest():
    def g(x):
        rE, rI = np.exp(x)
        vE, vI = -dE / (2 * np.pi * tE * rE), -dI / (2 * np.pi * tI * rI)
        return [vE**2 + etaE - (np.pi * tE * rE)**2 + tE * JEE * rE - tE * JEI * rI,
                vI**2 + etaI - (np.pi * tI * rI)**2 + tI * JIE * rE - tI * JII * rI]
    rE, rI = np.exp(fsolve(g, np.log([0.008, 0.009]), xtol=1e-14))
    y = np.array([rE, -dE / (2 * np.pi * tE * rE), rE, rI, -dI / (2 * np.pi * tI * rI), rI])
    ev = sorted(np.linalg.eigvals(jac(y, 0)), key=lambda z: (-z.real, -z.imag))
    return {"IE": 0, "eps": 0, "y": [float(v) for v in y], "rE_hz": 1000 * rE, "rI_hz": 1000 * rI,
            "eigenvalues": [[float(z.real), float(z.imag)] for z in ev]}


def spectrum():
    base = os.environ.get("NGNMM_DATA")
    if not base:
        sys.exit("gen_msf_reference.py: set NGNMM_DATA to the data folder (aal90/sc2017.dat)")
    with open(os.path.join(base, "aal90", "sc2017.dat")) as fh:
        n = int(fh.readline())
        C = np.zeros((n, n))
        for line in fh:
            if line.strip():
                i, j, w = line.split()
                C[int(i), int(j)] = float(w)
    np.fill_diagonal(C, 0)
    W = C / C.sum(axis=1, keepdims=True)
    lam = np.linalg.eigvals(W)
    return np.sort(lam.real)[::-1], float(np.max(np.abs(lam.imag)))


def dispersion(IE, eps, lams):
    y0 = [0.05, -1, 0.05, 0.05, -1, 0.05]
    tr = solve_ivp(f, (0, 3000), y0, args=(IE, eps), method="DOP853", rtol=1e-11, atol=1e-13)
    sol = solve_ivp(f, (0, 400), tr.y[:, -1], args=(IE, eps), method="DOP853", rtol=1e-11, atol=1e-13,
                    dense_output=True)
    tt = np.linspace(0, 400, 400001)
    rE = sol.sol(tt)[0]
    lev = 0.5 * (rE.min() + rE.max())
    cr = [brentq(lambda t: sol.sol(t)[0] - lev, tt[i], tt[i + 1], xtol=1e-14)
          for i in np.nonzero((rE[:-1] < lev) & (rE[1:] >= lev))[0]]
    T = float(np.mean(np.diff(cr[-11:])))
    t0 = cr[-11]

    def exponents(lam):
        def var(t, p):
            return (jac(sol.sol(t0 + t), eps * lam) @ p.reshape(6, 6)).ravel()
        v = solve_ivp(var, (0, T), np.eye(6).ravel(), method="DOP853", rtol=1e-10, atol=1e-12)
        mu = np.log(np.linalg.eigvals(v.y[:, -1].reshape(6, 6)).astype(complex)) / T
        return sorted(mu, key=lambda z: -z.real)

    uni = exponents(1.0)
    lead = [(float(l), exponents(l)[0]) for l in lams[1:]]
    k = int(np.argmax([m.real for _, m in lead]))
    return {"IE": IE, "eps": eps, "period_ms": T, "frequency_hz": 1000 / T,
            "uniform_exponents": [[float(z.real), float(z.imag)] for z in uni],
            "transverse_max_re": float(lead[k][1].real), "transverse_max_lambda": lead[k][0],
            "transverse_max_im": float(abs(lead[k][1].imag)),
            "transverse_unstable": int(sum(m.real > 0 for _, m in lead)), "transverse_modes": len(lead)}


def stationary(IE, eps, lams):
    def g(x):
        rE, rI = np.exp(x)
        vE, vI = -dE / (2 * np.pi * tE * rE), -dI / (2 * np.pi * tI * rI)
        return [vE**2 + etaE + IE - (np.pi * tE * rE)**2 + tE * (JEE + eps) * rE - tE * JEI * rI,
                vI**2 + etaI - (np.pi * tI * rI)**2 + tI * (JIE + eps) * rE - tI * JII * rI]
    roots = []
    for a in np.linspace(np.log(1e-4), np.log(2.0), 25):
        for b in np.linspace(np.log(1e-4), np.log(2.0), 25):
            with np.errstate(all="ignore"):  # starts far from the root overflow; they fail and are dropped
                x, _, ok, _ = fsolve(g, [a, b], xtol=1e-14, full_output=True)
            if ok == 1 and np.all(np.isfinite(x)) and max(abs(v) for v in g(x)) < 1e-10 and \
                    all(np.max(np.abs(np.exp(x) - r)) > 1e-8 for r in roots):
                roots.append(np.exp(x))
    if len(roots) != 1:
        sys.exit("gen_msf_reference.py: %d equilibria at (%g, %g), want 1" % (len(roots), IE, eps))
    rE, rI = roots[0]
    y = np.array([rE, -dE / (2 * np.pi * tE * rE), rE, rI, -dI / (2 * np.pi * tI * rI), rI])
    sim = solve_ivp(f, (0, 3000), [0.01, -2, 0.01, 0.01, -2, 0.01], args=(IE, eps), method="DOP853",
                    rtol=1e-11, atol=1e-13)
    # the mode Jacobian: the node Jacobian at I_ext^E with the coupling εΛ on the sE entries
    def ev(lam):
        return sorted(np.linalg.eigvals(jac(y, eps * lam)), key=lambda z: (-z.real, -z.imag))
    uni = ev(1.0)
    lead = [(float(l), ev(l)[0]) for l in lams[1:]]
    k = int(np.argmax([m.real for _, m in lead]))
    return {"IE": IE, "eps": eps, "equilibria": len(roots), "y": [float(v) for v in y],
            "rE_hz": 1000 * rE, "rI_hz": 1000 * rI,
            "simulated_distance": float(np.max(np.abs(sim.y[:, -1] - y))),
            "uniform_eigenvalues": [[float(z.real), float(z.imag)] for z in uni],
            "transverse_max_re": float(lead[k][1].real), "transverse_max_lambda": lead[k][0],
            "transverse_max_im": float(abs(lead[k][1].imag)),
            "transverse_max_hz": float(abs(lead[k][1].imag)) / (2 * np.pi) * 1000,
            "transverse_unstable": int(sum(m.real > 0 for _, m in lead)), "transverse_modes": len(lead)}


lams, max_im = spectrum()
out = {
    "source": "nmm/msf/testdata/gen_msf_reference.py (scipy DOP853 rtol 1e-11 / 1e-10)",
    "rest": rest(),
    "W": {"largest": [float(x) for x in lams[:4]], "smallest": [float(x) for x in lams[-3:][::-1]],
          "max_abs_imag": max_im},
    "dispersion": [dispersion(12, 8, lams), dispersion(5, 12, lams)],
    "stationary": [stationary(15, 9, lams)],
}
print(json.dumps(out, indent=1))
