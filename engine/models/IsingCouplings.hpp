#pragma once
// Generalised Ising couplings (docs/models.md); β is absorbed, weight e^{−H}:
// H_t(s) = − t0 Σ_links s_i s_j − t1 Σ_plaquettes s s s s − t2 Σ_diagonals s_i s_j.

#include <array>

namespace dlab {

struct IsingCouplings {
    double t0 = 0.0; // nearest neighbour (β for the standard model)
    double t1 = 0.0; // plaquette (κ)
    double t2 = 0.0; // diagonal next-nearest neighbour

    static IsingCouplings standard(double beta) { return {beta, 0.0, 0.0}; }
    double operator[](int k) const { return k == 0 ? t0 : k == 1 ? t1 : t2; }
    double& operator[](int k) { return k == 0 ? t0 : k == 1 ? t1 : t2; }
    bool nearestNeighbourOnly() const { return t1 == 0.0 && t2 == 0.0; }
    void validate() const; // each t_k finite and |t_k| ≤ 20
    bool operator==(const IsingCouplings&) const = default;
};

// Φ_k(s), the sums multiplying t_k: p_t(s) ∝ exp(Σ_k t_k Φ_k(s)).
using CouplingSums = std::array<double, 3>;

} // namespace dlab
