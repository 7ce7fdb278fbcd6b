// dualitylab-cli classify-temperature: experiment C1 — which temperature is
// an Ising configuration from, in the original and the Kramers–Wannier dual
// frame, beside the best accuracy any classifier can reach
// (docs/experiments/dualframes.md).
#include "CommandTable.hpp"
#include "DualFramesCli.hpp"

#include "engine/experiments/dualframes/TemperatureExperiment.hpp"

#include <chrono>
#include <iomanip>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using dualframes::TemperatureFrame;
using dualframes::TemperatureParams;

int runClassifyTemperature(const Arguments& a, std::ostream& out)
{
    using P = TemperatureParams;
    P p;
    p.L = int(a.integer("L", p.L, P::kMinL, P::kMaxL));
    p.t0 = a.real("t0", p.t0, P::kMinT0, P::kMaxT0);
    p.dts = realList(a, "dts", p.dts, P::kMinDt, P::kMaxDt);
    p.samples = int(a.integer("samples", p.samples, P::kMinSamples, P::kMaxSamples));
    p.energySamples = a.integer("energy-samples", p.energySamples, P::kMinEnergySamples, P::kMaxEnergySamples);
    p.chains = int(a.integer("chains", p.chains, P::kMinChains, P::kMaxChains));
    p.algorithm = parseMcAlgorithm(a.text("algo", toString(p.algorithm)));
    p.thermalization = int(a.integer("thermalization", p.thermalization, 0, 1'000'000));
    p.hidden = integerList(a, "hidden", p.hidden, P::kMinHidden, P::kMaxHidden);
    p.epochs = int(a.integer("epochs", p.epochs, P::kMinEpochs, P::kMaxEpochs));
    p.patience = int(a.integer("patience", p.patience, 0, P::kMaxEpochs));
    p.learningRate = a.real("lr", p.learningRate, P::kMinLearningRate, P::kMaxLearningRate);
    if (a.flag("no-augment")) p.augment = false;
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    const auto t0 = std::chrono::steady_clock::now();
    dualframes::TemperatureExperiment e(p);
    runToEnd(e);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto s = e.current();

    nlohmann::json j;
    j["L"] = p.L;
    j["t0"] = p.t0;
    j["dual_t0"] = s->dualT0;
    j["seed"] = p.seed;
    j["algo"] = toString(p.algorithm);
    j["results"] = nlohmann::json::array();
    for (std::size_t k = 0; k < s->results.size(); ++k) {
        const auto& r = s->results[k];
        nlohmann::json jr;
        jr["dt"] = r.dt;
        jr["t_original"] = s->frames[0].temperatures[k + 1];
        jr["t_dual"] = s->frames[1].temperatures[k + 1];
        for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual}) {
            const std::string suffix = std::string("_") + dualframes::frameName(f);
            const int i = int(f);
            jr["accuracy" + suffix] = number(r.accuracy[i]);
            jr["accuracy_error" + suffix] = number(r.accuracyError[i]);
            jr["best" + suffix] = number(r.best[i]);
            jr["best_error" + suffix] = number(r.bestError[i]);
            jr["overlap" + suffix] = number(r.overlap[i]);
        }
        j["results"].push_back(jr);
    }
    for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual}) {
        const auto& d = s->frames[int(f)];
        nlohmann::json jf;
        jf["temperatures"] = d.temperatures;
        jf["tau_int_sweeps"] = d.tau;
        jf["spacing_sweeps"] = d.spacing;
        j[std::string("frame_") + dualframes::frameName(f)] = jf;
    }
    j["seconds"] = seconds;
    j["threads"] = threads;
    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "L = " << p.L << ", T0 = " << p.t0 << " (dual T0 = " << std::setprecision(4) << s->dualT0 << ")\n";
        out << "  dT    original: learned / best     dual: learned / best\n";
        for (const auto& r : s->results)
            out << "  " << std::setw(5) << r.dt << "  " << std::setprecision(3) << r.accuracy[0] << " / " << r.best[0]
                << "          " << r.accuracy[1] << " / " << r.best[1] << "\n";
        out << "seconds: " << seconds << "\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"classify-temperature",
     "temperature classification of Ising configurations in the original and KW-dual frame, with the best "
     "possible accuracy from E (--L --t0 1.25 --dts 0.05,0.25,0.5 --samples 2000 --energy-samples --chains "
     "--algo metropolis|wolff|sw --thermalization --hidden 64 --epochs --patience --lr --no-augment --seed --threads)",
     {"L", "t0", "dts", "samples", "energy-samples", "chains", "algo", "thermalization", "hidden", "epochs", "patience",
      "lr", "seed", "threads"},
     {"json", "no-augment"},
     runClassifyTemperature}};

} // namespace
} // namespace dlab::cli
