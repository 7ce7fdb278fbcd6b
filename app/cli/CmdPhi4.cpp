// dualitylab-cli phi4: 2D φ⁴ by HMC, Langevin, MALA or the cluster sampler,
// with ⟨M⟩, ⟨|M|⟩, χ2, U_L, jackknife errors and τ_int
// (docs/experiments/fieldtheory.md).
#include "CommandTable.hpp"
#include "RunExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"
#include "engine/io/Npy.hpp"

#include <chrono>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using fieldtheory::Phi4Experiment;
using fieldtheory::Phi4Params;
using fieldtheory::Phi4Snapshot;

int runPhi4(const Arguments& a, std::ostream& out)
{
    Phi4Params p;
    p.L = int(a.integer("L", p.L, Phi4Params::kMinL, Phi4Params::kMaxL));
    p.kappa = a.real("kappa", p.kappa, -Phi4Params::kMaxAbsKappa, Phi4Params::kMaxAbsKappa);
    p.lambda = a.real("lambda", p.lambda, 0.0, Phi4Params::kMaxLambda);
    p.algorithm = fields::parseFieldAlgorithm(a.text("algo", "hmc"));
    p.integrator = fields::parseIntegrator(a.text("integrator", "omelyan"));
    if (a.has("integrator") && p.algorithm != fields::FieldAlgorithm::Hmc)
        throw ParameterError("integrator", "only HMC integrates trajectories (use it with --algo hmc)");
    if (a.has("trajectory-length") && p.algorithm != fields::FieldAlgorithm::Hmc)
        throw ParameterError("trajectory-length", "only HMC has trajectories (use it with --algo hmc)");
    p.trajectoryLength = a.real("trajectory-length", p.trajectoryLength, 0.01, 20.0);
    p.stepSize = a.real("epsilon", 0.0, 0.0, 20.0);
    if (a.has("epsilon") && !(p.stepSize > 0)) throw ParameterError("epsilon", "must be > 0");
    // A given ε is used as it is; without one, HMC/MALA/cluster adapt theirs.
    p.adaptStepSize = !a.has("epsilon") && !a.flag("no-adapt");
    if (a.has("target-acceptance")) {
        if (p.algorithm == fields::FieldAlgorithm::Langevin)
            throw ParameterError("target-acceptance", "Langevin accepts every step (no target to adapt to)");
        p.targetAcceptance = a.real("target-acceptance", 0.8, 0.05, 0.99);
    }
    p.chains = int(a.integer("chains", p.chains, 1, Phi4Params::kMaxChains));
    const long long trajectories = a.integer("trajectories", 100000, 1, 1000000000000LL);
    p.updatesPerChain = (trajectories + p.chains - 1) / p.chains;
    p.thermalize = int(a.integer("thermalize", p.thermalize, 0, 100000000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string savePath = a.text("save-configs", "");
    p.saveEvery = savePath.empty() ? 0 : int(a.integer("every", 10, 1, 100000000));
    if (!savePath.empty()) p.maxSavedPerChain = int(std::min<long long>(p.updatesPerChain / p.saveEvery + 1, 1 << 24));
    if (savePath.empty() && a.has("every")) throw ParameterError("every", "only used with --save-configs");
    p.updatesPerStep = 1000;
    p.liveAnalysis = false;
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    p.validate();

    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    const auto t0 = std::chrono::steady_clock::now();
    ExperimentRun<Phi4Snapshot, Phi4Experiment> run(std::make_unique<Phi4Experiment>(p));
    const auto s = run.runUntil([](const Phi4Snapshot& snap) { return snap.done; });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto& e = s->estimates;

    nlohmann::json j;
    j["L"] = p.L;
    j["kappa"] = p.kappa;
    j["lambda"] = p.lambda;
    j["algo"] = fields::toString(p.algorithm);
    if (p.algorithm == fields::FieldAlgorithm::Hmc) {
        j["integrator"] = fields::toString(p.integrator);
        j["md_steps"] = s->mdSteps;
        j["trajectory_length"] = s->trajectoryLength;
        j["exp_minus_delta_h"] = s->meanExpMinusDeltaH;
    }
    if (p.algorithm == fields::FieldAlgorithm::Cluster) {
        j["clusters_per_update"] = s->clustersPerUpdate;
        j["mean_cluster_size"] = s->meanClusterSize;
    }
    j["epsilon"] = s->stepSize;
    j["chains"] = p.chains;
    j["trajectories"] = s->updatesPerChain * p.chains;
    j["thermalize"] = p.thermalize;
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["m"] = e.m.mean;
    j["m_err"] = e.m.error;
    j["abs_m"] = e.absM.mean;
    j["abs_m_err"] = e.absM.error;
    j["chi2"] = e.chi2.mean;
    j["chi2_err"] = e.chi2.error;
    j["chi2_abs"] = e.chi2Abs.mean; // V(⟨M²⟩ − ⟨|M|⟩²)
    j["chi2_abs_err"] = e.chi2Abs.error;
    j["binder"] = e.binder.mean;
    j["binder_err"] = e.binder.error;
    j["phi2"] = e.phiSquared.mean;
    j["phi2_err"] = e.phiSquared.error;
    j["acceptance"] = s->acceptance;
    j["tau_int"] = e.tauIntAbsM; // of |M|, in updates
    j["tau_int_m"] = e.tauIntM;
    j["tau_int_m2"] = e.tauIntM2;
    j["jackknife_bins"] = e.bins;
    j["bin_length"] = e.binLength;
    j["errors_reliable"] = e.reliable;
    j["seconds"] = seconds;
    j["updates_per_second"] = double(s->updatesPerChain * p.chains + p.thermalize * p.chains) / seconds;
    if (s->exact) {
        j["exact"] = {{"phi2", s->exact->phiSquared}, {"chi2", s->exact->chi2}, {"abs_m", s->exact->absM}};
        if (p.algorithm == fields::FieldAlgorithm::Langevin)
            j["exact"]["note"] = "stationary law of Langevin at this ε";
    }
    if (!savePath.empty()) {
        const auto configs =
            run.read<std::vector<double>>([](const Phi4Experiment& x) { return x.ensemble().savedConfigurations(); });
        const std::size_t n = configs.size() / std::size_t(p.L * p.L);
        writeNpyFloat64(savePath, {n, std::size_t(p.L), std::size_t(p.L)}, configs);
        j["saved_configs"] = {{"path", savePath}, {"count", n}, {"every", p.saveEvery}};
    }

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
        return 0;
    }
    out << "phi4 L=" << p.L << " kappa=" << p.kappa << " lambda=" << p.lambda
        << " algo=" << j["algo"].get<std::string>() << " trajectories=" << j["trajectories"] << "\n"
        << "<M>   = " << e.m.mean << " ± " << e.m.error << "\n"
        << "<|M|> = " << e.absM.mean << " ± " << e.absM.error << "\n"
        << "chi2  = " << e.chi2.mean << " ± " << e.chi2.error << "   (V(<M²> − <M>²))\n"
        << "chi2' = " << e.chi2Abs.mean << " ± " << e.chi2Abs.error << "   (V(<M²> − <|M|>²))\n"
        << "U_L   = " << e.binder.mean << " ± " << e.binder.error << "\n"
        << "acceptance " << s->acceptance << ", tau_int(|M|) = " << e.tauIntAbsM << " updates, " << seconds << " s\n";
    if (!e.reliable) out << "warning: fewer than 8 jackknife bins of ≥ 20 τ_int: run longer for reliable errors\n";
    return 0;
}

const CommandRegistration reg{
    {"phi4",
     "2D phi^4 by HMC/Langevin/MALA/cluster (--L --kappa --lambda --algo hmc|langevin|mala|cluster --trajectories N "
     "--chains --thermalize --epsilon --integrator leapfrog|omelyan --trajectory-length --target-acceptance "
     "--no-adapt --seed --threads --save-configs F.npy --every K)",
     {"L", "kappa", "lambda", "algo", "integrator", "trajectory-length", "epsilon", "target-acceptance", "chains",
      "trajectories", "thermalize", "seed", "save-configs", "every", "threads"},
     {"json", "no-adapt"},
     runPhi4}};

} // namespace
} // namespace dlab::cli
