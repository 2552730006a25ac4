#!/usr/bin/python3
"""Run one TVB simulation (MPR nodes on a TVB connectome, delays at 3 mm/ms,
Heun dt = 0.01 ms (numba backend: stochastic Heun, σ = 1e-9), linear coupling G = 0.01 on weights/max, constant initial
history r = 0.1, V = -2, 1-ms temporal average) from a TVB source folder and
print one JSON line: wall and CPU seconds of the simulation, mean r over
nodes and samples. Our driver, not TVB code: TVB is imported from --tvb.

  tvb_run.py --tvb DIR --zip connectivity_76.zip --T 1000 [--backend numpy|numba]
"""
import argparse
import json
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tvb', required=True, help='tvb-root source folder')
    ap.add_argument('--zip', required=True)
    ap.add_argument('--T', type=float, default=1000.0, help='simulated ms')
    ap.add_argument('--backend', default='numpy', choices=['numpy', 'numba'])
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.tvb, 'tvb_library'))
    import warnings
    warnings.filterwarnings('ignore')
    import logging
    logging.disable(logging.WARNING)
    import numpy as np
    t_import = time.perf_counter()
    from tvb.simulator import simulator, models, integrators, monitors, coupling
    from tvb.datatypes import connectivity
    c = connectivity.Connectivity.from_file(a.zip)
    c.weights = c.weights / c.weights.max()
    c.speed = np.array([3.0])
    c.configure()
    w0, c0 = time.perf_counter(), time.process_time()
    # TVB's numba MPR backend takes only the stochastic Heun scheme: noise
    # of σ = 1e-9 (numerically deterministic at the printed precision).
    from tvb.simulator import noise
    integ = integrators.HeunDeterministic(dt=0.01) if a.backend == 'numpy' else \
        integrators.HeunStochastic(dt=0.01, noise=noise.Additive(nsig=np.array([1e-18])))
    sim = simulator.Simulator(model=models.MontbrioPazoRoxin(), connectivity=c,
                              coupling=coupling.Linear(a=np.array([0.01])), conduction_speed=3.0,
                              integrator=integ,
                              monitors=[monitors.TemporalAverage(period=1.0)], simulation_length=a.T)
    sim.configure()
    horizon = sim.connectivity.idelays.max() + 1
    sim.initial_conditions = np.tile(np.array([0.1, -2.0])[None, :, None, None], (horizon, 1, c.number_of_regions, 1))
    sim.configure()
    if a.backend == 'numba':
        from tvb.simulator.backend.nb_mpr import NbMPRBackend
        (t, y), = NbMPRBackend().run_sim(sim, simulation_length=a.T, chunksize=max(1000, int(round(a.T / 0.01))))
    else:
        (t, y), = sim.run()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    r = np.asarray(y)[:, 0, :, 0]
    print(json.dumps(dict(backend=a.backend, regions=int(c.number_of_regions), simulated_ms=a.T,
                          wall_seconds=wall, cpu_seconds=cpu, mean_r=float(np.mean(r)),
                          import_seconds=w0 - t_import)))


if __name__ == '__main__':
    main()
