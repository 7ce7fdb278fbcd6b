// Bench section "duality-ordered" (issue 4, beyond the seed): the duality
// learner on ordered-phase data, L = 16, β = 0.5 … 0.8, three seeds each,
// the runs side by side on the threads. A seed counts as converged when it
// ends in a dual frame with |t0| within 3 % of β̃. Minutes long, so it runs
// only with --only duality-ordered.
#include "CommandTable.hpp"

#include "engine/experiments/duality/DualityLearner.hpp"

#include <chrono>
#include <cmath>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

namespace dlab::cli {
namespace {

nlohmann::json benchDualityOrdered(int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    const std::vector<double> betas{0.5, 0.6, 0.7, 0.8};
    const int seeds = 3;
    struct Run {
        DualityResult result;
        double seconds = 0;
    };
    std::vector<Run> runs(betas.size() * seeds);
    const auto start = std::chrono::steady_clock::now();
    tbb::parallel_for(0, int(runs.size()), [&](int i) {
        DualityLearnerParams p;
        p.L = 16;
        p.beta = betas[std::size_t(i / seeds)];
        p.seed = std::uint64_t(1 + i % seeds);
        const auto t = std::chrono::steady_clock::now();
        DualityLearner learner(p);
        runs[std::size_t(i)].result = learner.run();
        runs[std::size_t(i)].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    });
    nlohmann::json j;
    j["L"] = 16;
    j["seeds_per_beta"] = seeds;
    j["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int convergedAll = 0;
    for (std::size_t b = 0; b < betas.size(); ++b) {
        nlohmann::json row;
        int converged = 0;
        for (int s = 0; s < seeds; ++s) {
            const Run& r = runs[b * seeds + std::size_t(s)];
            const double rel = std::abs(r.result.t.t0) / r.result.betaDualExact - 1.0;
            const std::string& f = r.result.classification.frame;
            const bool ok = (f == "dual" || f == "dual-antiferro") && std::abs(rel) <= 0.03;
            converged += ok;
            row["frames"].push_back(f);
            row["t0_relative_error"].push_back(rel);
            row["seconds"].push_back(r.seconds);
        }
        row["beta"] = betas[b];
        row["beta_dual"] = runs[b * seeds].result.betaDualExact;
        row["converged"] = converged;
        convergedAll += converged;
        j["runs"].push_back(row);
    }
    j["converged_fraction"] = double(convergedAll) / double(runs.size());
    return j;
}

const BenchRegistration reg{{"duality-ordered", benchDualityOrdered, /*onlyOnRequest=*/true}};

} // namespace
} // namespace dlab::cli
