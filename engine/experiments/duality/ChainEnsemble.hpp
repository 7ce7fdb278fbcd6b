#pragma once
// Persistent Markov chains of H_t for the duality learner: B independent L×L
// configurations, each with its own RngStream(seed, stream + id), carried
// across optimiser steps (never restarted cold). A table-driven single-spin
// Metropolis kernel (all three couplings) and a Swendsen–Wang cluster update
// (t1 = t2 = 0) kept inside this folder, small and fast enough for 8×8 × 1024 chains.
// Sweeps run in parallel over chains; each chain's result depends only on its
// own stream, so results do not depend on the number of threads.
// (Swendsen–Wang rather than Wolff-until-N-spins-flipped: that stopping rule
// depends on the state and biases the samples. SW also removes the straight
// domain walls a quench leaves on a torus, which Metropolis keeps for ever.)

#include "engine/core/Rng.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <array>
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
    const IsingCouplings& couplings() const { return m_t; }

    // n sweeps of every chain (cluster update: one Swendsen–Wang update per sweep).
    void sweeps(int n);

    // Only the first `active` chains are swept and seen through chains() and
    // spins() (the learner's cheap exploration). Growing the active set copies
    // the active chains' states round-robin into the newly active ones (a
    // copy is in equilibrium at once, a long-idle chain is not); sweep a few
    // times before estimating from them so the copies decorrelate.
    void setActiveChains(int active);
    int allocatedChains() const { return m_allocated; }

    int size() const { return m_L; }
    int sites() const { return m_L * m_L; }
    int chains() const { return m_chains; }
    const std::int8_t* spins(int chain) const { return m_spins.data() + std::size_t(chain) * sites(); }
    std::int8_t* spins(int chain) { return m_spins.data() + std::size_t(chain) * sites(); }

private:
    void metropolisSweep(int chain);
    void swendsenWangSweep(int chain, std::vector<int>& scratch);

    int m_L, m_chains, m_allocated;
    IsingCouplings m_t;
    DualityUpdate m_update = DualityUpdate::Metropolis;
    std::vector<std::int8_t> m_spins;
    std::vector<RngStream> m_rng;
    // Neighbours per site: +x, −x, +y, −y, then diagonals (+1,+1), (−1,+1), (−1,−1), (+1,−1).
    std::vector<std::array<int, 8>> m_nb;
    // Acceptance thresholds × 2^32 indexed by (s·n0, s·n1, s·n2) ∈ {−4,−2,0,2,4}³.
    std::array<std::uint64_t, 125> m_accept{};
    double m_bondProbability = 0; // 1 − e^{−2 t0}
};

} // namespace dlab
