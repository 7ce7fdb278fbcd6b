#pragma once
// The task-constrained autoencoder of seed 003 (docs/experiments/dualframes.md):
// an encoder x ↦ z (one ReLU layer, linear code), a decoder z ↦ x̂ (one ReLU
// layer, tanh output for ±1 inputs) and a linear head z ↦ ê. The code must
// both reconstruct the input and give the energy through the linear head:
//
//   loss = mean over rows of  (1/N) |x̂ − x|²  +  λ (ê − e)².
//
// If H is linear in some variables (the dual σ of the chain), a code that
// contains them makes the head exact; the energy term pulls the code towards
// such variables. The backward pass is written by hand: the decoder and the
// head both send dL/dz back, and their sum goes through the encoder.

#include "engine/core/Feedback.hpp"
#include "engine/core/Rng.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/EpochOrder.hpp"
#include "engine/nn/Network.hpp"

#include <Eigen/Core>

#include <chrono>
#include <vector>

namespace dlab::dualframes {

class TaskConstrainedAutoencoder {
public:
    struct Loss {
        double total = 0, reconstruction = 0, energy = 0; // means over rows
    };

    TaskConstrainedAutoencoder(int inputs, int hidden, int latent, RngStream& init);

    int inputs() const { return m_encoder.inputSize(); }
    int latent() const { return m_encoder.outputSize(); }
    const nn::Network& encoder() const { return m_encoder; }
    const nn::Network& decoder() const { return m_decoder; }
    const nn::Network& head() const { return m_head; }

    // All parameters as one vector: encoder, decoder, head.
    Eigen::VectorXd parameters() const;
    void setParameters(const Eigen::VectorXd& p);
    Eigen::Index parameterCount() const;

    // Loss of inputs x (rows) with energies e; `gradient` gets d(total)/d(parameters).
    // Chunks of rows run in parallel and are added in a fixed order.
    Loss lossAndGradient(const Eigen::MatrixXd& x, const Eigen::VectorXd& e, double energyWeight,
                         Eigen::VectorXd& gradient) const;
    Loss loss(const Eigen::MatrixXd& x, const Eigen::VectorXd& e, double energyWeight) const;

    Eigen::MatrixXd encode(const Eigen::MatrixXd& x) const { return m_encoder.forward(x); }

private:
    nn::Network m_encoder, m_decoder, m_head;
};

// Mini-batch Adam on the autoencoder's loss, a time slice at a time.
class AutoencoderTraining {
public:
    struct Options {
        int epochs = 20;
        int batchSize = 64;
        double learningRate = 2e-3;
        double energyWeight = 1.0;
    };
    struct Epoch {
        double reconstruction = 0, energy = 0; // means over the epoch's batches
    };

    AutoencoderTraining(TaskConstrainedAutoencoder& model, Eigen::MatrixXd x, Eigen::VectorXd energies, Options options,
                        RngStream rng);
    // Batches until the deadline, cancellation or the last epoch; true when done.
    bool advance(const Feedback& feedback, std::chrono::steady_clock::time_point deadline);
    bool finished() const { return int(m_history.size()) >= m_options.epochs; }
    const std::vector<Epoch>& history() const { return m_history; }

private:
    TaskConstrainedAutoencoder& m_model;
    Eigen::MatrixXd m_x;
    Eigen::VectorXd m_e;
    Options m_options;
    nn::Adam m_adam;
    nn::EpochOrder m_order;
    Epoch m_sum;
    int m_batches = 0;
    std::vector<Epoch> m_history;
};

} // namespace dlab::dualframes
