// Bench section "scan": the Monte Carlo page's β scan without the window —
// L = 16 and 32, Wolff, 16 β from 0.30 to 0.60, 2000 sweeps per point after
// 200 — as wall time, site updates per second, and how far its E/N and C lie
// from Kaufman's exact values in units of their error bars.
#include "CommandTable.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/experiments/scan/BetaScan.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

nlohmann::json benchScan(int threads)
{
    BetaScanParams p;
    p.sizes = {16, 32};
    for (int i = 0; i < 16; ++i)
        p.betas.push_back(0.30 + 0.02 * i);
    p.sweeps = 2000;
    p.thermalize = 200;
    p.algo = McAlgorithm::Wolff;
    p.seed = 42;
    nlohmann::json j;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        BetaScanExperiment scan(p);
        Feedback f;
        const auto t0 = std::chrono::steady_clock::now();
        while (!scan.finished())
            scan.step(f);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const auto s = std::static_pointer_cast<const BetaScanSnapshot>(scan.snapshot());
        double worstE = 0, worstC = 0;
        for (const auto& r : s->rows) {
            worstE = std::max(worstE, std::abs(r.estimates.energyPerSite.mean - r.exact.energyPerSite) /
                                          r.estimates.energyPerSite.error);
            worstC = std::max(worstC, std::abs(r.estimates.specificHeat.mean - r.exact.specificHeat) /
                                          r.estimates.specificHeat.error);
        }
        j["task"] = "L = 16, 32; Wolff; 16 beta from 0.30 to 0.60; 2000 sweeps per point after 200";
        j["points"] = s->rows.size();
        j["seconds"] = seconds;
        j["site_updates_per_second"] = s->siteUpdatesPerSecond;
        j["max_deviation_energy_sigma"] = worstE;
        j["max_deviation_specific_heat_sigma"] = worstC;
    });
    return j;
}

const BenchRegistration reg{{"scan", benchScan}};

} // namespace
} // namespace dlab::cli
