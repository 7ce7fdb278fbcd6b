#include "engine/mc/XyChain.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/SiteRandom.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dlab {

XyAlgorithm parseXyAlgorithm(const std::string& name)
{
    if (name == "metropolis") return XyAlgorithm::Metropolis;
    if (name == "wolff") return XyAlgorithm::Wolff;
    throw ParameterError("algo", "unknown algorithm '" + name + "' (allowed: metropolis, wolff)");
}

std::string toString(XyAlgorithm a) { return a == XyAlgorithm::Metropolis ? "metropolis" : "wolff"; }

XyChain::XyChain(XyConfiguration start, double beta, XyAlgorithm algo, const RngStream& rng)
    : m_s(std::move(start)), m_beta(beta), m_algo(algo),
      m_random(SiteRandomKey::from(rng, SiteRandomPurpose::ClusterNumbers))
{
    if (!(beta > 0) || !std::isfinite(beta)) throw ParameterError("beta", "must be positive and finite");
}

void XyChain::setBeta(double beta)
{
    if (!(beta > 0) || !std::isfinite(beta)) throw ParameterError("beta", "must be positive and finite");
    if (beta != m_beta) m_clusters = 0;
    m_beta = beta;
}

void XyChain::sweeps(int n)
{
    for (int k = 0; k < n; ++k)
        sweep();
}

void XyChain::sweep()
{
    const int N = m_s.sites();
    if (m_algo == XyAlgorithm::Metropolis) {
        const long long accepted = xyMetropolisSweep(m_s, m_beta, m_step, m_random);
        m_lastAcceptance = double(accepted) / N;
        m_updates += N;
        if (m_adaptive) {
            // Multiplicative steps towards the target, at most ×2 per sweep.
            const double ratio = std::clamp((m_lastAcceptance + 0.01) / (kTargetAcceptance + 0.01), 0.5, 2.0);
            m_step = std::clamp(m_step * ratio, 1e-4, 2 * std::numbers::pi);
        }
    } else if (m_clusters == 0) {
        long long flipped = 0;
        int count = 0;
        while (flipped < N) {
            flipped += xyWolffCluster(m_s, m_beta, m_random, m_work);
            ++count;
        }
        m_clusters = count;
        m_updates += flipped;
    } else {
        for (int c = 0; c < m_clusters; ++c)
            m_updates += xyWolffCluster(m_s, m_beta, m_random, m_work);
    }
    if (++m_sweeps % 16 == 0) m_s.renormalise();
}

} // namespace dlab
