#pragma once
// Backward passes of a dense Network for losses it does not know itself: a
// forward pass that keeps every layer's output (the tape), then any dL/dY
// pushed back to the parameters and, when asked, to the inputs. Combined
// losses (an autoencoder whose code must also predict a target) and input
// sensitivities ∂y_j/∂x_i are built from these two calls.

#include "Network.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::nn {

struct ForwardTape {
    // activations[0] is the input, activations[k + 1] the output of layer k.
    std::vector<Eigen::MatrixXd> activations;
    const Eigen::MatrixXd& output() const { return activations.back(); }
};

void forward(const Network& net, const Eigen::MatrixXd& x, ForwardTape& tape);

// Given dL/dY for the tape's output (consumed), writes dL/dθ into
// `parameterGradient` (resized to the parameter count; every entry written)
// when it is not null, and dL/dX into `inputGradient` when that is not null.
void backward(const Network& net, const ForwardTape& tape, Eigen::MatrixXd dOutput,
              Eigen::VectorXd* parameterGradient, Eigen::MatrixXd* inputGradient = nullptr);

// S_ij = mean over the rows of x of |∂y_j/∂x_i| (inputs × outputs): how
// strongly each output listens to each input. Rows are processed in fixed
// chunks in parallel and added in chunk order (same result for any thread
// count).
Eigen::MatrixXd meanAbsoluteJacobian(const Network& net, const Eigen::MatrixXd& x);

} // namespace dlab::nn
