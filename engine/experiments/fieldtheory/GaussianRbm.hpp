#pragma once
// The scalar-field RBM of Park, Lucini & Aarts (docs/experiments/fieldtheory.md):
//
//   S(φ, h) = ½ μ² Σ_i φ_i² + Σ_a h_a²/(2σ²) − Σ_ia φ_i W_ia h_a
//
// (hidden bias η = 0). Integrating out h leaves a Gaussian lattice field with
// an all-to-all kernel K = μ² 1 − σ² W Wᵀ, which must stay positive definite.
// With W = U Ξ Vᵀ, K's eigenvalues are μ² − σ² ξ_a² for the N_h singular
// values and μ² for the other N_v − N_h directions: N_h and μ² are
// ultraviolet cut-offs.
//
// Maximum likelihood for data with covariance C = ⟨φφᵀ⟩: per sample
//   ℓ = ½ ln det K − ½ tr(K C) − (N_v/2) ln 2π,
//   ∂ℓ/∂W = σ² (C − K⁻¹) W,   ∂ℓ/∂μ² = ½ tr(K⁻¹ − C).
// The sampled gradient replaces K⁻¹ by ⟨φφᵀ⟩ of block-Gibbs chains:
//   h | φ ~ N(σ² Wᵀφ, σ²),   φ | h ~ N(W h / μ², 1/μ²).

#include "engine/core/Rng.hpp"
#include "engine/fields/FieldRandom.hpp"

#include <Eigen/Core>
#include <optional>

namespace dlab::fieldtheory {

class GaussianRbm {
public:
    // W_ia ~ N(0, initScale²).
    GaussianRbm(int visible, int hidden, double mu2, double sigma, double initScale, RngStream& rng);
    GaussianRbm(Eigen::MatrixXd weights, double mu2, double sigma);

    int visible() const { return int(m_w.rows()); }
    int hidden() const { return int(m_w.cols()); }
    double mu2() const { return m_mu2; }
    double sigma() const { return m_sigma; }
    const Eigen::MatrixXd& weights() const { return m_w; }
    void setWeights(Eigen::MatrixXd w) { m_w = std::move(w); }
    void setMu2(double mu2) { m_mu2 = mu2; }

    Eigen::MatrixXd kernel() const;
    // Ascending eigenvalues of K.
    Eigen::VectorXd spectrum() const;
    // K⁻¹, or nothing when K is not positive definite.
    std::optional<Eigen::MatrixXd> inverseKernel() const;

    double logLikelihood(const Eigen::MatrixXd& covariance) const; // −∞ when K is not positive definite
    // Gradients of ℓ given C and the model's ⟨φφᵀ⟩ (K⁻¹ exactly, or a sampled estimate).
    Eigen::MatrixXd weightGradient(const Eigen::MatrixXd& dataCovariance, const Eigen::MatrixXd& modelCovariance) const;
    static double mu2Gradient(const Eigen::MatrixXd& dataCovariance, const Eigen::MatrixXd& modelCovariance);

    // `steps` sweeps h | φ then φ | h of every chain (rows of phi).
    void gibbs(Eigen::MatrixXd& phi, int steps, fields::FieldRandom& rng) const;

private:
    Eigen::MatrixXd m_w; // N_v × N_h
    double m_mu2, m_sigma;
};

} // namespace dlab::fieldtheory
