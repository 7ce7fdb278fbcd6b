#pragma once
// Mini-batch training: one epoch = a seeded shuffle, then one Adam step per batch.

#include "Adam.hpp"
#include "Network.hpp"

namespace dlab::nn {

struct TrainOptions {
    Loss loss = Loss::SoftmaxCrossEntropy;
    double l2 = 0.0;
    int batchSize = 64;
};

// Returns the mean training loss over the epoch's batches. The order of the
// samples comes from `rng` only.
double trainEpoch(Network& net, Adam& adam, const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets,
                  const TrainOptions& options, RngStream& rng);

// One-hot rows for integer class labels in [0, classes).
Eigen::MatrixXd oneHot(const std::vector<int>& labels, int classes);
// Index of the largest output per row.
std::vector<int> argmaxRows(const Eigen::MatrixXd& y);

} // namespace dlab::nn
