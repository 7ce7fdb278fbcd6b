#pragma once
// Exact k nearest neighbours by comparing every pair, with the distances of a
// block of rows to all points from one matrix product:
// |x_i − x_j|² = |x_i|² + |x_j|² − 2 x_i·x_j. In thousands of dimensions
// (lattice configurations: 64×64 block spins, 128×128 spins) distances
// concentrate and a VP tree visits nearly every point anyway, one scalar
// distance at a time; the blocked product does the same arithmetic at matrix
// speed (docs/experiments/symmetries.md). Ties are broken by index, so the
// result does not depend on the number of threads.

#include "VpTree.hpp"

#include <Eigen/Core>

namespace dlab::embed {

class BruteForceNeighbours {
public:
    // From this many dimensions on, t-SNE uses this search instead of a VP tree.
    static constexpr int kMinDimensions = 64;

    // Keeps a reference to `points` (rows); it must outlive this object.
    explicit BruteForceNeighbours(const RowMatrix& points);
    // k nearest neighbours of every point in [first, last), self excluded,
    // nearest first; Euclidean distances, as VpTree::query.
    void query(int k, int first, int last, Neighbours& out) const;

private:
    const RowMatrix& m_points;
    Eigen::VectorXd m_squaredNorms;
};

} // namespace dlab::embed
