// dualitylab-cli diffuse: a diffusion model learns 2D φ⁴ configurations and
// generates new ones; the table compares HMC training, HMC test, generated
// and exact-drift Langevin sets (docs/experiments/fieldtheory.md).
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/DiffusionExperiment.hpp"
#include "engine/io/AtomicFile.hpp"
#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"

#include <filesystem>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using namespace fieldtheory;

nlohmann::json setJson(const DiffusionSet& s)
{
    const auto& e = s.estimates;
    return {{"name", s.name},
            {"count", s.count},
            {"m", e.m.mean},
            {"m_err", e.m.error},
            {"abs_m", e.absM.mean},
            {"abs_m_err", e.absM.error},
            {"chi2", e.chi2.mean},
            {"chi2_err", e.chi2.error},
            {"chi2_abs", e.chi2Abs.mean},
            {"chi2_abs_err", e.chi2Abs.error},
            {"binder", e.binder.mean},
            {"binder_err", e.binder.error},
            {"phi2", e.phiSquared.mean},
            {"phi2_err", e.phiSquared.error}};
}

int latticeSizeOf(const std::string& path)
{
    const NpyArray a = readNpy(path);
    if (a.shape.size() != 3 || a.shape[1] != a.shape[2])
        throw ParameterError("train", path + ": expected configurations [count, L, L]");
    return int(a.shape[1]);
}

// The `set` column holds k; a `# set k: name` line names it.
void writeTable(const std::string& path, const std::vector<DiffusionSet>& sets, const DiffusionParams& p)
{
    CsvTable t({"set", "count", "m", "m_err", "abs_m", "abs_m_err", "chi2", "chi2_err", "chi2_abs", "chi2_abs_err",
                "binder", "binder_err", "phi2", "phi2_err"});
    t.addHeader("program", "dualitylab-cli diffuse (diffusion model of phi^4 fields)");
    t.addHeader("model", "2D phi^4, hopping parameter kappa, coupling lambda, periodic L x L torus");
    t.addHeader("L", p.L);
    t.addHeader("kappa", p.kappa);
    t.addHeader("lambda", p.lambda);
    t.addHeader("training data", p.trainPath.empty() ? std::string("HMC") : p.trainPath);
    t.addHeader("seed", double(p.seed));
    for (std::size_t k = 0; k < sets.size(); ++k) {
        const auto& e = sets[k].estimates;
        t.addHeader("set " + std::to_string(k), sets[k].name);
        std::vector<double> row{double(k), double(sets[k].count)};
        for (const Estimate* x : {&e.m, &e.absM, &e.chi2, &e.chi2Abs, &e.binder, &e.phiSquared}) {
            row.push_back(x->mean);
            row.push_back(x->error);
        }
        t.addRow(std::move(row));
    }
    t.write(path);
}

int runDiffuse(const Arguments& a, std::ostream& out)
{
    DiffusionParams p;
    p.trainPath = a.text("train", "");
    p.testPath = a.text("test", "");
    const int L = int(a.integer("L", p.L, 2, DiffusionParams::kMaxL));
    p.kappa = a.real("kappa", p.kappa, -2.0, 2.0);
    p.lambda = a.real("lambda", p.lambda, 0.0, 10.0);
    if (!p.trainPath.empty() && (!a.has("kappa") || !a.has("lambda")))
        throw ParameterError("kappa", "with --train give the couplings the data were sampled at (--kappa and "
                                      "--lambda: the exact-drift Langevin row and any HMC test set use them)");
    const int fileL = p.trainPath.empty() ? 0 : latticeSizeOf(p.trainPath);
    if (fileL && a.has("L") && L != fileL)
        throw ParameterError("L", "--L disagrees with the training file (L = " + std::to_string(fileL) + ")");
    p.L = fileL ? fileL : L;
    p.trainSize = int(a.integer("train-size", p.trainSize, 64, 1000000));
    if (!p.trainPath.empty() && a.has("train-size"))
        throw ParameterError("train-size", "the training file fixes the training set");
    p.samples = int(a.integer("samples", p.samples, 16, 1000000));
    p.hmcEvery = int(a.integer("hmc-every", p.hmcEvery, 1, 100000));
    p.epochs = int(a.integer("epochs", p.epochs, 1, 100000));
    p.channels = int(a.integer("channels", p.channels, 1, 256));
    p.layers = int(a.integer("layers", p.layers, 2, 16));
    p.batch = int(a.integer("batch", p.batch, 1, 4096));
    p.learningRate = a.real("lr", p.learningRate, 1e-6, 1.0);
    p.zeroModeWeight = a.real("zero-mode-weight", p.zeroModeWeight, 0.0, 1e4);
    p.emaDecay = a.real("ema", p.emaDecay, 0.0, 0.99999);
    p.sampler = parseReverseSampler(a.choice("sampler", "sde", {"sde", "ode"}));
    p.reverseSteps = int(a.integer("steps", p.reverseSteps, 1, 100000));
    p.sigmaMax = a.real("sigma-max", p.sigmaMax, 0.0, 1000.0); // 0: from the training data
    p.langevinSteps = int(a.integer("langevin-steps", p.langevinSteps, 0, 10000000));
    p.langevinEpsilon = a.real("langevin-epsilon", p.langevinEpsilon, 1e-5, 1.0);
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string outDir = a.text("out", "");
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    a.endOfOptions();
    p.validate();
    if (!outDir.empty()) checkOutputFolder(outDir, CreateFolder::LastComponent); // before the run, not after

    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    ExperimentRun<DiffusionSnapshot, DiffusionExperiment> run(std::make_unique<DiffusionExperiment>(p));
    const auto s = run.runUntil([](const DiffusionSnapshot& snap) { return snap.done; });

    nlohmann::json j;
    j["L"] = p.L;
    j["kappa"] = p.kappa;
    j["lambda"] = p.lambda;
    j["epochs"] = p.epochs;
    j["samples"] = p.samples;
    j["sampler"] = toString(p.sampler);
    j["steps"] = p.reverseSteps;
    j["channels"] = p.channels;
    j["layers"] = p.layers;
    j["sigma_max"] = s->params.sigmaMax; // as used: chosen from the data when --sigma-max is 0
    j["seed"] = p.seed;
    j["threads"] = threads;
    static const char* keys[] = {"train", "test", "generated", "langevin"};
    for (std::size_t k = 0; k < s->sets.size() && k < 4; ++k)
        j[keys[k]] = setJson(s->sets[k]);
    j["train_loss"] = s->trainLoss;
    j["test_loss"] = s->testLoss;
    j["seconds_data"] = s->secondsData;
    j["seconds_training"] = s->secondsTraining;
    j["seconds_sampling"] = s->secondsSampling;
    j["seconds_langevin"] = s->secondsLangevin;
    j["seconds"] = s->secondsData + s->secondsTraining + s->secondsSampling + s->secondsLangevin;
    if (!outDir.empty()) {
        const auto generated = run.read<Eigen::MatrixXd>([](const DiffusionExperiment& x) { return x.generated(); });
        const std::string npy = (std::filesystem::path(outDir) / "generated.npy").string();
        writeNpyFloat64(npy, {std::size_t(generated.cols()), std::size_t(p.L), std::size_t(p.L)},
                        std::vector<double>(generated.data(), generated.data() + generated.size()));
        const std::string csv = (std::filesystem::path(outDir) / "table.csv").string();
        writeTable(csv, s->sets, p);
        j["files"] = {npy, csv};
    }
    if (run.interrupted()) j["interrupted"] = true;
    const int code = run.interrupted() ? interruptExitCode() : 0;
    if (a.flag("json")) {
        out << j.dump(2) << "\n";
        return code;
    }
    out << "diffusion model, L=" << p.L << " kappa=" << p.kappa << " lambda=" << p.lambda << "\n";
    for (const auto& set : s->sets) {
        const auto& e = set.estimates;
        out << "  " << set.name << " (" << set.count << "): <|M|> = " << e.absM.mean << " ± " << e.absM.error
            << ", chi2 = " << e.chi2.mean << " ± " << e.chi2.error << ", U_L = " << e.binder.mean << " ± "
            << e.binder.error << "\n";
    }
    out << "seconds: " << j["seconds"].get<double>() << "\n";
    if (run.interrupted())
        out << "interrupted in phase " << toString(s->phase) << ": the table has the sets finished so far\n";
    return code;
}

const CommandRegistration reg{
    {"diffuse",
     "diffusion model for 2D phi^4 vs HMC and exact-drift Langevin (--train F.npy --test G.npy --L --kappa --lambda "
     "--train-size --samples --hmc-every --epochs --channels --layers --batch --lr --zero-mode-weight --ema --sampler "
     "sde|ode --steps --sigma-max --langevin-steps --langevin-epsilon --seed --threads --out DIR)",
     {"train",
      "test",
      "L",
      "kappa",
      "lambda",
      "train-size",
      "samples",
      "hmc-every",
      "epochs",
      "channels",
      "layers",
      "batch",
      "lr",
      "zero-mode-weight",
      "sampler",
      "steps",
      "sigma-max",
      "langevin-steps",
      "langevin-epsilon",
      "seed",
      "out",
      "threads"},
     {"json"},
     runDiffuse,
     true}};

} // namespace
} // namespace dlab::cli
