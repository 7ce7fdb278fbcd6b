// dualitylab-cli spin-chain: experiment C2 — metastable states of the
// n-spin chain classified in the original, dual and autoencoder frames
// (docs/experiments/dualframes.md).
#include "CommandTable.hpp"
#include "DualFramesCli.hpp"

#include "engine/experiments/dualframes/SpinChainExperiment.hpp"
#include "engine/io/CsvTable.hpp"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <tbb/info.h>

namespace dlab::cli {
namespace {

using dualframes::ChainFrame;
using dualframes::SpinChainParams;

void writeSensitivity(const std::string& path, const Eigen::MatrixXd& m, const SpinChainParams& p)
{
    std::vector<std::string> columns{"spin"};
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        columns.push_back("z" + std::to_string(j));
    CsvTable t(columns);
    t.addHeader("program", "dualitylab-cli spin-chain (dual frames C2)");
    t.addHeader("table", "sensitivity of each latent z to each spin");
    t.addHeader("spins", p.spins);
    t.addHeader("interaction range", p.interaction);
    t.addHeader("label", p.label == dualframes::Metastability::Strict ? "strict" : "non-strict");
    t.addHeader("seed", double(p.seed));
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        std::vector<double> row{double(i + 1)};
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            row.push_back(m(i, j));
        t.addRow(std::move(row));
    }
    t.write(path);
}

int runSpinChain(const Arguments& a, std::ostream& out)
{
    using P = SpinChainParams;
    P p;
    p.spins = int(a.integer("N", p.spins, P::kMinSpins, P::kMaxSpins));
    p.interaction = int(a.integer("n", p.interaction, P::kMinInteraction, P::kMaxInteraction));
    p.trainSizes = integerList(a, "train", p.trainSizes, P::kMinTrain, P::kMaxTrain);
    p.latent = int(a.integer("latent", p.latent, P::kMinLatent, P::kMaxLatent));
    const std::string kind = a.choice("metastable", "nonstrict", {"nonstrict", "strict"});
    if (kind == "strict") p.label = dualframes::Metastability::Strict;
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
    const std::string sensitivity = a.text("sensitivity", "");
    a.endOfOptions();
    p.validate();
    if (!sensitivity.empty() && !std::ofstream(sensitivity, std::ios::app))
        throw std::invalid_argument("--sensitivity: cannot write '" + sensitivity + "'");

    const auto run =
        runDualFrames<dualframes::SpinChainSnapshot>(std::make_unique<dualframes::SpinChainExperiment>(p), threads);
    const auto& s = run.snapshot;
    const double seconds = run.seconds;
    if (!sensitivity.empty() && s->sensitivity.size() > 0) writeSensitivity(sensitivity, s->sensitivity, p);

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
            jr[std::string("accuracy_error_") + dualframes::frameName(f)] = number(r.accuracyError[int(f)]);
            jr[std::string("epochs_") + dualframes::frameName(f)] = r.epochs[int(f)];
        }
        j["results"].push_back(jr);
    }
    // The headline numbers are those of the last training-set size.
    for (const char* key : {"accuracy_original", "accuracy_dual", "accuracy_autoencoder"})
        j[key] = j["results"].back()[key];
    j["autoencoder_reconstruction"] =
        number(s->autoencoderReconstruction.empty() ? NAN : s->autoencoderReconstruction.back());
    j["autoencoder_energy_mse"] = number(s->autoencoderEnergy.empty() ? NAN : s->autoencoderEnergy.back());
    addRunKeys(j, run, threads);

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "chain N = " << p.spins << ", n = " << p.interaction << ": " << s->states << " states, "
            << s->metastableStrict << " strictly / " << s->metastableNonStrict << " non-strictly metastable\n";
        out << "balanced accuracy on held-out states (" << kind << "):\n";
        for (const auto& r : s->results)
            out << "  train " << r.trainSize << ": original " << std::setprecision(3) << r.accuracy[0] << ", dual "
                << r.accuracy[1] << ", autoencoder " << r.accuracy[2] << "\n";
        out << "seconds: " << seconds << (s->done ? "" : " (interrupted)") << "\n";
    }
    return interruptExitCode();
}

const CommandRegistration reg{
    {"spin-chain",
     "metastable states of the n-spin chain learned in the original, dual and autoencoder frames (--N 4..18 --n "
     "2..12 --train 3000[,…] --latent 18 --metastable strict|nonstrict --hidden 64 --epochs --patience --lr "
     "--ae-epochs --ae-states --ae-hidden --ae-batch --ae-lr --energy-weight --no-autoencoder --batch --seed --threads "
     "--sensitivity F.csv)",
     {"N", "n", "train", "latent", "metastable", "hidden", "epochs", "patience", "lr", "ae-epochs", "ae-states",
      "ae-hidden", "ae-batch", "ae-lr", "energy-weight", "batch", "seed", "threads", "sensitivity"},
     {"json", "no-autoencoder"},
     runSpinChain,
     /*describesOptions=*/true}};

} // namespace
} // namespace dlab::cli
