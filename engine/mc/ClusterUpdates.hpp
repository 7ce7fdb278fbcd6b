#pragma once
// Cluster algorithms for nearest-neighbour couplings only (t1 = t2 = 0): they
// grow clusters along satisfied links (t0 s_i s_j > 0) with probability
// p = 1 − e^{−2|t0|} and flip whole clusters, which beats critical slowing down.
// Sequential by nature; they draw from the chain's own numbers (RandomBuffer).

#include "engine/core/Rng.hpp"
#include "engine/mc/RandomBuffer.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <vector>

namespace dlab {

// The chain's random numbers for cluster moves plus reusable work space.
struct ClusterWorkspace {
    ClusterWorkspace() = default;
    explicit ClusterWorkspace(const RngStream& rng)
        : random(SiteRandomKey::from(rng, SiteRandomPurpose::ClusterNumbers))
    {}
    RandomBuffer random;
    std::vector<std::uint32_t> stack; // Wolff: packed (y << 16 | x) coordinates
    std::vector<int> parent;          // Swendsen–Wang: union–find forest
    std::vector<std::uint8_t> flip;
};

// One Wolff cluster from a uniformly chosen seed; returns its size (spins flipped).
long long wolffCluster(SpinConfiguration& s, double t0, ClusterWorkspace& w);

// `count` Wolff clusters; returns the number of spins flipped. The count must
// be fixed before the clusters are grown: stopping once ≈ N spins have flipped
// would measure at a state-dependent time and bias the samples (it favours
// states right after large clusters).
long long wolffClusters(SpinConfiguration& s, double t0, ClusterWorkspace& w, int count);

// One Swendsen–Wang update: all clusters of the bond configuration, each
// flipped with probability ½. Returns the number of spins flipped.
long long swendsenWangSweep(SpinConfiguration& s, double t0, ClusterWorkspace& w);

} // namespace dlab
