#pragma once
// Experiment E2 (docs/experiments/fieldtheory.md): 2D φ⁴ on an L×L torus by
// HMC (leapfrog or Omelyan, step size adapted during thermalisation), Langevin
// (stochastic quantisation), MALA or a cluster sampler. Chains run in
// parallel; the snapshot has chain 0's field and M, |M| traces, the histogram
// of M over all chains, acceptance, τ_int and the observables with errors —
// and, at λ = 0, the exact free-field values to compare with.

#include "engine/experiments/Experiment.hpp"
#include "engine/fields/FreeField.hpp"
#include "engine/fields/Phi4Ensemble.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace dlab::fieldtheory {

struct Phi4Params {
    int L = 16;
    double kappa = 0.27;
    double lambda = 0.022;
    fields::FieldAlgorithm algorithm = fields::FieldAlgorithm::Hmc;
    fields::Integrator integrator = fields::Integrator::Omelyan;
    double trajectoryLength = 1.0;
    double stepSize = 0.0; // 0: the algorithm's default start (Langevin: its fixed ε)
    bool adaptStepSize = true;
    double targetAcceptance = 0.0; // 0: the algorithm's default
    int chains = 2;
    int updatesPerStep = 200;      // per chain; a step also ends after ≈ 20 ms
    int thermalize = 2000;         // per chain
    long long updatesPerChain = 0; // 0: run until stopped
    int saveEvery = 0;
    int maxSavedPerChain = 1 << 16;
    std::uint64_t seed = 1;
    // Refresh the snapshot's error analysis while running (GUI); the CLI
    // turns it off and analyses once, at the end.
    bool liveAnalysis = true;

    // Allowed ranges, quoted by validate() and used by the GUI's controls.
    static constexpr int kMinL = 2, kMaxL = 512;
    static constexpr double kMaxAbsKappa = 2.0, kMaxLambda = 10.0;
    static constexpr int kMaxChains = 64;

    // Throws ParameterError naming the field and its allowed range.
    void validate() const;
    fields::Phi4Action action() const { return {L, kappa, lambda}; }
    fields::FieldChainOptions chainOptions() const;
    fields::Phi4EnsembleOptions ensembleOptions() const;
};

struct Phi4Snapshot : ExperimentSnapshot {
    Phi4Params params;
    std::vector<double> field;     // chain 0, site x + L·y
    long long updatesPerChain = 0; // measured, slowest chain
    bool thermalising = true;
    bool done = false;
    // Chain 0's M and |M| against the update number, thinned for display.
    std::vector<double> traceUpdate, traceM, traceAbsM;
    fields::Phi4Estimates estimates;
    fields::Histogram histogram;
    double acceptance = 0;                     // mean over chains, since thermalisation
    double stepSize = 0;                       // chain 0
    int mdSteps = 0;                           // HMC
    double trajectoryLength = 0;               // HMC
    double meanExpMinusDeltaH = 0;             // HMC, mean over chains
    double meanClusterSize = 0;                // cluster sampler
    int clustersPerUpdate = 0;                 // cluster sampler
    double updatesPerSecond = 0;               // all chains
    std::optional<fields::GaussianPhi4> exact; // λ = 0 only (|κ| < ¼); Langevin: its finite-ε law
};

class Phi4Experiment : public Experiment {
public:
    explicit Phi4Experiment(const Phi4Params& p); // validates
    std::string name() const override { return "phi4"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const Phi4Snapshot> current() const;

    const Phi4Params& params() const { return m_p; }
    // κ, λ and the step-size settings keep the chains' fields (persistent
    // chains, statistics restart); L, chains, algorithm and seed need a new experiment.
    void setCouplings(double kappa, double lambda);
    void setUpdatesPerStep(int n);
    bool done() const { return m_ensemble.done(); }
    const fields::Phi4Ensemble& ensemble() const { return m_ensemble; }

private:
    void recordDisplay();

    Phi4Params m_p;
    fields::Phi4Ensemble m_ensemble;
    long long m_steps = 0;
    std::vector<double> m_dispUpdate, m_dispM, m_dispAbsM;
    int m_dispEvery = 1;
    long long m_lastRecorded = 0;
    long long m_rateUpdates = 0;
    double m_rateSeconds = 0, m_updatesPerSecond = 0;
    mutable std::chrono::steady_clock::time_point m_summaryTime{};
    mutable long long m_summaryUpdates = -1;
    mutable fields::Phi4Estimates m_summary;
    mutable fields::Histogram m_histogram;
};

} // namespace dlab::fieldtheory
