#include "Activation.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::nn {

std::string toString(Activation a)
{
    switch (a) {
    case Activation::Identity:
        return "identity";
    case Activation::ReLU:
        return "relu";
    case Activation::Tanh:
        return "tanh";
    case Activation::Sigmoid:
        return "sigmoid";
    case Activation::Softmax:
        return "softmax";
    }
    return "?";
}

Activation parseActivation(const std::string& name)
{
    for (Activation a :
         {Activation::Identity, Activation::ReLU, Activation::Tanh, Activation::Sigmoid, Activation::Softmax})
        if (toString(a) == name) return a;
    throw ParameterError("activation", "unknown '" + name + "' (allowed: identity, relu, tanh, sigmoid, softmax)");
}

void applyActivation(Activation a, Eigen::MatrixXd& z)
{
    switch (a) {
    case Activation::Identity:
        break;
    case Activation::ReLU:
        z = z.cwiseMax(0.0);
        break;
    case Activation::Tanh:
        z = z.array().tanh().matrix();
        break;
    case Activation::Sigmoid:
        z = (1.0 / (1.0 + (-z.array()).exp())).matrix();
        break;
    case Activation::Softmax:
        // Subtract the row maximum so exp never overflows.
        for (Eigen::Index r = 0; r < z.rows(); ++r) {
            auto row = z.row(r);
            const double m = row.maxCoeff();
            row = (row.array() - m).exp().matrix();
            row /= row.sum();
        }
        break;
    }
}

void activationBackward(Activation a, const Eigen::MatrixXd& out, Eigen::MatrixXd& grad)
{
    switch (a) {
    case Activation::Identity:
        break;
    case Activation::ReLU:
        grad = (out.array() > 0.0).select(grad, 0.0);
        break;
    case Activation::Tanh:
        grad.array() *= 1.0 - out.array().square();
        break;
    case Activation::Sigmoid:
        grad.array() *= out.array() * (1.0 - out.array());
        break;
    case Activation::Softmax: {
        // dZ = A ⊙ (dA − ⟨dA, A⟩_row)
        const Eigen::VectorXd dot = (grad.array() * out.array()).rowwise().sum();
        grad = (out.array() * (grad.colwise() - dot).array()).matrix();
        break;
    }
    }
}

} // namespace dlab::nn
