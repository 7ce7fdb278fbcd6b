#include "engine/fields/FieldChain.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::fields {

std::string toString(FieldAlgorithm a)
{
    switch (a) {
    case FieldAlgorithm::Hmc:
        return "hmc";
    case FieldAlgorithm::Langevin:
        return "langevin";
    case FieldAlgorithm::Mala:
        return "mala";
    case FieldAlgorithm::Cluster:
        return "cluster";
    }
    return "?";
}

FieldAlgorithm parseFieldAlgorithm(const std::string& name)
{
    for (FieldAlgorithm a :
         {FieldAlgorithm::Hmc, FieldAlgorithm::Langevin, FieldAlgorithm::Mala, FieldAlgorithm::Cluster})
        if (toString(a) == name) return a;
    throw ParameterError("algo", "unknown algorithm '" + name + "' (allowed: hmc, langevin, mala, cluster)");
}

double FieldChainOptions::defaultStepSize(FieldAlgorithm a)
{
    switch (a) {
    case FieldAlgorithm::Hmc:
        return 0.1;
    case FieldAlgorithm::Langevin:
        return 0.01;
    case FieldAlgorithm::Mala:
        return 0.05;
    case FieldAlgorithm::Cluster:
        return 1.0;
    }
    return 0.1;
}

double FieldChainOptions::defaultTargetAcceptance(FieldAlgorithm a)
{
    switch (a) {
    case FieldAlgorithm::Hmc:
        return 0.8;
    case FieldAlgorithm::Mala:
        return 0.574; // Roberts & Rosenthal's optimum
    default:
        return 0.5;
    }
}

namespace {
double startStep(const FieldChainOptions& o)
{
    return o.stepSize > 0 ? o.stepSize : FieldChainOptions::defaultStepSize(o.algorithm);
}
double target(const FieldChainOptions& o)
{
    return o.targetAcceptance > 0 ? o.targetAcceptance : FieldChainOptions::defaultTargetAcceptance(o.algorithm);
}
} // namespace

FieldChain::FieldChain(const Phi4Action& action, const FieldChainOptions& options, RngStream rng)
    : m_options(options), m_rng(rng), m_phi(std::size_t(action.volume())), m_hmc(action), m_langevin(action),
      m_cluster(action), m_tuner(startStep(options), target(options), 1e-6,
                                 options.algorithm == FieldAlgorithm::Hmc ? options.trajectoryLength : 10.0)
{
    // A small random start: no bias towards either sign of M.
    for (double& x : m_phi)
        x = 0.1 * m_rng.normal();
    m_clusters = std::max(1, options.clustersPerUpdate);
}

double FieldChain::stepSize() const { return m_tuner.stepSize(); }

int FieldChain::mdSteps() const
{
    return std::max(1, int(std::lround(m_options.trajectoryLength / m_tuner.stepSize())));
}

void FieldChain::update()
{
    const bool adapt = m_options.adaptStepSize && !m_tuner.frozen();
    double acceptProbability = 1.0;
    switch (m_options.algorithm) {
    case FieldAlgorithm::Hmc: {
        // ε stays continuous (so the acceptance can meet its target) and the
        // trajectory n ε is the requested length to within ε/2.
        const auto r = m_hmc.trajectory(m_phi, m_rng, mdSteps(), stepSize(), m_options.integrator);
        const double w = std::isfinite(r.deltaH) ? std::exp(-r.deltaH) : 0.0;
        acceptProbability = std::min(1.0, w);
        m_sumExpMinusDeltaH += w;
        m_accepted += r.accepted;
        break;
    }
    case FieldAlgorithm::Langevin:
        m_langevin.langevinStep(m_phi, m_rng, m_tuner.stepSize());
        ++m_accepted;
        break;
    case FieldAlgorithm::Mala: {
        const auto r = m_langevin.malaStep(m_phi, m_rng, m_tuner.stepSize());
        acceptProbability = r.acceptProbability;
        m_accepted += r.accepted;
        break;
    }
    case FieldAlgorithm::Cluster: {
        acceptProbability = m_cluster.metropolisSweep(m_phi, m_rng, m_tuner.stepSize());
        m_accepted += acceptProbability; // the fraction of the sweep's site proposals
        for (int c = 0; c < m_clusters; ++c) {
            m_clusterSites += m_cluster.wolffCluster(m_phi, m_rng);
            ++m_clusterCount;
        }
        if (m_options.clustersPerUpdate == 0 && !m_tuner.frozen() && m_clusterCount > 0) {
            const double mean = meanClusterSize();
            m_clusters = std::clamp(int(std::lround(m_phi.size() / std::max(mean, 1.0))), 1, int(m_phi.size()));
        }
        break;
    }
    }
    ++m_proposed;
    ++m_updates;
    if (adapt && m_options.algorithm != FieldAlgorithm::Langevin) m_tuner.record(acceptProbability);
}

void FieldChain::resetCounters()
{
    m_accepted = 0;
    m_proposed = 0;
    m_sumExpMinusDeltaH = 0;
    m_clusterSites = m_clusterCount = 0;
}

void FieldChain::endThermalisation()
{
    m_tuner.freeze();
    resetCounters();
}

void FieldChain::setAction(const Phi4Action& action)
{
    m_hmc = Hmc(action);
    m_langevin = LangevinSampler(action);
    m_cluster = ClusterSampler(action);
    m_tuner.unfreeze();
    resetCounters();
}

void FieldChain::setField(std::vector<double> phi)
{
    if (phi.size() != m_phi.size()) throw ParameterError("field", "size does not match the lattice");
    m_phi = std::move(phi);
}

} // namespace dlab::fields
