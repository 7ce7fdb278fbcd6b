#pragma once
// Cluster algorithms for nearest-neighbour couplings only (t1 = t2 = 0): they
// grow clusters along satisfied links (t0 s_i s_j > 0) with probability
// p = 1 − e^{−2|t0|} and flip whole clusters, which beats critical slowing down.
// Sequential by nature; they draw from the chain's own RngStream.

#include "engine/models/SpinConfiguration.hpp"

#include <vector>

namespace dlab {

class RngStream;

// Reusable work space so repeated updates do not allocate.
struct ClusterWorkspace {
    std::vector<int> stack;  // Wolff: packed (y << 16 | x) coordinates
    std::vector<int> parent; // Swendsen–Wang: union–find forest
    std::vector<std::uint8_t> flip;
};

// One Wolff cluster from a uniformly chosen seed; returns its size (spins flipped).
long long wolffCluster(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w);

// Wolff clusters until at least N = L² spins have been flipped; returns the number flipped.
long long wolffSweep(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w);

// One Swendsen–Wang update: all clusters of the bond configuration, each
// flipped with probability ½. Returns the number of spins flipped.
long long swendsenWangSweep(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w);

} // namespace dlab
