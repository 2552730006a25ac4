#!/usr/bin/python3
"""Side-by-side benchmark: the MPR 2015 Fig. 2 QIF network in Brian2's C++
standalone mode versus ngnmm (`ngnmm qif`).

Network (Montbrió, Pazó, Roxin, PRX 5, 021028 (2015), Fig. 2): N QIF
neurons, τ dV/dt = V² + η_j + I(t) + J τ R(t), η_j deterministic Lorentzian
quantiles (η̄ = −5, Δ = 1), J = 15, I = 3 for 0 < t < 30 τ, T = 100 τ,
started in the low state (V_j Lorentzian with centre v = −1.96162 and
half-width π r, r = 0.081134, random order).

Brian2 (single-threaded C++): Euler, dt = 1e-4 τ, threshold V ≥ 100, reset −100, refractory
2τ/100 with V frozen, spike counted in the middle of the refractory period
(a custom event 'mid' τ/100 after the crossing) — MPR's method.
All-to-all pulse coupling J/N through a hub: each mid-refractory event
increments a counter (N synapses G→hub, on_event='mid'); the rate is that
counter per step / (N dt); a summed variable (N synapses hub→G) feeds the current
J·count/(N dt) into the next step, as MPR's R_{n−1}; the counter is zeroed
after the thresholds, before spike propagation. Wall time = the whole Brian2 run (code generation,
compilation, simulation), also reported without compilation.

ngnmm: `ngnmm qif` (θ-neuron exact propagator, dt = 1e-3 τ, all cores and one
thread; and the same reset scheme as Brian with dt = 1e-4 τ), wall time of the
whole process.

Accuracy: mean rate in windows vs the mean field (MPR equations, RK4,
dt = 1e-3 τ) — max |relative error| over the windows.

Run:  /usr/bin/python3 bench/brian2/bench.py [--N 10000] [--T 100]
(from the repository root; builds ./ngnmm with `go build`). Time unit:
τ = 1 ms in Brian2.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

WINDOWS = [(2, 5), (5, 15), (15, 30), (30, 33), (33, 40), (40, 100)]
R_LOW, V_LOW = 0.081134, -1.961620


def mean_field(T, dt=1e-3):
    """MPR equations (τ = 1) on the Fig. 2 protocol, RK4, input at mid-step."""
    def f(y, I):
        r, v = y
        return np.array([1 / np.pi + 2 * r * v, v * v - 5 + I + 15 * r - (np.pi * r) ** 2])
    n = int(round(T / dt))
    y = np.array([R_LOW, V_LOW])
    ts = np.arange(1, n + 1) * dt
    rs = np.empty(n)
    for k in range(n):
        tm = (k + 0.5) * dt
        I = 3.0 if 0 < tm < 30 else 0.0
        k1 = f(y, I); k2 = f(y + dt / 2 * k1, I); k3 = f(y + dt / 2 * k2, I); k4 = f(y + dt * k3, I)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        rs[k] = y[0]
    return ts, rs


def window_means(t, r):
    return [float(np.mean(r[(t >= a) & (t < b)])) for a, b in WINDOWS]


def run_brian(N, T, dt=1e-4, workdir=None):
    import brian2 as b2
    # A fresh standalone project on every call: peers.py runs several repetitions in one process, and
    # Brian2 refuses to build a device twice ("The network has already been built and run before").
    b2.device.reinit()
    b2.start_scope()
    b2.set_device('cpp_standalone', directory=workdir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = dt * b2.ms
    tau = 1 * b2.ms
    Vp = 100.0
    j = np.arange(1, N + 1)
    etas = -5 + np.tan(np.pi / 2 * (2 * j - N - 1) / (N + 1))
    rng = np.random.default_rng(1)
    u = (rng.permutation(N) + 0.5) / N
    v0 = np.clip(V_LOW + np.pi * R_LOW * np.tan(np.pi * (u - 0.5)), -Vp, Vp)
    drive = b2.TimedArray(np.r_[np.full(30, 3.0), np.zeros(max(int(T) - 30, 0) + 1)], dt=1 * b2.ms)
    G = b2.NeuronGroup(N, '''dv/dt = (v**2 + eta + drive(t) + Isyn)/tau : 1 (unless refractory)
                             eta : 1
                             Isyn : 1''',
                       threshold='v >= 100', reset='v = -100', refractory=2 * tau / Vp,
                       method='euler',
                       # MPR: the spike counts in the middle of the refractory period
                       events={'mid': 'abs(t - lastspike - %r*ms) < 0.5*dt' % (1 / Vp)})
    G.eta = etas
    G.v = v0
    hub = b2.NeuronGroup(1, 'count : 1')
    to_hub = b2.Synapses(G, hub, on_pre='count_post += 1', on_event='mid')
    to_hub.connect()
    from_hub = b2.Synapses(hub, G, 'Isyn_post = 15 * count_pre / (%d * %g) : 1 (summed)' % (N, dt))
    from_hub.connect()
    hub.run_regularly('count = 0', when='before_synapses')
    mon = b2.StateMonitor(hub, 'count', record=0, when='after_synapses')
    b2.run(T * b2.ms)
    t0 = time.perf_counter()
    b2.device.build(directory=workdir, compile=True, run=True, debug=False)
    wall = time.perf_counter() - t0
    run_time = getattr(b2.device, '_last_run_time', float('nan'))
    r = np.asarray(mon.count[0]) / (N * dt)  # spikes/(N dt) in 1/ms = 1/τ
    # bin to 0.01 τ like ngnmm
    k = int(round(0.01 / dt))
    nb = len(r) // k
    rb = r[:nb * k].reshape(nb, k).mean(axis=1)
    tb = (np.arange(nb) + 0.5) * 0.01
    return dict(wall=wall, run_time=run_time, t=tb, r=rb)


def run_ngnmm(exe, N, T, scheme, dt, workers=0):
    with tempfile.NamedTemporaryFile(suffix='.csv') as f:
        args = [exe, 'qif', '--N', str(N), '--eta', '-5', '--delta', '1', '--J', '15',
                '--pulse', '3:0:30', '--T', str(T), '--scheme', scheme, '--dt', str(dt),
                '--bin', '0.01', '--seed', '1', '--workers', str(workers), '--csv', f.name]
        t0 = time.perf_counter()
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t0
        d = np.loadtxt(f.name, delimiter=',', skiprows=1)
    return dict(wall=wall, t=d[:, 0], r=d[:, 1], json=json.loads(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--N', type=int, default=10000)
    ap.add_argument('--T', type=float, default=100)
    ap.add_argument('--skip-reset', action='store_true', help='skip ngnmm reset scheme')
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tmp = tempfile.mkdtemp(prefix='ngnmm_bench_')
    exe = os.path.join(tmp, 'ngnmm')
    subprocess.run(['go', 'build', '-o', exe, './cmd/ngnmm'], cwd=root, check=True)
    mt, mr = mean_field(a.T)
    mf = window_means(mt, mr)

    def report(name, res):
        w = window_means(res['t'], res['r'])
        err = max(abs(x / y - 1) for x, y in zip(w, mf))
        res['windows'] = w
        res['max_rel_err'] = err
        print('%-32s wall %8.2f s   max window error vs MF %.4f   windows %s' %
              (name, res['wall'], err, ' '.join('%.4f' % x for x in w)), flush=True)
        return res

    print('N = %d, T = %g τ; mean field windows %s' % (a.N, a.T, ' '.join('%.4f' % x for x in mf)))
    ours = report('ngnmm theta dt=1e-3', run_ngnmm(exe, a.N, a.T, 'theta', 1e-3))
    one = report('ngnmm theta dt=1e-3, 1 thread', run_ngnmm(exe, a.N, a.T, 'theta', 1e-3, workers=1))
    if not a.skip_reset:
        report('ngnmm reset dt=1e-4', run_ngnmm(exe, a.N, a.T, 'reset', 1e-4))
    br = report('brian2 cpp_standalone dt=1e-4', run_brian(a.N, a.T, workdir=os.path.join(tmp, 'brian')))
    print('brian2 simulation only (no codegen/compile): %.2f s' % br['run_time'])
    ratio = br['wall'] / ours['wall']
    print('wall-time ratio brian2 / ngnmm(theta) = %.1f (target ≥ 3); accuracy: ngnmm %.4f, brian2 %.4f' %
          (ratio, ours['max_rel_err'], br['max_rel_err']))
    print('single-threaded: brian2 simulation only / ngnmm(theta, 1 thread, whole process) = %.1f' %
          (br['run_time'] / one['wall']))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
