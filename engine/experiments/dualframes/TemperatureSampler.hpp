#pragma once
// Ising configurations and energies at one temperature for experiment C1
// (docs/experiments/dualframes.md), a time slice at a time: persistent
// chains are thermalised, a pilot run measures the integrated
// autocorrelation time τ_int of the energy, and production then keeps a
// configuration of every chain every `spacing` ≈ 2 τ_int sweeps (nearly
// independent samples for the classifier) while recording the energy after
// every sweep (the long histogram behind the best-possible accuracy).

#include "engine/core/Feedback.hpp"
#include "engine/core/Rng.hpp"
#include "engine/mc/ChainEnsemble.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace dlab::dualframes {

struct SamplerPlan {
    int chains = 8;
    McAlgorithm algorithm = McAlgorithm::Wolff;
    int thermalization = 500; // sweeps per chain
    int pilot = 500;          // sweeps per chain to measure τ_int
    int configurations = 2000;
    long long energies = 100000; // energy measurements in all (every sweep of every chain)
};

class TemperatureSampler {
public:
    using Clock = std::chrono::steady_clock;
    enum class Phase { Thermalizing, Pilot, Production, Done };

    // The chains run on streams derived from (seed, stream): samplers with
    // different `stream` are independent.
    TemperatureSampler(int L, double beta, const SamplerPlan& plan, std::uint64_t seed, std::uint64_t stream);

    // Sweeps until `deadline` or cancellation; true once done.
    bool advance(const Feedback& feedback, Clock::time_point deadline);
    Phase phase() const { return m_phase; }
    double fractionDone() const;

    int L() const { return m_L; }
    double beta() const { return m_beta; }
    double pilotTau() const { return m_pilotTau; } // τ_int of E in sweeps, from the pilot run
    int spacing() const { return m_spacing; }      // sweeps between kept configurations
    // τ_int of E in sweeps over the production run (mean over chains).
    double productionTau() const;

    // Kept configurations, L² spins each, one after another.
    const std::vector<std::int8_t>& configurations() const { return m_configs; }
    int configurationCount() const { return int(m_configs.size() / (std::size_t(m_L) * m_L)); }
    // E = −Σ_links s_i s_j after every production sweep, per chain.
    const std::vector<std::vector<int>>& energies() const { return m_energies; }
    std::vector<int> allEnergies() const;

private:
    void sweep(bool record);

    int m_L;
    double m_beta;
    SamplerPlan m_plan;
    std::unique_ptr<ChainEnsemble> m_chains;
    Phase m_phase = Phase::Thermalizing;
    long long m_sweeps = 0; // in the current phase
    double m_pilotTau = 0.5;
    int m_spacing = 1;
    std::vector<std::vector<int>> m_energies;
    std::vector<std::int8_t> m_configs;
    // Global flips of the kept configurations (see advance()).
    RngStream m_flips;
};

} // namespace dlab::dualframes
