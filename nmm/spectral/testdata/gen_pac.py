#!/usr/bin/python3
"""Reference band-pass FIR filters and analytic signals from scipy for the PAC
tests of nmm/spectral (filter.go, hilbert.go).

Run with Debian's python3 (has scipy):  /usr/bin/python3 gen_pac.py
Writes pac_ref.json: the inputs, scipy.signal.firwin taps, numpy.convolve(x, h,
"same") outputs, and scipy.signal.hilbert outputs (real and imaginary parts).
"""
import json

import numpy as np
from scipy import signal

rng = np.random.default_rng(20261125)

firs = []
x = rng.standard_normal(3000)
for (lo, hi, fs, m) in [(4.0, 8.0, 1000.0, 751), (30.0, 50.0, 1000.0, 101),
                        (0.1, 0.2, 2.0, 61), (60.0, 90.0, 500.0, 25)]:
    h = signal.firwin(m, [lo, hi], pass_zero=False, fs=fs)
    y = np.convolve(x, h, mode="same")
    firs.append(dict(low=lo, high=hi, fs=fs, numtaps=m, taps=list(map(float, h)),
                     out=list(map(float, y))))

hil = []
for n in (64, 65, 1000):
    s = rng.standard_normal(n)
    z = signal.hilbert(s)
    hil.append(dict(x=list(map(float, s)), re=list(map(float, z.real)),
                    im=list(map(float, z.imag))))

with open("pac_ref.json", "w") as f:
    json.dump(dict(x=list(map(float, x)), fir=firs, hilbert=hil), f)
