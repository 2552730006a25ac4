// Package continuation traces branches of equilibria of a dynamical system
// as one parameter varies (numerical continuation), detecting saddle-node
// (fold) and Hopf bifurcations, and traces fold curves in two parameters.
//
// # Overview
//
// [Equilibria] follows the solution curve of f(y; p) = 0 in (y, p) space by
// pseudo-arclength continuation (Keller 1977): a tangent predictor, a Newton
// corrector on the hyperplane orthogonal to the tangent, and an adaptive
// step. Because the arclength, not p, parametrises the curve, the branch is
// followed around folds. Along the branch it records the eigenvalues and
// stability of each equilibrium and locates
//
//   - folds (saddle-node points), where dp/ds — the parameter component of
//     the unit tangent — changes sign (equivalently det ∂f/∂y = 0);
//   - Hopf points, where a pair of complex eigenvalues crosses the imaginary
//     axis; the angular frequency ω = Im λ is reported.
//
// Both are refined to full precision by a safeguarded secant (Illinois)
// iteration on the arclength between the two points that bracket the sign
// change. The model is any ode.System; the parameter is set through a
// closure, so any field of any model can be continued:
//
//	m := nmm.DefaultMPR()
//	prob := continuation.Problem{Sys: &m, Set: func(p float64) { m.EtaBar = p }}
//	br, err := continuation.Equilibria(prob, y0, -8, &continuation.Settings{PMin: -8, PMax: 0})
//
// [FoldCurve] continues a fold in two parameters (f = 0, det ∂f/∂y = 0) and
// locates cusp points on it.
//
// # The tracer
//
// All of these, and the branches of periodic orbits of package cycle, run on
// one pseudo-arclength [Tracer] over a [Curve] G: R^(m+1) → R^m given by its
// residual G(x) and Jacobian DG(x): the tangent is the null vector of DG
// (from [DG; dirᵀ] t = e), normalised in a [Metric] (Euclidean, or the
// weighted norm of the cycle shooting equations); [Tracer.Correct] is
// Newton's method on the augmented system [G(x); ⟨t, x − xp⟩] = 0;
// [Tracer.Step] is the predictor–corrector step with the step-size control
// of a [StepControl]; [Tracer.At] and [Locate] locate events (a sign change
// of a test function) along a segment of the branch.
//
// # Conventions
//
// Jacobians ∂f/∂y are analytic when the model implements nmm.Jacobian and
// central finite differences otherwise; ∂f/∂p is always a central finite
// difference (its error does not move the detected bifurcations, which
// depend only on ∂f/∂y). Eigenvalues carry the model's time unit; Hopf
// frequencies are angular (rad per time unit).
//
// # References
//
//   - H. B. Keller, Numerical solution of bifurcation and nonlinear eigenvalue
//     problems, in Applications of Bifurcation Theory, Academic Press (1977).
//   - Yu. A. Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.,
//     Springer (2004), ch. 10 (numerical continuation, test functions).
//   - E. J. Doedel, Lecture notes on numerical analysis of nonlinear
//     equations (AUTO), in Numerical Continuation Methods for Dynamical
//     Systems, Springer (2007).
package continuation
