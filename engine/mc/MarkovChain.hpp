#pragma once
// A persistent Markov chain of the generalised Ising model: it keeps its
// configuration and RNG stream when couplings change between sweeps.
//
// Metropolis runs on checkerboard sublattices in parallel (TBB; two colours
// for t1 = t2 = 0, four otherwise) with random numbers addressed by (stream,
// sweep, site): the chain is identical for any number of threads. Odd L has
// no valid checkerboard; there the sequential reference sweep is used
// (correct, slower). Wolff and Swendsen–Wang draw from the chain's stream.

#include "engine/core/Rng.hpp"
#include "engine/mc/CheckerboardMetropolis.hpp"
#include "engine/mc/CheckerboardSpins.hpp"
#include "engine/mc/ClusterUpdates.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <cstdint>
#include <string>

namespace dlab {

enum class McAlgorithm { Metropolis, Wolff, SwendsenWang };

// "metropolis" | "wolff" | "sw"; throws ParameterError("algo", …) otherwise.
McAlgorithm parseMcAlgorithm(const std::string& name);
std::string toString(McAlgorithm a);

class MarkovChain {
public:
    // Cluster algorithms require t1 = t2 = 0 (ParameterError otherwise).
    MarkovChain(SpinConfiguration start, IsingCouplings t, McAlgorithm algo, RngStream rng);

    void setCouplings(const IsingCouplings& t);
    const IsingCouplings& couplings() const { return m_t; }
    McAlgorithm algorithm() const { return m_algo; }

    // One sweep: N single-spin attempts for Metropolis; one full-lattice
    // update for SW; for Wolff a fixed number K of clusters with K·⟨|C|⟩ ≈ N.
    // K is calibrated by the first Wolff sweep (clusters until N spins have
    // flipped; count that sweep as thermalisation) and kept fixed afterwards
    // — a state-dependent stopping rule would bias measurements — until t0
    // changes by more than 10 %.
    void sweep() { sweeps(1); }
    // n sweeps; cheaper than n calls to sweep() for Metropolis (the
    // sublattice layout is set up once).
    void sweeps(int n);

    // Valid between calls; changes made through the non-const reference are
    // picked up by the next sweep.
    const SpinConfiguration& configuration() const { return m_s; }
    SpinConfiguration& configuration() { return m_s; }
    // Single-spin attempts (Metropolis, SW: N per sweep) or spins flipped (Wolff).
    long long flipsAttempted() const { return m_attempted; }
    // Wolff clusters per sweep (0 until calibrated).
    int wolffClustersPerSweep() const { return m_wolffClusters; }
    // Sweeps done so far; names the site-addressed random numbers of the next one.
    std::uint64_t sweepsDone() const { return m_sweepIndex; }

private:
    SpinConfiguration m_s;
    IsingCouplings m_t;
    McAlgorithm m_algo;
    RngStream m_rng;
    CheckerboardRandom m_siteRandom;
    CheckerboardSpins m_packed;
    ClusterWorkspace m_work;
    std::uint64_t m_sweepIndex = 0;
    long long m_attempted = 0;
    int m_wolffClusters = 0; // K; 0 = calibrate on the next sweep
    double m_wolffCalibratedT0 = 0;
};

} // namespace dlab
