#!/usr/bin/python3
"""One side-by-side peer benchmark (issue 20): every workload, interleaved
(ours, peer, ours, peer … for each repetition), with the load average, wall
and CPU time and accuracy of every run; writes results.json and results.md
into --out. Called by run.sh (which builds the Go binaries and draws the
cost-curve plot).

Workloads (times: QIF in τ, networks in ms):
  qif-reset   QIF N = 10⁴, MPR Fig. 2 pulse, 100 τ, reset scheme dt = 1e-4 τ
              vs Brian2 C++ standalone (whole run and simulation only)
  qif-theta   same network, θ scheme dt = 1e-3 τ, 1 worker, 2 workers, auto
  mpr<N>      MPR on TVB's N-region connectome (68, 76, 192, 998), delays at
              3 mm/ms, Heun dt = 0.01 ms vs TVB numpy (and numba for 76):
              the cost curve
  ei90        90-region E–I NG-NMM, RK4 dt = 0.01 ms, 1 s (ours only)
Accuracy: QIF window rates vs Brian2's (max relative difference); mean r
vs TVB's (relative difference).
"""
import argparse
import datetime
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def load_brian_bench():
    spec = importlib.util.spec_from_file_location('brian_bench', os.path.join(ROOT, 'bench', 'brian2', 'bench.py'))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, env=None):
    """Run cmd; return (wall, cpu of the child, stdout)."""
    c0, w0 = children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - w0, children_cpu() - c0, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ngnmm', required=True, help='ngnmm binary')
    ap.add_argument('--tvbbench', required=True, help='bench/tvb binary')
    ap.add_argument('--tvb', default='', help='TVB source folder (tvb-root); empty: TVB skipped')
    ap.add_argument('--data', default=os.environ.get('NGNMM_DATA', ''), help='data folder (NGNMM_DATA)')
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--quick', action='store_true', help='tiny sizes: checks the script, not the speed')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    bb = load_brian_bench()
    N, T = (2000, 3.0) if a.quick else (10000, 100.0)
    Tnet = 20.0 if a.quick else 1000.0
    Ttvb = {68: Tnet, 76: Tnet, 192: Tnet, 998: 5.0 if a.quick else 100.0}
    regions = [68, 76] if a.quick else [68, 76, 192, 998]
    env = dict(os.environ, NGNMM_DATA=a.data)
    tvb_ok = bool(a.tvb) and os.path.isdir(os.path.join(a.tvb, 'tvb_library'))
    if not tvb_ok:
        print('TVB: skipped (no tvb-root source folder given with --tvb / TVB_SRC, or it has no tvb_library)', flush=True)
    runs = []

    def record(workload, who, **kw):
        kw.update(workload=workload, who=who, load_avg=os.getloadavg()[0])
        runs.append(kw)
        print(json.dumps(kw), flush=True)

    windows = [w for w in bb.WINDOWS if w[1] <= T] or [(0.5, T)]
    bb.WINDOWS = windows

    def wmeans(t, r):
        return bb.window_means(t, r)

    for rep in range(a.reps):
        # QIF network: ours (reset, θ at 1, 2, auto workers) then Brian2.
        ours = {}
        for name, scheme, dt, w in [('qif-reset', 'reset', 1e-4, 1), ('qif-reset', 'reset', 1e-4, 0),
                                    ('qif-theta', 'theta', 1e-3, 1), ('qif-theta', 'theta', 1e-3, 2),
                                    ('qif-theta', 'theta', 1e-3, 0)]:
            c0 = children_cpu()
            res = bb.run_ngnmm(a.ngnmm, N, T, scheme, dt, workers=w)
            cpu = children_cpu() - c0
            ours[(scheme, w)] = wmeans(res['t'], res['r'])
            record(name, 'ngnmm', rep=rep, workers=w or 'auto', wall=res['wall'],
                   sim_seconds=res['json'].get('wall_seconds'), cpu=cpu, windows=ours[(scheme, w)])
        tmp = os.path.join(a.out, 'brian_work')
        c0 = children_cpu()
        c0s = time.process_time()
        br = bb.run_brian(N, T, workdir=tmp)
        cpu = children_cpu() - c0 + time.process_time() - c0s
        bw = wmeans(br['t'], br['r'])
        record('qif', 'brian2', rep=rep, wall=br['wall'], sim_seconds=br['run_time'], cpu=cpu, windows=bw)
        for (scheme, w), ow in ours.items():
            diff = max(abs(x / y - 1) for x, y in zip(ow, bw) if y > 0)
            record('qif-' + scheme, 'accuracy', rep=rep, workers=w or 'auto', max_rel_diff_vs_brian2=diff)
        # Networks: ours then TVB, region count by region count.
        for n in regions:
            wall, cpu, out = timed([a.tvbbench, '-case', 'mpr%d' % n, '-T', str(Tnet)], env=env)
            o = json.loads(out.strip().splitlines()[-1])
            record('mpr%d' % n, 'ngnmm', rep=rep, wall=wall, cpu=cpu, sim_seconds=o['wall_seconds'],
                   simulated_ms=Tnet, per_sim_second=o['wall_seconds'] / (Tnet / 1000), mean_r=o['mean_r'])
            if tvb_ok:
                zp = os.path.join(a.data, 'tvb-data', 'connectivity_%d.zip' % n)
                backends = ['numpy', 'numba'] if n == 76 else ['numpy']
                for be in backends:
                    wall, cpu, out = timed(['/usr/bin/python3', os.path.join(HERE, 'tvb_run.py'), '--tvb', a.tvb,
                                            '--zip', zp, '--T', str(Ttvb[n]), '--backend', be])
                    t = json.loads(out.strip().splitlines()[-1])
                    # ours over the same simulated time, for the mean-r comparison
                    record('mpr%d' % n, 'tvb-' + be, rep=rep, wall=wall, cpu=cpu, sim_seconds=t['wall_seconds'],
                           simulated_ms=Ttvb[n], per_sim_second=t['wall_seconds'] / (Ttvb[n] / 1000),
                           mean_r=t['mean_r'])
        wall, cpu, out = timed([a.tvbbench, '-case', 'ei90', '-T', str(Tnet)], env=env)
        o = json.loads(out.strip().splitlines()[-1])
        record('ei90', 'ngnmm', rep=rep, wall=wall, cpu=cpu, sim_seconds=o['wall_seconds'], simulated_ms=Tnet,
               per_sim_second=o['wall_seconds'] / (Tnet / 1000))
    meta = dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                machine='%s, %d cores, %s' % (platform.processor() or platform.machine(), os.cpu_count(), cpu_model()),
                quick=a.quick, reps=a.reps, N=N, T=T, Tnet=Tnet, tvb=tvb_ok)
    with open(os.path.join(a.out, 'results.json'), 'w') as f:
        json.dump(dict(meta=meta, runs=runs), f, indent=1)
    with open(os.path.join(a.out, 'results.md'), 'w') as f:
        f.write(markdown(meta, runs))
    print(open(os.path.join(a.out, 'results.md')).read())


def cpu_model():
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return '?'


def med(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return float('nan')
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def markdown(meta, runs):
    def sel(**kw):
        return [r for r in runs if all(r.get(k) == v for k, v in kw.items())]

    def m(rs, key):
        return med([r.get(key) for r in rs])

    L = ['# Peer benchmark (bench/peers/run.sh)', '',
         '%s · %s · medians of %d interleaved repetitions%s · load average during the runs %.1f–%.1f' % (
             meta['date'], meta['machine'], meta['reps'], ' · QUICK (tiny sizes, not a speed result)' if meta['quick'] else '',
             min(r['load_avg'] for r in runs), max(r['load_avg'] for r in runs)), '',
         '| workload | peer | ngnmm | ratio | accuracy |', '|---|---|---|---|---|']
    def workers(w):
        return '%s worker%s' % (w, '' if w == 1 else 's')
    b = sel(workload='qif', who='brian2')
    bw, bs = m(b, 'wall'), m(b, 'sim_seconds')
    for w in [1, 'auto']:
        o = sel(workload='qif-reset', who='ngnmm', workers=w)
        acc = m(sel(workload='qif-reset', who='accuracy', workers=w), 'max_rel_diff_vs_brian2')
        L.append('| QIF N = %d, %g τ, reset dt = 1e-4 τ (%s) | Brian2: %.2f s whole, %.2f s simulation | %.2f s simulation (%.2f s process, CPU %.2f s) | %.1f× simulation only | rates within %.2f %% of Brian2 |' % (
            meta['N'], meta['T'], workers(w), bw, bs, m(o, 'sim_seconds'), m(o, 'wall'), m(o, 'cpu'), bs / m(o, 'sim_seconds'), 100 * acc))
    for w in [1, 2, 'auto']:
        o = sel(workload='qif-theta', who='ngnmm', workers=w)
        acc = m(sel(workload='qif-theta', who='accuracy', workers=w), 'max_rel_diff_vs_brian2')
        L.append('| same, θ scheme dt = 1e-3 τ (%s) | Brian2 whole run %.2f s | %.2f s process (CPU %.2f s) | %.1f× whole run | rates within %.2f %% of Brian2 |' % (
            workers(w), bw, m(o, 'wall'), m(o, 'cpu'), bw / m(o, 'wall'), 100 * acc))
    for n in sorted({int(r['workload'][3:]) for r in runs if r['workload'].startswith('mpr')}):
        o = sel(workload='mpr%d' % n, who='ngnmm')
        for be in ['numpy', 'numba']:
            t = sel(workload='mpr%d' % n, who='tvb-' + be)
            if not t:
                continue
            L.append('| MPR, TVB %d regions, delays 3 mm/ms, Heun dt 0.01 ms | TVB %s: %.2f s per simulated s (%.2f s whole for %g ms) | %.3f s per simulated s | %.1f× per simulated s | mean r differs by %.1e (rel.) |' % (
                n, be, m(t, 'per_sim_second'), m(t, 'wall'), t[0]['simulated_ms'], m(o, 'per_sim_second'),
                m(t, 'per_sim_second') / m(o, 'per_sim_second'), abs(m(o, 'mean_r') / m(t, 'mean_r') - 1)))
        if not sel(workload='mpr%d' % n, who='tvb-numpy'):
            L.append('| MPR, TVB %d regions | TVB skipped | %.3f s per simulated s | | |' % (n, m(o, 'per_sim_second')))
    o = sel(workload='ei90', who='ngnmm')
    L.append('| 90-region E–I NG-NMM, RK4 dt 0.01 ms | (no peer run) | %.3f s per simulated s | | |' % m(o, 'per_sim_second'))
    L += ['', 'Wall = whole process (ngnmm: `ngnmm qif`, `bench/tvb`; Brian2: code generation + compilation + run); '
          '"simulation" = the simulator\'s own timer. mean r: ours sampled every 1 ms, TVB TemporalAverage 1 ms, over '
          'the same run length for 76 regions (TVB 998 regions runs %s; ours %g ms). TVB numba: stochastic Heun with '
          'σ = 1e-9 (its MPR backend takes no deterministic scheme). Cost curve: cost.png.' % ('%g ms' % (5 if meta['quick'] else 100), meta['Tnet']), '']
    return '\n'.join(L)


if __name__ == '__main__':
    main()
