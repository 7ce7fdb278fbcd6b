#pragma once
// Kaufman's exact partition function of the Ising model on a finite L×L torus
// (B. Kaufman, Phys. Rev. 76, 1232 (1949)), J = 1, weight e^{β Σ s_i s_j}.

namespace dlab::exact {

struct FiniteTorusValues {
    double logZ = 0;              // ln Z
    double freeEnergyPerSite = 0; // f = −ln Z / (β N)
    double energyPerSite = 0;     // ⟨H⟩/N = −∂ ln Z/∂β / N
    double specificHeat = 0;      // β² ∂² ln Z/∂β² / N (per site)
};

// ln Z on an L×L torus. Requires L ≥ 2 and β > 0.
long double kaufmanLogZ(int L, long double beta);

// ln Z, energy and specific heat per site on an L×L torus.
FiniteTorusValues kaufmanTorus(int L, double beta);

} // namespace dlab::exact
