#pragma once
// Element-wise (and row-wise softmax) activations with their hand-written
// backward passes. Matrices hold one sample per row.

#include <Eigen/Core>

#include <string>

namespace dlab::nn {

enum class Activation { Identity, ReLU, Tanh, Sigmoid, Softmax };

std::string toString(Activation a);
Activation parseActivation(const std::string& name); // throws ParameterError

// A = f(Z), in place.
void applyActivation(Activation a, Eigen::MatrixXd& z);
// Given A = f(Z) and dL/dA, returns dL/dZ (in place in `grad`). Every
// activation here can be differentiated from its output alone, so Z need not
// be kept.
void activationBackward(Activation a, const Eigen::MatrixXd& out, Eigen::MatrixXd& grad);

} // namespace dlab::nn
