// Package stability finds equilibria of dynamical systems and classifies
// their linear stability.
//
// # Overview
//
// [FixedPoints] works on any right-hand side (an ode.System): damped Newton
// iterations from a set of seeds, with a convergence check, deduplication,
// and the eigenvalues of the Jacobian at each equilibrium ([Analyze]). The
// Jacobian is the model's own when it implements ode.Jacobian (nmm.Jacobian)
// and central finite differences with ode's one step rule otherwise
// ([Jac], ode.FDStep). [Classify] names the equilibrium with a typed [Kind]
// (stable node, stable focus, saddle, unstable node, unstable focus,
// centre, non-hyperbolic).
//
// [Newton] is the library's one damped Newton solver. The package imports
// only ode (no model package), so that models can use it for their own
// exact equilibria.
//
// Newton from seeds can miss equilibria. For the Montbrió–Pazó–Roxin model
// [MPRFixedPoints] is exact: it brackets every positive root of the
// fixed-point quartic between the extrema of the rate–drive relation, so no
// equilibrium is ever missed, and polishes each root with Newton.
//
// # Conventions
//
// Systems are autonomous at the time Settings.T (default 0). Eigenvalues are
// sorted by decreasing real part, then by decreasing imaginary part; they
// carry the time unit of the model (per τ, or per ms when τ is in ms).
//
// # References
//
//   - E. Montbrió, D. Pazó, A. Roxin, Macroscopic description for networks of
//     spiking neurons, Phys. Rev. X 5, 021028 (2015).
//   - Yu. A. Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.,
//     Springer (2004), §2.1 (classification of equilibria).
package stability
