// dualitylab-cli rbm: a Gaussian scalar-field RBM learns a free field's (or a
// data set's) two-point function; prints the learned and exact spectra of
// the kernel K (docs/experiments/fieldtheory.md).
#include "CommandTable.hpp"
#include "RunExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/RbmExperiment.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using namespace fieldtheory;

nlohmann::json finiteOrNull(const std::vector<double>& v)
{
    nlohmann::json a = nlohmann::json::array();
    for (double x : v)
        a.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr));
    return a;
}

int runRbm(const Arguments& a, std::ostream& out)
{
    RbmParams p;
    p.dataPath = a.text("data", "");
    p.target = parseRbmTarget(a.text("target", p.dataPath.empty() ? "chain" : "data"));
    if (!p.dataPath.empty() && p.target != RbmTargetKind::Data)
        throw ParameterError("target", "--data learns a data set: use --target data (or leave --target out)");
    if (p.target == RbmTargetKind::Data && (a.has("nv") || a.has("L") || a.has("m2")))
        throw ParameterError("data", "a data set fixes N_v and has no m²: drop --nv, --L and --m2");
    if (a.has("nv") && a.has("L")) throw ParameterError("L", "give --nv (chain) or --L (torus), not both");
    if (p.target == RbmTargetKind::Torus)
        p.sites = int(a.integer("L", 4, 2, RbmParams::kMaxTorusSide));
    else if (a.has("L"))
        throw ParameterError("L", "only for --target torus (the chain takes --nv)");
    else
        p.sites = int(a.integer("nv", 10, 2, RbmParams::kMaxSites));
    p.m2 = a.real("m2", p.m2, 0.01, 100.0);
    p.hidden = int(a.integer("nh", p.target == RbmTargetKind::Chain ? p.sites : 10, 1, RbmParams::kMaxHidden));
    if (!a.has("nh") && p.target == RbmTargetKind::Torus) p.hidden = p.sites * p.sites;
    p.mu2 = a.real("mu2", p.mu2, 0.01, 1e4);
    p.learnMu2 = a.flag("learn-mu2");
    p.sigma = a.real("sigma", p.sigma, 0.01, 100.0);
    p.gradient = parseRbmGradient(a.text("from", "kernel"));
    p.learningRate = a.real("lr", 0.0, 1e-6, 10.0);
    p.momentum = a.real("momentum", p.momentum, 0.0, 0.99);
    p.l2 = a.real("l2", p.l2, 0.0, 1.0);
    p.lrDecay = a.real("lr-decay", p.lrDecay, 0.01, 1.0);
    if (a.has("decay-every")) p.decayEvery = int(a.integer("decay-every", 50, 1, 1000000));
    p.batch = int(a.integer("batch", p.batch, 1, 100000));
    p.gibbsSteps = int(a.integer("gibbs", p.gibbsSteps, 1, 1000));
    p.dataSamples = int(a.integer("samples", p.dataSamples, 2, 10000000));
    if (p.gradient == RbmGradient::Kernel)
        for (const char* opt : {"batch", "gibbs", "samples"})
            if (a.has(opt)) throw ParameterError(opt, "only used with --from samples");
    p.epochs = int(a.integer("epochs", p.epochs, 1, 10000000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    p.epochsPerStep = 100000;
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    p.validate();

    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    ExperimentRun<RbmSnapshot, RbmExperiment> run(std::make_unique<RbmExperiment>(p));
    const auto s = run.runUntil([](const RbmSnapshot& snap) { return snap.done; });

    nlohmann::json j;
    j["target"] = s->targetDescription;
    j["nv"] = s->spectrum.size();
    j["nh"] = p.hidden;
    j["mu2"] = s->mu2;
    j["mu2_learned"] = p.learnMu2;
    j["from"] = toString(p.gradient);
    j["epochs"] = s->epoch;
    j["seed"] = p.seed;
    j["eigenvalues"] = s->spectrum;
    j["exact_eigenvalues"] = finiteOrNull(s->exactSpectrum);
    j["inverse_spectrum"] = s->inverseSpectrum;
    j["representable"] = s->representable;
    j["max_relative_error"] = s->maxRelativeError;
    j["clamped"] = s->clamped;
    j["backoffs"] = s->backoffs;
    j["log_likelihood"] = s->logLikelihood;
    j["seconds"] = s->seconds;
    if (s->secondsToOnePercent >= 0) j["seconds_to_1_percent"] = s->secondsToOnePercent;
    if (a.flag("json")) {
        out << j.dump(2) << "\n";
        return 0;
    }
    out << s->targetDescription << "\nRBM N_h=" << p.hidden << " mu2=" << s->mu2 << " after " << s->epoch << " epochs ("
        << s->seconds << " s)\n  mode   learned     exact\n";
    for (std::size_t i = 0; i < s->spectrum.size(); ++i)
        out << "  " << i << "\t" << s->spectrum[i] << "\t" << s->exactSpectrum[i] << "\n";
    out << "max relative error over the " << s->representable << " representable modes: " << s->maxRelativeError << "; "
        << s->clamped << " eigenvalues at mu2\n";
    return 0;
}

const CommandRegistration reg{
    {"rbm",
     "Gaussian scalar-field RBM learns a free field or a data set (--nv --nh --m2 --mu2 --from kernel|samples "
     "--target chain|torus|data --L --data F.npy --learn-mu2 --sigma --lr --momentum --l2 --lr-decay --decay-every "
     "--batch --gibbs --samples --epochs --seed --threads)",
     {"nv",       "nh", "m2",       "mu2",         "from",  "target", "L",       "data",   "sigma", "lr",
      "momentum", "l2", "lr-decay", "decay-every", "batch", "gibbs",  "samples", "epochs", "seed",  "threads"},
     {"json", "learn-mu2"},
     runRbm}};

} // namespace
} // namespace dlab::cli
