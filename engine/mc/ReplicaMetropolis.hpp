#pragma once
// Many independent chains of a small lattice, vectorised across chains: spins
// are stored site-major in groups of 64 chains (one byte each), and a sweep
// visits the sites in typewriter order updating the same site of 64 chains
// at once. Any couplings (t0, t1, t2), any L ≥ 2 (odd L too: no colouring is
// needed). Made for ensembles like the duality learner's (e.g. 1024 chains of
// 8×8), where per-lattice parallelism has nothing to work with.
//
// Chain group g draws from RngStream(seed, firstStream + g) (site-addressed
// Philox: one random byte per spin and sweep plus a rare 24-bit refinement),
// groups run in parallel with TBB: identical results for any thread count and
// (vector or scalar twin) any CPU.

#include "engine/core/Rng.hpp"
#include "engine/mc/SiteRandom.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

namespace dlab {

// 64-byte aligned storage: the vector kernel loads whole lanes of 64 chains.
template <class T> struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <class U> CacheLineAllocator(const CacheLineAllocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
    void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
    bool operator==(const CacheLineAllocator&) const { return true; }
};

class ReplicaMetropolis {
public:
    static constexpr int groupSize = 64;

    // Hot start (independent random spins from each group's stream) unless coldStart.
    ReplicaMetropolis(int L, int chains, IsingCouplings t, std::uint64_t seed, std::uint64_t firstStream = 0,
                      bool coldStart = false);

    void setCouplings(const IsingCouplings& t);
    const IsingCouplings& couplings() const { return m_t; }

    void sweep() { sweeps(1); }
    void sweeps(int n) { sweeps(n, m_chains); }
    // n sweeps of only the groups holding chains [0, firstChains) (a learner
    // exploring with part of its chains); the other groups keep their states.
    // The lanes past firstChains in the last such group are swept too.
    void sweeps(int n, int firstChains);
    std::uint64_t sweepsDone() const { return m_sweepIndex; }

    int size() const { return m_L; }
    int sites() const { return m_L * m_L; }
    int chains() const { return m_chains; }

    std::int8_t spin(int chain, int site) const { return m_spins[offset(chain, site)]; }
    // Chain `chain` as a plain configuration, and back.
    SpinConfiguration configuration(int chain) const;
    void copySpins(int chain, std::int8_t* out) const; // sites() values, site i = x + L·y
    void setConfiguration(int chain, const SpinConfiguration& s);
    void setSpins(int chain, const std::int8_t* in); // sites() values, site i = x + L·y
    // Chain `to` becomes a copy of chain `from`.
    void copyChain(int from, int to);
    // Chains [0, count) one after another into out (count · sites() values):
    // the layout per-chain code reads, transposed group by group in parallel.
    void copyChains(int count, std::int8_t* out) const;

private:
    std::size_t offset(int chain, int site) const
    {
        return (std::size_t(chain / groupSize) * std::size_t(sites()) + std::size_t(site)) * groupSize +
               std::size_t(chain % groupSize);
    }
    void sweepGroup(int group, std::uint32_t sweep);

    int m_L, m_chains, m_groups;
    IsingCouplings m_t;
    std::shared_ptr<const struct GeneralAcceptTable> m_table; // rebuilt by setCouplings (125 exp() calls)
    std::vector<std::int8_t, CacheLineAllocator<std::int8_t>> m_spins;
    std::vector<std::array<int, 8>> m_neighbours; // +x, −x, +y, −y, (+1,+1), (−1,+1), (−1,−1), (+1,−1)
    std::vector<SiteRandomKey> m_bytesKey, m_refineKey;
    std::uint64_t m_sweepIndex = 0;
};

} // namespace dlab
