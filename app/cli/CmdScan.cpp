// dualitylab-cli scan: the β scan of the Monte Carlo page without the window —
// E/N, C, |m|, χ and U_L against β with error bars, for one or several L,
// beside Kaufman's exact finite-torus E/N and C (docs/experiments/montecarlo.md).
#include "CommandTable.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/core/ValueList.hpp"
#include "engine/experiments/scan/BetaScan.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <tbb/info.h>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

std::vector<int> parseSizes(const std::string& text)
{
    std::vector<int> sizes;
    for (double v : parseValueList(text, "L")) {
        if (v != std::floor(v)) throw ParameterError("L", "sizes must be whole numbers (e.g. 8,16,32)");
        sizes.push_back(int(std::clamp(v, -1.0, 1e6)));
    }
    return sizes;
}

// `x` and `x_err`, the project's one JSON style for a value and its error bar.
void put(nlohmann::json& j, const std::string& key, const Estimate& e)
{
    j[key] = e.mean;
    j[key + "_err"] = e.error;
}

// NaN (no exact value) becomes JSON null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

int runScan(const Arguments& a, std::ostream& out)
{
    BetaScanParams p;
    p.sizes = parseSizes(a.text("L", "16"));
    p.betas = parseValueList(a.text("betas", "0.3:0.6:0.02"), "betas");
    p.sweeps = int(a.integer("sweeps", 2000, BetaScanParams::kMinSweeps, BetaScanParams::kMaxSweeps));
    p.thermalize = int(a.integer("thermalize", 500, 0, MonteCarloParams::kMaxThermalize));
    p.algo = parseMcAlgorithm(a.text("algo", "wolff"));
    p.chains = int(a.integer("chains", 1, 1, 64));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    const std::string outDir = a.text("out", "");
    p.validate();

    const auto start = std::chrono::steady_clock::now();
    Feedback feedback;
    std::vector<BetaScanRow> rows;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        BetaScanExperiment scan(p);
        while (!scan.finished() && !feedback.isCancelled())
            scan.step(feedback);
        rows = scan.rows();
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::string csvPath;
    if (!outDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(outDir, ec);
        if (ec) throw std::runtime_error("out: cannot create " + outDir + ": " + ec.message());
        csvPath = (std::filesystem::path(outDir) / "scan.csv").string();
        betaScanTable(p, rows).write(csvPath);
    }

    nlohmann::json j;
    j["command"] = "scan";
    j["L"] = p.sizes;
    j["algo"] = toString(p.algo);
    j["sweeps"] = p.sweeps;
    j["thermalize"] = p.thermalize;
    j["chains"] = p.chains;
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["beta_critical"] = exact::criticalBeta();
    j["seconds"] = seconds;
    j["rows"] = nlohmann::json::array();
    for (const auto& r : rows) {
        nlohmann::json row;
        row["L"] = r.L;
        row["beta"] = r.beta;
        put(row, "energy_per_site", r.estimates.energyPerSite);
        put(row, "specific_heat", r.estimates.specificHeat);
        put(row, "abs_m", r.estimates.absMagnetization);
        put(row, "susceptibility", r.estimates.susceptibility);
        put(row, "binder", r.estimates.binder);
        row["tau_int_energy"] = r.estimates.tauIntEnergy;
        row["exact_energy_per_site"] = number(r.exact.energyPerSite);
        row["exact_specific_heat"] = number(r.exact.specificHeat);
        row["onsager_energy_per_site"] = number(r.exact.onsagerEnergyPerSite);
        row["onsager_abs_m"] = number(r.exact.onsagerMagnetization);
        j["rows"].push_back(row);
    }
    if (!csvPath.empty()) j["csv"] = csvPath;

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
        return 0;
    }
    char line[256];
    out << "beta scan, " << toString(p.algo) << ", " << p.sweeps << " sweeps per point after " << p.thermalize
        << " thermalisation sweeps, seed " << p.seed << " (" << seconds << " s)\n";
    out << "    L     beta      E/N (exact)                 C (exact)                  |m|          chi          "
           "U_L\n";
    for (const auto& r : rows) {
        const auto& e = r.estimates;
        std::snprintf(line, sizeof line,
                      "%5d  %7.4f  %9.5f±%.5f (%9.5f)  %8.4f±%.4f (%8.4f)  %.4f±%.4f  %9.3f±%.3f  %.4f±%.4f\n", r.L,
                      r.beta, e.energyPerSite.mean, e.energyPerSite.error, r.exact.energyPerSite, e.specificHeat.mean,
                      e.specificHeat.error, r.exact.specificHeat, e.absMagnetization.mean, e.absMagnetization.error,
                      e.susceptibility.mean, e.susceptibility.error, e.binder.mean, e.binder.error);
        out << line;
    }
    if (!csvPath.empty()) out << "wrote " << csvPath << "\n";
    return 0;
}

const CommandRegistration reg{{"scan",
                               "beta scan: E/N, C, |m|, chi, Binder U_L against beta with error bars over Kaufman's "
                               "exact curves (--L 16[,32] --betas 0.3:0.6:0.02 --sweeps N --algo wolff --out DIR)",
                               {"L", "betas", "sweeps", "thermalize", "algo", "chains", "seed", "threads", "out"},
                               {"json"},
                               runScan}};

} // namespace
} // namespace dlab::cli
