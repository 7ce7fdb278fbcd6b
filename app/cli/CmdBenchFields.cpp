// Bench sections "fields" and "fields-diffusion" (issue 12). Both run only
// with --only: "fields" takes about a minute, "fields-diffusion" several.
//  - fields: the RBM (N_v = 10, from the kernel) to 1 % accuracy; HMC
//    trajectories per minute at L = 16, κ = 0.27, λ = 0.022 on 1 and all
//    threads; the same point by HMC (10⁶ trajectories), the cluster sampler
//    and MALA, with τ_int-aware errors and how far apart they are, beside the
//    public notebook's claim.
//  - fields-diffusion: the diffusion model at L = 8 in the symmetric and the
//    broken phase end to end (HMC data, training, sampling), generated ⟨|M|⟩
//    and χ2 against an HMC test set of the same size; and the cost per epoch
//    and per reverse step at L = 16 and 32, to say what full runs there take.
// Every timed figure comes with the process's CPU seconds too: on a shared
// machine the wall time grows with the load, the CPU time hardly does.
#include "BenchClock.hpp"
#include "CommandTable.hpp"

#include "engine/experiments/fieldtheory/DiffusionExperiment.hpp"
#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"
#include "engine/experiments/fieldtheory/RbmExperiment.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <tbb/global_control.h>

namespace dlab::cli {
namespace {

using namespace fieldtheory;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (all threads).
nlohmann::json estimateJson(const Estimate& e) { return {{"value", e.mean}, {"error", e.error}}; }

double zScore(const Estimate& a, const Estimate& b) { return (a.mean - b.mean) / std::hypot(a.error, b.error); }

nlohmann::json rbmFigure()
{
    RbmParams p; // N_v = N_h = 10, m² = 4, μ² = 9, from the kernel, 1000 epochs
    RbmExperiment x(p);
    Feedback f;
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    while (!x.done())
        x.step(f);
    const auto s = x.current();
    return {{"nv", 10},
            {"seconds_1000_epochs", since(t0)},
            {"cpu_seconds_1000_epochs", processCpuSeconds() - cpu0},
            {"seconds_to_1_percent", s->secondsToOnePercent},
            {"max_relative_error", s->maxRelativeError}};
}

struct Phi4Run {
    fields::Phi4Estimates e;
    double seconds = 0, cpuSeconds = 0, acceptance = 0;
    long long updates = 0;
};

Phi4Run runPhi4(fields::FieldAlgorithm algo, long long updatesPerChain, int chains, std::uint64_t seed)
{
    Phi4Params p;
    p.L = 16;
    p.kappa = 0.27;
    p.lambda = 0.022;
    p.algorithm = algo;
    p.chains = chains;
    p.updatesPerChain = updatesPerChain;
    p.updatesPerStep = 100000;
    p.liveAnalysis = false;
    p.seed = seed;
    Phi4Experiment x(p);
    Feedback f;
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    while (!x.done())
        x.step(f);
    Phi4Run r;
    r.seconds = since(t0);
    r.cpuSeconds = processCpuSeconds() - cpu0;
    const auto s = x.current();
    r.e = s->estimates;
    r.acceptance = s->acceptance;
    r.updates = updatesPerChain * chains;
    return r;
}

nlohmann::json phi4Json(const Phi4Run& r)
{
    return {{"updates", r.updates},
            {"seconds", r.seconds},
            {"cpu_seconds", r.cpuSeconds},
            {"acceptance", r.acceptance},
            {"abs_m", estimateJson(r.e.absM)},
            {"chi2", estimateJson(r.e.chi2)},
            {"chi2_abs", estimateJson(r.e.chi2Abs)},
            {"binder", estimateJson(r.e.binder)},
            {"tau_int_abs_m", r.e.tauIntAbsM},
            {"errors_reliable", r.e.reliable}};
}

nlohmann::json benchFields(int threads)
{
    nlohmann::json j;
    j["rbm"] = rbmFigure();

    // Throughput: HMC trajectories per minute, thermalisation included.
    for (int t : {1, threads}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(t));
        const Phi4Run r = runPhi4(fields::FieldAlgorithm::Hmc, 100000, t, 7);
        const double trajectories = double(r.updates + 2000LL * t);
        j["hmc_L16_trajectories_per_minute"][std::to_string(t) + "_threads"] = 60.0 * trajectories / r.seconds;
        j["hmc_L16_trajectories_per_cpu_minute"][std::to_string(t) + "_threads"] = 60.0 * trajectories / r.cpuSeconds;
    }

    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    const Phi4Run hmc = runPhi4(fields::FieldAlgorithm::Hmc, 500000, 2, 11);
    const Phi4Run cluster = runPhi4(fields::FieldAlgorithm::Cluster, 100000, 2, 12);
    const Phi4Run mala = runPhi4(fields::FieldAlgorithm::Mala, 2000000, 2, 13);
    nlohmann::json c;
    c["point"] = {{"L", 16}, {"kappa", 0.27}, {"lambda", 0.022}};
    c["hmc"] = phi4Json(hmc);
    c["cluster"] = phi4Json(cluster);
    c["mala"] = phi4Json(mala);
    for (const auto& [name, other] : {std::pair{"cluster", &cluster}, std::pair{"mala", &mala}})
        c[std::string("z_hmc_vs_") + name] = {{"abs_m", zScore(hmc.e.absM, other->e.absM)},
                                              {"chi2", zScore(hmc.e.chi2, other->e.chi2)},
                                              {"binder", zScore(hmc.e.binder, other->e.binder)}};
    // The public reference notebook's numbers, a claim to test, not a truth.
    const Estimate notebookAbsM{0.6593, 0.0033}, notebookChi2{139.41, 1.09};
    c["reference_notebook_claim"] = {{"abs_m", estimateJson(notebookAbsM)}, {"chi2", estimateJson(notebookChi2)}};
    c["z_hmc_vs_notebook"] = {{"abs_m", zScore(hmc.e.absM, notebookAbsM)}, {"chi2", zScore(hmc.e.chi2, notebookChi2)}};
    j["near_kappa_c"] = c;
    return j;
}

nlohmann::json diffusionRun(double kappa, int L, int epochs, int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    DiffusionParams p;
    p.L = L;
    p.kappa = kappa;
    p.lambda = 0.022;
    p.epochs = epochs;
    DiffusionExperiment x(p);
    Feedback f;
    const auto t0 = Clock::now();
    const double cpu0 = processCpuSeconds();
    while (!x.done())
        x.step(f);
    const auto s = x.current();
    nlohmann::json j;
    j["L"] = L;
    j["kappa"] = kappa;
    j["epochs"] = epochs;
    j["sigma_max"] = s->params.sigmaMax; // chosen from the training data
    j["seconds"] = since(t0);
    j["cpu_seconds"] = processCpuSeconds() - cpu0;
    j["seconds_data"] = s->secondsData;
    j["seconds_training"] = s->secondsTraining;
    j["seconds_sampling"] = s->secondsSampling;
    j["seconds_langevin"] = s->secondsLangevin;
    static const char* names[] = {"train", "test", "generated", "langevin"};
    for (std::size_t k = 0; k < s->sets.size() && k < 4; ++k) {
        const auto& e = s->sets[k].estimates;
        j[names[k]] = {{"count", s->sets[k].count},
                       {"abs_m", estimateJson(e.absM)},
                       {"chi2", estimateJson(e.chi2)},
                       {"chi2_abs", estimateJson(e.chi2Abs)},
                       {"binder", estimateJson(e.binder)}};
    }
    if (s->sets.size() >= 3) {
        const auto& g = s->sets[2].estimates;
        const auto& h = s->sets[1].estimates;
        j["z_generated_vs_test"] = {{"abs_m", zScore(g.absM, h.absM)},
                                    {"chi2", zScore(g.chi2, h.chi2)},
                                    {"binder", zScore(g.binder, h.binder)}};
    }
    return j;
}

// Cost per training epoch and per reverse step of the default network at size L.
nlohmann::json diffusionCost(int L, int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    DiffusionParams p;
    ScoreNetworkShape shape;
    shape.L = L;
    shape.channels = p.channels;
    shape.layers = p.layers;
    RngStream rng(1, 0);
    ScoreNetwork net(shape, rng);
    const Eigen::Index V = Eigen::Index(L) * L;
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(V, p.batch), z = Eigen::MatrixXd::Random(V, p.batch);
    const Eigen::VectorXd sigma = Eigen::VectorXd::Constant(p.batch, 1.0);
    Eigen::VectorXd g;
    auto t0 = Clock::now();
    double cpu0 = processCpuSeconds();
    int batches = 0;
    while (since(t0) < 2.0) {
        net.lossAndGradient(x, z, sigma, g);
        ++batches;
    }
    const double perBatch = since(t0) / batches, cpuPerBatch = (processCpuSeconds() - cpu0) / batches;
    const Eigen::MatrixXd xs = Eigen::MatrixXd::Random(V, 64);
    const Eigen::VectorXd s64 = Eigen::VectorXd::Constant(64, 1.0);
    t0 = Clock::now();
    cpu0 = processCpuSeconds();
    int evaluations = 0;
    while (since(t0) < 2.0) {
        net.score(xs, s64);
        ++evaluations;
    }
    const double perScore = since(t0) / evaluations, cpuPerScore = (processCpuSeconds() - cpu0) / evaluations;
    const double batchesPerEpoch = double(p.trainSize) / p.batch, scoresPerRun = (p.samples / 64.0) * p.reverseSteps;
    return {{"L", L},
            {"seconds_per_epoch", perBatch * batchesPerEpoch},
            {"seconds_sampling", perScore * scoresPerRun},
            {"seconds_for_default_run", perBatch * batchesPerEpoch * p.epochs + perScore * scoresPerRun},
            {"cpu_seconds_for_default_run", cpuPerBatch * batchesPerEpoch * p.epochs + cpuPerScore * scoresPerRun}};
}

nlohmann::json benchFieldsDiffusion(int threads)
{
    nlohmann::json j;
    const DiffusionParams defaults;
    j["symmetric_L8"] = diffusionRun(0.21, 8, defaults.epochs, threads);
    j["broken_L8"] = diffusionRun(0.30, 8, defaults.epochs, threads);
    j["cost_L16"] = diffusionCost(16, threads);
    j["cost_L32"] = diffusionCost(32, threads);
    return j;
}

const BenchRegistration regFields{{"fields", benchFields, true}};
const BenchRegistration regDiffusion{{"fields-diffusion", benchFieldsDiffusion, true}};

} // namespace
} // namespace dlab::cli
