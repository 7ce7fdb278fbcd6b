#include "Backprop.hpp"

#include "ChunkedSum.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::nn {

void forward(const Network& net, const Eigen::MatrixXd& x, ForwardTape& tape)
{
    if (x.cols() != net.inputSize())
        throw ParameterError("inputs", "expected " + std::to_string(net.inputSize()) + " columns");
    const int layers = net.layerCount();
    tape.activations.resize(std::size_t(layers) + 1);
    tape.activations[0] = x;
    for (int k = 0; k < layers; ++k) {
        Eigen::MatrixXd& a = tape.activations[std::size_t(k) + 1];
        a.noalias() = tape.activations[std::size_t(k)] * net.weights(k);
        a.rowwise() += net.bias(k).transpose();
        applyActivation(net.layers()[std::size_t(k)].activation, a);
    }
}

void backward(const Network& net, const ForwardTape& tape, Eigen::MatrixXd delta, Eigen::VectorXd* parameterGradient,
              Eigen::MatrixXd* inputGradient)
{
    const int layers = net.layerCount();
    if (int(tape.activations.size()) != layers + 1 || delta.rows() != tape.output().rows() ||
        delta.cols() != net.outputSize())
        throw ParameterError("gradient", "dL/dY does not match the network's output");
    if (parameterGradient) parameterGradient->resize(net.parameters().size());
    activationBackward(net.layers().back().activation, tape.output(), delta);
    for (int k = layers - 1; k >= 0; --k) {
        const auto w = net.weights(k);
        if (parameterGradient) {
            // The parameter vector's layout is the Network's: W_k then b_k.
            const auto offset = w.data() - net.parameters().data();
            Eigen::Map<Eigen::MatrixXd> gw(parameterGradient->data() + offset, w.rows(), w.cols());
            Eigen::Map<Eigen::VectorXd> gb(parameterGradient->data() + offset + w.size(), w.cols());
            gw.noalias() = tape.activations[std::size_t(k)].transpose() * delta;
            gb = delta.colwise().sum().transpose();
        }
        if (k == 0 && !inputGradient) break;
        Eigen::MatrixXd previous = delta * w.transpose();
        if (k > 0)
            activationBackward(net.layers()[std::size_t(k) - 1].activation, tape.activations[std::size_t(k)],
                               previous);
        delta = std::move(previous);
    }
    if (inputGradient) *inputGradient = std::move(delta);
}

Eigen::MatrixXd meanAbsoluteJacobian(const Network& net, const Eigen::MatrixXd& x)
{
    const int in = net.inputSize(), out = net.outputSize();
    if (x.rows() == 0) throw ParameterError("inputs", "need at least one row");
    Eigen::VectorXd sum;
    chunkedSum(
        x.rows(), Network::kChunkRows, Eigen::Index(in) * out,
        [&](Eigen::Index r0, Eigen::Index n, Eigen::VectorXd& part) {
            ForwardTape tape;
            forward(net, x.middleRows(r0, n), tape);
            Eigen::Map<Eigen::MatrixXd> s(part.data(), in, out);
            Eigen::MatrixXd dx;
            for (int j = 0; j < out; ++j) {
                Eigen::MatrixXd unit = Eigen::MatrixXd::Zero(n, out);
                unit.col(j).setOnes();
                backward(net, tape, std::move(unit), nullptr, &dx);
                s.col(j) = dx.cwiseAbs().colwise().sum().transpose();
            }
            return 0.0;
        },
        sum);
    return Eigen::Map<const Eigen::MatrixXd>(sum.data(), in, out) / double(x.rows());
}

} // namespace dlab::nn
