// Bench section "tsne": the reference task (5000 points × 20 dims, 10
// Gaussian clusters, perplexity 30, 1000 iterations; scikit-learn ≈ 18 s,
// KL ≈ 1.96, trustworthiness ≈ 0.98 on this machine) and the SO(2) symmetry
// search end to end.
#include "CommandTable.hpp"

#include "engine/embed/Blobs.hpp"
#include "engine/embed/Quality.hpp"
#include "engine/embed/Tsne.hpp"
#include "engine/experiments/symmetry/SymmetryExperiment.hpp"

#include <chrono>
#include <ctime>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

nlohmann::json tsneTask(int n, int threads)
{
    const auto data = embed::gaussianBlobs(n, 20, 10, 42);
    embed::TsneOptions o;
    o.seed = 42;
    nlohmann::json j;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock(); // CPU time of all threads: less sensitive to a busy machine
        embed::Tsne t(data.points, o);
        t.prepare();
        const double prep = secondsSince(t0);
        t.iterate(o.iterations);
        const double total = secondsSince(t0);
        j["cpu_seconds"] = double(std::clock() - c0) / CLOCKS_PER_SEC;
        const auto t1 = std::chrono::steady_clock::now();
        j["n"] = n;
        j["seconds"] = total;
        j["seconds_affinities"] = prep;
        j["kl_divergence"] = embed::klDivergence(t.affinities(), t.embedding());
        j["kl_divergence_dense_p"] = embed::klDivergenceDense(data.points, t.embedding(), o.perplexity);
        j["trustworthiness"] = embed::trustworthiness(data.points, t.embedding(), 5);
        j["seconds_quality"] = secondsSince(t1);
    });
    return j;
}

// Sampling, training and generators for r⁴ − 2.3 r² in d = 2 (no t-SNE).
nlohmann::json symmetryTask(int threads)
{
    symmetry::SymmetryParams p;
    p.tsne = false;
    p.seed = 42;
    Feedback feedback;
    nlohmann::json j;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        const auto t0 = std::chrono::steady_clock::now();
        symmetry::SymmetryExperiment e(p);
        long long steps = 0;
        double longest = 0;
        int longestPhase = 0;
        while (!e.done()) {
            const auto s0 = std::chrono::steady_clock::now();
            const int phase = int(e.phase());
            e.step(feedback);
            if (secondsSince(s0) > longest) {
                longest = secondsSince(s0);
                longestPhase = phase;
            }
            ++steps;
        }
        const auto s = e.current();
        j["seconds"] = secondsSince(t0);
        j["seconds_training"] = s->secondsTraining;
        j["epochs"] = s->epoch;
        j["accuracy"] = s->accuracy;
        j["explained_variance_0"] = s->explainedVariance.size() ? s->explainedVariance[0] : 0.0;
        j["steps"] = steps;
        j["longest_step_ms"] = 1e3 * longest;
        static const char* names[] = {"sampling", "training", "generators", "embedding", "done"};
        j["longest_step_phase"] = names[longestPhase];
    });
    return j;
}

const BenchRegistration reg{{"tsne", [](int threads) {
                                 nlohmann::json j;
                                 j["blobs_5000x20"] = tsneTask(5000, threads);
                                 j["symmetry_so2_end_to_end"] = symmetryTask(threads);
                                 return j;
                             }}};

} // namespace
} // namespace dlab::cli
