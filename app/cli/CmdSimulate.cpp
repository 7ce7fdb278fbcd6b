// dualitylab-cli simulate: Monte Carlo of the generalised Ising model with
// measurements, error bars and (for t1 = t2 = 0) Kaufman's exact values.
// The chains are the GUI's: a MonteCarloExperiment (recordSeries off) does
// the sweeping; this command measures every sweep with the full set of
// observables. Ctrl-C stops after the current sweep and reports what was
// measured (exit 130); --save-configs streams to the file as it goes.
#include "CommandTable.hpp"

#include "Interrupt.hpp"
#include "MemoryLimit.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/io/AtomicFile.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/IsingObservables.hpp"

#include <chrono>
#include <iostream>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

nlohmann::json estimateJson(const Estimate& e) { return {{"value", e.mean}, {"error", e.error}}; }

// What a run holds in memory: every chain's configuration (with the
// chain's own working copy), the seven per-sweep observable series of every
// chain (kept whole for binning and τ_int) and, for the summary, their
// concatenation plus jackknife work arrays. Measured RSS stays below this.
double estimatedBytes(int L, int chains, int sweeps)
{
    const double spins = double(L) * L * chains;
    const double series = 7.0 * sizeof(double) * double(sweeps) * chains;
    return 2.0 * spins + 3.0 * series + 64e6; // + program, TBB and the album's 64 MB cap
}

int runSimulate(const Arguments& a, std::ostream& out)
{
    MonteCarloParams p;
    p.L = int(a.integer("L", 16, 2, 4096));
    p.beta = a.real("beta", 0.3, -20, 20);
    p.t1 = a.real("t1", 0.0, -20, 20);
    p.t2 = a.real("t2", 0.0, -20, 20);
    p.algo = parseMcAlgorithm(a.choice("algo", "metropolis", {"metropolis", "wolff", "sw"}));
    const int sweeps = int(a.integer("sweeps", 2000, 1, 100'000'000));
    p.thermalize = int(a.integer("thermalize", 200, 0, 100'000'000));
    p.chains = int(a.integer("chains", 1, 1, 1'000'000));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    p.recordSeries = false; // measured here, with the full set of observables
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    const std::string savePath = a.text("save-configs", "");
    const int every = int(a.integer("every", 100, 1, 100'000'000));
    if (a.has("every") && savePath.empty())
        throw ParameterError("every", "sets how often --save-configs saves; give --save-configs F.npy too");
    const double limit = maxMemoryBytes(a);
    a.endOfOptions();
    p.validate();
    const int L = p.L, chains = p.chains, thermalize = p.thermalize;
    const IsingCouplings t = p.couplings();
    requireMemory(estimatedBytes(L, chains, sweeps), limit,
                  "L = " + std::to_string(L) + " with " + std::to_string(chains) + " chains and " +
                      std::to_string(sweeps) + " sweeps");
    // Refuse an unwritable output before the run, not after it.
    std::unique_ptr<NpyConfigurationWriter> saved;
    if (!savePath.empty()) {
        checkOutputFile(savePath);
        saved = std::make_unique<NpyConfigurationWriter>(savePath, L);
    }

    std::vector<IsingObservables> perChain(chains, IsingObservables(L, t));
    Feedback& stop = interruptFeedback(); // Ctrl-C: keep the sweeps measured so far
    int measured = 0;

    // Kernel time and measurement time are clocked apart: flips_per_ns is the
    // update speed, sweeps_per_second what the whole run achieved.
    using Clock = std::chrono::steady_clock;
    double mcSeconds = 0, measureSeconds = 0;
    long long attempted = 0, sweptPerChain = 0;
    tbb::task_arena arena(threads);
    const auto wallStart = Clock::now();
    arena.execute([&] {
        auto timed = [](double& total, auto&& f) {
            const auto t0 = Clock::now();
            f();
            total += std::chrono::duration<double>(Clock::now() - t0).count();
        };
        // Thermalisation in batches, so an interrupt is seen within one batch.
        MonteCarloExperiment mc(p);
        for (int done = 0; done < thermalize && !stop.isCancelled();) {
            MonteCarloParams batch = mc.params();
            batch.sweepsPerStep = std::min(thermalize - done, 64);
            mc.setParams(batch);
            timed(mcSeconds, [&] { mc.step(stop); });
            done += batch.sweepsPerStep;
        }
        MonteCarloParams one = mc.params();
        one.sweepsPerStep = 1;
        mc.setParams(one);
        for (int s = 0; s < sweeps && !stop.isCancelled(); ++s) {
            timed(mcSeconds, [&] { mc.step(stop); });
            timed(measureSeconds,
                  [&] { tbb::parallel_for(0, chains, [&](int c) { perChain[c].record(mc.configuration(c)); }); });
            ++measured;
            if (saved && (s + 1) % every == 0)
                for (int c = 0; c < chains; ++c)
                    saved->append(mc.configuration(c)); // streamed: memory stays one configuration
        }
        attempted = mc.flipsAttempted();
        sweptPerChain = mc.sweepsDone();
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - wallStart).count();
    const bool interrupted = stop.isCancelled();
    if (saved) saved->finish(); // also when interrupted: what was made is kept

    IsingObservables all(L, t);
    for (const auto& o : perChain)
        all.merge(o);
    const IsingSummary r = all.summary();

    nlohmann::json j;
    j["L"] = L;
    j["t"] = {t.t0, t.t1, t.t2};
    j["algo"] = toString(p.algo);
    j["chains"] = chains;
    j["sweeps"] = sweeps;
    j["thermalize"] = thermalize;
    j["seed"] = p.seed;
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
    j["sweeps_per_second"] = double(chains) * double(sweptPerChain) / seconds;
    // Spin-flip attempts (Wolff: spins flipped) per ns of update time.
    j["flips_per_ns"] = mcSeconds > 0 ? double(attempted) / (mcSeconds * 1e9) : 0.0;
    const ExactReference ex = MonteCarloExperiment::exactReference(L, t);
    if (ex.available) j["exact"] = {{"energy_per_site", ex.energyPerSite}, {"specific_heat", ex.specificHeat}};
    if (saved) j["saved_configs"] = {{"path", savePath}, {"count", saved->count()}};
    if (interrupted) {
        j["interrupted"] = true;
        j["sweeps_measured"] = measured;
    }

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "L=" << L << " beta=" << t.t0 << " algo=" << toString(p.algo) << " samples=" << r.samples << "\n"
            << "energy/site = " << r.energyPerSite.mean << " ± " << r.energyPerSite.error;
        if (j.contains("exact")) out << "  (exact " << j["exact"]["energy_per_site"].get<double>() << ")";
        out << "\n|m| = " << r.absMagnetization.mean << " ± " << r.absMagnetization.error << "\n"
            << "C = " << r.specificHeat.mean << " ± " << r.specificHeat.error;
        if (j.contains("exact")) out << "  (exact " << j["exact"]["specific_heat"].get<double>() << ")";
        out << "\nchi = " << r.susceptibility.mean << " ± " << r.susceptibility.error << "\n"
            << "Binder U = " << r.binder.mean << " ± " << r.binder.error << "\n"
            << "tau_int(E) = " << r.tauIntEnergy << " sweeps, " << j["sweeps_per_second"].get<double>()
            << " sweeps/s\n";
        if (interrupted) out << "interrupted after " << measured << " of " << sweeps << " measured sweeps\n";
    }
    return interrupted ? interruptExitCode() : 0;
}

const CommandRegistration reg{{"simulate",
                               "Monte Carlo of the generalised Ising model (--L --beta --t1 --t2 --algo "
                               "metropolis|wolff|sw --sweeps --thermalize --chains --seed --threads "
                               "--save-configs F.npy --every K --max-memory 4G)",
                               {"L", "beta", "t1", "t2", "algo", "sweeps", "thermalize", "chains", "seed", "threads",
                                "save-configs", "every", "max-memory"},
                               {"json"},
                               runSimulate,
                               true}};

} // namespace
} // namespace dlab::cli
