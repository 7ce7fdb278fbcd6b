#pragma once
// Many independent persistent Markov chains of the same model, chain i on its
// own stream RngStream(seed, i), swept in parallel (TBB, chains × rows).
// Couplings may change between sweeps; the chains keep their configurations.
// Identical results for any number of threads.

#include "engine/mc/MarkovChain.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

class ChainEnsemble {
public:
    enum class Start {
        Hot,  // independent uniformly random spins (from each chain's stream)
        Cold, // all spins +1
    };

    ChainEnsemble(int L, IsingCouplings t, McAlgorithm algo, int nChains, std::uint64_t seed, Start start = Start::Hot);

    void sweepAll(int n);
    void setCouplings(const IsingCouplings& t);
    const IsingCouplings& couplings() const { return m_t; }

    int size() const { return int(m_chains.size()); }
    int latticeSize() const { return m_L; }
    MarkovChain& chain(int i) { return m_chains[std::size_t(i)]; }
    const MarkovChain& chain(int i) const { return m_chains[std::size_t(i)]; }
    // Sum over chains of MarkovChain::flipsAttempted().
    long long flipsAttempted() const;

private:
    int m_L;
    IsingCouplings m_t;
    std::vector<MarkovChain> m_chains;
};

} // namespace dlab
