// Package memory is a study above the toolkit: it reproduces the
// working-memory experiment of Montbrió, Pazó & Roxin (2015), Fig. 2 (a
// transient cue switches a bistable population into a persistent state), and
// extends it with noise. It turns a bistable next-generation neural mass
// into a working-memory circuit: the bistable range of a parameter from the
// folds of the equilibrium branch (numerical continuation), a
// delayed-response task (fixation, cue, delay, erasing input) and the
// lifetime of the persistent state under noise from repeated seeded runs.
//
// # Overview
//
// A Montbrió–Pazó–Roxin population with strong recurrent excitation
// (J/√Δ above the cusp value 7.796, docs/models.md § MPR equilibria and folds) has two stable
// equilibria — a low-activity node and a high-activity focus — for η̄ between
// two saddle-node (fold) points. A transient excitatory cue switches it from
// low to high; the high state persists after the cue is gone (the memory of
// the cue, Montbrió, Pazó & Roxin 2015, Fig. 2) until an inhibitory erasing
// input returns it to the low state. Noise makes the memory finite: the
// persistent state escapes over the saddle after a random time whose mean grows
// roughly like exp(ΔU/σ²) (Kramers).
//
//   - BistableRange finds the folds by pseudo-arclength continuation
//     (package continuation) rather than by scanning initial guesses.
//   - Task describes the protocol as a piecewise-constant input with
//     breakpoints; RunTask simulates it, with or without noise; Evaluate
//     scores a run (was the cue stored, kept through the delay, erased).
//   - Lifetimes integrates independent noisy runs in parallel (one RNG per
//     run, derived from the seed and the run index, so results do not depend
//     on the number of workers) until the state leaves the memory basin.
//
// # Conventions
//
// Times are in the model's unit (τ for the dimensionless MPR). Noise enters
// the voltage equation additively: dv = f_v dt + σ dW (σ in units of v per
// √time), see NoisyMPR.
//
// # References
//
//   - E. Montbrió, D. Pazó, A. Roxin, Macroscopic description for networks of
//     spiking neurons, Phys. Rev. X 5, 021028 (2015), Fig. 2.
//   - H. A. Kramers, Brownian motion in a field of force and the diffusion
//     model of chemical reactions, Physica 7, 284 (1940).
//   - C. W. Gardiner, Handbook of Stochastic Methods, 3rd ed., Springer (2004),
//     §5.2.7 (mean first passage time in one dimension).
package memory
