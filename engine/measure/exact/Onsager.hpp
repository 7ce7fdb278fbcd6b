#pragma once
// Onsager's infinite-lattice results for the square-lattice Ising model, J = 1.

namespace dlab::exact {

// Internal energy per site u(β) = −coth 2β [1 + (2/π)(2 tanh² 2β − 1) K(k)].
double onsagerEnergyPerSite(double beta);

// Specific heat per site c = β² ∂²(ln Z/N)/∂β² = −β² du/dβ.
double onsagerSpecificHeat(double beta);

// Spontaneous magnetisation (1 − sinh⁻⁴ 2β)^{1/8} for β > β_c, else 0.
double onsagerMagnetization(double beta);

// Free energy per site times −β: ln Z / N in the thermodynamic limit.
double onsagerLogZPerSite(double beta);

} // namespace dlab::exact
