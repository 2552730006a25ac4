// Package nmm holds next-generation neural mass models (the exact
// Montbrió–Pazó–Roxin mean field of quadratic integrate-and-fire neurons and
// its descendants), the interfaces every model satisfies, and the TimeSeries
// type that simulations return.
//
// # Overview
//
// A model is a parameter struct with methods: Dim, Vars, Units, Deriv (the
// right-hand side, allocation-free), Validate, and optionally Jac (analytic
// Jacobian) and DerivCoupled (a coupling port for networks). Integrators live
// in [github.com/ngnmm/ngnmm/nmm/ode]; models satisfy ode.System
// structurally.
//
// # Conventions
//
// Units: a model states its own. MPR with Tau = 1 is the dimensionless form
// of Montbrió, Pazó & Roxin (2015), with time in units of τ and rates in 1/τ;
// with Tau in ms, time is in ms and rates in 1/ms (kHz: multiply by 1000 for
// Hz). State layout of a network is node-major: y[node*Dim + k].
// Connectivity matrices are oriented row = target, column = source:
// W[n][m] is the weight from node m to node n.
//
// # References
//
//   - E. Montbrió, D. Pazó, A. Roxin, Macroscopic description for networks of
//     spiking neurons, Phys. Rev. X 5, 021028 (2015), doi:10.1103/PhysRevX.5.021028.
package nmm
