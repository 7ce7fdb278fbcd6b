// Bench section "dualframes" (minutes; --only dualframes): the three dual-frames
// experiments at the sizes of the performance bars — C1 at L = 16 with four
// ΔT, C2 at N = 18 (every state, three classifiers), C3 at N = 128 — and a
// few smaller sizes to show how each scales (C1 with L, C2 with N, C3 with N).
#include "CommandTable.hpp"
#include "DualFramesCli.hpp"

#include "engine/experiments/dualframes/FourierExperiment.hpp"
#include "engine/experiments/dualframes/SpinChainExperiment.hpp"
#include "engine/experiments/dualframes/TemperatureExperiment.hpp"

#include <chrono>
#include <ctime>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

// Wall and CPU seconds (CPU: all threads; less sensitive to a busy machine)
// of running `experiment` to the end, and its longest step.
template <class E> nlohmann::json timed(E& experiment, int threads)
{
    nlohmann::json j;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        Feedback feedback;
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        double longest = 0;
        long long steps = 0;
        while (!experiment.done()) {
            const auto s0 = std::chrono::steady_clock::now();
            experiment.step(feedback);
            longest = std::max(longest, std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count());
            ++steps;
        }
        j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        j["cpu_seconds"] = double(std::clock() - c0) / CLOCKS_PER_SEC;
        j["steps"] = steps;
        j["longest_step_ms"] = 1e3 * longest;
    });
    return j;
}

nlohmann::json temperature(int L, int threads)
{
    dualframes::TemperatureParams p;
    p.L = L;
    p.dts = {0.05, 0.25, 0.5, 1.0};
    p.seed = 42;
    dualframes::TemperatureExperiment e(p);
    nlohmann::json j = timed(e, threads);
    const auto s = e.current();
    j["L"] = L;
    for (const auto& r : s->results) {
        nlohmann::json jr;
        jr["dt"] = r.dt;
        jr["accuracy_original"] = number(r.accuracy[0]);
        jr["best_original"] = number(r.best[0]);
        jr["accuracy_dual"] = number(r.accuracy[1]);
        jr["best_dual"] = number(r.best[1]);
        j["results"].push_back(jr);
    }
    return j;
}

nlohmann::json chain(int N, int threads)
{
    dualframes::SpinChainParams p;
    p.spins = N;
    p.trainSizes = {std::min(3000, (1 << N) / 4)};
    p.seed = 42;
    dualframes::SpinChainExperiment e(p);
    nlohmann::json j = timed(e, threads);
    const auto& r = e.current()->results.at(0);
    j["N"] = N;
    j["states"] = e.current()->states;
    j["train"] = r.trainSize;
    j["accuracy_original"] = number(r.accuracy[0]);
    j["accuracy_dual"] = number(r.accuracy[1]);
    j["accuracy_autoencoder"] = number(r.accuracy[2]);
    return j;
}

nlohmann::json fourier(int N, int threads)
{
    dualframes::FourierParams p;
    p.length = N;
    p.amplitude = 0.4 * std::sqrt(128.0 / N); // the same signal-to-noise λ = A²N/2σ² at every N
    p.seed = 42;
    dualframes::FourierExperiment e(p);
    nlohmann::json j = timed(e, threads);
    const auto s = e.current();
    j["N"] = N;
    j["weights_frequency"] = s->weightsFrequency;
    j["signal_frequency"] = s->signalFrequency;
    j["accuracy_plain"] = number(s->accuracyPlain);
    j["accuracy_separation"] = number(s->accuracySeparation);
    j["accuracy_matched"] = number(s->accuracyMatched);
    return j;
}

const BenchRegistration reg{{"dualframes",
                             [](int threads) {
                                 nlohmann::json j;
                                 // The performance bars (2 cores): ≤ 60 s, ≤ 60 s, ≤ 10 s.
                                 j["temperature_L16_4dt"] = temperature(16, threads);
                                 j["chain_N18"] = chain(18, threads);
                                 j["fourier_N128"] = fourier(128, threads);
                                 // Scaling.
                                 j["temperature_L8_4dt"] = temperature(8, threads);
                                 j["chain_N14"] = chain(14, threads);
                                 j["chain_N16"] = chain(16, threads);
                                 j["fourier_N256"] = fourier(256, threads);
                                 return j;
                             },
                             /*onlyOnRequest=*/true}};

} // namespace
} // namespace dlab::cli
