// dualitylab-cli learn-xy: experiment D3, a continuous autoregressive network
// learns XY configurations; the O(2) test and the vortex density of its
// samples against Monte Carlo (over a T list with --temperatures).
#include "AutoregressiveOptions.hpp"
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/experiments/autoregressive/Sweeps.hpp"
#include "engine/io/Npy.hpp"

#include <chrono>
#include <iostream>

namespace dlab::cli {
namespace {

using namespace dlab::autoregressive;
using P = XyLearningParams;
constexpr int kSavedSamples = 1000;

nlohmann::json runJson(const XyLearningSnapshot& s)
{
    nlohmann::json j;
    j["L"] = s.params.L;
    j["T"] = s.params.T;
    j["conditional"] = toString(s.params.conditional);
    putEstimate(j, "nll_per_site", s.heldOutNll, s.heldOutNllError);
    j["o2_table"] = nlohmann::json::array();
    for (const auto& r : s.o2)
        j["o2_table"].push_back({{"angle", r.angle},
                                 {"angle_over_2pi", r.angle / (2 * 3.14159265358979323846)},
                                 {"h_mean", r.hMean},
                                 {"h_mean_err", r.hError}});
    j["o2_spread"] = s.o2Spread;
    putEstimate(j, "vortex_density_mc", s.vortexMc);
    putEstimate(j, "vortex_density_generated", s.vortexGenerated);
    putEstimate(j, "energy_per_site_mc", s.energyMc);
    putEstimate(j, "energy_per_site_generated", s.energyGenerated);
    putEstimate(j, "helicity_modulus_mc", s.mc.helicityModulus);
    j["epochs"] = s.epoch;
    j["seconds_sampling"] = s.secondsSampling;
    j["seconds_training"] = s.secondsTraining;
    return j;
}

nlohmann::json rowJson(const XySweepRow& r)
{
    nlohmann::json j;
    j["T"] = r.T;
    putEstimate(j, "nll_per_site", r.nll, r.nllError);
    putEstimate(j, "vortex_density_mc", r.vortexMc);
    putEstimate(j, "vortex_density_generated", r.vortexGenerated);
    putEstimate(j, "energy_per_site_mc", r.energyMc);
    putEstimate(j, "energy_per_site_generated", r.energyGenerated);
    putEstimate(j, "helicity_modulus_mc", r.helicityMc);
    j["o2_spread"] = r.o2Spread;
    return j;
}

int runLearnXy(const Arguments& a, std::ostream& out)
{
    P p;
    p.L = int(a.integer("L", p.L, P::kMinL, P::kMaxL));
    p.T = a.real("T", p.T, P::kMinT, P::kMaxT);
    p.samples = int(a.integer("samples", p.samples, 100, 1'000'000));
    p.heldOut = int(a.integer("held-out", p.heldOut, 10, 1'000'000));
    p.algo = parseXyAlgorithm(a.text("algo", toString(p.algo)));
    p.chains = int(a.integer("chains", p.chains, 1, 4096));
    p.sweepsBetween = int(a.integer("sweeps-between", p.sweepsBetween, 1, 10'000));
    p.conditional = parseAngleConditional(a.text("conditional", toString(p.conditional)));
    p.components = int(a.integer("components", p.components, 1, 16));
    p.network = networkOptions(a, p.network);
    p.epochs = int(a.integer("epochs", p.epochs, 1, P::kMaxEpochs));
    p.batch = int(a.integer("batch", p.batch, 1, 100'000));
    p.learningRate = a.real("lr", p.learningRate, 1e-6, 1.0);
    p.patience = int(a.integer("patience", p.patience, 0, P::kMaxEpochs));
    p.rotations = int(a.integer("rotations", p.rotations, 1, 360));
    p.generated = int(a.integer("generated", p.generated, 10, 1'000'000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string samplesPath = a.text("save-samples", "");
    const std::vector<double> temperatures = temperatureList(a);
    if (!temperatures.empty() && a.has("T"))
        throw std::invalid_argument("--T and --temperatures contradict each other: give one");
    if (!temperatures.empty() && !samplesPath.empty())
        throw std::invalid_argument("--save-samples needs a single run, not --temperatures");
    if (a.has("components") && p.conditional != AngleConditional::VonMises)
        throw std::invalid_argument("--components applies to --conditional vonmises only");
    p.validate();
    int threads = 0;
    const auto limit = threadLimit(a, &threads);

    const auto start = std::chrono::steady_clock::now();
    nlohmann::json j;
    if (temperatures.empty()) {
        ExperimentRun<XyLearningSnapshot, XyLearningExperiment> run(std::make_unique<XyLearningExperiment>(p));
        const auto s = run.runUntil([](const XyLearningSnapshot& snap) { return snap.finished; });
        j = runJson(*s);
        if (!samplesPath.empty()) {
            const Eigen::MatrixXd samples = run.read<Eigen::MatrixXd>(
                [](const XyLearningExperiment& e) { return e.networkSamples(kSavedSamples, 0); });
            // Eigen is column-major: write row by row.
            std::vector<double> rowMajor;
            for (Eigen::Index r = 0; r < samples.rows(); ++r)
                for (Eigen::Index i = 0; i < samples.cols(); ++i)
                    rowMajor.push_back(samples(r, i));
            writeNpyFloat64(samplesPath, {std::size_t(samples.rows()), std::size_t(p.L), std::size_t(p.L)}, rowMajor);
            j["saved_samples"] = {{"path", samplesPath}, {"count", samples.rows()}};
        }
    } else {
        ExperimentRun<XySweep::SweepSnapshot, XySweep> run(makeXySweep(p, temperatures));
        const auto s = run.runUntil([](const XySweep::SweepSnapshot& snap) { return snap.finished; });
        j["L"] = p.L;
        j["conditional"] = toString(p.conditional);
        j["rows"] = nlohmann::json::array();
        for (const auto& r : s->rows)
            j["rows"].push_back(rowJson(r));
    }
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else if (temperatures.empty()) {
        out << "XY L=" << p.L << " T=" << p.T << " conditional=" << toString(p.conditional) << "\n"
            << "NLL per site = " << j["nll_per_site"].get<double>() << "\n"
            << "O(2) test, H_theta/N of rotated configurations:";
        for (const auto& r : j["o2_table"])
            out << " " << r["h_mean"].get<double>();
        out << "\nspread " << j["o2_spread"].get<double>() << "\n"
            << "vortex density: MC " << j["vortex_density_mc"].get<double>() << ", network "
            << j["vortex_density_generated"].get<double>() << "\n"
            << j["seconds"].get<double>() << " s\n";
    } else {
        for (const auto& r : j["rows"])
            out << "T=" << r["T"].get<double>() << "  vortex density MC " << r["vortex_density_mc"].get<double>()
                << ", network " << r["vortex_density_generated"].get<double>() << "  O(2) spread "
                << r["o2_spread"].get<double>() << "\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"learn-xy",
     "a continuous autoregressive network learns XY configurations: O(2) test, vortices of its samples vs Monte Carlo "
     "(--L --T --samples --held-out --algo metropolis|wolff --chains --sweeps-between --conditional vonmises|beta "
     "--components --epochs --batch --lr --patience --rotations --generated --seed --threads [--hidden W1,W2] "
     "[--activation tanh|relu] [--no-direct] [--temperatures 0.7:1.1:0.1] [--save-samples F.npy])",
     {"L",           "T",          "samples",   "held-out",   "algo",    "chains",       "sweeps-between",
      "conditional", "components", "hidden",    "activation", "epochs",  "batch",        "lr",
      "patience",    "rotations",  "generated", "seed",       "threads", "temperatures", "save-samples"},
     {"json", "no-direct"},
     runLearnXy}};

} // namespace
} // namespace dlab::cli
