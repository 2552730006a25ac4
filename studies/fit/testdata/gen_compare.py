#!/usr/bin/python3
"""Reference values of fit.Compare and fit.NewSubject (studies/fit),
computed independently with NumPy/SciPy on synthetic series written here.

Run: /usr/bin/python3 gen_compare.py  (writes compare_ref.json next to this
script; Debian python3-numpy/scipy).

The "empirical" subject: 8 regions, 240 samples (TR 0.72 s) of a common
slow sine plus region-specific AR(1) noise; SC a random non-negative 8x8
matrix (zero diagonal), tract lengths a random symmetric matrix. The
"simulated" BOLD: 180 samples of a different mixture. Definitions (as
studies/fit and nmm/fc state them):
  FC        np.corrcoef of the regions' raw series
  fc_r      Pearson r of the strict upper triangles of the two FCs
  FCD       windows of 30 samples every 5 samples, corrcoef of the windows'
            upper-triangle FCs, its strict upper triangle
  fcd_ks    scipy.stats.ks_2samp(simulated, empirical).statistic
  sc_fc_r   Pearson r of the upper triangles of FC and (SC + SC^T)/2
  dist_r    Pearson r of FC and -(L + L^T)/2 over pairs i<j with L > 0
  split     FC similarity of the first and last 120 samples
"""
import json
import os

import numpy as np
from scipy.stats import ks_2samp

HERE = os.path.dirname(os.path.abspath(__file__))
N, TE, TS, W, S = 8, 240, 180, 30, 5
rng = np.random.default_rng(16)


def series(t, mix):
    x = np.zeros((t, N))
    common = np.sin(2 * np.pi * 0.03 * 0.72 * np.arange(t))
    e = np.zeros(N)
    for k in range(t):
        e = 0.8 * e + rng.standard_normal(N)
        x[k] = mix * common[k] + e
    return x


def upper(a):
    return a[np.triu_indices(a.shape[0], 1)]


def sim(a, b):
    return float(np.corrcoef(upper(a), upper(b))[0, 1])


def fcd(x):
    fcs = [upper(np.corrcoef(x[s:s + W].T)) for s in range(0, x.shape[0] - W + 1, S)]
    return upper(np.corrcoef(np.array(fcs)))


emp = series(TE, np.linspace(0.2, 2.0, N))
simb = series(TS, np.linspace(1.5, 0.1, N))
sc = rng.random((N, N)) * (rng.random((N, N)) < 0.7)
np.fill_diagonal(sc, 0)
ln = rng.random((N, N)) * 100
ln = (ln + ln.T) / 2
np.fill_diagonal(ln, 0)

fe, fs = np.corrcoef(emp.T), np.corrcoef(simb.T)
mask = np.triu(ln, 1) > 0
h = TE // 2
ref = {
    "fc_r": sim(fs, fe),
    "fcd_ks": float(ks_2samp(fcd(simb), fcd(emp)).statistic),
    "sc_fc_r": sim(fe, (sc + sc.T) / 2),
    "dist_r": float(np.corrcoef(fe[mask], -((ln + ln.T) / 2)[mask])[0, 1]),
    "split_half": sim(np.corrcoef(emp[:h].T), np.corrcoef(emp[TE - h:].T)),
}
for name, m in [("emp_bold", emp), ("sim_bold", simb), ("sc", sc), ("lengths", ln)]:
    np.savetxt(os.path.join(HERE, name + ".csv"), m, delimiter=",", fmt="%.17g")
with open(os.path.join(HERE, "compare_ref.json"), "w") as f:
    json.dump(ref, f, indent=1, sort_keys=True)
    f.write("\n")
print(json.dumps(ref, indent=1, sort_keys=True))
