#include "Loss.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::nn {

namespace {
// Keeps logarithms finite when a probability underflows to 0 or rounds to 1.
constexpr double kTiny = 1e-300;
} // namespace

std::string toString(Loss l)
{
    switch (l) {
    case Loss::SoftmaxCrossEntropy:
        return "softmax_cross_entropy";
    case Loss::BinaryCrossEntropy:
        return "binary_cross_entropy";
    case Loss::MeanSquaredError:
        return "mse";
    }
    return "?";
}

double lossSum(Loss l, const Eigen::MatrixXd& out, const Eigen::MatrixXd& targets)
{
    switch (l) {
    case Loss::SoftmaxCrossEntropy:
        return -(targets.array() * out.array().max(kTiny).log()).sum();
    case Loss::BinaryCrossEntropy:
        return -(targets.array() * out.array().max(kTiny).log() +
                 (1.0 - targets.array()) * (1.0 - out.array()).max(kTiny).log())
                    .sum();
    case Loss::MeanSquaredError:
        return (out - targets).squaredNorm() / double(out.cols());
    }
    return 0;
}

Eigen::MatrixXd lossGradient(Loss l, const Eigen::MatrixXd& out, const Eigen::MatrixXd& targets)
{
    switch (l) {
    case Loss::SoftmaxCrossEntropy:
        return (-targets.array() / out.array().max(kTiny)).matrix();
    case Loss::BinaryCrossEntropy:
        return (-targets.array() / out.array().max(kTiny) + (1.0 - targets.array()) / (1.0 - out.array()).max(kTiny))
            .matrix();
    case Loss::MeanSquaredError:
        return 2.0 * (out - targets) / double(out.cols());
    }
    return {};
}

} // namespace dlab::nn
