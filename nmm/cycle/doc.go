// Package cycle finds, characterises and continues periodic orbits (limit
// cycles) of autonomous ODEs, and analyses Hopf bifurcations of equilibria.
//
// # Overview
//
//   - [Find] integrates a transient, detects a Poincaré section crossing and
//     refines the cycle by Newton shooting; it returns an [Orbit] (initial
//     point on the section, period, Floquet multipliers and exponents,
//     range of every variable along the cycle) or an error wrapping
//     [ErrStationary] when the trajectory settles on an equilibrium.
//   - [Monodromy] integrates the state together with the variational
//     equations dΦ/dt = J(y(t)) Φ over one period with a caller-supplied
//     Jacobian (the master stability function passes modified Jacobians);
//     [Multipliers] returns the eigenvalues of a monodromy matrix and
//     [Exponents] the Floquet exponents μ = ln(multiplier)/T.
//   - [Continue] follows a branch of periodic orbits in one parameter by
//     pseudo-arclength continuation of the shooting equations (on the
//     tracer of package continuation), starting from an orbit or from a Hopf point, and reports folds of cycles,
//     period doublings and Neimark–Sacker (torus) points.
//   - [Equilibrium], [LocateHopf] and [FirstLyapunov] solve for equilibria,
//     locate Hopf points between two parameter values and compute the first
//     Lyapunov coefficient l1 (l1 < 0: supercritical, l1 > 0: subcritical).
//   - [BifurcationDiagram] puts it together in one parameter: the
//     equilibrium branch (package continuation), its Hopf points with l1, and
//     the branches of periodic orbits born there.
//
// Everything is generic: a system is an [ode.System] and a Jacobian a
// [JacFunc] (= ode.JacFunc: an analytic ode.Jacobian's Jac method, or
// [NumJac] for finite differences). A one-parameter family is a [Family].
//
// # Conventions
//
// Time units are the system's own (ms for nmm.EI; multipliers are
// dimensionless, exponents in 1/time unit). Trajectories are integrated by
// the classical RK4 of package ode with a fixed number of steps per period
// (Options.Steps), so the shooting map is a smooth function of the initial
// point and the period and Newton converges quadratically; the variational
// equations (ode.Tangent) are integrated by the same scheme, so the monodromy matrix is the
// exact derivative of the discrete flow map. Its error is O((T/Steps)^4);
// the trivial multiplier of an autonomous cycle (which is exactly 1 for the
// exact flow) is reported as a built-in accuracy check (Orbit.TrivialError).
//
// # References
//
//   - Yu. A. Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.,
//     Springer (2004): §3.5 (first Lyapunov coefficient, Eq. (3.20) and the
//     invariant formula of §3.5.4), §10.3 (continuation of cycles).
//   - R. Seydel, Practical Bifurcation and Stability Analysis, 3rd ed.,
//     Springer (2010): shooting, monodromy matrix, Floquet multipliers.
//   - J. Guckenheimer, P. Holmes, Nonlinear Oscillations, Dynamical Systems,
//     and Bifurcations of Vector Fields, Springer (1983), Eq. (3.4.11).
package cycle
