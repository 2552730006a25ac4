#!/usr/bin/python3
"""Reference graph measures from scipy/numpy for nmm/graph tests.

Run with Debian's python3:  /usr/bin/python3 gen_graph.py
Writes graph_ref.json: a random directed weight matrix W (row = target,
column = source; ~30 % zeros, one isolated node), shortest path lengths from
every source with length 1/w along edges source→target (scipy.sparse.csgraph
.dijkstra on Wᵀ, whose [i][j] is the edge i→j), hop counts, the eigenvector of
the largest eigenvalue of (W+Wᵀ)/2, and spearmanr of two vectors with ties.
"""
import json

import numpy as np
from scipy import stats
from scipy.sparse.csgraph import dijkstra

rng = np.random.default_rng(7)
n = 12
w = rng.random((n, n)) * (rng.random((n, n)) > 0.3)
np.fill_diagonal(w, 0)
w[5, :] = 0
w[:, 5] = 0  # isolated node 5
g = np.zeros_like(w)
nz = w.T > 0
g[nz] = 1.0 / w.T[nz]
d = dijkstra(g, directed=True)
hops = dijkstra((w.T > 0).astype(float), directed=True)
s = (w + w.T) / 2
ev, vec = np.linalg.eigh(s)
v = vec[:, -1]
v = v / v[np.argmax(np.abs(v))]
x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5]
rho = stats.spearmanr(x, y).statistic
json.dump(dict(w=w.tolist(), dist=np.where(np.isinf(d), -1, d).tolist(),
               hops=np.where(np.isinf(hops), -1, hops).tolist(), eig=v.tolist(),
               x=x, y=y, spearman=float(rho), ranks=stats.rankdata(x).tolist()),
          open("graph_ref.json", "w"))
