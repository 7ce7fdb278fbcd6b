#pragma once
// The Boltzmann distribution of a small Ising torus by enumeration of all
// 2^{L²} states (L ≤ 4): exact samples for training without Monte Carlo
// error, and exact sums over states to compare a network with — ln Z, the
// divergences KL(p‖p_θ) and KL(q‖p), the variational F_q.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

namespace dlab::autoregressive {

class ExactIsing {
public:
    static constexpr int kMaxL = 4;
    ExactIsing(int L, double beta); // ParameterError unless 2 ≤ L ≤ kMaxL and β > 0

    int L() const { return m_L; }
    double beta() const { return m_beta; }
    // Every state as a row of ±1 (site x + L·y), state k has spin i = +1 iff bit i of k is set.
    const Eigen::MatrixXd& states() const { return m_states; }
    const Eigen::VectorXd& energies() const { return m_energy; }
    const Eigen::VectorXd& probabilities() const { return m_p; }
    double logZ() const { return m_logZ; }
    double freeEnergyPerSite() const { return -m_logZ / (m_beta * m_L * m_L); }

    // `count` independent exact samples (rows), by inverse transform.
    Eigen::MatrixXd sample(int count, RngStream& rng) const;
    // KL(p ‖ p_θ) = Σ p ln(p/p_θ) for ln p_θ of every state (in states() order).
    double klFromModel(const Eigen::VectorXd& logModel) const;
    // Exact F_q/N = Σ q (E + T ln q) / N for ln q of every state.
    double variationalFreeEnergyPerSite(const Eigen::VectorXd& logQ) const;

private:
    int m_L;
    double m_beta, m_logZ = 0;
    Eigen::MatrixXd m_states;
    Eigen::VectorXd m_energy, m_p, m_cumulative;
};

} // namespace dlab::autoregressive
