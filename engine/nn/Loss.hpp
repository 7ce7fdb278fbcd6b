#pragma once
// Losses, averaged over the samples (rows) of a batch.
//   SoftmaxCrossEntropy: −Σ_j t_j ln y_j (targets are one-hot or distributions)
//   BinaryCrossEntropy:  −Σ_j [t_j ln y_j + (1 − t_j) ln(1 − y_j)]
//   MeanSquaredError:    Σ_j (y_j − t_j)² / outputs
// Cross-entropies pair naturally with a Softmax / Sigmoid output layer: the
// network then uses the fused, numerically stable gradient (y − t).

#include <Eigen/Core>

#include <string>

namespace dlab::nn {

enum class Loss { SoftmaxCrossEntropy, BinaryCrossEntropy, MeanSquaredError };

std::string toString(Loss l);

// Sum over the rows (not the mean): chunks of a batch add up exactly.
double lossSum(Loss l, const Eigen::MatrixXd& out, const Eigen::MatrixXd& targets);
// dL/dY of lossSum (for the generic, unfused path).
Eigen::MatrixXd lossGradient(Loss l, const Eigen::MatrixXd& out, const Eigen::MatrixXd& targets);

} // namespace dlab::nn
