#pragma once
// The learner run over a grid of data β × plaquette coupling κ and several
// seeds, runs in parallel (TBB); the rows are what the β ↔ β̃ duality plot,
// the plaquette plot ((t0, t1) against (β, κ)) and the sweep CSV need.

#include "engine/core/ValueList.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dlab {

class Feedback;

struct DualitySweepParams {
    DualityLearnerParams base; // β, κ and seed are overwritten per run
    std::vector<double> betas;
    std::vector<double> kappas; // empty: base.kappa alone
    int seeds = 3;
    std::uint64_t firstSeed = 1;
    void validate() const;
    std::vector<double> kappaList() const { return kappas.empty() ? std::vector<double>{base.kappa} : kappas; }

    // Grid points ("runs"), ordered by κ, then β, then seed; point i always
    // has the same β, κ and seed, whoever runs it.
    int points() const { return int(kappaList().size() * betas.size()) * seeds; }
    DualityLearnerParams pointParams(int index) const;
    // Relative expected run time of point i: a sweep over processes hands the
    // most expensive points out first (sweep::PointDispenser); never affects a result.
    double expectedCost(int index) const;
};

struct DualitySweepRow {
    double beta = 0, kappa = 0;
    double betaDual = 0; // β̃(β), the Kramers–Wannier dual of the κ = 0 model
    std::uint64_t seed = 0;
    DualityResult result;
    bool interrupted = false; // the cancel flag stopped the run before it finished
};

inline std::vector<double> parseBetaList(const std::string& text) { return parseValueList(text, "betas"); }

// Rows ordered by κ, then β, then seed, whatever the scheduling. `onRunDone` (if set)
// is called after each finished run, from a worker thread. Cancelled runs keep
// the result they reached.
std::vector<DualitySweepRow> runDualitySweep(const DualitySweepParams& p, Feedback* feedback = nullptr,
                                             const std::function<void(const DualitySweepRow&)>& onRunDone = {});

// One grid point (p validated). `betweenSteps` (if set) is called after every
// learner step, on this thread: a distributed sweep exchanges messages there.
DualitySweepRow runDualitySweepPoint(const DualitySweepParams& p, int index, Feedback* feedback = nullptr,
                                     const std::function<void()>& betweenSteps = {});

// One line per run: beta, kappa, beta_dual, seed, frame, t0, t1, t2, theta2, theta3,
// selected_link, w0…w6, entropy, loss, steps, seconds, converged,
// dist_original, dist_antiferro, dist_dual, dist_dual_antiferro.
// The file is written to a temporary and renamed: complete or absent.
// `# key: value` lines above the column names (CsvTable's style; numpy,
// pandas(comment='#') and gnuplot skip them): what defines the sweep — L,
// steps, the β and κ lists, seeds — and nothing that differs run to run
// (no timing, no thread count), so one process and MPI write the same file.
using SweepCsvHeaderLines = std::vector<std::pair<std::string, std::string>>;
SweepCsvHeaderLines sweepCsvHeaderLines(const DualitySweepParams& p);
void writeSweepCsv(const std::string& path, const std::vector<DualitySweepRow>& rows,
                   const SweepCsvHeaderLines& header = {});
std::string sweepCsvHeader(); // with the newline
// With `digits` = 17 the line holds every double exactly (parseSweepCsvLine
// gives the row back, as far as the CSV's columns go); the file uses 10.
std::string sweepCsvLine(const DualitySweepRow& row, int digits = 10); // with the newline
// Throws std::invalid_argument naming the column that does not parse.
DualitySweepRow parseSweepCsvLine(const std::string& line);

} // namespace dlab
