// dualitylab-cli fourier-separation: experiment C3 — a sine in noise found
// by a plain network, by the feature-separation layer (which learns a
// Fourier mode) and by the matched power detector (docs/experiments/dualframes.md).
#include "CommandTable.hpp"
#include "DualFramesCli.hpp"

#include "engine/experiments/dualframes/FourierExperiment.hpp"

#include <chrono>
#include <iomanip>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using dualframes::FourierParams;

int runFourierSeparation(const Arguments& a, std::ostream& out)
{
    using P = FourierParams;
    P p;
    p.length = int(a.integer("N", p.length, P::kMinLength, P::kMaxLength));
    p.frequency = int(a.integer("frequency", 0, 0, P::kMaxLength / 2));
    p.amplitude = a.real("amplitude", p.amplitude, P::kMinAmplitude, P::kMaxAmplitude);
    p.noise = a.real("noise", p.noise, P::kMinNoise, P::kMaxNoise);
    p.train = int(a.integer("train", p.train, P::kMinSamples, P::kMaxSamples));
    p.validation = int(a.integer("validation", p.validation, P::kMinSamples, P::kMaxSamples));
    p.test = int(a.integer("test", p.test, P::kMinSamples, P::kMaxSamples));
    p.units = int(a.integer("units", p.units, P::kMinUnits, P::kMaxUnits));
    p.separationEpochs = int(a.integer("epochs", p.separationEpochs, P::kMinEpochs, P::kMaxEpochs));
    p.separationLearningRate = a.real("lr", p.separationLearningRate, P::kMinLearningRate, P::kMaxLearningRate);
    p.loss.margin = a.real("margin", p.loss.margin, 1e-6, 1e6);
    p.loss.normFloor = a.real("norm-floor", p.loss.normFloor, 0.0, P::kMaxNormFloor);
    p.loss.decorrelation = a.real("decorrelation", p.loss.decorrelation, 0.0, P::kMaxDecorrelation);
    p.plainHidden = integerList(a, "plain-hidden", p.plainHidden, P::kMinHidden, P::kMaxHidden);
    p.plainEpochs = int(a.integer("plain-epochs", p.plainEpochs, P::kMinEpochs, P::kMaxEpochs));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

    const auto t0 = std::chrono::steady_clock::now();
    dualframes::FourierExperiment e(p);
    runToEnd(e);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto s = e.current();

    nlohmann::json j;
    j["N"] = p.length;
    j["amplitude"] = p.amplitude;
    j["noise"] = p.noise;
    j["seed"] = p.seed;
    j["signal_frequency"] = s->signalFrequency;
    j["weights_frequency"] = s->weightsFrequency;
    j["weights_in_mode"] = s->modeFraction;
    j["accuracy_plain"] = number(s->accuracyPlain);
    j["accuracy_separation"] = number(s->accuracySeparation);
    j["accuracy_matched"] = number(s->accuracyMatched);
    j["accuracy_matched_exact"] = number(s->accuracyMatchedExact);
    j["test_size"] = s->testSize;
    j["seconds"] = seconds;
    j["threads"] = threads;
    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "sine at k = " << s->signalFrequency << " (A = " << p.amplitude << ", sigma = " << p.noise << ", N = "
            << p.length << "); learned weights peak at k = " << s->weightsFrequency << "\n"
            << std::setprecision(3) << "test accuracy: plain " << s->accuracyPlain << ", feature separation "
            << s->accuracySeparation << ", matched detector " << s->accuracyMatched << " (exact "
            << s->accuracyMatchedExact << ")\nseconds: " << seconds << "\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"fourier-separation",
     "a sine in noise: plain network vs. the 2-unit feature-separation layer vs. the matched detector (--N 16..1024 "
     "--frequency K --amplitude A --noise S --train --validation --test --units --epochs --lr --margin --norm-floor "
     "--decorrelation --plain-hidden --plain-epochs --seed --threads)",
     {"N", "frequency", "amplitude", "noise", "train", "validation", "test", "units", "epochs", "lr", "margin", "norm-floor",
      "decorrelation", "plain-hidden", "plain-epochs", "seed", "threads"},
     {"json"},
     runFourierSeparation}};

} // namespace
} // namespace dlab::cli
