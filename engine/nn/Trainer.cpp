#include "Trainer.hpp"

#include "engine/core/ParameterError.hpp"

#include <numeric>

namespace dlab::nn {

double trainEpoch(Network& net, Adam& adam, const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets,
                  const TrainOptions& options, RngStream& rng)
{
    if (options.batchSize < 1) throw ParameterError("batch_size", "must be at least 1");
    const int n = int(x.rows());
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i) // Fisher–Yates with our own RNG
        std::swap(order[i], order[rng.below(std::uint32_t(i + 1))]);
    Eigen::VectorXd grad;
    double total = 0;
    int batches = 0;
    for (int start = 0; start < n; start += options.batchSize) {
        const int m = std::min(options.batchSize, n - start);
        const std::vector<int> idx(order.begin() + start, order.begin() + start + m);
        const Eigen::MatrixXd xb = x(idx, Eigen::all), tb = targets(idx, Eigen::all);
        total += net.lossAndGradient(xb, tb, options.loss, options.l2, grad);
        adam.step(net.parameters(), grad);
        ++batches;
    }
    return batches ? total / batches : 0.0;
}

Eigen::MatrixXd oneHot(const std::vector<int>& labels, int classes)
{
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(Eigen::Index(labels.size()), classes);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= classes) throw ParameterError("labels", "label outside [0, classes)");
        t(Eigen::Index(i), labels[i]) = 1.0;
    }
    return t;
}

std::vector<int> argmaxRows(const Eigen::MatrixXd& y)
{
    std::vector<int> out(std::size_t(y.rows()));
    for (Eigen::Index r = 0; r < y.rows(); ++r) {
        Eigen::Index c;
        y.row(r).maxCoeff(&c);
        out[std::size_t(r)] = int(c);
    }
    return out;
}

} // namespace dlab::nn
