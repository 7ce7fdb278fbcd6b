#pragma once
// Shared by the tests that check a sampler state by state on a tiny torus
// (tst_detailed_balance, tst_duality_chains): the exact Boltzmann
// probabilities of all 2^{L²} states and a χ² test of visit counts against
// them, with its threshold at p = 10⁻⁴.

#include "engine/models/IsingCouplings.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace dlab::test {

// The state's index: bit i set where spin i is down.
inline int stateIndex(const SpinConfiguration& s)
{
    int idx = 0;
    for (int i = 0; i < s.sites(); ++i)
        idx |= (s[i] < 0 ? 1 : 0) << i;
    return idx;
}

// p(state) ∝ exp(−H_t(state)) for every state of the L×L torus, by stateIndex.
inline std::vector<double> boltzmannProbabilities(int L, const IsingCouplings& t)
{
    const int n = 1 << (L * L);
    std::vector<double> logW(static_cast<std::size_t>(n));
    for (int idx = 0; idx < n; ++idx) {
        SpinConfiguration s(L);
        for (int i = 0; i < L * L; ++i)
            s[i] = (idx >> i) & 1 ? -1 : 1;
        logW[std::size_t(idx)] = -energy(s, t);
    }
    const double mx = *std::max_element(logW.begin(), logW.end());
    std::vector<double> p(static_cast<std::size_t>(n));
    double z = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        z += p[i] = std::exp(logW[i] - mx);
    for (auto& v : p)
        v /= z;
    return p;
}

struct ChiSquare {
    double value = 0;
    int dof = 0;
    double threshold = 0; // upper 10⁻⁴ quantile (Wilson–Hilferty)
};

// States in order of probability are pooled into bins expecting ≥ 20 visits.
inline ChiSquare chiSquare(const std::vector<double>& p, const std::vector<long long>& visits, long long samples)
{
    std::vector<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return p[std::size_t(a)] < p[std::size_t(b)] || (p[std::size_t(a)] == p[std::size_t(b)] && a < b);
    });
    ChiSquare c;
    double expected = 0, observed = 0;
    int bins = 0;
    auto close = [&] {
        c.value += (observed - expected) * (observed - expected) / expected;
        ++bins;
        expected = observed = 0;
    };
    for (int i : order) {
        expected += p[std::size_t(i)] * double(samples);
        observed += double(visits[std::size_t(i)]);
        if (expected >= 20) close();
    }
    if (expected > 0) close(); // the remainder (tiny) joins as its own bin
    c.dof = bins - 1;
    const double k = c.dof, z = 3.719; // one-sided p = 1e-4
    c.threshold = k * std::pow(1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k)), 3);
    return c;
}

} // namespace dlab::test
