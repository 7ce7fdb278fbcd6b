// dualitylab-cli scan: the β scan of the Monte Carlo page without the window —
// E/N, C, |m|, χ and U_L against β with error bars, for one or several L,
// beside Kaufman's exact finite-torus E/N and C (docs/experiments/montecarlo.md).
//
// A sweep like sweep-duality (docs/cli/sweeps.md): under mpirun the sizes are
// split over the ranks by cost. One size is one point: its chain is carried
// from β to β (each β thermalises from its neighbour's state), so the β values
// of one L run in order on one rank; sizes have their own seeds, so the
// numbers are the same whoever runs them. Rank 0 rewrites DIR/scan.csv as
// sizes finish; Ctrl-C keeps every finished (L, β) point.
#include "CommandTable.hpp"
#include "DistributedSweep.hpp"
#include "Interrupt.hpp"
#include "SweepComm.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/core/ValueList.hpp"
#include "engine/experiments/scan/BetaScan.hpp"
#include "engine/io/AtomicFile.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <tbb/global_control.h>

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

// number() back: NaN travelled as null. Finite doubles round-trip exactly.
double readNumber(const nlohmann::json& j) { return j.is_null() ? std::nan("") : j.get<double>(); }

// One size's finished rows as a record for rank 0 (every digit kept).
std::string rowsRecord(const std::vector<BetaScanRow>& rows)
{
    nlohmann::json a = nlohmann::json::array();
    for (const auto& r : rows) {
        const auto& e = r.estimates;
        nlohmann::json estimates = nlohmann::json::array();
        for (const Estimate* x : {&e.energyPerSite, &e.specificHeat, &e.absMagnetization, &e.susceptibility, &e.binder})
            estimates.push_back({number(x->mean), number(x->error)});
        a.push_back({{"L", r.L},
                     {"beta", r.beta},
                     {"samples", e.samples},
                     {"sweeps", e.sweepsPerChain},
                     {"estimates", estimates},
                     {"tau", {number(e.tauIntEnergy), number(e.tauIntAbsMagnetization)}},
                     {"exact",
                      {r.exact.available, number(r.exact.energyPerSite), number(r.exact.specificHeat),
                       number(r.exact.onsagerEnergyPerSite), number(r.exact.onsagerSpecificHeat),
                       number(r.exact.onsagerMagnetization)}}});
    }
    return a.dump();
}

std::vector<BetaScanRow> rowsFromRecord(const std::string& record)
{
    std::vector<BetaScanRow> rows;
    for (const auto& j : nlohmann::json::parse(record)) {
        BetaScanRow r;
        r.L = j["L"].get<int>();
        r.beta = j["beta"].get<double>();
        auto& e = r.estimates;
        e.samples = j["samples"].get<long long>();
        e.sweepsPerChain = j["sweeps"].get<long long>();
        Estimate* fields[] = {&e.energyPerSite, &e.specificHeat, &e.absMagnetization, &e.susceptibility, &e.binder};
        for (std::size_t k = 0; k < 5; ++k)
            *fields[k] = {readNumber(j["estimates"][k][0]), readNumber(j["estimates"][k][1])};
        e.tauIntEnergy = readNumber(j["tau"][0]);
        e.tauIntAbsMagnetization = readNumber(j["tau"][1]);
        const auto& x = j["exact"];
        r.exact = {x[0].get<bool>(), readNumber(x[1]), readNumber(x[2]),
                   readNumber(x[3]), readNumber(x[4]), readNumber(x[5])};
        rows.push_back(r);
    }
    return rows;
}

// Rank 0's rows of every size so far, in the one-process order (β by β, the
// sizes in the order given), and scan.csv rewritten from them.
class ScanRows {
public:
    ScanRows(const BetaScanParams& p, std::string csvPath) : m_p(p), m_path(std::move(csvPath)) {}
    void add(int size, std::vector<BetaScanRow> rows)
    {
        m_bySize[size] = std::move(rows);
        if (!m_path.empty()) m_rewrite.changed();
    }
    void finish()
    {
        if (!m_path.empty()) m_rewrite.finish();
    }
    std::vector<BetaScanRow> rows() const
    {
        std::vector<BetaScanRow> out;
        for (std::size_t b = 0; b < m_p.betas.size(); ++b)
            for (std::size_t k = 0; k < m_p.sizes.size(); ++k) {
                const auto it = m_bySize.find(int(k));
                if (it != m_bySize.end() && b < it->second.size()) out.push_back(it->second[b]);
            }
        return out;
    }

private:
    BetaScanParams m_p;
    std::string m_path;
    std::map<int, std::vector<BetaScanRow>> m_bySize;
    ThrottledRewrite m_rewrite{[this] { betaScanTable(m_p, rows()).write(m_path); }};
};

int runScan(const Arguments& a, std::ostream& out)
{
    SweepComm& comm = SweepComm::world();
    BetaScanParams p;
    int threads = 1;
    std::string outDir;
    try {
        p.sizes = parseSizes(a.text("L", "16"));
        p.betas = parseValueList(a.text("betas", "0.3:0.6:0.02"), "betas");
        p.sweeps = int(a.integer("sweeps", 2000, BetaScanParams::kMinSweeps, BetaScanParams::kMaxSweeps));
        p.thermalize = int(a.integer("thermalize", 500, 0, MonteCarloParams::kMaxThermalize));
        p.algo = parseMcAlgorithm(a.text("algo", "wolff"));
        p.chains = int(a.integer("chains", 1, 1, 64));
        p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
        threads = int(a.integer("threads", defaultSweepThreads(), 1, 1024));
        outDir = a.text("out", "");
        p.validate(); // before anything is written
        if (!outDir.empty()) checkOutputOnRoot(outDir, "scan.csv");
    } catch (...) {
        if (!comm.isRoot()) return 2; // every rank found the same; rank 0 says it once
        throw;
    }
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    const std::string csvPath = outDir.empty() ? "" : (std::filesystem::path(outDir) / "scan.csv").string();
    ScanRows collected(p, csvPath);
    std::vector<bool> complete(p.sizes.size(), false);
    SweepJob job;
    job.points = int(p.sizes.size());
    job.expectedCost = [&](int k) {
        const double L = p.sizes[std::size_t(k)];
        return L * L * double(p.thermalize + p.sweeps) * double(p.betas.size()) * p.chains;
    };
    job.describe = [&](int k) { return "L=" + std::to_string(p.sizes[std::size_t(k)]); };
    job.run = [&](int k, Feedback& stop, const std::function<void()>& poll) -> std::optional<std::string> {
        BetaScanParams one = p;
        one.sizes = {p.sizes[std::size_t(k)]};
        BetaScanExperiment scan(one);
        while (!scan.finished() && !stop.isCancelled()) {
            scan.step(stop);
            poll();
        }
        if (scan.rows().empty()) return std::nullopt;
        // An interrupted size still delivers its finished β points.
        return std::string(scan.finished() ? "1" : "0") + rowsRecord(scan.rows());
    };
    job.onRecord = [&](int k, const std::string& record) {
        complete[std::size_t(k)] = record[0] == '1';
        collected.add(k, rowsFromRecord(record.substr(1)));
    };

    const auto start = std::chrono::steady_clock::now();
    const SweepSummary summary = runDistributedSweep(job, interruptFeedback(), threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!summary.root) return interruptExitCode(); // rank 0 reports for everybody
    collected.finish();
    const std::vector<BetaScanRow> rows = collected.rows();
    const bool interrupted = interruptFeedback().isCancelled();

    nlohmann::json j;
    j["command"] = "scan";
    j["L"] = p.sizes;
    j["algo"] = toString(p.algo);
    j["sweeps"] = p.sweeps;
    j["thermalize"] = p.thermalize;
    j["chains"] = p.chains;
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["ranks"] = summary.ranks;
    j["threads_per_rank"] = summary.threadsPerRank;
    j["failed"] = summary.failures;
    j["interrupted"] = interrupted;
    j["points"] = p.points();
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
    } else {
        char line[256];
        out << "beta scan, " << toString(p.algo) << ", " << p.sweeps << " sweeps per point after " << p.thermalize
            << " thermalisation sweeps, seed " << p.seed << " (" << seconds << " s"
            << (summary.ranks > 1 ? " on " + std::to_string(summary.ranks) + " ranks" : std::string()) << ")\n";
        out << "    L     beta      E/N (exact)                 C (exact)                  |m|          chi          "
               "U_L\n";
        for (const auto& r : rows) {
            const auto& e = r.estimates;
            std::snprintf(line, sizeof line,
                          "%5d  %7.4f  %9.5f±%.5f (%9.5f)  %8.4f±%.4f (%8.4f)  %.4f±%.4f  %9.3f±%.3f  %.4f±%.4f\n", r.L,
                          r.beta, e.energyPerSite.mean, e.energyPerSite.error, r.exact.energyPerSite,
                          e.specificHeat.mean, e.specificHeat.error, r.exact.specificHeat, e.absMagnetization.mean,
                          e.absMagnetization.error, e.susceptibility.mean, e.susceptibility.error, e.binder.mean,
                          e.binder.error);
            out << line;
        }
        if (!csvPath.empty()) out << "wrote " << csvPath << "\n";
    }
    for (const auto& f : summary.failures)
        std::cerr << "dualitylab-cli scan: " << f << "\n";
    if (interrupted) {
        std::cerr << "dualitylab-cli scan: interrupted; " << rows.size() << " of " << p.points() << " points finished"
                  << (csvPath.empty() ? "" : " and kept in " + csvPath) << "\n";
        return interruptExitCode();
    }
    const bool allComplete = std::all_of(complete.begin(), complete.end(), [](bool c) { return c; });
    if (!allComplete && summary.failures.empty())
        std::cerr << "dualitylab-cli scan: " << p.points() - rows.size()
                  << " points were not finished (a rank was interrupted)\n";
    return summary.failures.empty() && allComplete ? 0 : 1;
}

const CommandRegistration reg{
    {"scan",
     "beta scan: E/N, C, |m|, chi, Binder U_L against beta with error bars over Kaufman's "
     "exact curves (--L 16[,32] --betas 0.3:0.6:0.02 --sweeps N --algo wolff --out DIR); under mpirun -n K "
     "the sizes are split over the K ranks",
     {"L", "betas", "sweeps", "thermalize", "algo", "chains", "seed", "threads", "out"},
     {"json"},
     runScan}};

} // namespace
} // namespace dlab::cli
