#pragma once
// The density of states of the Ising model on a small L×L torus by
// enumeration of all 2^(L²) configurations: g(E) for E = −Σ_links s_i s_j.
// On the torus the number of broken bonds is even, so E = −2N + 4k with
// k = 0 … N (N = L² sites, 2N links). Exact energy distributions at any β
// follow: p_β(E) = g(E) e^{−βE} / Z.

#include <vector>

namespace dlab::exact {

struct DensityOfStates {
    int L = 0;
    std::vector<double> counts; // counts[k]: configurations with E = −2N + 4k
    int sites() const { return L * L; }
    int energy(int k) const { return -2 * sites() + 4 * k; }
};

// Requires 2 ≤ L ≤ 5 (2^25 states at most).
DensityOfStates enumerateDensityOfStates(int L);

// p_β(E) on the same levels as dos.counts.
std::vector<double> energyDistribution(const DensityOfStates& dos, double beta);

} // namespace dlab::exact
