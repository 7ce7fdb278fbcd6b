#include "engine/experiments/fieldtheory/VeSde.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::fieldtheory {

std::string toString(ReverseSampler s) { return s == ReverseSampler::Sde ? "sde" : "ode"; }

ReverseSampler parseReverseSampler(const std::string& name)
{
    if (name == "sde") return ReverseSampler::Sde;
    if (name == "ode") return ReverseSampler::ProbabilityFlow;
    throw ParameterError("sampler", "unknown sampler '" + name + "' (allowed: sde, ode)");
}

ReverseDiffusion::ReverseDiffusion(const VeSde& sde, ReverseSampler sampler, int steps, Eigen::MatrixXd x1,
                                   RngStream noise)
    : m_sde(sde), m_sampler(sampler), m_steps(steps), m_x(std::move(x1)), m_noise(noise)
{
    requireInRange("steps", steps, 1, 1000000);
}

double ReverseDiffusion::time() const { return timeAt(m_k); }

void ReverseDiffusion::advance(const ScoreFunction& score)
{
    if (done()) return;
    const double t = timeAt(m_k), tNext = timeAt(m_k + 1), dt = t - tNext;
    const double g2 = m_sde.g(t) * m_sde.g(t);
    if (m_sampler == ReverseSampler::Sde) {
        m_x += (g2 * dt) * score(m_x, t);
        if (m_k + 1 < m_steps) { // the last step returns the mean
            const double amplitude = m_sde.g(t) * std::sqrt(dt);
            for (Eigen::Index i = 0; i < m_x.size(); ++i)
                m_x.data()[i] += amplitude * m_noise.normal();
        }
    } else {
        // Heun: dx/dt = −½ g² s, integrated from t down to tNext.
        const Eigen::MatrixXd d1 = (0.5 * g2) * score(m_x, t);
        const Eigen::MatrixXd predicted = m_x + dt * d1;
        const double g2Next = m_sde.g(tNext) * m_sde.g(tNext);
        const Eigen::MatrixXd d2 = (0.5 * g2Next) * score(predicted, tNext);
        m_x += (0.5 * dt) * (d1 + d2);
    }
    ++m_k;
}

} // namespace dlab::fieldtheory
