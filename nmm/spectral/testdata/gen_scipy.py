#!/usr/bin/python3
"""Reference PSDs from scipy.signal for nmm/spectral tests.

Run with Debian's python3 (has scipy):  /usr/bin/python3 gen_scipy.py
Writes scipy_ref.json: the input signals and scipy's frequencies/PSDs.
"""
import json

import numpy as np
from scipy import signal

rng = np.random.default_rng(20261125)
n = 1000
fs = 10.0
t = np.arange(n) / fs
x = 0.7 * np.sin(2 * np.pi * 1.3 * t + 0.4) + rng.standard_normal(n) + 0.3
x_odd = x[:999]

cases = []


def add(name, kind, sig, opts, f, p, twosided=False):
    if twosided:
        f = np.fft.fftshift(f)
        p = np.fft.fftshift(p)
    cases.append(dict(name=name, kind=kind, signal=sig, opts=opts,
                      freq=list(map(float, f)), power=list(map(float, p))))


f, p = signal.welch(x, fs=fs)
add("welch-default", "welch", "x", {}, f, p)
f, p = signal.welch(x, fs=fs, nperseg=100, noverlap=30, window="hamming",
                    detrend=False, return_onesided=False)
add("welch-hamming-twosided", "welch", "x",
    dict(SegmentLength=100, Overlap=30, Window="hamming", Detrend="none", TwoSided=True),
    f, p, twosided=True)
f, p = signal.welch(x, fs=fs, nperseg=127, noverlap=0, window="boxcar",
                    scaling="spectrum")
add("welch-boxcar-odd-spectrum", "welch", "x",
    dict(SegmentLength=127, Overlap=-1, Window="rectangular", Scaling="spectrum"), f, p)
f, p = signal.welch(x_odd, fs=fs, nperseg=200, noverlap=150)
add("welch-odd-signal", "welch", "x_odd", dict(SegmentLength=200, Overlap=150), f, p)
f, p = signal.periodogram(x_odd, fs=fs)
add("periodogram-default-odd", "periodogram", "x_odd", {}, f, p)
f, p = signal.periodogram(x, fs=fs, window="hann", return_onesided=False)
add("periodogram-hann-twosided", "periodogram", "x",
    dict(Window="hann", TwoSided=True), f, p, twosided=True)

peaks, props = signal.find_peaks(cases[0]["power"], prominence=0)
ref_peaks = dict(index=list(map(int, peaks)),
                 prominence=list(map(float, props["prominences"])))

with open("scipy_ref.json", "w") as fh:
    json.dump(dict(fs=fs, x=list(map(float, x)), x_odd=list(map(float, x_odd)),
                   cases=cases, peaks_welch_default=ref_peaks), fh)
