#include "engine/fields/Langevin.hpp"

#include <cmath>

namespace dlab::fields {

LangevinSampler::LangevinSampler(const Phi4Action& action)
    : m_action(action), m_force(std::size_t(action.volume())), m_proposal(std::size_t(action.volume())),
      m_proposalForce(std::size_t(action.volume()))
{}

void LangevinSampler::langevinStep(std::vector<double>& phi, FieldRandom& rng, double epsilon)
{
    m_action.force(phi.data(), m_force.data());
    const double noise = std::sqrt(2.0 * epsilon);
    for (std::size_t i = 0; i < phi.size(); ++i)
        phi[i] += epsilon * m_force[i] + noise * rng.normal();
}

LangevinSampler::Result LangevinSampler::malaStep(std::vector<double>& phi, FieldRandom& rng, double epsilon)
{
    const std::size_t V = phi.size();
    m_action.force(phi.data(), m_force.data());
    const double noise = std::sqrt(2.0 * epsilon);
    for (std::size_t i = 0; i < V; ++i)
        m_proposal[i] = phi[i] + epsilon * m_force[i] + noise * rng.normal();
    m_action.force(m_proposal.data(), m_proposalForce.data());
    // log q(a|b) = −|a − b − εF(b)|² / (4ε) + const.
    double forward = 0, backward = 0;
    for (std::size_t i = 0; i < V; ++i) {
        const double f = m_proposal[i] - phi[i] - epsilon * m_force[i];
        const double b = phi[i] - m_proposal[i] - epsilon * m_proposalForce[i];
        forward += f * f;
        backward += b * b;
    }
    const double logRatio =
        m_action.action(phi.data()) - m_action.action(m_proposal.data()) + (forward - backward) / (4.0 * epsilon);
    Result r;
    r.acceptProbability = std::isfinite(logRatio) ? std::min(1.0, std::exp(logRatio)) : 0.0;
    const double u = rng.uniform();
    r.accepted = u < r.acceptProbability;
    if (r.accepted) phi.swap(m_proposal);
    return r;
}

} // namespace dlab::fields
