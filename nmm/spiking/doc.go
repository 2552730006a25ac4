// Package spiking simulates networks of quadratic integrate-and-fire (QIF)
// neurons, the microscopic model behind the Montbrió–Pazó–Roxin mean field
// (package nmm, type MPR), fast enough for 10⁵ neurons over thousands of
// membrane time constants.
//
// # Overview
//
// [QIF] describes the network: N neurons
//
//	τ dV_j/dt = V_j² + η_j + I + I(t) + J τ R(t) (all-to-all)
//
// with excitabilities η_j drawn from a Lorentzian of centre η̄ and half-width
// Δ (deterministic quantiles η_j = η̄ + Δ tan[π/2 (2j−N−1)/(N+1)], or seeded
// Cauchy samples), and a spike emitted when V_j reaches +∞ (V_j then
// restarts from −∞). [New] prepares a simulation ([Sim]); [Sim.Run] advances
// it and streams the population rate, binned, to an observer, so memory does
// not grow with the run length. [Sim.Record] collects the binned rate into
// an nmm.TimeSeries.
//
// Two integration schemes ([Scheme]):
//
//   - [Theta] (default): each neuron is advanced by the exact solution of
//     its equation for the input held constant over the step, a Möbius map
//     of V (the θ-neuron V = tan(θ/2) propagator of docs/models.md § QIF network). With
//     a = η_j + I + I(t_mid) and φ = √a·dt/τ,
//     V' = (C V + a S)/(C − S V), C = cos φ, S = sin φ/√a (cosh, sinh for
//     a < 0); a spike occurred iff C − S V < 0, plus one per full turn
//     (φ ≥ π: fast neurons firing several times per step are counted
//     exactly). No threshold cut-off, unconditionally stable, exact for
//     uncoupled neurons; the only approximation is the timing of the
//     synaptic jumps (below), an O(dt) error, so steps of 10⁻³ τ suffice
//     (errors halve with dt; see TestThetaConvergesToReset).
//   - [Reset]: the MPR 2015 method. Euler steps of τ dV/dt = V² + input,
//     threshold V_p (default 100) and reset −V_p; after crossing V_p the
//     neuron is frozen for the refractory time 2τ/V_p (≈ the time the true
//     QIF takes from V_p to +∞ and from −∞ to −V_p) and its spike is
//     registered in the middle of that interval. Needs dt ≈ 10⁻⁴ τ.
//
// Coupling: every registered spike adds J/N to all voltages (all-to-all,
// pulse coupling). Theta applies the jumps of the spikes of a step at the
// start of the next step (spike times quantised to the step: mean delay
// dt/2). Reset feeds the current J τ R_{n−1}, R_{n−1} = spike count of the
// previous step / (N dt), into the next Euler step, which is the same jump
// J/N per spike (docs/models.md § QIF network). With
// QIF.InDegree = K > 0 each neuron instead receives K presynaptic partners
// drawn at random (seeded, without replacement, no self-connection) and each
// of their spikes adds J/K.
//
// # Conventions
//
// Time is in the unit of τ (τ = 1: dimensionless, rates in 1/τ). The
// population rate of a bin of width b is (spikes in the bin)/(N b), reported
// at the bin centre. The median voltage (optional) estimates the MPR mean
// voltage v (the Lorentzian has no mean, docs/models.md § QIF network).
//
// # Determinism and parallelism
//
// All randomness (Cauchy samples, initial voltages, sparse graph) comes from
// the *rand.Rand passed to [New]. Neurons are updated in parallel over
// Options.Workers goroutines; each neuron's update is independent of the
// partition and spike counts are summed as integers, so results are
// bit-for-bit identical for any number of workers. The workers hand each
// step over by spinning briefly on shared counters before they park, so a
// step costs no scheduler wake-up; Options.Workers = 0 uses one worker per
// core but at most one per 4096 neurons. Steps allocate nothing. The reset
// scheme gives refractory neurons a zero step size instead of a branch and
// handles them from a queue (registration, release).
// The θ scheme caches each neuron's Möbius coefficients while the common
// input I + I(t) is unchanged (constant or piecewise-constant drives), so a
// step then costs a few multiplications and one division per neuron.
//
// # References
//
//   - E. Montbrió, D. Pazó, A. Roxin, Macroscopic description for networks
//     of spiking neurons, Phys. Rev. X 5, 021028 (2015),
//     doi:10.1103/PhysRevX.5.021028 (network, Lorentzian quantiles, V_p
//     reset with refractory period).
//   - B. Ermentrout, N. Kopell, Parabolic bursting in an excitable system
//     coupled with a slow oscillation, SIAM J. Appl. Math. 46, 233 (1986)
//     (θ-neuron).
//   - V. Klinshov, S. Kirillov, Shot noise in next-generation neural mass
//     models for finite-size networks, Phys. Rev. E 106, L062302 (2022)
//     (finite-size fluctuations of the network rate, see package shotnoise).
package spiking
