#include "engine/mc/ChainEnsemble.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>

namespace dlab {

ChainEnsemble::ChainEnsemble(int L, IsingCouplings t, McAlgorithm algo, int nChains, std::uint64_t seed, Start start)
    : m_L(L), m_t(t)
{
    requireInRange("chains", nChains, 1, 1 << 24);
    m_chains.reserve(std::size_t(nChains));
    for (int c = 0; c < nChains; ++c) {
        RngStream rng(seed, std::uint64_t(c));
        SpinConfiguration s = start == Start::Hot ? SpinConfiguration::random(L, rng) : SpinConfiguration(L);
        m_chains.emplace_back(std::move(s), t, algo, rng);
    }
}

void ChainEnsemble::sweepAll(int n)
{
    tbb::parallel_for(0, size(), [&](int c) { m_chains[std::size_t(c)].sweeps(n); });
}

void ChainEnsemble::setCouplings(const IsingCouplings& t)
{
    for (auto& c : m_chains)
        c.setCouplings(t);
    m_t = t;
}

long long ChainEnsemble::flipsAttempted() const
{
    long long n = 0;
    for (const auto& c : m_chains)
        n += c.flipsAttempted();
    return n;
}

} // namespace dlab
