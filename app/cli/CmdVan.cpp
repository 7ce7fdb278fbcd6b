// dualitylab-cli van: experiment D2, a variational autoregressive network
// minimises the variational free energy F_q ≥ F of the Ising model without
// data; F_q against Kaufman's exact F, importance-sampled E and |m|, ESS.
#include "AutoregressiveOptions.hpp"
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/experiments/autoregressive/SampleFiles.hpp"
#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"
#include "engine/io/CsvTable.hpp"

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
        writeSamples(samplesPath, samples, p.L, SampleKind::Spins);
        j["saved_samples"] = {{"path", samplesPath}, {"count", samples.rows()}};
    }
    if (!tracePath.empty()) {
        CsvTable t({"step", "free_energy_per_site", "free_energy_error", "relative_error"});
        t.addHeader("program", "dualitylab-cli van (variational autoregressive network)");
        t.addHeader("model", "2D Ising, nearest neighbour, periodic L x L torus");
        t.addHeader("L", p.L);
        t.addHeader("beta", p.beta);
        t.addHeader("batch", p.batch);
        t.addHeader("learning rate", p.learningRate);
        t.addHeader("z2 symmetrised", p.z2 ? "yes" : "no");
        t.addHeader("seed", double(p.seed));
        t.addHeader("exact F per site (reference)", s->exactFreeEnergy);
        for (std::size_t k = 0; k < s->steps.size(); ++k)
            t.addRow({s->steps[k], s->freeEnergy[k], s->freeEnergyError[k], s->relativeError[k]});
        t.write(tracePath);
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
