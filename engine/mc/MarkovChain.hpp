#pragma once
// A persistent Markov chain of the generalised Ising model: it keeps its
// configuration and RNG stream when couplings change between sweeps.

#include "engine/core/Rng.hpp"
#include "engine/models/SpinConfiguration.hpp"

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

    // One sweep: N single-spin attempts for Metropolis; for Wolff, clusters
    // until ≈ N spins have been flipped; one full-lattice update for SW.
    void sweep();
    void sweeps(int n)
    {
        for (int i = 0; i < n; ++i)
            sweep();
    }

    const SpinConfiguration& configuration() const { return m_s; }
    SpinConfiguration& configuration() { return m_s; }
    long long flipsAttempted() const { return m_attempted; }

private:
    SpinConfiguration m_s;
    IsingCouplings m_t;
    McAlgorithm m_algo;
    RngStream m_rng;
    long long m_attempted = 0;
};

} // namespace dlab
