#pragma once
// The order in which mini-batch training visits its samples: every epoch a
// fresh Fisher–Yates shuffle from the caller's stream, then consecutive
// batches of `batchSize` rows (the last one may be shorter). Training loops
// that run a few batches per step keep one of these between steps.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::nn {

class EpochOrder {
public:
    EpochOrder(Eigen::Index samples, int batchSize, RngStream rng);

    // The rows of the next batch; `lastOfEpoch` says whether it ends an epoch.
    const std::vector<int>& next(bool& lastOfEpoch);
    long long epochsDone() const { return m_epochs; }

private:
    Eigen::Index m_samples;
    int m_batchSize;
    RngStream m_rng;
    std::vector<int> m_order, m_batch;
    Eigen::Index m_position = 0;
    long long m_epochs = 0;
};

} // namespace dlab::nn
