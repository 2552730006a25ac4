#!/usr/bin/python3
"""Writes small_bz2.zip: a 2-region TVB connectivity zip whose members are
bzip2-compressed (.txt.bz2, as TVB's connectivity_68.zip), for the reader
test and as a seed of FuzzReadTVBZip.

Run with /usr/bin/python3: python3 gen_tvb_bz2.py
Expected values (data_test.go): weights [[0, 1.5], [2, 0]], tract lengths
[[0, 12], [12, 0]], labels rA, lB, centre of lB (4, 5, 6).
"""
import bz2
import zipfile

members = {
    "weights.txt.bz2": "0 1.5\n2 0\n",
    "tract_lengths.txt.bz2": "0 12\n12 0\n",
    "centres.txt.bz2": "rA 1 2 3\nlB 4 5 6\n",
}
with zipfile.ZipFile("small_bz2.zip", "w", zipfile.ZIP_STORED) as z:
    for name, text in members.items():
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(info, bz2.compress(text.encode()))
