// Package energy is the energy (Hamiltonian) structure of next-generation
// neural mass models: the conserved energy of a homogeneous
// Montbrió–Pazó–Roxin population, its level-set geometry (centre, saddle,
// turning points, homoclinic loop, period), the energy balance with
// heterogeneity and time-dependent input, level-set contours for plotting,
// orbit diagnostics, the energy landscape of two mutually inhibiting
// populations, and the energy prediction of population-spike amplitudes in a
// bursting model.
//
// # Overview
//
// With time in units of τ and the dimensionless rate R = τ r, the MPR mean
// field ([nmm.MPR]) reads
//
//	dR/dt' = Δ/π + 2 R v,   dv/dt' = v² + η + J R − π² R²,   t' = t/τ,
//
// with η = η̄ + I + I(t) (+ τ c in a network). For Δ = 0 the field divided
// by R² is divergence-free, so R⁻² is an integrating factor and
//
//	H(R, v) = (v² + η)/R + π² R − J ln R = v²/R + U(R),
//	U(R)    = η/R + π² R − J ln R                       (potential)
//
// is conserved; v²/R is the "kinetic" part. In physical units R = τ r (the
// logarithm needs the dimensionless rate). Rescaling time makes the system
// canonical ([Canonical]): with ds = R² dt', (R, v) is a canonical pair of
// H; with ds = R dt', (R, v/R) and (ln R, v) are canonical pairs of the same
// energy written in those variables. Since R > 0 the rescalings keep orbits
// and their orientation.
//
// Level sets (Δ = 0): the equilibria are v = 0, U'(R) = 0, i.e.
// π²R² − J R − η = 0, R_{c,s} = (J ± √(J² + 4π²η))/(2π²): a centre (minimum
// of U) and, for η < 0 < J with J² + 4π²η > 0, a saddle (maximum of U).
// Small oscillations have angular frequency ω0 = √(2R_c(2π²R_c − J))/τ and
// are ellipses with axis ratio δR_max : v_max = √(2R_c/(2π²R_c − J)). An
// orbit of energy E reaches its extreme rates at v = 0, the two roots of
// U(R) = E around R_c ([Hamiltonian.TurningPoints]); bounded orbits need
// E < H(R_s, 0), the energy of the saddle's homoclinic loop
// ([Hamiltonian.Homoclinic]). For J = 0 the level sets are circles in
// (πR, v) and every orbit has period π/√η (isochronous).
//
// Heterogeneity and inputs (Δ ≥ 0, η = η(t)): the Hamiltonian parts cancel
// and ([Hamiltonian.Rate])
//
//	dH/dt = [ (Δ/π) ∂H/∂R + (dη/dt')/R ] / τ,
//	∂H/∂R = π² − (v² + η)/R² − J/R.
//
// The scaling R = Jρ, v = Ju, t' = t”/J, η = J²η” maps the model onto
// itself with Δ → Δ/J², so heterogeneity is a perturbation of relative size
// Δ/J² (near-Hamiltonian at strong coupling); at η = 0 the focus damping
// ratio is |Re λ|/|Im λ| ≈ π²Δ/(√2 J²) ([StrongCouplingDampingRatio]).
//
// Provenance: the abstract of Andrean & Pedersen (2025) states that a time
// rescaling makes NG-NMMs Hamiltonian for homogeneous populations or strong
// coupling, that the energy explains near-ellipsoidal orbits and predicts
// spike amplitudes during bursting, and links to energy landscapes. The full
// text was not available: every formula here is derived in
// docs/models.md § MPR energy and in the doc comments, and checked numerically in
// the tests; the paper may use other, equivalent variables.
//
// # Conventions
//
// Functions take physical rates r (1/time unit of τ) and return physical
// times and frequencies; internally they use R = τ r. Energies are
// dimensionless. Fast methods (H, Kinetic, Potential, Grad, Rate) return NaN
// for r ≤ 0 and do not allocate; checked variants return errors wrapping the
// sentinels of this package.
//
// # References
//
//   - D. Andrean, M. G. Pedersen, Near-Hamiltonian dynamics and energy-like
//     quantities of next-generation neural mass models, arXiv:2509.10428
//     (2025) [abstract only].
//   - E. Montbrió, D. Pazó, A. Roxin, Macroscopic description for networks of
//     spiking neurons, Phys. Rev. X 5, 021028 (2015),
//     doi:10.1103/PhysRevX.5.021028.
//   - R. Gast, H. Schmidt, T. R. Knösche, A mean-field description of
//     bursting dynamics in spiking neural networks with short-term
//     adaptation, Neural Computation 32(9), 1615–1634 (2020),
//     doi:10.1162/neco_a_01300 (the bursting model, see [nmm.MPRAdapt]).
package energy
