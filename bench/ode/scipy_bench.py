#!/usr/bin/python3
"""Side-by-side benchmark: ngnmm (Go) vs SciPy solve_ivp on the MPR 2015 Fig. 2 pulse protocol.

Run through bench/ode/run.sh (Debian's python3-scipy: /usr/bin/python3).

Protocol (Montbrio, Pazo, Roxin, PRX 5, 021028 (2015), Fig. 2; docs/reference-values.md § MPR): tau = 1,
Delta = 1, etabar = -5, J = 15, I = 3 for 0 < t < 30 then 0, start at the low fixed point,
samples every 0.1 up to T = 100. SciPy integrates in two pieces with constant I (its
best option across a discontinuity); the Go code declares t = 0, 30 as breakpoints.

1. writes the reference (DOP853, rtol 1e-13, atol 1e-15) to a temporary CSV;
2. times SciPy RK45 and DOP853 (best of several runs) and measures their max error;
3. runs the Go benchmark binary (argv[1]) on the same reference;
   times are CPU times of the running thread (robust on a shared machine), best of runs;
4. prints a table and the speed ratios.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

DELTA, ETA, J, AMP, T_OFF, T_END, DT = 1.0, -5.0, 15.0, 3.0, 30.0, 100.0, 0.1


def mpr(I):
    def f(t, y):
        r, v = y
        return np.array([DELTA / np.pi + 2 * r * v, v * v + ETA + I + J * r - (np.pi * r) ** 2])
    return f


def low_fixed_point():
    c = [np.pi ** 2, -J, -ETA, 0.0, -DELTA ** 2 / (4 * np.pi ** 2)]
    r = min(x.real for x in np.roots(c) if abs(x.imag) < 1e-9 and x.real > 0)
    for _ in range(5):
        r -= (((c[0] * r + c[1]) * r + c[2]) * r * r + c[4]) / ((4 * c[0] * r + 3 * c[1]) * r * r + 2 * c[2] * r)
    return r, -DELTA / (2 * np.pi * r)


GRID = np.round(np.arange(0, round(T_END / DT) + 1) * DT, 12)
Y0 = low_fixed_point()


def protocol(method, rtol, atol):
    on, off = GRID[GRID <= T_OFF], GRID[GRID > T_OFF]
    s1 = solve_ivp(mpr(AMP), (0.0, T_OFF), Y0, method=method, rtol=rtol, atol=atol, t_eval=on)
    s2 = solve_ivp(mpr(0.0), (T_OFF, T_END), s1.y[:, -1], method=method, rtol=rtol, atol=atol, t_eval=off)
    return np.hstack([s1.y, s2.y]), s1.nfev + s2.nfev


def timed(method, rtol, atol, ref, min_total=1.0):
    best, wall, total, runs = np.inf, np.inf, 0.0, 0
    while runs < 3 or total < min_total:
        t0, c0 = time.perf_counter(), time.thread_time()
        y, nfev = protocol(method, rtol, atol)
        d, c = time.perf_counter() - t0, time.thread_time() - c0
        best, wall, total, runs = min(best, c), min(wall, d), total + d, runs + 1
    err = float(np.max(np.abs(y - ref)))
    return {"method": f"scipy {method} rtol={rtol:g} atol={atol:g}", "seconds": best, "wall": wall,
            "runs": runs, "max_err": err, "nfev": int(nfev)}


def main():
    gobin = sys.argv[1]
    ref, _ = protocol("DOP853", 1e-13, 1e-15)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write("t,r,v\n")
        for t, r, v in zip(GRID, ref[0], ref[1]):
            fh.write(f"{t!r},{r!r},{v!r}\n")
        refpath = fh.name
    try:
        rows = []
        for method, rtol, atol in [("RK45", 3e-6, 3e-9), ("RK45", 1e-6, 1e-9), ("RK45", 1e-8, 1e-11),
                                   ("RK45", 2e-9, 2e-12), ("RK45", 1e-9, 1e-12), ("RK45", 5e-10, 5e-13),
                                   ("RK45", 2e-10, 2e-13), ("RK45", 1e-10, 1e-12), ("RK45", 1e-11, 1e-13),
                                   ("DOP853", 1e-9, 1e-12)]:
            rows.append(timed(method, rtol, atol, ref))
        out = subprocess.run([gobin, "-ref", refpath, "-T", str(T_END)], check=True,
                             capture_output=True, text=True).stdout
        rows += [json.loads(line) for line in out.splitlines() if line.strip()]
    finally:
        os.unlink(refpath)

    print(f"MPR 2015 Fig. 2 pulse protocol, T = {T_END:g}, samples every {DT:g}; "
          f"reference DOP853 rtol 1e-13 (SciPy {scipy.__version__}, NumPy {np.__version__})")
    print("times: best of several runs, CPU time of the running thread (wall time in brackets)")
    print(f"{'method':40s} {'CPU [ms]':>10s} {'(wall)':>10s} {'nfev':>8s} {'max error':>10s}")
    for r in rows:
        print(f"{r['method']:40s} {1e3 * r['seconds']:10.3f} {1e3 * r['wall']:10.3f} {r['nfev']:8d} {r['max_err']:10.2e}")
    by = {r["method"]: r for r in rows}

    print("speed ratios, SciPy RK45 CPU time / Go CPU time:")
    print("  [A] vs the most accurate RK45 run that is not more accurate than the Go run")
    print("      (the Go run has equal or better accuracy: the conservative ratio)")
    print("  [B] vs the cheapest RK45 run that is at least as accurate as the Go run")
    print("      (what SciPy pays for the Go run's accuracy)")
    rk45 = [r for r in rows if r["method"].startswith("scipy RK45")]
    for ours in (r for r in rows if r["method"].startswith("go ")):
        worse = [r for r in rk45 if r["max_err"] >= ours["max_err"]]
        better = [r for r in rk45 if r["max_err"] <= ours["max_err"]]
        print(f"  {ours['method']} (err {ours['max_err']:.1e}, {1e3 * ours['seconds']:.3f} ms):")
        if worse:
            w = min(worse, key=lambda r: r["max_err"])
            print(f"      [A] {w['seconds'] / ours['seconds']:6.0f}x vs {w['method'][6:]} (err {w['max_err']:.1e})")
        if better:
            b = min(better, key=lambda r: r["seconds"])
            print(f"      [B] {b['seconds'] / ours['seconds']:6.0f}x vs {b['method'][6:]} (err {b['max_err']:.1e})")
    d = by["scipy DOP853 rtol=1e-09 atol=1e-12"]
    g = by["go dopri5 rtol=1e-9 atol=1e-12"]
    print(f"  DOP853 rtol=1e-9 / go dopri5 rtol=1e-9: {d['seconds'] / g['seconds']:.0f}x "
          f"(errors {d['max_err']:.1e} vs {g['max_err']:.1e})")

if __name__ == "__main__":
    main()
