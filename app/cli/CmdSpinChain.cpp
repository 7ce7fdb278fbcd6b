// dualitylab-cli spin-chain: experiment C2 — metastable states of the
// n-spin chain classified in the original, dual and autoencoder frames
// (docs/experiments/dualframes.md).
#include "CommandTable.hpp"
#include "DualFramesCli.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/dualframes/SpinChainExperiment.hpp"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <tbb/global_control.h>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using dualframes::ChainFrame;
using dualframes::SpinChainParams;

void writeSensitivity(const std::string& path, const Eigen::MatrixXd& m)
{
    std::ofstream f(path);
    if (!f) throw std::invalid_argument("--sensitivity: cannot write '" + path + "'");
    f << "spin";
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        f << ",z" << j;
    f << "\n" << std::setprecision(10);
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        f << i + 1;
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            f << "," << m(i, j);
        f << "\n";
    }
}

int runSpinChain(const Arguments& a, std::ostream& out)
{
    using P = SpinChainParams;
    P p;
    p.spins = int(a.integer("N", p.spins, P::kMinSpins, P::kMaxSpins));
    p.interaction = int(a.integer("n", p.interaction, P::kMinInteraction, P::kMaxInteraction));
    p.trainSizes = integerList(a, "train", p.trainSizes, P::kMinTrain, P::kMaxTrain);
    p.latent = int(a.integer("latent", p.latent, P::kMinLatent, P::kMaxLatent));
    const std::string kind = a.text("metastable", "nonstrict");
    if (kind == "strict")
        p.label = dualframes::Metastability::Strict;
    else if (kind != "nonstrict")
        throw ParameterError("metastable", "unknown kind '" + kind + "' (allowed: strict, nonstrict)");
    p.hidden = integerList(a, "hidden", p.hidden, P::kMinHidden, P::kMaxHidden);
    p.epochs = int(a.integer("epochs", p.epochs, P::kMinEpochs, P::kMaxEpochs));
    p.patience = int(a.integer("patience", p.patience, 0, P::kMaxEpochs));
    p.learningRate = a.real("lr", p.learningRate, P::kMinLearningRate, P::kMaxLearningRate);
    p.autoencoderEpochs = int(a.integer("ae-epochs", p.autoencoderEpochs, P::kMinEpochs, P::kMaxEpochs));
    p.autoencoderStates = int(a.integer("ae-states", p.autoencoderStates, 0, P::kMaxAutoencoderStates));
    p.autoencoderHidden = int(a.integer("ae-hidden", p.autoencoderHidden, P::kMinHidden, P::kMaxHidden));
    p.autoencoderBatch = int(a.integer("ae-batch", p.autoencoderBatch, 1, 65536));
    p.autoencoderLearningRate = a.real("ae-lr", p.autoencoderLearningRate, P::kMinLearningRate, P::kMaxLearningRate);
    p.energyWeight = a.real("energy-weight", p.energyWeight, P::kMinEnergyWeight, P::kMaxEnergyWeight);
    p.autoencoder = !a.flag("no-autoencoder");
    p.batchSize = int(a.integer("batch", p.batchSize, 1, 4096));
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    const std::string sensitivity = a.text("sensitivity", "");
    if (!sensitivity.empty() && !std::ofstream(sensitivity, std::ios::app))
        throw std::invalid_argument("--sensitivity: cannot write '" + sensitivity + "'");

    const auto t0 = std::chrono::steady_clock::now();
    dualframes::SpinChainExperiment e(p);
    runToEnd(e);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto s = e.current();
    if (!sensitivity.empty()) writeSensitivity(sensitivity, s->sensitivity);

    nlohmann::json j;
    j["N"] = p.spins;
    j["n"] = p.interaction;
    j["seed"] = p.seed;
    j["metastable"] = kind;
    j["latent"] = p.latent;
    j["states"] = s->states;
    j["metastable_strict"] = s->metastableStrict;
    j["metastable_nonstrict"] = s->metastableNonStrict;
    j["results"] = nlohmann::json::array();
    for (const auto& r : s->results) {
        nlohmann::json jr;
        jr["train"] = r.trainSize;
        jr["train_metastable"] = r.trainPositives;
        jr["test_states"] = r.testStates;
        jr["test_metastable"] = r.testPositives;
        for (ChainFrame f : {ChainFrame::Original, ChainFrame::Dual, ChainFrame::Autoencoder}) {
            jr[std::string("accuracy_") + dualframes::frameName(f)] = number(r.accuracy[int(f)]);
            jr[std::string("epochs_") + dualframes::frameName(f)] = r.epochs[int(f)];
        }
        j["results"].push_back(jr);
    }
    // The headline numbers are those of the last training-set size.
    for (const char* key : {"accuracy_original", "accuracy_dual", "accuracy_autoencoder"})
        j[key] = j["results"].back()[key];
    j["autoencoder_reconstruction"] = number(s->autoencoderReconstruction.empty() ? NAN : s->autoencoderReconstruction.back());
    j["autoencoder_energy_mse"] = number(s->autoencoderEnergy.empty() ? NAN : s->autoencoderEnergy.back());
    j["seconds"] = seconds;
    j["threads"] = threads;

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "chain N = " << p.spins << ", n = " << p.interaction << ": " << s->states << " states, "
            << s->metastableStrict << " strictly / " << s->metastableNonStrict << " non-strictly metastable\n";
        out << "balanced accuracy on held-out states (" << kind << "):\n";
        for (const auto& r : s->results)
            out << "  train " << r.trainSize << ": original " << std::setprecision(3) << r.accuracy[0] << ", dual "
                << r.accuracy[1] << ", autoencoder " << r.accuracy[2] << "\n";
        out << "seconds: " << seconds << "\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"spin-chain",
     "metastable states of the n-spin chain learned in the original, dual and autoencoder frames (--N 4..18 --n "
     "2..12 --train 3000[,…] --latent 18 --metastable strict|nonstrict --hidden 64 --epochs --patience --lr "
     "--ae-epochs --ae-states --ae-hidden --ae-batch --ae-lr --energy-weight --no-autoencoder --batch --seed --threads --sensitivity F.csv)",
     {"N", "n", "train", "latent", "metastable", "hidden", "epochs", "patience", "lr", "ae-epochs", "ae-states",
      "ae-hidden", "ae-batch", "ae-lr", "energy-weight", "batch", "seed", "threads", "sensitivity"},
     {"json", "no-autoencoder"},
     runSpinChain}};

} // namespace
} // namespace dlab::cli
