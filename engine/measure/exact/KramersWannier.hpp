#pragma once
// Kramers–Wannier duality of the 2D Ising model and its critical point.

namespace dlab::exact {

// β_c = ½ ln(1 + √2), the self-dual point.
double criticalBeta();

// β̃ = −½ ln tanh β, equivalently sinh 2β · sinh 2β̃ = 1. Requires β > 0.
double kramersWannierDual(double beta);

} // namespace dlab::exact
