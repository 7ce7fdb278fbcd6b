#pragma once
// Live Monte Carlo of the generalised Ising model (docs/experiments/montecarlo.md) for the GUI's
// first page: an ensemble of persistent Markov chains, time series of the
// energy and |m|, running averages, C and χ with error bars, and the exact
// Kaufman (finite torus) / Onsager (infinite lattice) values when t1 = t2 = 0.
//
// Memory stays bounded however long it runs: when a chain's stored samples
// reach a cap, every other sample is dropped and the measurement interval
// doubles (thinning keeps the estimators unbiased, unlike averaging pairs).

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/montecarlo/ConfigurationAlbum.hpp"
#include "engine/mc/MarkovChain.hpp"
#include "engine/measure/Statistics.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlab {

// How the chains start: hot (independent random spins, T = ∞) or cold (all
// up, T = 0). Stated by the user, never chosen behind their back.
enum class McStart { Hot, Cold };
McStart parseMcStart(const std::string& name); // "hot" | "cold"; throws ParameterError("start", …)
std::string toString(McStart s);

struct MonteCarloParams {
    // Allowed ranges, named once: validate(), the GUI's fields and the CLI's
    // options all read them from here.
    static constexpr int kMinL = 2, kMaxL = 4096;
    static constexpr double kMaxCoupling = 20.0; // |β|, |t1|, |t2|
    static constexpr int kMaxChains = 256;
    static constexpr int kMaxSweepsPerStep = 100000;
    static constexpr int kMaxThermalize = 100000000;
    static constexpr double kMaxSpins = 2e8; // L² × chains

    int L = 64;
    double beta = 0.3; // t0
    double t1 = 0.0;   // plaquette coupling
    double t2 = 0.0;   // diagonal coupling
    McAlgorithm algo = McAlgorithm::Metropolis;
    int chains = 1;
    int sweepsPerStep = 1;
    int thermalize = 100; // sweeps discarded after a start or a coupling change
    McStart start = McStart::Hot;
    int shownChain = 0; // the chain whose lattice and traces the snapshot carries
    std::uint64_t seed = 1;
    // false: step() only sweeps (all sweepsPerStep at once per chain), with no
    // per-sweep series, display history or album: for a caller that measures
    // for itself (dualitylab-cli simulate). snapshot() then has no series.
    bool recordSeries = true;

    // Throws ParameterError naming the field and its allowed range.
    void validate() const;
    IsingCouplings couplings() const { return {beta, t1, t2}; }
    bool operator==(const MonteCarloParams&) const = default;
};

struct ExactReference {
    bool available = false;          // only for t1 = t2 = 0 and β > 0
    double energyPerSite = 0;        // Kaufman, this L×L torus
    double specificHeat = 0;         // Kaufman, this L×L torus
    double onsagerEnergyPerSite = 0; // infinite lattice
    double onsagerSpecificHeat = 0;
    double onsagerMagnetization = 0; // spontaneous |m|, 0 for β ≤ β_c
};

// Estimates over all chains since the couplings last changed (after thermalisation).
struct MonteCarloEstimates {
    long long samples = 0;
    Estimate energyPerSite, absMagnetization, specificHeat, susceptibility;
    Estimate binder; // U_L = 1 − ⟨m⁴⟩ / (3⟨m²⟩²)
    // Integrated autocorrelation time of chain 0's energy and |m|, in sweeps,
    // from its most recent sweeps measured one by one (the thinned long
    // series cannot resolve τ_int below its spacing): error bars mean little
    // until the run is many τ_int long.
    double tauIntEnergy = 0, tauIntAbsMagnetization = 0;
    long long sweepsPerChain = 0; // measured sweeps per chain behind the estimates
};

struct MonteCarloSnapshot : ExperimentSnapshot {
    MonteCarloParams params;
    std::vector<std::int8_t> configuration; // chain params.shownChain, site x + L·y
    long long sweeps = 0;                   // per chain since the start
    long long sweepsSinceChange = 0;        // since the couplings last changed
    // Chain 0's history (sweep numbers, values and running averages since the
    // last coupling change), thinned to at most a few thousand points.
    std::vector<double> seriesSweep, energy, absMagnetization, energyAverage, absMagnetizationAverage;
    MonteCarloEstimates estimates; // refreshed at most every 200 ms on large data
    ExactReference exact;
    double sweepsPerSecond = 0;          // all chains together
    std::size_t albumConfigurations = 0; // recorded for t-SNE, in all coupling groups
    int albumGroups = 0;
};

class MonteCarloExperiment : public Experiment {
public:
    explicit MonteCarloExperiment(const MonteCarloParams& p); // validates
    std::string name() const override { return "Monte Carlo"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;

    const MonteCarloParams& params() const { return m_p; }
    long long sweepsSinceChange() const { return m_sweeps - m_changeSweep; }
    // Changes β, t1, t2, algorithm and sweeps per step keeping the chains'
    // configurations (persistent chains); statistics restart because the
    // ensemble changed. L, chains and seed need a new experiment.
    void setParams(const MonteCarloParams& p);

    // Exact values for these couplings and L (available = false otherwise).
    static ExactReference exactReference(int L, const IsingCouplings& t);

    // Fresh error analysis over all stored samples (the snapshot caches it).
    MonteCarloEstimates estimates() const;

    // Current configurations of all chains.
    std::vector<SpinConfiguration> configurations() const;
    // Chain c's current configuration, without a copy (valid until the next step).
    const SpinConfiguration& configuration(int chain) const { return m_chains[std::size_t(chain)].configuration(); }
    // Sum over chains of MarkovChain::flipsAttempted().
    long long flipsAttempted() const;
    long long sweepsDone() const { return m_sweeps; } // per chain

    // Configurations of all chains every kAlbumEvery sweeps (after
    // thermalisation), grouped by couplings: the "t-SNE of anything" input.
    static constexpr int kAlbumEvery = 10;
    const ConfigurationAlbum& album() const { return m_album; }

private:
    struct ChainSeries {
        std::vector<double> energy, absM, m2;
        int every = 1; // record one sample per `every` sweeps
    };
    void restartStatistics();
    void record(int chain);
    void recordDisplay();
    void clearDisplay();
    void recordAlbum();

    MonteCarloParams m_p;
    std::vector<MarkovChain> m_chains;
    std::vector<ChainSeries> m_series;
    // Chain 0's latest measured sweeps, every sweep, for τ_int (bounded window).
    std::vector<double> m_recentE, m_recentAbsM;
    long long m_steps = 0, m_sweeps = 0, m_changeSweep = 0;
    int m_generation = 0; // bumps the chains' RNG streams when the algorithm changes
    ExactReference m_exact;
    ConfigurationAlbum m_album;

    // Display history of the shown chain.
    std::vector<double> m_dispSweep, m_dispE, m_dispM, m_dispEAvg, m_dispMAvg;
    int m_dispEvery = 1;
    double m_sumE = 0, m_sumM = 0;
    long long m_countAvg = 0;

    // Throughput (time inside step() only), and a cached error analysis refreshed at most every 200 ms
    // of wall time (jackknife over 10⁶ samples is not free).
    long long m_rateSweeps = 0;
    double m_rateSeconds = 0, m_sweepsPerSecond = 0;
    mutable std::chrono::steady_clock::time_point m_summaryTime{};
    mutable long long m_summarySamples = -1;
    mutable MonteCarloEstimates m_summary;
};

} // namespace dlab
