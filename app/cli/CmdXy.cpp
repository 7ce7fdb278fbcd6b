// dualitylab-cli xy: Monte Carlo of the XY model (Metropolis with an adapted
// step, or Wolff's embedded cluster update) with error bars and τ_int.
#include "AutoregressiveOptions.hpp"
#include "CommandTable.hpp"
#include "JsonEstimates.hpp"
#include "RunExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/autoregressive/XyMonteCarlo.hpp"
#include "engine/io/Npy.hpp"

#include <chrono>
#include <iostream>

namespace dlab::cli {
namespace {

using namespace dlab::autoregressive;
using P = XyMonteCarloParams;

int runXy(const Arguments& a, std::ostream& out)
{
    P p;
    p.L = int(a.integer("L", p.L, P::kMinL, P::kMaxL));
    p.T = a.real("T", p.T, P::kMinT, P::kMaxT);
    p.algo = parseXyAlgorithm(a.text("algo", toString(p.algo)));
    p.sweeps = int(a.integer("sweeps", p.sweeps, 1, 100'000'000));
    p.thermalize = int(a.integer("thermalize", p.thermalize, 0, 100'000'000));
    p.chains = int(a.integer("chains", p.chains, 1, 4096));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const std::string savePath = a.text("save-configs", "");
    if (!savePath.empty())
        p.keepEvery = int(a.integer("every", 100, 1, 100'000'000));
    else if (a.has("every"))
        throw std::invalid_argument("--every needs --save-configs");
    p.sweepsPerStep = std::max(1, int(2e5 / (double(p.L) * p.L * p.chains))); // ≈ 10 ms of work per step
    p.validate();
    if (!savePath.empty() && double(p.chains) * (p.sweeps / p.keepEvery) * p.L * p.L > 5e8)
        throw ParameterError("every", "--save-configs would keep more than 5·10⁸ angles; raise --every");
    int threads = 0;
    const auto limit = threadLimit(a, &threads);

    const auto start = std::chrono::steady_clock::now();
    ExperimentRun<XyMonteCarloSnapshot, XyMonteCarloExperiment> run(std::make_unique<XyMonteCarloExperiment>(p));
    const auto s = run.runUntil([](const XyMonteCarloSnapshot& snap) { return snap.finished; });
    std::vector<std::vector<double>> kept;
    if (!savePath.empty())
        kept = run.read<std::vector<std::vector<double>>>([](const XyMonteCarloExperiment& e) { return e.kept(); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const XySummary& r = s->estimates;

    nlohmann::json j;
    j["L"] = p.L;
    j["T"] = p.T;
    j["algo"] = toString(p.algo);
    j["chains"] = p.chains;
    j["sweeps"] = p.sweeps;
    j["thermalize"] = p.thermalize;
    j["samples"] = r.samples;
    putEstimate(j, "energy_per_site", r.energyPerSite);
    putEstimate(j, "abs_magnetization", r.absMagnetization);
    putEstimate(j, "helicity_modulus", r.helicityModulus);
    putEstimate(j, "vortex_density", r.vortexDensity);
    putEstimate(j, "specific_heat", r.specificHeat);
    j["tau_int"] = r.tauIntEnergy;
    j["tau_int_abs_magnetization"] = r.tauIntAbsMagnetization;
    j["tau_int_helicity"] = r.tauIntHelicity;
    if (p.algo == XyAlgorithm::Metropolis) {
        j["step_width"] = s->stepWidth;
        j["acceptance"] = s->acceptance;
    }
    j["updates_per_second"] = s->updatesPerSecond;
    j["seed"] = p.seed;
    j["threads"] = threads;
    j["seconds"] = seconds;
    if (!savePath.empty()) {
        std::vector<double> data;
        for (const auto& c : kept)
            data.insert(data.end(), c.begin(), c.end());
        writeNpyFloat64(savePath, {kept.size(), std::size_t(p.L), std::size_t(p.L)}, data);
        j["saved_configs"] = {{"path", savePath}, {"count", kept.size()}, {"content", "angles theta in [0, 2pi)"}};
    }

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "XY L=" << p.L << " T=" << p.T << " algo=" << toString(p.algo) << " samples=" << r.samples << "\n"
            << "E/N = " << r.energyPerSite.mean << " ± " << r.energyPerSite.error << "\n"
            << "|m| = " << r.absMagnetization.mean << " ± " << r.absMagnetization.error << "\n"
            << "helicity modulus = " << r.helicityModulus.mean << " ± " << r.helicityModulus.error << "\n"
            << "vortex density = " << r.vortexDensity.mean << " ± " << r.vortexDensity.error << "\n"
            << "tau_int(E) = " << r.tauIntEnergy << " sweeps, " << s->updatesPerSecond << " updates/s\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"xy",
     "Monte Carlo of the XY model: energy, |m|, helicity modulus, vortex density with errors and tau_int (--L --T "
     "--algo metropolis|wolff --sweeps --thermalize --chains --seed --threads [--save-configs F.npy --every K])",
     {"L", "T", "algo", "sweeps", "thermalize", "chains", "seed", "threads", "save-configs", "every"},
     {"json"},
     runXy}};

} // namespace
} // namespace dlab::cli
