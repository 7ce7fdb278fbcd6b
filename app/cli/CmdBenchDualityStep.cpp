// Bench section "duality-step": what one duality-learner step costs and how
// much of it is the model chains, at 8×8 with 1024 chains and 16×16 with 256
// (β = 0.2 data, default start, Metropolis, one sweep per step):
//   step_ms            wall time of DualityLearner::step() (data generation excluded)
//   chains_sweep_ms    one sweeps(1) of all chains: ReplicaMetropolis plus the
//                      chain-major copy the feature code reads
//   chains_copy_ms     that copy alone (ReplicaMetropolis::copyChains)
// plus process CPU time per step and the load average, since wall times on a
// busy machine mean little without them.
#include "BenchClock.hpp"
#include "CommandTable.hpp"

#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/mc/ReplicaMetropolis.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <tbb/global_control.h>

namespace dlab::cli {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Mean wall milliseconds of `work` over repetitions filling ≈ `budget` seconds.
template <class F> double millisecondsPerCall(F&& work, double budget)
{
    work(); // warm caches and tables
    const auto start = Clock::now();
    int calls = 0;
    do {
        work();
        ++calls;
    } while (since(start) < budget);
    return 1e3 * since(start) / calls;
}

nlohmann::json benchStep(int L, int chains, int steps)
{
    nlohmann::json j;
    j["L"] = L;
    j["chains"] = chains;
    DualityLearnerParams p;
    p.L = L;
    p.beta = 0.2;
    p.seed = 1;
    p.chains = chains;
    p.maxSteps = steps;
    DualityLearner learner(p);
    const double cpu0 = processCpuSeconds();
    const auto start = Clock::now();
    int done = 0;
    for (; done < steps && !learner.finished(); ++done)
        learner.step();
    j["steps"] = done;
    j["step_ms"] = 1e3 * since(start) / std::max(1, done);
    j["step_cpu_ms"] = 1e3 * (processCpuSeconds() - cpu0) / std::max(1, done);

    DualityChainEnsemble ensemble(L, chains, 1, 0);
    ensemble.setCouplings({0.8, 0.0, 0.0});
    j["chains_sweep_ms"] = millisecondsPerCall([&] { ensemble.sweeps(1); }, 0.5);
    const ReplicaMetropolis replicas(L, chains, IsingCouplings{0.8, 0.0, 0.0}, 1, 0);
    std::vector<std::int8_t> copy(std::size_t(chains) * L * L);
    j["chains_copy_ms"] = millisecondsPerCall([&] { replicas.copyChains(chains, copy.data()); }, 0.3);
    return j;
}

nlohmann::json benchDualityStep(int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    nlohmann::json j;
    j["threads"] = threads;
    j["load_average_before"] = loadAverage();
    j["8x8"] = benchStep(8, 1024, 400);
    j["16x16"] = benchStep(16, 256, 300);
    j["load_average_after"] = loadAverage();
    return j;
}

const BenchRegistration reg{{"duality-step", benchDualityStep, /*onlyOnRequest=*/true}};

} // namespace
} // namespace dlab::cli
