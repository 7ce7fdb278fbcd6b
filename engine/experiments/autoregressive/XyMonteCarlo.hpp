#pragma once
// Monte Carlo of the XY model, H = −Σ_<ij> cos(θ_i − θ_j) on the L×L torus
// at temperature T: independent persistent chains (chain c on
// RngStream(seed, c), run in parallel), Metropolis with the step adapted to
// ≈ 50 % acceptance during thermalisation, or Wolff's embedded cluster
// update. Measures e, |m|, the helicity modulus Υ and the vortex density with
// binning errors and τ_int, and keeps configurations every `keepEvery`
// sweeps for the continuous autoregressive network (experiment D3).

#include "engine/experiments/Experiment.hpp"
#include "engine/mc/XyChain.hpp"
#include "engine/measure/XyObservables.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlab::autoregressive {

struct XyMonteCarloParams {
    static constexpr int kMinL = 2, kMaxL = 1024;
    static constexpr double kMinT = 0.01, kMaxT = 10.0;

    int L = 16;
    double T = 0.9;
    XyAlgorithm algo = XyAlgorithm::Wolff;
    int chains = 4;
    int thermalize = 500; // sweeps per chain, not measured
    int sweeps = 5000;    // measured sweeps per chain (the run is finished after them)
    int sweepsPerStep = 10;
    int keepEvery = 0; // keep every chain's configuration every this many measured sweeps (0 = none)
    std::uint64_t seed = 1;

    void validate() const;
    bool operator==(const XyMonteCarloParams&) const = default;
};

struct XyMonteCarloSnapshot : ExperimentSnapshot {
    XyMonteCarloParams params;
    long long sweeps = 0; // per chain, thermalisation included
    double progress = 0;
    std::vector<double> angles;           // chain 0, site x + L·y, θ ∈ [0, 2π)
    std::vector<std::int8_t> vortices;    // chain 0, plaquette charges
    XySummary estimates;                  // all chains (after thermalisation)
    double stepWidth = 0, acceptance = 0; // Metropolis, chain 0
    double updatesPerSecond = 0;          // spin updates (Wolff: spins reflected)
    std::size_t kept = 0;                 // configurations kept so far
    bool finished = false;
};

class XyMonteCarloExperiment : public Experiment {
public:
    explicit XyMonteCarloExperiment(const XyMonteCarloParams& p); // validates; cheap
    std::string name() const override { return "XY Monte Carlo"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const XyMonteCarloSnapshot> current() const
    {
        return std::static_pointer_cast<const XyMonteCarloSnapshot>(snapshot());
    }

    bool finished() const { return m_measured >= m_p.sweeps; }
    const XyMonteCarloParams& params() const { return m_p; }
    // Kept configurations in order (chain-major within each keeping sweep), as angles.
    const std::vector<std::vector<double>>& kept() const { return m_kept; }
    XySummary estimates() const;

private:
    XyMonteCarloParams m_p;
    std::vector<XyChain> m_chains;
    std::vector<XyObservables> m_observables;
    std::vector<std::vector<double>> m_kept;
    long long m_sweeps = 0, m_measured = 0, m_steps = 0;
    long long m_updates = 0;
    double m_seconds = 0;
};

} // namespace dlab::autoregressive
