#pragma once
// The feature-separation model of seed 003 (docs/experiments/dualframes.md):
// a linear layer y = W x with a few units and no bias, trained so that the
// power P = Σ_k y_k² is large for signals and small for noise:
//
//   loss = mean over rows [ signal: max(0, m − P) ;  noise: P ]
//        + max(0, f − Σ W²)                        (norm floor: no W = 0)
//        + γ Σ_{k<l} (w_k · w_l)²                   (decorrelation)
//
// With the norm pinned at the floor, the noise term is |W|² σ² whatever the
// direction, so the loss is lowest when W spans the signal's subspace —
// for a sine of unknown phase the cos/sin pair at its frequency: a Fourier
// mode, found without being told about Fourier. The decorrelation term
// (squared, so w₂ = −w₁ is penalised too) keeps the two units apart.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::dualframes {

struct SeparationLoss {
    double margin = 1.0;        // m
    double normFloor = 0.5;     // f
    double decorrelation = 1.0; // γ
};

class FeatureSeparationModel {
public:
    struct Terms {
        double separation = 0, floor = 0, decorrelation = 0, total = 0;
    };

    FeatureSeparationModel() = default;
    // Weights drawn from N(0, 1/inputs): each unit starts with norm ≈ 1.
    FeatureSeparationModel(int inputs, int units, RngStream& init);

    const Eigen::MatrixXd& weights() const { return m_w; } // units × inputs
    Eigen::MatrixXd& weights() { return m_w; }
    // P = Σ_k (w_k · x)² of every row.
    Eigen::VectorXd power(const Eigen::MatrixXd& x) const;
    // Labels: 1 = signal, 0 = noise. `gradient` gets d(total)/dW.
    Terms lossAndGradient(const Eigen::MatrixXd& x, const std::vector<int>& labels, const SeparationLoss& options,
                          Eigen::MatrixXd& gradient) const;
    Terms loss(const Eigen::MatrixXd& x, const std::vector<int>& labels, const SeparationLoss& options) const;

private:
    Terms evaluate(const Eigen::MatrixXd& x, const std::vector<int>& labels, const SeparationLoss& options,
                   Eigen::MatrixXd* gradient) const;
    Eigen::MatrixXd m_w;
};

} // namespace dlab::dualframes
