// dualitylab-cli sweep-duality: the duality learner over a grid of β, κ and
// seeds, in parallel; DIR/sweep.csv holds every run and, in the GUI build,
// DIR/duality.{png,svg,pdf} the β ↔ β̃ plot (κ = 0 runs) and, when some κ ≠ 0,
// DIR/plaquette.{png,svg,pdf} the learned (t0, t1) against (β, κ), rendered by
// the same code as the GUI's sweep views on Qt's offscreen platform.
#include "CommandTable.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
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

int runSweepDuality(const Arguments& a, std::ostream& out)
{
    DualitySweepParams p;
    p.base.L = int(a.integer("L", 8, 3, 512));
    p.base.kappa = a.real("kappa", 0.0, -5.0, 5.0);
    if (a.has("kappas")) {
        if (a.has("kappa")) throw ParameterError("kappas", "give either --kappa K or --kappas LIST, not both");
        p.kappas = parseValueList(a.text("kappas", ""), "kappas");
    }
    const std::vector<double> kappas = p.kappaList();
    const bool plaquette = std::any_of(kappas.begin(), kappas.end(), [](double k) { return k != 0.0; });
    p.base.learn = parseLearnMask(a.text("learn", plaquette ? "t0,t1" : "t0"));
    p.base.maxSteps = int(a.integer("steps", p.base.maxSteps, 1, 100'000'000));
    p.base.chains = int(a.integer("chains", 0, 0, 1 << 20));
    if (a.has("tau")) {
        p.base.gumbel = true;
        p.base.tau = a.real("tau", 1.0, 0.01, 100.0);
        p.base.tauFinal = a.real("tau-final", p.base.tau, 0.01, 100.0);
        p.base.tauAnnealSteps = int(a.integer("tau-anneal", 2000, 0, 100'000'000));
    }
    p.betas = parseBetaList(a.text("betas", "0.1:0.4:0.025"));
    p.seeds = int(a.integer("seeds", 3, 1, 10'000));
    p.firstSeed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string dir = a.text("out", "");
    if (dir.empty()) throw ParameterError("out", "give an output directory with --out DIR");
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    p.validate(); // before anything is written: bad input leaves no directory behind
    std::error_code made;
    std::filesystem::create_directories(dir, made);
    if (made) throw ParameterError("out", "cannot create directory '" + dir + "': " + made.message());

    const auto start = std::chrono::steady_clock::now();
    const auto rows = runDualitySweep(p);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string csv = (std::filesystem::path(dir) / "sweep.csv").string();
    writeSweepCsv(csv, rows);
    const std::vector<std::string> plots = writePlot(rows, dir);

    std::map<std::string, int> frames;
    int converged = 0;
    for (const auto& r : rows) {
        ++frames[r.result.classification.frame];
        converged += r.result.converged;
    }
    nlohmann::json j;
    j["L"] = p.base.L;
    j["runs"] = rows.size();
    j["betas"] = p.betas;
    j["kappas"] = p.kappaList();
    j["seeds"] = p.seeds;
    j["frames"] = frames;
    j["converged"] = converged;
    j["seconds"] = seconds;
    j["csv"] = csv;
    j["plots"] = plots;
    if (plots.empty()) j["plots_note"] = "figures need the GUI build (DLAB_BUILD_GUI=ON)";
    if (a.flag("json"))
        out << j.dump(2) << "\n";
    else
        out << rows.size() << " runs in " << seconds << " s, " << frames["dual"] + frames["dual-antiferro"]
            << " in a dual frame; wrote " << csv
            << (plots.empty() ? " (the plots need the GUI build)"
                              : " and " + std::to_string(plots.size()) + " plot files")
            << "\n";
    return 0;
}

const CommandRegistration reg{
    {"sweep-duality",
     "duality learner over a grid of beta (and kappa) and seeds in parallel (--L --betas 0.1:0.4:0.025 --seeds 3 "
     "--out DIR [--kappa K | --kappas 0,0.1,0.2] [--learn t0,t1] [--steps] [--chains] [--seed] [--threads] "
     "[--tau T --tau-final T --tau-anneal N]) → DIR/sweep.csv, DIR/duality.png/.svg/.pdf (kappa = 0 runs), "
     "DIR/plaquette.png/.svg/.pdf (when some kappa != 0)",
     {"L", "betas", "seeds", "out", "kappa", "kappas", "learn", "steps", "chains", "seed", "threads", "tau",
      "tau-final", "tau-anneal"},
     {"json"},
     runSweepDuality}};

} // namespace
} // namespace dlab::cli
