#pragma once
// The variance-exploding SDE of the diffusion model (Song et al. 2021, in the
// form of their tutorial and of the reference φ⁴ code):
//
//   forward   dx = g(t) dw,           g(t) = σ_max^t,  t ∈ [0, 1],
//   so x(t) = x(0) + σ(t) z with σ(t)² = ∫₀ᵗ g² = (σ_max^{2t} − 1) / (2 ln σ_max);
//   reverse   dx = −g(t)² ∇ ln p_t(x) dt + g(t) dw̄   (t running from 1 to t_min),
//   ODE       dx/dt = −½ g(t)² ∇ ln p_t(x)   (the probability flow, same marginals).
//
// ReverseDiffusion integrates either from a prior sample x(1) ~ N(0, σ(1)²):
// Euler–Maruyama for the SDE (the last step adds no noise) or Heun for the
// ODE, one time step per call, with any score function — the learned one, or
// an exact one where it is known (a Gaussian target).

#include "engine/fields/FieldRandom.hpp"

#include <Eigen/Core>
#include <cmath>
#include <functional>
#include <string>

namespace dlab::fieldtheory {

struct VeSde {
    double sigmaMax = 25.0;
    double tMin = 1e-3;
    double g(double t) const { return std::pow(sigmaMax, t); }
    double sigma(double t) const { return std::sqrt((std::pow(sigmaMax, 2.0 * t) - 1.0) / (2.0 * std::log(sigmaMax))); }
};

enum class ReverseSampler { Sde, ProbabilityFlow };
std::string toString(ReverseSampler s);
ReverseSampler parseReverseSampler(const std::string& name); // throws ParameterError ("sampler")

// score(x, t): ∇ ln p_t for every column of x.
using ScoreFunction = std::function<Eigen::MatrixXd(const Eigen::MatrixXd& x, double t)>;

class ReverseDiffusion {
public:
    // x1: the prior sample at t = 1 (V × B, one configuration per column).
    ReverseDiffusion(const VeSde& sde, ReverseSampler sampler, int steps, Eigen::MatrixXd x1, RngStream noise);

    bool done() const { return m_k >= m_steps; }
    int step() const { return m_k; }
    int steps() const { return m_steps; }
    double time() const; // of the current state
    const Eigen::MatrixXd& state() const { return m_x; }
    void advance(const ScoreFunction& score);

private:
    double timeAt(int k) const { return 1.0 - double(k) * (1.0 - m_sde.tMin) / m_steps; }

    VeSde m_sde;
    ReverseSampler m_sampler;
    int m_steps, m_k = 0;
    Eigen::MatrixXd m_x;
    fields::FieldRandom m_noise;
};

} // namespace dlab::fieldtheory
