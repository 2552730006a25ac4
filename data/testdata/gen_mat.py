#!/usr/bin/python3
"""Writes small MAT v5 files with scipy.io.savemat for data/matfile_test.go.

Run with /usr/bin/python3 (Debian's scipy): python3 gen_mat.py
The expected values are those written here, read back by the Go reader.
"""
import numpy as np
import scipy.io as sio

a = np.array([[1.5, -2.0, 3.25], [4.0, 5.5, -6.75]])            # double 2x3
b = np.array([[1, -2], [300, 40000]], dtype=np.int32)           # int32 2x2
c = np.array([[7, 8, 9]], dtype=np.uint8)                       # uint8 1x3
s = "ignored text"
sio.savemat("small_uncompressed.mat", {"a": a, "b": b, "c": c, "s": s}, do_compression=False)
sio.savemat("small_compressed.mat", {"a": a, "b": b, "c": c, "s": s}, do_compression=True)
