#pragma once
// The score network of the diffusion model (experiment E3): a small
// translation-equivariant CNN on the L×L torus with a time (noise-level)
// embedding, small enough to train on two CPU cores in minutes.
//
// Preconditioning (Karras et al. 2022): with σ_d² the data's ⟨φ²⟩ per site,
//   D(x̃, σ) = c_skip x̃ + c_out F(c_in x̃, σ),
//   c_skip = σ_d²/(σ² + σ_d²), c_out = σ σ_d/√(σ² + σ_d²), c_in = 1/√(σ² + σ_d²),
// and the score is s(x̃, σ) = (D − x̃)/σ². D = c_skip x̃ is the exact denoiser
// of a Gaussian with variance σ_d², so F only learns the non-Gaussian rest.
//
// F: conv(1→C) → SiLU → [conv(C→C) → SiLU] × (layers − 2) → conv(C→1), 3×3
// periodic convolutions (nn::PeriodicConv2d). Every hidden layer adds a
// per-channel bias E_l e(σ), e(σ) = (1, u, sin(πku/2), cos(πku/2))_{k=1..3}
// with u = ln σ rescaled to [−1, 1], and (from the second one on) G_l times
// the channel means of its input: a global pathway that lets the sign of M
// reach every site without a deep stack.
//
// Training: denoising score matching on x̃ = x₀ + σz,
//   loss = E [|r|² + w V r̄²] / V,  r = F − (x₀ − c_skip x̃)/c_out, r̄ = mean of r,
// i.e. E λ(σ) |σ s + z|²_W / V with λ(σ) = (σ² + σ_d²)/σ_d² (the weighting
// that makes the target O(1) at all σ) and W weighting the zero mode 1 + w.
// Fields come as V × B matrices, one configuration per column (site x + L·y).

#include "engine/core/Rng.hpp"
#include "engine/nn/PeriodicConv2d.hpp"

#include <Eigen/Core>
#include <cmath>
#include <vector>

namespace dlab::fieldtheory {

struct ScoreNetworkShape {
    int L = 8;
    int channels = 32;
    int layers = 4; // convolutions, ≥ 2
    double sigmaData = 1.0;
    double sigmaMin = 0.01, sigmaMax = 10.0; // the noise range the embedding spans
    // Extra weight of the residual's zero mode (the magnetisation) in the
    // loss: with per-site errors alone it is 1 of V modes, yet ⟨|M|⟩ and χ2
    // depend on it only.
    double zeroModeWeight = 0.0;
};

class ScoreNetwork {
public:
    static constexpr int kEmbedding = 8;

    ScoreNetwork() = default;
    ScoreNetwork(const ScoreNetworkShape& shape, RngStream& rng);

    const ScoreNetworkShape& shape() const { return m_shape; }
    Eigen::VectorXd& parameters() { return m_params; }
    const Eigen::VectorXd& parameters() const { return m_params; }

    // s(x̃, σ) for every column of x (σ per column).
    Eigen::MatrixXd score(const Eigen::MatrixXd& x, const Eigen::VectorXd& sigma) const;
    // Mean loss over the columns and its gradient (overwritten).
    double lossAndGradient(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma,
                           Eigen::VectorXd& gradient) const;
    double loss(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma) const;

    Eigen::VectorXd embedding(double sigma) const;

private:
    struct Forward {
        std::vector<Eigen::MatrixXd> in;   // input of conv l, (B·V) × C_in
        std::vector<Eigen::MatrixXd> pre;  // conv l output plus biases, before SiLU
        std::vector<Eigen::MatrixXd> mean; // channel means of in[l] per sample, B × C_in
        Eigen::MatrixXd embed;             // B × kEmbedding
        Eigen::MatrixXd out;               // F, (B·V) × 1
    };
    void forward(const Eigen::MatrixXd& x, const Eigen::VectorXd& sigma, Forward& f) const;
    double evaluate(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma,
                    Eigen::VectorXd* gradient) const;
    double cSkip(double s) const { return m_d2 / (s * s + m_d2); }
    double cOut(double s) const { return s * m_shape.sigmaData / std::sqrt(s * s + m_d2); }
    double cIn(double s) const { return 1.0 / std::sqrt(s * s + m_d2); }

    ScoreNetworkShape m_shape;
    double m_d2 = 1.0;
    std::vector<nn::PeriodicConv2d> m_conv;
    std::vector<Eigen::Index> m_convOffset, m_embedOffset, m_globalOffset; // into m_params
    Eigen::VectorXd m_params;
};

} // namespace dlab::fieldtheory
