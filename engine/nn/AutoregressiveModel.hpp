#pragma once
// An explicit, normalised probability p_θ(x) = Π_i p(x_i | x_<i): a MADE
// network whose outputs for site i parametrise a Conditional (Bernoulli for
// Ising spins, categorical for block spins, von Mises mixture or Beta for XY
// angles). Gives the exact ln p_θ(x), its gradient, and ancestral samples.
//
// Batches are cut into chunks of kChunkRows rows that TBB processes in
// parallel; per-chunk gradients are added in chunk order and chunk c samples
// from rng.child(c), so every result is bit-identical for any thread count.

#include "Conditional.hpp"
#include "Made.hpp"

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <memory>
#include <vector>

namespace dlab::nn {

class AutoregressiveModel {
public:
    static constexpr int kChunkRows = 100;

    AutoregressiveModel() = default;
    // shape.inputsPerSite/outputsPerSite are taken from the conditional.
    AutoregressiveModel(MadeShape shape, std::shared_ptr<const Conditional> conditional, RngStream& init);

    int sites() const { return m_made.sites(); }
    const Made& network() const { return m_made; }
    Eigen::VectorXd& parameters() { return m_made.parameters(); }
    const Eigen::VectorXd& parameters() const { return m_made.parameters(); }
    const Conditional& conditional() const { return *m_conditional; }

    // Network inputs of rows of values (rows × sites).
    Eigen::MatrixXd encode(const Eigen::MatrixXd& values) const;
    // ln p_θ(x) of each row of values.
    Eigen::VectorXd logProb(const Eigen::MatrixXd& values) const;
    // ln p(x_i | x_<i) of each row and site (rows × sites).
    Eigen::MatrixXd siteLogProbs(const Eigen::MatrixXd& values) const;
    // gradient = Σ_r weights_r ∇_θ ln p_θ(x_r); returns ln p_θ(x_r). With
    // weights −1/rows this is the gradient of the mean negative log-likelihood.
    Eigen::VectorXd weightedLogProbGradient(const Eigen::MatrixXd& values, const Eigen::VectorXd& weights,
                                            Eigen::VectorXd& gradient) const;

    // ln p_θ of a batch now, Σ_r w_r ∇_θ ln p_θ(x_r) later, for weights that
    // depend on the ln p of the whole batch (REINFORCE baselines, Z2
    // symmetrisation): one forward pass, its activations kept until then.
    class Batch {
    public:
        Batch(const AutoregressiveModel& model, const Eigen::MatrixXd& values);
        const Eigen::VectorXd& logProb() const { return m_logp; }
        void gradient(const Eigen::VectorXd& weights, Eigen::VectorXd& gradient) const;

    private:
        struct Chunk {
            Eigen::MatrixXd x, dLogp; // inputs; ∂ ln p/∂ outputs (unweighted)
            Made::Cache cache;
        };
        const AutoregressiveModel& m_model;
        std::vector<Chunk> m_chunks;
        Eigen::VectorXd m_logp;
    };
    // `count` ancestral samples (rows × sites); chunk c draws from
    // rng.child(c). With logp, also ln p_θ of each sample.
    Eigen::MatrixXd sample(Eigen::Index count, const RngStream& rng, Eigen::VectorXd* logp = nullptr) const;

private:
    Made m_made;
    std::shared_ptr<const Conditional> m_conditional;
};

} // namespace dlab::nn
