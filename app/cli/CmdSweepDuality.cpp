// dualitylab-cli sweep-duality: the duality learner over a grid of β, κ and
// seeds, in parallel; DIR/sweep.csv holds every run and, in the GUI build,
// DIR/duality.{png,svg,pdf} the β ↔ β̃ plot (κ = 0 runs) and, when some κ ≠ 0,
// DIR/plaquette.{png,svg,pdf} the learned (t0, t1) against (β, κ), rendered by
// the same code as the GUI's sweep views on Qt's offscreen platform.
//
// Started by mpirun/srun, the grid is split over the ranks (DistributedSweep)
// and rank 0 writes the same files. sweep.csv is rewritten (temporary +
// rename) as runs finish, so an interrupt or a crash leaves the finished runs;
// the figures are written at the end, after an interrupt too.
#include "CommandTable.hpp"
#include "DistributedSweep.hpp"
#include "GumbelOptions.hpp"
#include "Interrupt.hpp"
#include "SweepComm.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"
#include "engine/experiments/duality/DualitySweepExperiment.hpp"
#include "engine/io/AtomicFile.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <tbb/global_control.h>
#include <tbb/info.h>

#ifdef DLAB_HAVE_FIGURES
#include "DualityPlot.hpp"
#include "PlaquettePlot.hpp"

#include <QApplication>
#include <QStringList>
#endif

namespace dlab::cli {
namespace {

// The plot files, or why there are none; throws on a rendering failure.
std::vector<std::string> writePlot(const std::vector<DualitySweepRow>& rows, const std::string& dir)
{
#ifdef DLAB_HAVE_FIGURES
    // A headless command: no display needed unless the user chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "dualitylab-cli";
    static char* argv[] = {name, nullptr};
    std::unique_ptr<QApplication> app;
    if (!QCoreApplication::instance()) app = std::make_unique<QApplication>(argc, argv);
    QStringList written;
    QString error;
    const bool plainIsing = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.kappa == 0.0; });
    if (plainIsing && !figures::writeDualityPlotFiles(rows, QString::fromStdString(dir), &written, &error))
        throw std::runtime_error("duality plot: " + error.toStdString());
    if (figures::hasPlaquetteRuns(rows) &&
        !figures::writePlaquettePlotFiles(rows, QString::fromStdString(dir), &written, &error))
        throw std::runtime_error("plaquette plot: " + error.toStdString());
    std::vector<std::string> paths;
    for (const QString& p : written)
        paths.push_back(p.toStdString());
    return paths;
#else
    (void)rows;
    (void)dir;
    return {};
#endif
}

// sweep.csv of the runs finished so far, in grid order, rewritten (temporary
// + rename) as they arrive.
class SweepCsv {
public:
    SweepCsv(std::string path, SweepCsvHeaderLines header) : m_path(std::move(path)), m_header(std::move(header)) {}

    void add(int index, DualitySweepRow row)
    {
        m_rows[index] = std::move(row);
        m_rewrite.changed();
    }
    void finish() { m_rewrite.finish(); }
    std::vector<DualitySweepRow> rows() const
    {
        std::vector<DualitySweepRow> out;
        for (const auto& [index, row] : m_rows)
            out.push_back(row);
        return out;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    SweepCsvHeaderLines m_header; // the same on every rank count: no timing, no threads
    std::map<int, DualitySweepRow> m_rows;
    ThrottledRewrite m_rewrite{[this] { writeSweepCsv(m_path, rows(), m_header); }};
};

std::string describePoint(const DualitySweepParams& p, int index)
{
    const DualityLearnerParams q = p.pointParams(index);
    std::ostringstream s;
    s << "beta=" << q.beta << " kappa=" << q.kappa << " seed=" << q.seed;
    return s.str();
}

int runSweepDuality(const Arguments& a, std::ostream& out)
{
    SweepComm& comm = SweepComm::world();
    DualitySweepParams p;
    int threads = 1;
    std::string dir;
    try {
        p.base.L = int(a.integer("L", 8, 3, 512));
        p.base.kappa = a.real("kappa", 0.0, -5.0, 5.0);
        if (a.has("kappas")) {
            if (a.has("kappa")) throw ParameterError("kappas", "give either --kappa K or --kappas LIST, not both");
            p.kappas = parseValueList(a.text("kappas", ""), "kappas");
        }
        p.base.learn = parseLearnMask(a.text("learn", "t0"));
        p.base.maxSteps = int(a.integer("steps", p.base.maxSteps, 1, 100'000'000));
        p.base.chains = int(a.integer("chains", 0, 0, 1 << 20));
        readGumbelOptions(a, p.base, 1.0);
        p.betas = parseBetaList(a.text("betas", "0.1:0.4:0.025"));
        p.seeds = int(a.integer("seeds", 3, 1, 10'000));
        p.firstSeed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
        dir = a.text("out", "");
        if (dir.empty()) throw ParameterError("out", "give an output directory with --out DIR");
        threads = int(a.integer("threads", defaultSweepThreads(), 1, 1024));
        p = withImpliedLearning(p); // the engine's rule, as in the GUI: κ ≠ 0 learns t1 too
        p.validate();               // before anything is written: bad input leaves no directory behind
        // Rank 0 writes; a folder it cannot write stops every rank before any work.
        checkOutputOnRoot(dir, "sweep.csv");
    } catch (...) {
        if (!comm.isRoot()) return 2; // every rank found the same; rank 0 says it once
        throw;
    }
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    SweepCsv csv((std::filesystem::path(dir) / "sweep.csv").string(), sweepCsvHeaderLines(p));
    SweepJob job;
    job.points = p.points();
    job.expectedCost = [&](int i) { return p.expectedCost(i); };
    job.describe = [&](int i) { return describePoint(p, i); };
    job.run = [&](int i, Feedback& stop, const std::function<void()>& poll) -> std::optional<std::string> {
        const DualitySweepRow row = runDualitySweepPoint(p, i, &stop, poll);
        if (row.interrupted) return std::nullopt;
        return sweepCsvLine(row, 17); // every digit: rank 0 gets the row back exactly
    };
    job.onRecord = [&](int i, const std::string& record) { csv.add(i, parseSweepCsvLine(record)); };

    const auto start = std::chrono::steady_clock::now();
    const SweepSummary summary = runDistributedSweep(job, interruptFeedback(), threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!summary.root) return interruptExitCode(); // rank 0 reports for everybody

    csv.finish();
    const std::vector<DualitySweepRow> rows = csv.rows();
    const std::vector<std::string> plots = rows.empty() ? std::vector<std::string>{} : writePlot(rows, dir);
    const bool interrupted = interruptFeedback().isCancelled();

    std::map<std::string, int> frames;
    int converged = 0;
    for (const auto& r : rows) {
        ++frames[frameName(r.result.classification.frame)];
        converged += r.result.converged;
    }
    nlohmann::json j;
    j["L"] = p.base.L;
    j["runs"] = rows.size();
    j["grid_points"] = p.points();
    j["betas"] = p.betas;
    j["kappas"] = p.kappaList();
    j["seeds"] = p.seeds;
    j["frames"] = frames;
    j["converged"] = converged;
    j["seconds"] = seconds;
    j["csv"] = csv.path();
    j["plots"] = plots;
    j["ranks"] = summary.ranks;
    j["threads_per_rank"] = summary.threadsPerRank;
    j["failed"] = summary.failures;
    j["interrupted"] = interrupted;
    j["unfinished"] = summary.unfinished;
    if (plots.empty() && !rows.empty()) j["plots_note"] = "figures need the GUI build (DLAB_BUILD_GUI=ON)";
    if (a.flag("json"))
        out << j.dump(2) << "\n";
    else
        out << rows.size() << " of " << p.points() << " runs in " << seconds << " s"
            << (summary.ranks > 1 ? " on " + std::to_string(summary.ranks) + " ranks" : std::string()) << ", "
            << dualFrameRuns(rows) << " in a dual frame; wrote " << csv.path()
            << (plots.empty() ? (rows.empty() ? "" : " (the plots need the GUI build)")
                              : " and " + std::to_string(plots.size()) + " plot files")
            << "\n";
    for (const auto& f : summary.failures)
        std::cerr << "dualitylab-cli sweep-duality: " << f << "\n";
    if (interrupted) {
        std::cerr << "dualitylab-cli sweep-duality: interrupted; " << rows.size() << " finished runs kept in "
                  << csv.path() << "\n";
        return interruptExitCode();
    }
    if (summary.unfinished > 0) // another rank was interrupted on its own
        std::cerr << "dualitylab-cli sweep-duality: " << summary.unfinished
                  << " runs were not finished (a rank was interrupted)\n";
    return summary.failures.empty() && summary.unfinished == 0 ? 0 : 1;
}

const CommandRegistration reg{
    {"sweep-duality",
     "duality learner over a grid of beta (and kappa) and seeds in parallel (--L --betas 0.1:0.4:0.025 --seeds 3 "
     "--out DIR [--kappa K | --kappas 0,0.1,0.2] [--learn t0,t1] [--steps] [--chains] [--seed] [--threads] "
     "[--gumbel off|shared|per-link] [--tau T --tau-final T --tau-anneal N]) → DIR/sweep.csv, "
     "DIR/duality.png/.svg/.pdf (kappa = 0 runs), "
     "DIR/plaquette.png/.svg/.pdf (when some kappa != 0); under mpirun -n K the grid is split over the K ranks",
     {"L", "betas", "seeds", "out", "kappa", "kappas", "learn", "steps", "chains", "seed", "threads", "tau",
      "tau-final", "tau-anneal", "gumbel"},
     {"json"},
     runSweepDuality}};

} // namespace
} // namespace dlab::cli
