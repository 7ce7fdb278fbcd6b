#pragma once
// The Monte Carlo album as points for t-SNE: one row per recorded
// configuration, one class per coupling set. Lattices larger than
// kEmbedSide × kEmbedSide are coarse-grained to that many block spins, so the
// phases stay apart in the embedding while the points stay small (3200 points
// × 4096 values ≈ 100 MB) — a physics choice, made here once for every caller.

#include "engine/experiments/montecarlo/ConfigurationAlbum.hpp"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dlab {

struct AlbumEmbedding {
    static constexpr int kEmbedSide = 64;
    Eigen::MatrixXd points;              // one configuration (or its block spins) per row
    std::vector<int> labels;             // index into classNames
    std::vector<std::string> classNames; // "β = 0.3", "β = 0.6, t1 = 0.1", … in increasing couplings
    bool orderedClasses = false;         // the groups differ in β only: the classes are a temperature scale
    int blockSide = 0;                   // n of the n×n block spins (= L when not coarse-grained)
};

AlbumEmbedding albumEmbedding(const ConfigurationAlbum& album, int maxSide = AlbumEmbedding::kEmbedSide);

} // namespace dlab
