#include "engine/mc/MarkovChain.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/Metropolis.hpp"

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
    : m_s(std::move(start)), m_t(t), m_algo(algo), m_rng(rng)
{
    setCouplings(t);
}

void MarkovChain::setCouplings(const IsingCouplings& t)
{
    t.validate();
    if (m_algo != McAlgorithm::Metropolis && !t.nearestNeighbourOnly())
        throw ParameterError("algo", toString(m_algo) +
                                         " needs t1 = t2 = 0; use metropolis with plaquette or diagonal couplings");
    m_t = t;
}

void MarkovChain::sweep()
{
    // TODO(mc): fast checkerboard kernel, Wolff and Swendsen–Wang.
    metropolisSweepSequential(m_s, m_t, m_rng);
    m_attempted += m_s.sites();
}

} // namespace dlab
