#pragma once
// Independent persistent chains of one φ⁴ theory (FieldChain), chain c on
// RngStream(seed, streamBase + c), with their measurement series. Chains
// never share state, so advancing them in parallel (here, or chain by chain
// from a caller's own parallel loop) gives the same numbers for any thread
// count. Memory stays bounded: when a chain's series reaches the cap, every
// other sample is dropped and the spacing doubles (thinning keeps the
// estimators unbiased).

#include "engine/core/Feedback.hpp"
#include "engine/fields/FieldChain.hpp"
#include "engine/fields/Phi4Observables.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace dlab::fields {

struct Phi4EnsembleOptions {
    int chains = 2;
    int thermalize = 2000;          // updates per chain before measuring (step size frozen after)
    long long updatesPerChain = 0;  // stop each chain after this many measured updates (0: never)
    int saveEvery = 0;              // keep every k-th measured configuration of each chain (0: none)
    int maxSavedPerChain = 1 << 16; // … at most this many
    std::uint64_t seed = 1;
    std::uint64_t streamBase = 0; // chain c uses RngStream(seed, streamBase + c)
};

class Phi4Ensemble {
public:
    static constexpr std::size_t kSeriesCap = std::size_t(1) << 20; // per chain, before thinning

    Phi4Ensemble(const Phi4Action& action, const FieldChainOptions& chainOptions, const Phi4EnsembleOptions& options);

    using Clock = std::chrono::steady_clock;
    // Up to n updates of chain c; stops early when the chain reached its
    // quota, the feedback is cancelled or the deadline has passed. Safe to
    // call for different chains from different threads.
    void advanceChain(int c, int n, Feedback& feedback, Clock::time_point deadline);
    // All chains in parallel.
    void advance(int n, Feedback& feedback, Clock::time_point deadline);

    // New couplings for the same fields (persistent chains): statistics and
    // saved configurations restart, the step size adapts again for
    // `thermalize` updates.
    void setAction(const Phi4Action& action);

    int chains() const { return int(m_chains.size()); }
    const FieldChain& chain(int c) const { return m_chains[std::size_t(c)]; }
    const Phi4Action& action() const { return m_chains[0].action(); }
    bool done() const; // every chain reached updatesPerChain (never when that is 0)
    bool thermalising() const;
    long long measuredUpdates(int c) const { return m_measured[std::size_t(c)]; }
    long long minMeasuredUpdates() const;
    long long totalUpdates() const; // all chains, thermalisation included

    // Series spacing is `every(c)` updates; τ_int in the estimates is
    // converted to updates.
    int every(int c) const { return m_every[std::size_t(c)]; }
    const std::vector<double>& magnetisations(int c) const { return m_m[std::size_t(c)]; }
    Phi4Estimates estimates() const;
    Histogram histogram(int bins) const;

    // Saved configurations of all chains, chain by chain: count × V values.
    std::size_t savedCount() const;
    std::vector<double> savedConfigurations() const;

private:
    void record(int c);

    std::vector<FieldChain> m_chains;
    Phi4EnsembleOptions m_options;
    std::vector<long long> m_done, m_measured; // updates since the start / measured ones
    std::vector<int> m_thermalLeft;
    std::vector<std::vector<double>> m_m, m_phi2, m_saved;
    std::vector<int> m_every, m_sinceRecord;
};

} // namespace dlab::fields
