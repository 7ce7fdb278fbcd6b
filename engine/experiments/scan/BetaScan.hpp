#pragma once
// The β scan of every teaching simulation (docs/experiments/montecarlo.md):
// E/N, C, |m|, χ and the Binder cumulant U_L against β with error bars, for
// one or several lattice sizes at once, beside Kaufman's exact finite-torus
// E/N and C and Onsager's L → ∞ curves.
//
// Each L keeps one MonteCarloExperiment whose persistent chains are carried
// from one β to the next (annealing, so each point thermalises from a nearby
// state); every point discards `thermalize` sweeps and measures `sweeps`.
// Points are taken β by β, all L at one β before the next β, so a live plot
// fills every curve from the left. A step does a bounded slice of one point.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/io/CsvTable.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace dlab {

struct BetaScanParams {
    static constexpr int kMaxL = 512;   // the scan's sizes (a point is L² × sweeps of work)
    static constexpr int kMaxSizes = 8; // L values at once
    static constexpr std::size_t kMaxBetas = 1000;
    static constexpr double kMinBeta = 0.01; // Kaufman's finite-difference stencil needs β ≫ its step
    static constexpr double kMaxBeta = 5.0;
    static constexpr int kMinSweeps = 100, kMaxSweeps = 10000000;

    std::vector<int> sizes{16};
    std::vector<double> betas; // in the order they are scanned
    int sweeps = 2000;         // measured sweeps per chain and point
    int thermalize = 500;      // discarded sweeps per point
    McAlgorithm algo = McAlgorithm::Wolff;
    int chains = 1;
    std::uint64_t seed = 1;

    // Throws ParameterError naming the field and its allowed range.
    void validate() const;
    std::size_t points() const { return betas.size() * sizes.size(); }
};

struct BetaScanRow {
    int L = 0;
    double beta = 0;
    MonteCarloEstimates estimates; // energy, |m|, C, χ, U_L with errors, τ_int
    ExactReference exact;          // Kaufman (this L) and Onsager
};

// Exact curves for the plot: Kaufman E/N and C of each L and Onsager's
// E/N, C and spontaneous |m| on a fine β grid.
struct BetaScanCurves {
    std::vector<double> beta;
    std::vector<std::vector<double>> energy, specificHeat; // [size index][β index]
    std::vector<double> onsagerEnergy, onsagerSpecificHeat, onsagerMagnetization;
};
BetaScanCurves betaScanCurves(const std::vector<int>& sizes, double betaMin, double betaMax, int points = 241);

struct BetaScanSnapshot : ExperimentSnapshot {
    BetaScanParams params;
    std::vector<BetaScanRow> rows; // finished points, in scan order
    std::size_t points = 0;        // total points
    int currentL = 0;              // the point being run
    double currentBeta = 0;
    double pointFraction = 0;        // of the current point's sweeps
    double siteUpdatesPerSecond = 0; // sweeps × L² × chains per second of work
    // Seconds of work left at the measured speed (0 until measured).
    double secondsLeft = 0;
    std::shared_ptr<const BetaScanCurves> curves;
};

// The scan's rows as one CSV table (header lines: algorithm, sweeps, seed, …).
CsvTable betaScanTable(const BetaScanParams& p, const std::vector<BetaScanRow>& rows);

class BetaScanExperiment : public Experiment {
public:
    explicit BetaScanExperiment(const BetaScanParams& p); // validates
    std::string name() const override { return "β scan"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    bool finished() const { return m_point >= m_p.points(); }
    const std::vector<BetaScanRow>& rows() const { return m_rows; }

private:
    void beginPoint();
    MonteCarloExperiment& current();

    BetaScanParams m_p;
    std::vector<std::unique_ptr<MonteCarloExperiment>> m_chains; // one per L
    std::vector<BetaScanRow> m_rows;
    std::size_t m_point = 0;
    bool m_pointStarted = false;
    long long m_steps = 0;
    double m_workDone = 0, m_seconds = 0; // spin updates and time spent in step()
    std::shared_ptr<const BetaScanCurves> m_curves;
};

} // namespace dlab
