#include "engine/mc/MarkovChain.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/Metropolis.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {

McAlgorithm parseMcAlgorithm(const std::string& name)
{
    if (name == "metropolis") return McAlgorithm::Metropolis;
    if (name == "wolff") return McAlgorithm::Wolff;
    if (name == "sw") return McAlgorithm::SwendsenWang;
    throw ParameterError("algo", "unknown algorithm '" + name + "' (allowed: metropolis, wolff, sw)");
}

std::string toString(McAlgorithm a)
{
    switch (a) {
    case McAlgorithm::Metropolis:
        return "metropolis";
    case McAlgorithm::Wolff:
        return "wolff";
    case McAlgorithm::SwendsenWang:
        return "sw";
    }
    return "?";
}

MarkovChain::MarkovChain(SpinConfiguration start, IsingCouplings t, McAlgorithm algo, RngStream rng)
    : m_s(std::move(start)), m_t(t), m_algo(algo), m_rng(rng), m_siteRandom(CheckerboardRandom::from(rng)), m_work(rng)
{
    setCouplings(t);
}

void MarkovChain::setCouplings(const IsingCouplings& t)
{
    t.validate();
    if (m_algo != McAlgorithm::Metropolis && !t.nearestNeighbourOnly())
        throw ParameterError("algo", toString(m_algo) +
                                         " needs t1 = t2 = 0; use metropolis with plaquette or diagonal couplings");
    if (m_wolffClusters > 0 && std::abs(t.t0 - m_wolffCalibratedT0) > 0.1 * std::abs(m_wolffCalibratedT0))
        m_wolffClusters = 0;
    m_t = t;
}

void MarkovChain::sweeps(int n)
{
    if (n <= 0) return;
    const long long N = m_s.sites();
    switch (m_algo) {
    case McAlgorithm::Metropolis:
        if (m_s.size() % 2 != 0) {
            for (int i = 0; i < n; ++i)
                metropolisSweepSequential(m_s, m_t, m_rng);
        } else {
            m_packed.pack(m_s);
            for (int i = 0; i < n; ++i) {
                const auto sweep = std::uint32_t(m_sweepIndex + i);
                if (m_t.nearestNeighbourOnly())
                    metropolisSweepCheckerboard(m_packed, m_t.t0, m_siteRandom, sweep);
                else
                    metropolisSweepFourColour(m_packed, m_t, m_siteRandom, sweep);
            }
            m_packed.unpack(m_s);
        }
        m_attempted += n * N;
        break;
    case McAlgorithm::Wolff:
        for (int i = 0; i < n; ++i) {
            if (m_wolffClusters > 0) {
                m_attempted += wolffClusters(m_s, m_t.t0, m_work, m_wolffClusters);
                continue;
            }
            long long flipped = 0;
            int clusters = 0;
            for (; flipped < N; ++clusters)
                flipped += wolffCluster(m_s, m_t.t0, m_work);
            m_attempted += flipped;
            m_wolffClusters = int(std::max(1.0, std::round(double(N) * clusters / double(flipped))));
            m_wolffCalibratedT0 = m_t.t0;
        }
        break;
    case McAlgorithm::SwendsenWang:
        for (int i = 0; i < n; ++i)
            swendsenWangSweep(m_s, m_t.t0, m_work);
        m_attempted += n * N;
        break;
    }
    m_sweepIndex += std::uint64_t(n);
}

} // namespace dlab
