#pragma once
// Monte Carlo updates of the XY model (DESIGN-level physics in
// docs/experiments/autoregressive.md):
//  - Metropolis: θ_i → θ_i + δ, δ uniform in [−Δ/2, Δ/2], accepted with
//    min(1, e^{−β ΔE}); one sweep visits every site once in typewriter order.
//  - Wolff's embedded cluster (U. Wolff, PRL 62, 361 (1989)): a random
//    mirror direction r, spins reflected s → s − 2(s·r)r; a neighbour j of a
//    cluster member i joins with p = 1 − exp(min(0, −2β (s_i·r)(s_j·r))),
//    using both spins' components before the reflection.
// Both draw from the chain's own RandomBuffer, so a chain is the same for
// any thread count (chains run in parallel, each sequential).

#include "engine/mc/RandomBuffer.hpp"
#include "engine/models/XyConfiguration.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

// Uniform in (0, 1) from 32 random bits.
inline double uniformOpen(RandomBuffer& r) { return (double(r.next()) + 0.5) * 0x1.0p-32; }

// One typewriter sweep; returns the number of accepted moves.
long long xyMetropolisSweep(XyConfiguration& s, double beta, double stepWidth, RandomBuffer& random);

struct XyClusterWorkspace {
    std::vector<std::uint32_t> stamp; // == generation ⇔ in the current cluster
    std::vector<int> stack;
    std::vector<double> projection; // member's s·r before its reflection
    std::uint32_t generation = 0;
};

// One Wolff cluster; returns its size (spins reflected).
long long xyWolffCluster(XyConfiguration& s, double beta, RandomBuffer& random, XyClusterWorkspace& w);

} // namespace dlab
