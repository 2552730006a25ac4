"""The E–I node (docs/models.md § E–I node) for the SciPy reference generators
nmm/cycle/testdata/gen_ei_reference.py and nmm/msf/testdata/gen_msf_reference.py:
parameters (Delicado, Huguet & Clusella 2025; times in ms, rates in kHz), the
right-hand side with the self-coupling eps of the homogeneous network, and the
analytic Jacobian. Written from docs/models.md, not from the Go code.
"""
import numpy as np

tE, tI, tsE, tsI = 8.0, 8.0, 1.0, 5.0
etaE, etaI, dE, dI = -5.0, -5.0, 1.0, 1.0
JEE, JEI, JIE, JII = 5.0, 13.0, 13.0, 5.0


def f(t, y, IE, eps):
    rE, vE, sE, rI, vI, sI = y
    return np.array([
        (dE / (np.pi * tE) + 2 * rE * vE) / tE,
        (vE**2 + etaE + IE - (np.pi * tE * rE)**2 + tE * JEE * sE - tE * JEI * sI + tE * eps * sE) / tE,
        (-sE + rE) / tsE,
        (dI / (np.pi * tI) + 2 * rI * vI) / tI,
        (vI**2 + etaI - (np.pi * tI * rI)**2 + tI * JIE * sE - tI * JII * sI + tI * eps * sE) / tI,
        (-sI + rI) / tsI,
    ])


def jac(y, g):
    """Node Jacobian with the coupling g added to the sE entries of the voltage rows."""
    rE, vE, sE, rI, vI, sI = y
    J = np.zeros((6, 6))
    J[0, 0], J[0, 1] = 2 * vE / tE, 2 * rE / tE
    J[1, 0], J[1, 1], J[1, 2], J[1, 5] = -2 * np.pi**2 * tE * rE, 2 * vE / tE, JEE + g, -JEI
    J[2, 0], J[2, 2] = 1 / tsE, -1 / tsE
    J[3, 3], J[3, 4] = 2 * vI / tI, 2 * rI / tI
    J[4, 3], J[4, 4], J[4, 2], J[4, 5] = -2 * np.pi**2 * tI * rI, 2 * vI / tI, JIE + g, -JII
    J[5, 3], J[5, 5] = 1 / tsI, -1 / tsI
    return J
