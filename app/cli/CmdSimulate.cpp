// dualitylab-cli simulate: Monte Carlo of the generalised Ising model with
// measurements, error bars and (for t1 = t2 = 0) Kaufman's exact values.
#include "CommandTable.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/Npy.hpp"
#include "engine/mc/ChainEnsemble.hpp"
#include "engine/measure/IsingObservables.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <chrono>
#include <iostream>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

nlohmann::json estimateJson(const Estimate& e) { return {{"value", e.mean}, {"error", e.error}}; }

int runSimulate(const Arguments& a, std::ostream& out)
{
    const int L = int(a.integer("L", 16, 2, 4096));
    IsingCouplings t{a.real("beta", 0.3, -20, 20), a.real("t1", 0.0, -20, 20), a.real("t2", 0.0, -20, 20)};
    const McAlgorithm algo = parseMcAlgorithm(a.text("algo", "metropolis"));
    const int sweeps = int(a.integer("sweeps", 2000, 1, 100'000'000));
    const int thermalize = int(a.integer("thermalize", 200, 0, 100'000'000));
    const int chains = int(a.integer("chains", 1, 1, 1'000'000));
    const auto seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    const std::string savePath = a.text("save-configs", "");
    const int every = int(a.integer("every", 100, 1, 100'000'000));
    if (double(L) * L * chains > 4e9) throw ParameterError("chains", "L² × chains must stay below 4·10⁹ spins");

    // Cold start in the ordered phase, hot start otherwise: shorter thermalisation.
    const auto start = t.t0 > exact::criticalBeta() ? ChainEnsemble::Start::Cold : ChainEnsemble::Start::Hot;
    std::vector<IsingObservables> perChain(chains, IsingObservables(L, t));
    std::vector<std::vector<SpinConfiguration>> saved(chains);

    // Kernel time and measurement time are clocked apart: flips_per_ns is the
    // update speed, sweeps_per_second what the whole run achieved.
    using Clock = std::chrono::steady_clock;
    double mcSeconds = 0, measureSeconds = 0;
    long long attempted = 0;
    tbb::task_arena arena(threads);
    const auto wallStart = Clock::now();
    arena.execute([&] {
        ChainEnsemble ensemble(L, t, algo, chains, seed, start);
        auto timed = [](double& total, auto&& f) {
            const auto t0 = Clock::now();
            f();
            total += std::chrono::duration<double>(Clock::now() - t0).count();
        };
        timed(mcSeconds, [&] { ensemble.sweepAll(thermalize); });
        for (int s = 0; s < sweeps; ++s) {
            timed(mcSeconds, [&] { ensemble.sweepAll(1); });
            timed(measureSeconds, [&] {
                tbb::parallel_for(0, chains, [&](int c) {
                    perChain[c].record(ensemble.chain(c).configuration());
                    if (!savePath.empty() && (s + 1) % every == 0)
                        saved[c].push_back(ensemble.chain(c).configuration());
                });
            });
        }
        attempted = ensemble.flipsAttempted();
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - wallStart).count();

    IsingObservables all(L, t);
    for (const auto& o : perChain)
        all.merge(o);
    const IsingSummary r = all.summary();

    if (!savePath.empty()) {
        std::vector<SpinConfiguration> flat;
        for (auto& v : saved)
            for (auto& c : v)
                flat.push_back(std::move(c));
        writeConfigurations(savePath, flat);
    }

    nlohmann::json j;
    j["L"] = L;
    j["t"] = {t.t0, t.t1, t.t2};
    j["algo"] = toString(algo);
    j["chains"] = chains;
    j["sweeps"] = sweeps;
    j["thermalize"] = thermalize;
    j["seed"] = seed;
    j["threads"] = threads;
    j["samples"] = r.samples;
    j["energy_per_site"] = r.energyPerSite.mean;
    j["energy_per_site_err"] = r.energyPerSite.error;
    j["abs_magnetization"] = r.absMagnetization.mean;
    j["abs_magnetization_err"] = r.absMagnetization.error;
    j["magnetization_squared"] = estimateJson(r.magnetizationSquared);
    j["specific_heat"] = r.specificHeat.mean;
    j["specific_heat_err"] = r.specificHeat.error;
    j["susceptibility"] = r.susceptibility.mean;
    j["susceptibility_err"] = r.susceptibility.error;
    j["binder"] = r.binder.mean;
    j["binder_err"] = r.binder.error;
    j["nn_correlator"] = r.nnCorrelator.mean;
    j["nn_correlator_err"] = r.nnCorrelator.error;
    j["diagonal_correlator"] = estimateJson(r.diagonalCorrelator);
    j["plaquette_correlator"] = estimateJson(r.plaquetteCorrelator);
    j["tau_int_energy"] = r.tauIntEnergy;
    j["tau_int_abs_magnetization"] = r.tauIntAbsMagnetization;
    j["seconds"] = seconds;
    j["mc_seconds"] = mcSeconds;
    j["measure_seconds"] = measureSeconds;
    // Chain-sweeps per wall-clock second, measurements and set-up included.
    j["sweeps_per_second"] = double(chains) * (sweeps + thermalize) / seconds;
    // Spin-flip attempts (Wolff: spins flipped) per ns of update time.
    j["flips_per_ns"] = mcSeconds > 0 ? double(attempted) / (mcSeconds * 1e9) : 0.0;
    if (t.nearestNeighbourOnly() && t.t0 > 0) {
        const auto ex = exact::kaufmanTorus(L, t.t0);
        j["exact"] = {{"energy_per_site", ex.energyPerSite}, {"specific_heat", ex.specificHeat}};
    }
    if (!savePath.empty()) j["saved_configs"] = {{"path", savePath}, {"count", chains * (sweeps / every)}};

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "L=" << L << " beta=" << t.t0 << " algo=" << toString(algo) << " samples=" << r.samples << "\n"
            << "energy/site = " << r.energyPerSite.mean << " ± " << r.energyPerSite.error;
        if (j.contains("exact")) out << "  (exact " << j["exact"]["energy_per_site"].get<double>() << ")";
        out << "\n|m| = " << r.absMagnetization.mean << " ± " << r.absMagnetization.error << "\n"
            << "C = " << r.specificHeat.mean << " ± " << r.specificHeat.error;
        if (j.contains("exact")) out << "  (exact " << j["exact"]["specific_heat"].get<double>() << ")";
        out << "\nchi = " << r.susceptibility.mean << " ± " << r.susceptibility.error << "\n"
            << "Binder U = " << r.binder.mean << " ± " << r.binder.error << "\n"
            << "tau_int(E) = " << r.tauIntEnergy << " sweeps, " << j["sweeps_per_second"].get<double>()
            << " sweeps/s\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"simulate",
     "Monte Carlo of the generalised Ising model (--L --beta --t1 --t2 --algo "
     "metropolis|wolff|sw --sweeps --thermalize --chains --seed --threads "
     "--save-configs F.npy --every K)",
     {"L", "beta", "t1", "t2", "algo", "sweeps", "thermalize", "chains", "seed", "threads", "save-configs", "every"},
     {"json"},
     runSimulate}};

} // namespace
} // namespace dlab::cli
