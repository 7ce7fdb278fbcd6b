// dualitylab-cli van: experiment D2, a variational autoregressive network
// minimises the variational free energy F_q ≥ F of the Ising model without
// data; F_q against Kaufman's exact F, importance-sampled E and |m|, ESS.
#include "AutoregressiveOptions.hpp"
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"
#include "engine/io/Npy.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>

namespace dlab::cli {
namespace {

using namespace dlab::autoregressive;
using P = VanParams;
constexpr int kSavedSamples = 1000;

int runVan(const Arguments& a, std::ostream& out)
{
    P p;
    p.L = int(a.integer("L", p.L, P::kMinL, P::kMaxL));
    p.beta = a.real("beta", p.beta, P::kMinBeta, P::kMaxBeta);
    p.steps = int(a.integer("steps", p.steps, 1, P::kMaxSteps));
    p.batch = int(a.integer("batch", p.batch, 2, 100'000));
    p.learningRate = a.real("lr", p.learningRate, 1e-7, 1.0);
    p.anneal = a.real("anneal", p.anneal, 0.0, 0.99999);
    if (a.flag("no-z2")) p.z2 = false;
    p.network = networkOptions(a, p.network);
    p.evaluationSamples = int(a.integer("eval-samples", p.evaluationSamples, 0, 100'000'000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string samplesPath = a.text("save-samples", "");
    const std::string tracePath = a.text("trace", "");
    if (!tracePath.empty() && !std::ofstream(tracePath, std::ios::app))
        throw std::invalid_argument("--trace: cannot write '" + tracePath + "'");
    p.validate();
    int threads = 0;
    const auto limit = threadLimit(a, &threads);

    const auto start = std::chrono::steady_clock::now();
    ExperimentRun<VanSnapshot, VanExperiment> run(std::make_unique<VanExperiment>(p));
    const auto s = run.runUntil([](const VanSnapshot& snap) { return snap.finished; });
    Eigen::MatrixXd samples;
    if (!samplesPath.empty())
        samples = run.read<Eigen::MatrixXd>([](const VanExperiment& e) { return e.samples(kSavedSamples, 0); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Training batches estimate F_q too; the evaluation's fresh samples are the reported value.
    const VanEstimates& e = s->evaluation.samples > 0 ? s->evaluation : s->latest;

    nlohmann::json j;
    j["L"] = p.L;
    j["beta"] = p.beta;
    j["steps"] = s->optimiserStep;
    j["batch"] = p.batch;
    j["z2"] = p.z2;
    j["hidden"] = p.network.hidden;
    j["samples"] = e.samples;
    j["free_energy_per_site"] = e.freeEnergy;
    j["free_energy_error"] = e.freeEnergyError;
    j["free_energy_exact_per_site"] = s->exactFreeEnergy;
    j["relative_error"] = std::abs(e.freeEnergy - s->exactFreeEnergy) / std::abs(s->exactFreeEnergy);
    putEstimate(j, "free_energy_is_per_site", e.isFreeEnergy, e.isFreeEnergyError);
    putEstimate(j, "energy_per_site_q", e.energy, e.energyError);
    putEstimate(j, "energy_per_site_is", e.isEnergy, e.isEnergyError);
    j["energy_exact_per_site"] = s->exactEnergy;
    putEstimate(j, "abs_magnetization_is", e.isAbsMagnetization, e.isAbsMagnetizationError);
    j["ess"] = e.effectiveSampleFraction;
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["seconds"] = seconds;
    j["seconds_per_step"] = s->seconds / std::max<long long>(1, s->optimiserStep);

    if (!samplesPath.empty()) {
        std::vector<std::int8_t> data;
        for (Eigen::Index r = 0; r < samples.rows(); ++r)
            for (Eigen::Index i = 0; i < samples.cols(); ++i)
                data.push_back(samples(r, i) > 0 ? 1 : -1);
        writeNpyInt8(samplesPath, {std::size_t(samples.rows()), std::size_t(p.L), std::size_t(p.L)}, data);
        j["saved_samples"] = {{"path", samplesPath}, {"count", samples.rows()}};
    }
    if (!tracePath.empty()) {
        std::ofstream f(tracePath);
        f << "# van L=" << p.L << " beta=" << p.beta << " seed=" << p.seed << " exact_F_per_site=" << s->exactFreeEnergy
          << "\nstep,free_energy_per_site,free_energy_error,relative_error\n";
        f.precision(10);
        for (std::size_t k = 0; k < s->steps.size(); ++k)
            f << s->steps[k] << "," << s->freeEnergy[k] << "," << s->freeEnergyError[k] << "," << s->relativeError[k]
              << "\n";
    }

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "L=" << p.L << " beta=" << p.beta << " steps=" << s->optimiserStep << "\n"
            << "F_q/N = " << e.freeEnergy << " ± " << e.freeEnergyError << "  (Kaufman " << s->exactFreeEnergy
            << ", relative error " << j["relative_error"].get<double>() << ")\n"
            << "F_IS/N = " << e.isFreeEnergy << " ± " << e.isFreeEnergyError << "\n"
            << "E/N: importance-sampled " << e.isEnergy << " ± " << e.isEnergyError << " (exact " << s->exactEnergy
            << "), |m| " << e.isAbsMagnetization << ", ESS " << e.effectiveSampleFraction << "\n"
            << seconds << " s\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"van",
     "variational autoregressive network: minimises F_q >= F of the Ising model without data (--L --beta --steps "
     "--batch --lr --anneal [--no-z2] --eval-samples --seed --threads [--hidden W1,W2] [--activation tanh|relu] "
     "[--no-direct] [--save-samples F.npy] [--trace F.csv])",
     {"L", "beta", "steps", "batch", "lr", "anneal", "hidden", "activation", "eval-samples", "seed", "threads",
      "save-samples", "trace"},
     {"json", "no-z2", "no-direct"},
     runVan}};

} // namespace
} // namespace dlab::cli
