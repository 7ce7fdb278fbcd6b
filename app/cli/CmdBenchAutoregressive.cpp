// Bench sections of the autoregressive experiments (minutes each, so only on
// request):
//   bench --only autoregressive  D1 at L = 8, D2 (VAN) at L = 8, β = 0.44 with
//                                the time at which F_q first stays within 10⁻³
//                                of Kaufman's F, the XY kernels at L = 64,
//                                T = 0.9 (spin updates per second per core,
//                                from the thread's CPU time, so load from
//                                other processes does not count), D3 at L = 8;
//   bench --only van16           VAN at L = 16, β = 0.44 for 15 minutes on the
//                                given threads (15 × threads CPU-minutes): the
//                                relative error it reaches along the way.
// Every figure comes with the load average it was measured under, and wall
// times with the process's CPU time (on a quiet 2-core machine the wall time
// of a two-thread run is about half of it).
#include "BenchClock.hpp"
#include "CommandTable.hpp"
#include "RunExperiment.hpp"

#include "engine/experiments/autoregressive/HamiltonianLearning.hpp"
#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"
#include "engine/experiments/autoregressive/XyLearning.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <tbb/global_control.h>

namespace dlab::cli {
namespace {

using namespace dlab::autoregressive;
using Clock = std::chrono::steady_clock;

// CPU time of the whole process (all threads): beside wall time it shows how
// much of a run's duration was other processes' load.
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

nlohmann::json benchXyKernel(XyAlgorithm algo)
{
    const int L = 64;
    const double T = 0.9;
    RngStream rng(1, 0);
    XyChain chain(XyConfiguration::random(L, rng), 1 / T, algo, rng);
    chain.sweeps(300);
    chain.setAdaptive(false);
    const long long before = chain.updates();
    const double cpu0 = threadCpuSeconds();
    const auto wall0 = Clock::now();
    chain.sweeps(2000);
    const double cpu = threadCpuSeconds() - cpu0, wall = since(wall0);
    const double updates = double(chain.updates() - before);
    nlohmann::json j;
    j["L"] = L;
    j["T"] = T;
    j["updates_per_cpu_second"] = updates / cpu;
    j["updates_per_wall_second"] = updates / wall;
    if (algo == XyAlgorithm::Wolff)
        j["clusters_per_sweep"] = chain.clustersPerSweep();
    else
        j["acceptance"] = chain.lastAcceptance();
    return j;
}

// VAN with checkpoints: `every` optimiser steps, the mean of the last 100
// batch estimates of F_q and its relative error; the first time that error
// stays below 10⁻³ (the bar) is reported. Training stops after
// `cpuBudgetSeconds` of process CPU time (0 = at p.steps): "15 minutes on 2
// cores" is 30 CPU-minutes, which a loaded machine also gives, only later.
// Checkpoints are also printed to stderr as they come.
nlohmann::json benchVan(VanParams p, double cpuBudgetSeconds, int every)
{
    nlohmann::json checkpoints = nlohmann::json::array();
    double timeToBar = -1, cpuToBar = -1;
    long long lastCheck = 0, stepToBar = -1;
    const auto start = Clock::now();
    const double cpuStart = processCpuSeconds();
    auto record = [&](const VanSnapshot& s, double seconds) {
        const std::size_t n = s.freeEnergy.size();
        if (n == 0 || s.steps.back() < 100) return;
        // The history keeps every step until it is thinned; average the last 100 steps' worth.
        std::size_t k = n;
        double sum = 0;
        int count = 0;
        while (k > 0 && s.steps[k - 1] > s.steps.back() - 100) {
            sum += s.freeEnergy[--k];
            ++count;
        }
        const double f = sum / count;
        const double rel = std::abs(f - s.exactFreeEnergy) / std::abs(s.exactFreeEnergy);
        if (rel < 1e-3 && timeToBar < 0 && s.currentBeta > 0.999 * p.beta) {
            timeToBar = seconds;
            cpuToBar = processCpuSeconds() - cpuStart;
            stepToBar = s.optimiserStep;
        }
        if (s.optimiserStep - lastCheck >= every) {
            lastCheck = s.optimiserStep;
            std::fprintf(stderr, "van L=%d step %lld: %.0f s wall, %.0f s CPU, F_q/N %.6f, relative error %.2e\n", p.L,
                         s.optimiserStep, seconds, processCpuSeconds() - cpuStart, f, rel);
            checkpoints.push_back({{"step", s.optimiserStep},
                                   {"seconds", seconds},
                                   {"cpu_seconds", processCpuSeconds() - cpuStart},
                                   {"beta_t", s.currentBeta},
                                   {"free_energy_per_site", f},
                                   {"relative_error", rel}});
        }
    };
    // Driven step by step here (not through the runner) so the run can stop
    // training at a CPU-time budget, which only a benchmark should do.
    VanExperiment van(p);
    Feedback feedback;
    while (!van.finished()) {
        van.step(feedback);
        const auto s = std::static_pointer_cast<const VanSnapshot>(van.snapshot());
        if (s->phase != VanSnapshot::Phase::Training) continue;
        record(*s, since(start));
        if (cpuBudgetSeconds > 0 && processCpuSeconds() - cpuStart > cpuBudgetSeconds)
            van.stopTraining(); // then evaluate
    }
    const auto final = std::static_pointer_cast<const VanSnapshot>(van.snapshot());
    nlohmann::json j;
    j["L"] = p.L;
    j["beta"] = p.beta;
    j["batch"] = p.batch;
    j["hidden"] = p.network.hidden;
    j["z2"] = p.z2;
    j["checkpoints"] = checkpoints;
    j["seconds_to_relative_error_1e-3"] = timeToBar;
    j["cpu_seconds_to_relative_error_1e-3"] = cpuToBar;
    j["step_at_relative_error_1e-3"] = stepToBar;
    {
        const VanEstimates& e = final->evaluation;
        j["steps"] = final->optimiserStep;
        j["seconds"] = since(start);
        j["cpu_seconds"] = processCpuSeconds() - cpuStart;
        j["free_energy_per_site"] = e.freeEnergy;
        j["free_energy_error"] = e.freeEnergyError;
        j["free_energy_exact_per_site"] = final->exactFreeEnergy;
        j["relative_error"] = std::abs(e.freeEnergy - final->exactFreeEnergy) / std::abs(final->exactFreeEnergy);
        j["ess"] = e.effectiveSampleFraction;
        j["energy_per_site_is"] = e.isEnergy;
        j["energy_exact_per_site"] = final->exactEnergy;
    }
    return j;
}

nlohmann::json benchAutoregressive(int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    nlohmann::json j;
    j["load_average_before"] = loadAverage();
    {
        LearnedHamiltonianParams p; // L = 8, β = 0.3, 10⁴ samples
        const auto start = Clock::now();
        const double cpu0 = processCpuSeconds();
        ExperimentRun<LearnedHamiltonianSnapshot, LearnedHamiltonianExperiment> run(
            std::make_unique<LearnedHamiltonianExperiment>(p));
        const auto s = run.runUntil([](const LearnedHamiltonianSnapshot& snap) { return snap.finished; });
        j["d1_L8_beta0.3"] = {
            {"seconds", since(start)},
            {"cpu_seconds", processCpuSeconds() - cpu0},
            {"slope", s->fit.slope},
            {"r2", s->fit.r2},
            {"free_energy_per_site", s->freeEnergyUnitSlope},
            {"free_energy_fit_per_site", s->freeEnergyFit},
            {"free_energy_exact_per_site", s->exactFreeEnergy},
            {"relative_error", std::abs(s->freeEnergyUnitSlope - s->exactFreeEnergy) / std::abs(s->exactFreeEnergy)},
            {"nll_per_spin", s->heldOutNll},
            {"entropy_exact_per_site", s->exactEntropy},
            {"epochs", s->epoch}};
    }
    j["xy_wolff_L64_T0.9"] = benchXyKernel(XyAlgorithm::Wolff);
    j["xy_metropolis_L64_T0.9"] = benchXyKernel(XyAlgorithm::Metropolis);
    {
        XyLearningParams p; // L = 8, T = 0.9, 9000 samples
        const auto start = Clock::now();
        const double cpu0 = processCpuSeconds();
        ExperimentRun<XyLearningSnapshot, XyLearningExperiment> run(std::make_unique<XyLearningExperiment>(p));
        const auto s = run.runUntil([](const XyLearningSnapshot& snap) { return snap.finished; });
        j["d3_L8_T0.9"] = {{"seconds", since(start)},
                           {"cpu_seconds", processCpuSeconds() - cpu0},
                           {"o2_spread", s->o2Spread},
                           {"nll_per_site", s->heldOutNll},
                           {"vortex_density_mc", s->vortexMc.mean},
                           {"vortex_density_generated", s->vortexGenerated.mean},
                           {"epochs", s->epoch}};
    }
    {
        VanParams p; // L = 8, β = 0.44, batch 1000, 10⁴ steps
        j["d2_van_L8_beta0.44"] = benchVan(p, 0, 1000);
    }
    j["load_average_after"] = loadAverage();
    return j;
}

nlohmann::json benchVan16(int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    nlohmann::json j;
    j["load_average_before"] = loadAverage();
    VanParams p;
    p.L = 16;
    p.steps = 1'000'000; // the CPU budget ends training
    p.evaluationSamples = 10000;
    j["van_L16_beta0.44_15min"] = benchVan(p, 15 * 60 * threads, 500);
    j["load_average_after"] = loadAverage();
    return j;
}

const BenchRegistration reg{{"autoregressive", benchAutoregressive, true}};
const BenchRegistration reg16{{"van16", benchVan16, true}};

} // namespace
} // namespace dlab::cli
