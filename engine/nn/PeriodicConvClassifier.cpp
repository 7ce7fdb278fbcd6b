#include "PeriodicConvClassifier.hpp"

#include "Backprop.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::nn {

namespace {
constexpr double kTiny = 1e-300; // keeps ln y and t/y finite when a probability underflows

std::vector<LayerSpec> headLayers(const std::vector<int>& hidden, int classes)
{
    std::vector<LayerSpec> layers;
    for (int h : hidden)
        layers.push_back({h, Activation::ReLU});
    layers.push_back({classes, Activation::Softmax});
    return layers;
}
} // namespace

PeriodicConvClassifier::PeriodicConvClassifier(int L, int channels, int kernel, const std::vector<int>& hidden,
                                               int classes, RngStream& init)
    : m_conv(L, L, 1, channels, kernel), m_head(channels, headLayers(hidden, classes), init)
{
    m_params.resize(m_conv.parameterCount() + m_head.parameters().size());
    m_conv.initialise(m_params.data(), init);
    m_params.tail(m_head.parameters().size()) = m_head.parameters();
}

Network PeriodicConvClassifier::headWithParameters() const
{
    Network head = m_head;
    head.parameters() = m_params.tail(m_head.parameters().size());
    return head;
}

Eigen::MatrixXd PeriodicConvClassifier::sitesAsRows(const Eigen::MatrixXd& x) const
{
    const int hw = m_conv.sites();
    if (x.cols() != hw) throw ParameterError("inputs", "expected " + std::to_string(hw) + " spins per row");
    Eigen::MatrixXd in(x.rows() * hw, 1);
    for (Eigen::Index b = 0; b < x.rows(); ++b)
        in.col(0).segment(b * hw, hw) = x.row(b).transpose();
    return in;
}

Eigen::MatrixXd PeriodicConvClassifier::features(const Eigen::MatrixXd& x) const
{
    // A block of configurations at a time: the activations of a whole
    // evaluation set (2800 × 16² sites × 8 channels = 46 MB) would be mapped
    // and unmapped, page by page, at every epoch.
    constexpr Eigen::Index kBlock = 256;
    const int hw = m_conv.sites();
    Eigen::MatrixXd pooled(x.rows(), m_conv.outChannels()), a;
    for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kBlock) {
        const Eigen::Index n = std::min(kBlock, x.rows() - r0);
        m_conv.forward(m_params.data(), sitesAsRows(x.middleRows(r0, n)), a);
        a = a.cwiseMax(0.0);
        for (Eigen::Index b = 0; b < n; ++b)
            pooled.row(r0 + b) = a.middleRows(b * hw, hw).colwise().mean();
    }
    return pooled;
}

Eigen::MatrixXd PeriodicConvClassifier::probabilities(const Eigen::MatrixXd& x) const
{
    return headWithParameters().forward(features(x));
}

double PeriodicConvClassifier::lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, double l2,
                                               Eigen::VectorXd& gradient) const
{
    if (targets.rows() != x.rows() || targets.cols() != classes() || x.rows() == 0)
        throw ParameterError("batch", "inputs/targets do not match the classifier");
    const int hw = m_conv.sites();
    const Eigen::Index convCount = m_conv.parameterCount(), rows = x.rows();
    const Network head = headWithParameters();

    const Eigen::MatrixXd in = sitesAsRows(x);
    Eigen::MatrixXd a;
    m_conv.forward(m_params.data(), in, a);
    a = a.cwiseMax(0.0);
    Eigen::MatrixXd pooled(rows, m_conv.outChannels());
    for (Eigen::Index b = 0; b < rows; ++b)
        pooled.row(b) = a.middleRows(b * hw, hw).colwise().mean();
    ForwardTape tape;
    forward(head, pooled, tape);
    const Eigen::MatrixXd& y = tape.output();
    double loss = -(targets.array() * y.array().max(kTiny).log()).sum() / double(rows);

    // Mean loss: dL/dy = −t / (rows·y); the softmax backward turns it into (y Σt − t)/rows.
    gradient.resize(m_params.size());
    Eigen::VectorXd gHead;
    Eigen::MatrixXd dPooled;
    backward(head, tape, (-targets.array() / (y.array().max(kTiny) * double(rows))).matrix(), &gHead, &dPooled);
    gradient.tail(gHead.size()) = gHead;
    // Average pooling spreads each channel's gradient evenly over the sites; ReLU masks it.
    Eigen::MatrixXd da(a.rows(), a.cols());
    for (Eigen::Index b = 0; b < rows; ++b)
        da.middleRows(b * hw, hw).rowwise() = dPooled.row(b) / double(hw);
    da = (a.array() > 0.0).select(da, 0.0);
    gradient.head(convCount).setZero();
    m_conv.backward(m_params.data(), in, da, gradient.data(), nullptr);

    if (l2 > 0) {
        // Weights only: the convolution's kernel block and the head's W blocks.
        const Eigen::Index kernel = convCount - m_conv.outChannels();
        gradient.head(kernel) += l2 * m_params.head(kernel);
        loss += 0.5 * l2 * m_params.head(kernel).squaredNorm();
        for (int k = 0; k < head.layerCount(); ++k) {
            const auto w = head.weights(k);
            const Eigen::Index offset = convCount + (w.data() - head.parameters().data());
            Eigen::Map<const Eigen::VectorXd> wv(w.data(), w.size());
            gradient.segment(offset, w.size()) += l2 * wv;
            loss += 0.5 * l2 * wv.squaredNorm();
        }
    }
    return loss;
}

} // namespace dlab::nn
