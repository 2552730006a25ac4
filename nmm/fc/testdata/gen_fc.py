#!/usr/bin/python3
"""Reference FC, FCD, Hilbert phases and order parameter computed with
numpy/scipy for deterministic test signals (same formula in fc_test.go):
x[t][j] = sin(0.05 (j+1) t + j) + 0.3 cos(0.11 (j%3+1) t), t = 0..199, j = 0..4.
Run: /usr/bin/python3 gen_fc.py  (writes fc_ref.json)
"""
import json
import numpy as np
from scipy.signal import hilbert

T, N = 200, 5
t = np.arange(T)[:, None]
j = np.arange(N)[None, :]
x = np.sin(0.05 * (j + 1) * t + j) + 0.3 * np.cos(0.11 * (j % 3 + 1) * t)
fc = np.corrcoef(x.T)
iu = np.triu_indices(N, 1)
win, step = 50, 25
uts = [np.corrcoef(x[s:s + win].T)[iu] for s in range(0, T - win + 1, step)]
fcd = np.corrcoef(np.array(uts))
ph = np.angle(hilbert(x - x.mean(0), axis=0))
R = np.abs(np.exp(1j * ph).mean(1))
json.dump({"fc": fc.tolist(), "fcd": fcd.tolist(), "phase": ph.tolist(), "R": R.tolist(),
           "meta_std": float(R.std()), "meta_mean": float(R.mean()),
           "z01": float(np.arctanh(fc[0, 1]))}, open("fc_ref.json", "w"))
