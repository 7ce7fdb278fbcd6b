// dualitylab-cli learn-duality: the Kramers–Wannier duality learner of
// docs/experiments/duality.md on data of the original model (or a user's .npy file).
#include "CommandTable.hpp"
#include "GumbelOptions.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <chrono>
#include <fstream>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

nlohmann::json parametersJson(const DualityParameters& x)
{
    return {{"t", {x.t.t0, x.t.t1, x.t.t2}},
            {"theta1", std::vector<double>(x.theta1.begin(), x.theta1.end())},
            {"theta2", x.theta2},
            {"theta3", x.theta3}};
}

nlohmann::json resultJson(const DualityLearnerParams& p, const DualityResult& r)
{
    nlohmann::json j;
    j["L"] = p.L;
    j["beta"] = p.beta;
    j["kappa"] = p.kappa;
    j["seed"] = p.seed;
    j["init_kind"] = p.init == DualityInit::Neutral ? "neutral" : "default";
    j["init"] = parametersJson(r.init);
    j["gumbel"] = gumbelNoiseName(p.gumbel);
    if (p.gumbel != GumbelNoise::Off) {
        j["tau"] = p.tau;
        j["tau_final"] = p.tauFinal;
        j["tau_anneal"] = p.tauAnnealSteps;
    }
    j["restarts"] = r.restarts;
    j["restarts_undecided"] = r.restartsUndecided;
    j["restarts_misfit"] = r.restartsMisfit;
    j["t"] = {r.t.t0, r.t.t1, r.t.t2};
    j["learned"] = {p.learn[0], p.learn[1], p.learn[2]};
    j["theta2"] = r.theta2;
    j["theta3"] = r.theta3;
    j["attention"] = std::vector<double>(r.attention.begin(), r.attention.end());
    j["attention_entropy"] = r.entropy;
    j["selected_link"] = r.classification.selectedSlot;
    j["frame"] = frameName(r.classification.frame);
    nlohmann::json d = nlohmann::json::object();
    for (const auto& fd : r.classification.distances)
        d[frameName(fd.frame)] = fd.distance;
    j["distance"] = d;
    j["beta_dual_exact"] = r.betaDualExact;
    j["loss"] = r.loss;
    j["misfit"] = r.misfit;
    j["noise"] = r.noise;
    j["signal"] = r.signal;
    j["fits"] = r.fits;
    j["steps"] = r.steps;
    j["converged"] = r.converged;
    j["averaged_steps"] = r.averagedSteps;
    j["seconds_data"] = r.dataSeconds;
    j["verdict"] = verdictText(p, r);
    return j;
}

nlohmann::json stageJson(const DualityStage& s)
{
    const DualityResult& r = s.result;
    return {{"beta", s.beta},
            {"t", {r.t.t0, r.t.t1, r.t.t2}},
            {"theta2", r.theta2},
            {"theta3", r.theta3},
            {"selected_link", r.classification.selectedSlot},
            {"attention", std::vector<double>(r.attention.begin(), r.attention.end())},
            {"frame", frameName(r.classification.frame)},
            {"beta_dual_exact", r.betaDualExact},
            {"steps", r.steps},
            {"converged", r.converged},
            {"t0_before_profile", r.refinement ? nlohmann::json(r.refinement->t0Before) : nlohmann::json()},
            {"profile_anchors", r.refinement ? r.refinement->anchors : 0},
            {"seconds", s.seconds}};
}

// --path B0:B1:dB: continuation in β, one stage per value (DualityContinuation.hpp).
int runPath(const Arguments& a, const DualityLearnerParams& p, int threads, std::ostream& out)
{
    DualityPathParams path;
    path.base = p;
    path.betas = parseValueList(a.text("path", ""), "path");
    path.continuationRate = a.real("continuation-rate", path.continuationRate, 1e-4, 1.0);
    path.continuationDrift = a.real("continuation-drift", path.continuationDrift, 0.0, 1.0);
    path.profileSweeps = int(a.integer("profile-sweeps", path.profileSweeps, 0, 1'000'000));
    const auto start = std::chrono::steady_clock::now();
    const std::vector<DualityStage> stages = runDualityPath(path, nullptr, [&](const DualityStage& s) {
        DualityLearnerParams q = path.base;
        q.beta = s.beta;
        if (!a.flag("json"))
            out << "β = " << s.beta << ": " << verdictText(q, s.result) << " (" << s.seconds << " s)\n" << std::flush;
    });
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    DualityLearnerParams last = path.base;
    last.beta = stages.back().beta;
    nlohmann::json j = resultJson(last, stages.back().result);
    j["init"] = parametersJson(stages.front().result.init);
    j["path"] = path.betas;
    j["continuation_rate"] = path.continuationRate;
    j["continuation_drift"] = path.continuationDrift;
    for (const auto& s : stages)
        j["stages"].push_back(stageJson(s));
    j["seconds"] = total;
    j["threads"] = threads;
    if (a.flag("json"))
        out << j.dump(2) << "\n";
    else
        out << "path of " << stages.size() << " stages, " << total << " s\n";
    return 0;
}

int runLearnDuality(const Arguments& a, std::ostream& out)
{
    DualityLearnerParams p;
    p.L = int(a.integer("L", p.L, 3, 512));
    p.beta = a.real("beta", p.beta, 1e-3, 5.0);
    p.kappa = a.real("kappa", p.kappa, -5.0, 5.0);
    p.dataPath = a.text("data", "");
    // With --data, β is only the reference the result is compared with.
    if (!p.dataPath.empty() && !a.has("beta")) p.beta = 0.0;
    p.learn = parseLearnMask(a.text("learn", p.kappa != 0.0 ? "t0,t1" : "t0"));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    p.maxSteps = int(a.integer("steps", p.maxSteps, 1, 100'000'000));
    p.chains = int(a.integer("chains", p.chains, 0, 1 << 20));
    p.sweepsPerStep = int(a.integer("sweeps", p.sweepsPerStep, 1, 1000));
    p.dataSamples = int(a.integer("data-samples", p.dataSamples, 1, 1'000'000));
    p.exploreFraction = a.real("explore-fraction", p.exploreFraction, 0.01, 1.0);
    p.profileSweeps = int(a.integer("profile-sweeps", p.profileSweeps, 0, 1'000'000));
    p.lrT = a.real("lr-t", p.lrT, 0.0, 10.0);
    p.lrTheta = a.real("lr-theta", p.lrTheta, 0.0, 10.0);
    p.adamBeta2 = a.real("adam-beta2", p.adamBeta2, 0.0, 0.99999);
    p.patience = int(a.integer("patience", p.patience, 1, 1'000'000));
    p.identityPenalty = a.flag("no-penalty") ? 0.0 : a.real("penalty", p.identityPenalty, 0.0, 100.0);
    if (a.flag("weighting")) p.featureWeighting = true;
    p.entropyPenalty = a.real("entropy-penalty", p.entropyPenalty, 0.0, 100.0);
    p.fitTolerance = a.real("fit-tolerance", p.fitTolerance, 0.0, 1000.0);
    p.restartAfter = int(a.integer("restart-after", p.restartAfter, 0, 100'000'000));
    p.stallWindow = int(a.integer("stall-window", p.stallWindow, 0, 1'000'000));
    p.neutralCandidates = int(a.integer("candidates", p.neutralCandidates, 1, 1000));
    p.fitSignalFraction = a.real("fit-signal-fraction", p.fitSignalFraction, 0.0, 1.0);
    p.maxRestarts = int(a.integer("max-restarts", p.maxRestarts, 0, 1000));
    p.entropyPenaltyMax = a.real("entropy-penalty-max", p.entropyPenaltyMax, 0.0, 1000.0);
    // One extra feature, e.g. --add-shape "h:0,0 h:1,0" (links relative to an anchor site).
    if (a.has("add-shape")) p.shapes.push_back(parseLinkShape("user", a.text("add-shape", "")));
    p.tInit.t0 = a.real("t0-init", p.tInit.t0, -5.0, 5.0);
    p.theta2Init = a.real("theta2-init", p.theta2Init, -100.0, 100.0);
    p.theta3Init = a.real("theta3-init", p.theta3Init, -100.0, 100.0);
    readGumbelOptions(a, p, p.tau);
    const std::string update = a.text("update", "auto");
    if (update == "sw")
        p.update = DualityUpdate::SwendsenWang;
    else if (update == "metropolis")
        p.update = DualityUpdate::Metropolis;
    else if (update != "auto")
        throw ParameterError("update", "unknown update '" + update + "' (allowed: auto, metropolis, sw)");
    const std::string init = a.text("init", "default");
    if (init == "neutral")
        p.init = DualityInit::Neutral;
    else if (init != "default")
        throw ParameterError("init", "unknown start '" + init + "' (allowed: default, neutral)");
    const std::string frameKind = a.text("frame-kind", "mirrored");
    if (frameKind == "rotated")
        p.frame = NeighbourhoodFrame::Rotated;
    else if (frameKind != "mirrored")
        throw ParameterError("frame-kind", "unknown frame '" + frameKind + "' (allowed: mirrored, rotated)");
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    // An unwritable --trace should fail now, not after the whole run.
    const std::string trace = a.text("trace", "");
    if (!trace.empty() && !std::ofstream(trace, std::ios::app))
        throw std::invalid_argument("--trace: cannot write '" + trace + "'");

    if (a.has("path")) {
        if (!trace.empty()) throw ParameterError("trace", "--trace records one run; it cannot be used with --path");
        return runPath(a, p, threads, out);
    }

    const auto start = std::chrono::steady_clock::now();
    DualityLearner learner(p);
    const DualityResult r = learner.run();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (!trace.empty()) historyTable(learner.params(), learner.history()).write(trace);
    nlohmann::json j = resultJson(learner.params(), r);
    j["seconds"] = total;
    j["seconds_learning"] = r.seconds;
    j["threads"] = threads;
    if (a.flag("json"))
        out << j.dump(2) << "\n";
    else
        out << verdictText(learner.params(), r) << "\n"
            << "steps = " << r.steps << ", loss = " << r.loss << ", " << total << " s\n";
    return 0;
}

const CommandRegistration reg{
    {"learn-duality",
     "learn the Kramers–Wannier dual from Ising data (--L --beta [--kappa] [--learn t0,t1,t2] [--data F.npy] "
     "--seed [--steps] [--data-samples N] [--chains] [--explore-fraction F] [--sweeps] [--lr-t] [--lr-theta] "
     "[--penalty | --no-penalty] "
     "[--entropy-penalty M "
     "--entropy-penalty-max M] [--fit-tolerance K] [--restart-after N] [--stall-window N] [--candidates N] "
     "[--fit-signal-fraction F] [--max-restarts N] [--gumbel off|shared|per-link] [--tau T "
     "--tau-final T --tau-anneal N] [--update auto|metropolis|sw] [--init default|neutral] [--t0-init T --theta2-init "
     "X --theta3-init X] [--path B0:B1:dB [--continuation-rate F] [--continuation-drift D]] [--profile-sweeps N] "
     "[--threads] [--trace "
     "F.csv] "
     "[--add-shape 'h:0,0 "
     "h:1,0'])",
     {"L",
      "beta",
      "kappa",
      "learn",
      "data",
      "seed",
      "steps",
      "chains",
      "data-samples",
      "sweeps",
      "lr-t",
      "lr-theta",
      "penalty",
      "t0-init",
      "tau",
      "tau-final",
      "tau-anneal",
      "gumbel",
      "update",
      "frame-kind",
      "threads",
      "trace",
      "adam-beta2",
      "patience",
      "add-shape",
      "init",
      "path",
      "continuation-rate",
      "continuation-drift",
      "theta2-init",
      "theta3-init",
      "entropy-penalty",
      "entropy-penalty-max",
      "fit-tolerance",
      "restart-after",
      "stall-window",
      "candidates",
      "fit-signal-fraction",
      "max-restarts",
      "explore-fraction",
      "profile-sweeps"},
     {"json", "no-penalty", "weighting"},
     runLearnDuality}};

} // namespace
} // namespace dlab::cli
