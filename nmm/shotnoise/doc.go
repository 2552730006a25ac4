// Package shotnoise predicts and simulates the finite-size fluctuations
// (shot noise) of the population rate of a QIF network around its
// Montbrió–Pazó–Roxin mean field.
//
// # Overview
//
// The MPR equations are exact only for N → ∞. For finite N the measured
// rate is R(t) = r(t) + ξ(t), where r obeys the MPR equations driven by the
// network's own output, τ dv/dt = v² + η̄ + I + J τ (r + ξ) − (π τ r)², and
// ξ is zero-mean shot noise of variance ∝ 1/N (docs/models.md § Shot noise).
//
//   - [S0] is the two-sided power spectral density of the rate of N
//     uncoupled neurons with excitability density g (Lorentzian or any
//     [Density], e.g. [Tabulated]):
//
//     S0(f) = (2π²τ²/N) Σ_{n≥1} |f|³/n⁴ · g(π²τ²f²/n²),
//
//     the sum of the line spectra of periodic spike trains (neuron η > 0
//     fires at ν = √η/(πτ)); S0 → r0/N for f → ∞ (Poisson floor) and
//     S0 ≈ 2π²ζ(4) g(0) τ² f³/N for f → 0.
//
//   - [Theory] evaluates, at the stable stationary state (r0, v0) of the
//     coupled Lorentzian network, the open-loop MPR response
//     χ(ω) = 2r0/((iωτ − 2v0)² + 4π²τ²r0²) (τ = 1 units) and the closed-loop
//     spectrum
//
//     S_R(f) = S0(f; η̄ → η̄ + I + J τ r0) / |1 − J τ χ(2πf)|²,
//
//     amplified near the MPR focus frequency and suppressed near f = r0;
//     [Theory.Binned] adds the effect of counting spikes in bins of width b
//     (what a simulation measures) and [Theory.Variance] the variance of
//     the binned rate (≈ r0/(N b)).
//
//   - [StochasticMPR] integrates the MPR equations driven by Gaussian
//     coloured noise ξ synthesised with the spectrum of S0 (spectral
//     synthesis), reproducing the network's spectrum at a fraction of its
//     cost.
//
// # Conventions
//
// All spectra are two-sided densities (unit (rate unit)²/(frequency
// unit)); the one-sided densities that scipy.signal.welch and
// spectral.Welch return by default are twice as large. Frequencies f are in
// cycles per time unit of τ, ω = 2πf.
//
// # References
//
//   - V. Klinshov, S. Kirillov, Shot noise in next-generation neural mass
//     models for finite-size networks, Phys. Rev. E 106, L062302 (2022),
//     doi:10.1103/PhysRevE.106.L062302, arXiv:2205.01984. The formulas
//     here are the derivation of docs/models.md § Shot noise (verified against network
//     simulations); the paper's own notation may differ.
//   - E. Montbrió, D. Pazó, A. Roxin, Phys. Rev. X 5, 021028 (2015).
package shotnoise
