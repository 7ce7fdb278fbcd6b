#pragma once
// A small CNN for configurations on an L×L torus: a periodic K×K
// convolution (1 → C channels, ReLU), the average of each channel over the
// lattice, then a dense head (ReLU layers, softmax). Periodic padding and
// the average make it exactly invariant under lattice translations, and its
// pooled features can be local correlations: ReLU(s_i + s_j) + ReLU(−s_i − s_j)
// = 1 + s_i s_j, so the Ising energy is within reach of a linear head.
//
// Parameters: the convolution's block (PeriodicConv2d layout), then the
// head Network's. Backward pass written by hand and checked by finite
// differences (tests/engine/tst_dualframes_gradients.cpp).

#include "ClassifierModel.hpp"
#include "PeriodicConv2d.hpp"

#include "engine/core/Rng.hpp"

namespace dlab::nn {

class PeriodicConvClassifier : public ClassifierModel {
public:
    // `hidden`: ReLU layers of the head (may be empty); `classes` softmax outputs.
    PeriodicConvClassifier(int L, int channels, int kernel, const std::vector<int>& hidden, int classes,
                           RngStream& init);

    std::unique_ptr<ClassifierModel> clone() const override { return std::make_unique<PeriodicConvClassifier>(*this); }
    int inputSize() const override { return m_conv.sites(); }
    int classes() const override { return m_head.outputSize(); }
    Eigen::VectorXd& parameters() override { return m_params; }
    const Eigen::VectorXd& parameters() const override { return m_params; }
    double lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, double l2,
                           Eigen::VectorXd& gradient) const override;
    Eigen::MatrixXd probabilities(const Eigen::MatrixXd& x) const override;
    // The pooled channel averages (samples × channels): what the head sees.
    Eigen::MatrixXd features(const Eigen::MatrixXd& x) const;

private:
    // Rows of x (one configuration each) as the convolution's (B·HW) × 1 input.
    Eigen::MatrixXd sitesAsRows(const Eigen::MatrixXd& x) const;
    Network headWithParameters() const;

    PeriodicConv2d m_conv;
    Network m_head; // its parameters are a copy of m_params' tail, refreshed on use
    Eigen::VectorXd m_params;
};

} // namespace dlab::nn
