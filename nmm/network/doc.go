// Package network couples N copies of a node model ([nmm.Coupled]) into a
// whole-brain network and integrates it: dense or sparse coupling through a
// weight matrix and a global coupling G, conduction delays from tract
// lengths, additive noise, per-node parameters, time-windowed stimulation,
// and streaming observers (temporal averages, CSV on disk).
//
// # Overview
//
// Node n receives the scalar input
//
//	c_n(t) = G Σ_m W[n][m] x_m(t − τ_nm) + stim_n(t),   x_m = y_m[CouplingVar()]
//
// and evolves as dy_n/dt = f_n(t, y_n, c_n) + σ ξ_n(t) (node model
// DerivCoupled; σ per variable, ξ white noise). The [Network] is an
// ode.System (and ode.StochasticSystem) with or without delays, and
// [Simulate] is ode.Solve with the network as the system and package ode's
// fixed-step steppers (RK4, Heun, Euler; Euler–Maruyama, stochastic Heun
// and RK4 with additive noise), so transients, sampling, breakpoints,
// observers and cancellation are ode's. Delays: τ_nm = round(L[n][m]/(v dt))
// steps, read from a ring buffer of the coupling variable, the delayed input
// held constant over a step (as The Virtual Brain does). The network keeps
// the ring buffer through ode's per-step hook (ode.Stepwise: gather at the
// start of each step, write at its end), so every fixed-step stepper of
// package ode runs it; an adaptive stepper with delays is an error.
//
// The coupling product is a dense mat-vec (gonum blas64 Gemv,
// assembly-backed) when W is dense, a CSR product when its density is below
// [SparseDensity]; both equal the naive double loop (tested). Identical
// nodes implementing [BatchCoupled] are evaluated in one call.
//
// Parallelism: measured on the 2-core development machines, splitting a
// step over goroutines does not pay for networks like the 90-node E–I brain
// (≈ 10 µs of work per step, four synchronisations per RK4 step), so runs
// are serial by default and parameter sweeps run in parallel ([Sweep]). The
// delayed-input gather of large delayed networks does pay: Config.Workers =
// 2 roughly halves the wall time of TVB's 998-region connectome (≈ 300 µs of
// gather per step); results do not depend on Workers.
//
// # Conventions
//
// State layout is node-major: y[n*dim + k] is variable k of node n, and
// y[n*dim:(n+1)*dim] is handed to node n's model without copying.
// W[n][m] is the weight from m (source) to n (target): rows are targets.
// Times are in the node model's unit (ms for [nmm.EI]); tract lengths in mm
// and the conduction speed in mm per time unit (mm/ms = m/s).
//
// # References
//
//   - P. Sanz Leon et al., The Virtual Brain: a simulator of primate brain
//     network dynamics, Front. Neuroinform. 7, 10 (2013) (delays, coupling).
//   - R. M. Delicado, G. Huguet, P. Clusella, arXiv:2512.03907 (2025)
//     (90-region E–I NG-NMM network, row-normalised AAL-90 weights).
package network
