// Bench section "duality": one 8×8 β = 0.2 run to convergence, peak memory,
// the cost per optimiser step, and an estimate for a 13-point × 3-seed sweep
// on 16×16 (from one 16×16 run's steps and time), and the cost per step with
// per-link Gumbel noise.
#include "CommandTable.hpp"

#include "engine/experiments/duality/DualityLearner.hpp"

#include <chrono>
#include <sys/resource.h>
#include <tbb/global_control.h>

namespace dlab::cli {
namespace {

double peakMemoryMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0; // Linux: kilobytes
}

nlohmann::json benchDuality(int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    nlohmann::json j;
    auto timed = [](DualityLearnerParams p) {
        const auto start = std::chrono::steady_clock::now();
        DualityLearner learner(p);
        const DualityResult r = learner.run();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return std::pair{r, s};
    };
    {
        DualityLearnerParams p; // 8×8, β = 0.2
        p.seed = 1;
        const auto [r, s] = timed(p);
        j["run_8x8_beta0.2_seconds"] = s;
        j["run_8x8_steps"] = r.steps;
        j["run_8x8_ms_per_step"] = 1e3 * r.seconds / std::max<long long>(1, r.steps);
        j["run_8x8_frame"] = frameName(r.classification.frame);
        j["run_8x8_t0"] = r.t.t0;
        j["run_8x8_beta_dual_exact"] = r.betaDualExact;
    }
    j["peak_memory_MiB"] = peakMemoryMiB();
    {
        // Per-link Gumbel noise (LinkGumbel.hpp): the cost of a step when every
        // link of every chain draws its own seven numbers; 300 steps, same run.
        DualityLearnerParams p;
        p.seed = 1;
        p.gumbel = GumbelNoise::PerLink;
        p.maxSteps = 300;
        const auto [r, s] = timed(p);
        j["run_8x8_per_link_gumbel_ms_per_step"] = 1e3 * r.seconds / std::max<long long>(1, r.steps);
    }
    {
        DualityLearnerParams p;
        p.L = 16;
        p.beta = 0.25;
        p.seed = 1;
        const auto [r, s] = timed(p);
        j["run_16x16_beta0.25_seconds"] = s;
        j["run_16x16_steps"] = r.steps;
        j["run_16x16_frame"] = frameName(r.classification.frame);
        // The sweep runs its 39 learners side by side on `threads` threads.
        j["sweep_16x16_13x3_estimate_seconds"] = 39.0 * s;
    }
    return j;
}

const BenchRegistration reg{{"duality", benchDuality}};

} // namespace
} // namespace dlab::cli
