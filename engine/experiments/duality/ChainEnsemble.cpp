#include "engine/experiments/duality/ChainEnsemble.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <algorithm>
#include <tbb/parallel_for.h>

namespace dlab {

namespace {
int checkedChains(int chains)
{
    requireInRange("chains", chains, 1, 1 << 20);
    return chains;
}
} // namespace

DualityChainEnsemble::DualityChainEnsemble(int L, int chains, std::uint64_t seed, std::uint64_t firstStream,
                                           bool coldStart)
    : m_replicas(L, checkedChains(chains), IsingCouplings{}, seed, firstStream, coldStart), m_chains(chains),
      m_spins(std::size_t(L) * L * chains), m_seed(seed), m_firstStream(firstStream)
{
    m_replicas.copyChains(m_chains, m_spins.data());
}

void DualityChainEnsemble::setActiveChains(int active)
{
    requireInRange("active chains", active, 1, allocatedChains());
    for (int c = m_chains; c < active; ++c)
        m_replicas.copyChain(c % m_chains, c);
    m_chains = active;
    m_replicas.copyChains(m_chains, m_spins.data());
}

void DualityChainEnsemble::setCouplings(const IsingCouplings& t, DualityUpdate update)
{
    if (update == DualityUpdate::Auto) update = DualityUpdate::Metropolis;
    t.validate();
    if (update == DualityUpdate::SwendsenWang && !t.nearestNeighbourOnly())
        throw ParameterError("update", "Swendsen–Wang cluster updates need t1 = t2 = 0; use Metropolis");
    m_replicas.setCouplings(t);
    m_update = update;
}

void DualityChainEnsemble::sweeps(int n)
{
    if (m_update == DualityUpdate::SwendsenWang) {
        swendsenWangSweeps(n);
        return;
    }
    m_replicas.sweeps(n, m_chains);
    m_replicas.copyChains(m_chains, m_spins.data());
}

void DualityChainEnsemble::swendsenWangSweeps(int n)
{
    // Each chain's cluster numbers come from its own stream, consumed in
    // order by whichever thread updates the chain.
    if (m_cluster.empty()) {
        m_cluster.reserve(std::size_t(allocatedChains()));
        for (int c = 0; c < allocatedChains(); ++c)
            m_cluster.emplace_back(RngStream(m_seed, m_firstStream + std::uint64_t(c)));
    }
    const double t0 = couplings().t0;
    tbb::parallel_for(tbb::blocked_range<int>(0, m_chains, 8), [&](const tbb::blocked_range<int>& r) {
        SpinConfiguration s(size());
        for (int c = r.begin(); c != r.end(); ++c) {
            std::int8_t* mine = m_spins.data() + std::size_t(c) * sites();
            std::copy(mine, mine + sites(), s.data());
            for (int k = 0; k < n; ++k)
                swendsenWangSweep(s, t0, m_cluster[std::size_t(c)]);
            std::copy(s.data(), s.data() + sites(), mine);
            m_replicas.setSpins(c, mine);
        }
    });
}

} // namespace dlab
