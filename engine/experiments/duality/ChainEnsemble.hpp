#pragma once
// Persistent Markov chains of H_t for the duality learner: B independent L×L
// configurations carried across optimiser steps (never restarted cold).
// Metropolis sweeps (all three couplings t0, t1, t2) run on engine/mc's
// ReplicaMetropolis, which holds the spins site-major in groups of 64 chains
// and updates one site of 64 chains per vector instruction; after every
// sweeps() call the active chains are transposed into a chain-major copy
// (chains × L² bytes) so that feature code reads each chain contiguously.
// Swendsen–Wang (t1 = t2 = 0) is engine/mc's swendsenWangSweep acting on that
// copy, written back into the replica layout, so both updates move the same
// spins. Random numbers: Metropolis group g draws from RngStream(seed,
// firstStream + g), the cluster update of chain c from RngStream(seed,
// firstStream + c) (each under its own purpose key), so results depend on the
// seed only, not on the number of threads.
// (Swendsen–Wang rather than Wolff-until-N-spins-flipped: that stopping rule
// depends on the state and biases the samples. SW also removes the straight
// domain walls a quench leaves on a torus, which Metropolis keeps for ever.)

#include "engine/mc/ClusterUpdates.hpp"
#include "engine/mc/ReplicaMetropolis.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

// Auto (learner only): Swendsen–Wang when only t0 is learned on L ≥ 24, else Metropolis.
enum class DualityUpdate { Metropolis, SwendsenWang, Auto };

class DualityChainEnsemble {
public:
    // Hot start (independent random spins) unless `coldStart`.
    DualityChainEnsemble(int L, int chains, std::uint64_t seed, std::uint64_t firstStream, bool coldStart = false);

    // Swendsen–Wang requires t1 = t2 = 0 (ParameterError otherwise); Auto means Metropolis here.
    void setCouplings(const IsingCouplings& t, DualityUpdate update = DualityUpdate::Metropolis);
    const IsingCouplings& couplings() const { return m_replicas.couplings(); }

    // n sweeps of every active chain (cluster update: one Swendsen–Wang update per sweep).
    void sweeps(int n);

    // Only the first `active` chains are swept and seen through chains() and
    // spins() (the learner's cheap exploration). Growing the active set copies
    // the active chains' states round-robin into the newly active ones (a
    // copy is in equilibrium at once, a long-idle chain is not); sweep a few
    // times before estimating from them so the copies decorrelate.
    void setActiveChains(int active);
    int allocatedChains() const { return m_replicas.chains(); }

    int size() const { return m_replicas.size(); }
    int sites() const { return m_replicas.sites(); }
    int chains() const { return m_chains; }
    // Chain `chain`'s spins, site i = x + L·y, as of the last sweeps() or setActiveChains().
    const std::int8_t* spins(int chain) const { return m_spins.data() + std::size_t(chain) * sites(); }

private:
    void swendsenWangSweeps(int n);

    ReplicaMetropolis m_replicas; // the chains' state
    int m_chains;
    DualityUpdate m_update = DualityUpdate::Metropolis;
    std::vector<std::int8_t> m_spins; // chain-major copy of the active chains
    std::uint64_t m_seed, m_firstStream;
    std::vector<ClusterWorkspace> m_cluster; // per chain, made at the first cluster update
};

} // namespace dlab
