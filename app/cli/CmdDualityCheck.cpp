// dualitylab-cli duality-check: every feature at β on the original side next
// to the same feature of e^{−2β̃σ*} at the dual coupling β̃ — the duality the
// learner should rediscover, measured directly, with error bars.
#include "CommandTable.hpp"

#include "engine/experiments/duality/DualityCheck.hpp"

#include <cstdio>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

int runDualityCheckCommand(const Arguments& a, std::ostream& out)
{
    DualityCheckParams p;
    p.L = int(a.integer("L", p.L, 3, 1024));
    p.beta = a.real("beta", p.beta, 0.01, 5.0);
    p.chains = int(a.integer("chains", p.chains, 0, 1 << 16));
    p.samples = int(a.integer("samples", p.samples, 1, 1'000'000));
    p.thermalize = int(a.integer("thermalize", p.thermalize, 0, 1'000'000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    a.endOfOptions();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    const DualityCheckResult r = runDualityCheck(p);
    if (a.flag("json")) {
        nlohmann::json j;
        j["L"] = r.L;
        j["beta"] = r.beta;
        j["beta_dual"] = r.betaDual;
        j["seconds"] = r.seconds;
        j["features"] = nlohmann::json::array();
        for (const auto& row : r.rows)
            j["features"].push_back({{"feature", row.feature},
                                     {"original", row.original},
                                     {"original_err", row.originalError},
                                     {"dual", row.dual},
                                     {"dual_err", row.dualError},
                                     {"deviations", row.deviations()}});
        out << j.dump(2) << "\n";
    } else {
        char buf[200];
        std::snprintf(buf, sizeof buf, "L = %d, beta = %.5g, dual beta~ = %.5g\n", r.L, r.beta, r.betaDual);
        out << buf;
        std::snprintf(buf, sizeof buf, "%-16s %22s %22s %8s\n", "feature", "<psi(sigma)> at beta",
                      "<psi(e^-2b~s*)> at b~", "sigmas");
        out << buf;
        for (const auto& row : r.rows) {
            std::snprintf(buf, sizeof buf, "%-16s %12.6f ± %-8.2g %12.6f ± %-8.2g %8.2f\n", row.feature.c_str(),
                          row.original, row.originalError, row.dual, row.dualError, row.deviations());
            out << buf;
        }
    }
    return 0;
}

const CommandRegistration reg{
    {"duality-check",
     "Kramers–Wannier check without learning: each feature at beta vs e^{-2 beta~ sigma*} at beta~ (--L --beta "
     "--chains --samples --thermalize --seed --threads)",
     {"L", "beta", "chains", "samples", "thermalize", "seed", "threads"},
     {"json"},
     runDualityCheckCommand,
     true}};

} // namespace
} // namespace dlab::cli
