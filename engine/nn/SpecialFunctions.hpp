#pragma once
// Special functions for the conditionals of autoregressive networks.
//
// Modified Bessel functions for the von Mises distribution
// p(θ) = e^{κ cos(θ − μ)} / (2π I₀(κ)): ln I₀(κ) and the ratio A(κ) = I₁(κ)/I₀(κ)
// = d ln I₀/dκ, to ≈ 1e-14 relative for every κ ≥ 0 without overflow (power
// series below κ = 15, Hankel's asymptotic series above). No special-function
// library is needed and the two stay consistent, which the finite-difference
// tests of the von Mises conditional rely on.

namespace dlab::nn {

double logBesselI0(double kappa);
// I₁(κ)/I₀(κ) ∈ [0, 1).
double besselRatioI1I0(double kappa);

// The digamma function ψ(x) = d ln Γ(x)/dx for x > 0 (Beta conditionals):
// recurrence up to x ≥ 10, then the asymptotic series; ≈ 1e-14 absolute.
double digamma(double x);

} // namespace dlab::nn
