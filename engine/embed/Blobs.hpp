#pragma once
// Test and benchmark data like scikit-learn's make_blobs: `clusters` centres
// uniform in [−box, box]^dims, unit-variance Gaussian points around them,
// points assigned to clusters in turn.

#include "engine/embed/LabelledData.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace dlab::embed {

LabelledData gaussianBlobs(int n, int dims, int clusters, std::uint64_t seed, double box = 10.0, double sigma = 1.0);

} // namespace dlab::embed
