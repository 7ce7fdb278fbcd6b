#include "SpinChainExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/nn/Backprop.hpp"
#include "engine/nn/Metrics.hpp"
#include "engine/nn/Trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

namespace dlab::dualframes {

namespace {
using Clock = StagePlan::Clock;
constexpr std::size_t kPredictRows = 4096; // held-out states are scored in blocks of this many
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Fisher–Yates with our own stream.
template <class T> void shuffle(std::vector<T>& v, RngStream& rng)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[rng.below(std::uint32_t(i))]);
}
} // namespace

const char* frameName(ChainFrame f)
{
    switch (f) {
    case ChainFrame::Original:
        return "original";
    case ChainFrame::Dual:
        return "dual";
    case ChainFrame::Autoencoder:
        return "autoencoder";
    }
    return "?";
}

void SpinChainParams::validate() const
{
    requireInRange("N", spins, kMinSpins, kMaxSpins);
    requireInRange("n", interaction, kMinInteraction, std::min(kMaxInteraction, spins));
    if (trainSizes.empty() || int(trainSizes.size()) > kMaxTrainSizes)
        throw ParameterError("train", "give 1 to " + std::to_string(kMaxTrainSizes) + " training-set sizes");
    const int maxTrain = std::min(kMaxTrain, int(kMaxTrainFraction * double(1 << spins)));
    for (int t : trainSizes)
        requireInRange("train", t, kMinTrain, maxTrain);
    if (hidden.empty()) throw ParameterError("hidden", "need at least one hidden layer");
    for (int h : hidden)
        requireInRange("hidden", h, kMinHidden, kMaxHidden);
    requireInRange("epochs", epochs, kMinEpochs, kMaxEpochs);
    requireInRange("patience", patience, 0, kMaxEpochs);
    requireInRange("learning_rate", learningRate, kMinLearningRate, kMaxLearningRate);
    requireInRange("batch_size", batchSize, 1, 4096);
    requireInRange("latent", latent, kMinLatent, kMaxLatent);
    requireInRange("autoencoder_hidden", autoencoderHidden, kMinHidden, kMaxHidden);
    requireInRange("autoencoder_epochs", autoencoderEpochs, kMinEpochs, kMaxEpochs);
    requireInRange("autoencoder_states", autoencoderStates, 0, kMaxAutoencoderStates);
    requireInRange("autoencoder_batch", autoencoderBatch, 1, 65536);
    requireInRange("autoencoder_learning_rate", autoencoderLearningRate, kMinLearningRate, kMaxLearningRate);
    requireInRange("energy_weight", energyWeight, kMinEnergyWeight, kMaxEnergyWeight);
    requireInRange("validation", validationStates, 10, 100000);
    requireInRange("sensitivity_states", sensitivityStates, 1, 1 << 18);
}

SpinChainExperiment::SpinChainExperiment(SpinChainParams params)
    : m_params((params.validate(), std::move(params))), m_chain(m_params.spins, m_params.interaction)
{
    m_state.spins = m_params.spins;
    m_state.interaction = m_params.interaction;
    m_state.label = m_params.label;
    m_state.states = m_chain.states();
    // |∂σ_j/∂s_i| = 1 for the n spins s_j … s_{j+n−1} of σ_j's product:
    // known before anything is learned, so it is shown from the start.
    const int n = m_params.spins;
    m_state.dualSensitivity = Eigen::MatrixXd::Zero(n, n);
    for (int j = 0; j < n; ++j)
        for (int i = j; i < std::min(n, j + m_params.interaction); ++i)
            m_state.dualSensitivity(i, j) = 1.0;
    for (int t : m_params.trainSizes) {
        ChainClassifierResult r;
        r.trainSize = t;
        std::fill(std::begin(r.accuracy), std::end(r.accuracy), kNaN);
        std::fill(std::begin(r.accuracyError), std::end(r.accuracyError), kNaN);
        m_state.results.push_back(r);
    }
    plan().add("enumerating states", [this](Feedback&, Clock::time_point) {
        enumerate();
        return true;
    });
    // Original and dual first (the headline comparison), then the
    // autoencoder, then classifiers on its code.
    const StagePlan::Work train = [this](Feedback& fb, Clock::time_point deadline) {
        return trainClassifier(fb, deadline);
    };
    for (std::size_t k = 0; k < m_params.trainSizes.size(); ++k)
        for (ChainFrame f : {ChainFrame::Original, ChainFrame::Dual}) {
            const std::string name =
                std::string("training on ") + frameName(f) + " variables, " + std::to_string(m_params.trainSizes[k]);
            plan().add(name, StagePlan::startThen([this, k, f] { startClassifier(k, f); }, train));
        }
    if (m_params.autoencoder) addAutoencoderStages();
    publish();
}

void SpinChainExperiment::addAutoencoderStages()
{
    plan().add("training the autoencoder",
               [this](Feedback& fb, Clock::time_point deadline) { return trainAutoencoder(fb, deadline); });
    plan().add("measuring the encoder's sensitivity", [this](Feedback&, Clock::time_point) {
        measureSensitivity();
        return true;
    });
    for (std::size_t k = 0; k < m_params.trainSizes.size(); ++k)
        plan().add("training on the autoencoder code, " + std::to_string(m_params.trainSizes[k]),
                   StagePlan::startThen(
                       [this, k] { startClassifier(k, ChainFrame::Autoencoder); },
                       [this](Feedback& fb, Clock::time_point deadline) { return trainClassifier(fb, deadline); }));
}

void SpinChainExperiment::publish()
{
    stamp(m_state);
    if (m_training) m_state.curves = m_training->curves();
    m_snapshot = std::make_shared<const SpinChainSnapshot>(m_state);
}

bool SpinChainExperiment::label(std::uint32_t s) const
{
    return m_params.label == Metastability::Strict ? m_census.strict[s] : m_census.nonStrict[s];
}

void SpinChainExperiment::enumerate()
{
    m_census = enumerateChain(m_chain);
    m_state.metastableStrict = m_census.strictCount;
    m_state.metastableNonStrict = m_census.nonStrictCount;
    const int levels = (m_census.maxEnergy - m_census.minEnergy) / 2 + 1; // H/J moves in steps of 2
    m_state.energies.resize(std::size_t(levels));
    m_state.statesAtEnergy.assign(std::size_t(levels), 0);
    m_state.strictAtEnergy.assign(std::size_t(levels), 0);
    m_state.nonStrictAtEnergy.assign(std::size_t(levels), 0);
    for (int k = 0; k < levels; ++k)
        m_state.energies[std::size_t(k)] = m_census.minEnergy + 2 * k;
    for (std::uint32_t s = 0; s < m_chain.states(); ++s) {
        const std::size_t k = std::size_t((m_census.energy[s] - m_census.minEnergy) / 2);
        ++m_state.statesAtEnergy[k];
        m_state.strictAtEnergy[k] += m_census.strict[s];
        m_state.nonStrictAtEnergy[k] += m_census.nonStrict[s];
    }
    const long long positives =
        m_params.label == Metastability::Strict ? m_census.strictCount : m_census.nonStrictCount;
    // Training keeps at most 80 % of the metastable states; the rest must
    // leave some for validation and test.
    if (positives < 10)
        throw ParameterError("n", "the chain N = " + std::to_string(m_params.spins) + ", n = " +
                                      std::to_string(m_params.interaction) + " has only " + std::to_string(positives) +
                                      " metastable states of this kind; at least 10 are needed to learn and test");
    for (std::size_t k = 0; k < m_params.trainSizes.size(); ++k)
        m_splits.push_back(makeSplit(m_params.trainSizes[k], 0x5917 + k));
}

SpinChainExperiment::Split SpinChainExperiment::makeSplit(int trainSize, std::uint64_t stream) const
{
    RngStream rng(m_params.seed, stream);
    std::vector<std::uint32_t> positives, negatives;
    for (std::uint32_t s = 0; s < m_chain.states(); ++s)
        (label(s) ? positives : negatives).push_back(s);
    shuffle(positives, rng);
    shuffle(negatives, rng);
    Split split;
    // Half the set metastable when there are enough of them; otherwise 80 %
    // of them, and weights give both classes the same total say.
    const int nPos = std::min<int>(trainSize / 2, int(SpinChainParams::kMaxTrainFraction * double(positives.size())));
    const int nNeg = trainSize - nPos;
    if (nNeg > int(SpinChainParams::kMaxTrainFraction * double(negatives.size())))
        throw ParameterError("train", "a training set of " + std::to_string(trainSize) +
                                          " leaves too few other states held out");
    split.positives = nPos;
    split.train.assign(positives.begin(), positives.begin() + nPos);
    split.train.insert(split.train.end(), negatives.begin(), negatives.begin() + nNeg);
    shuffle(split.train, rng);
    split.weights.resize(Eigen::Index(split.train.size()));
    for (std::size_t i = 0; i < split.train.size(); ++i)
        split.weights[Eigen::Index(i)] = label(split.train[i]) ? 0.5 * trainSize / nPos : 0.5 * trainSize / nNeg;
    std::vector<std::uint32_t> held(positives.begin() + nPos, positives.end());
    held.insert(held.end(), negatives.begin() + nNeg, negatives.end());
    shuffle(held, rng);
    const std::size_t nVal = std::min<std::size_t>(std::size_t(m_params.validationStates), held.size() / 4);
    split.validation.assign(held.begin(), held.begin() + std::ptrdiff_t(nVal));
    split.test.assign(held.begin() + std::ptrdiff_t(nVal), held.end());
    return split;
}

Eigen::MatrixXd SpinChainExperiment::features(ChainFrame frame, const std::vector<std::uint32_t>& states) const
{
    const int n = m_params.spins;
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> spins(Eigen::Index(states.size()), n);
    for (std::size_t r = 0; r < states.size(); ++r) {
        const std::uint32_t word = frame == ChainFrame::Dual ? m_chain.dual(states[r]) : states[r];
        spinsOfWord(word, n, spins.data() + r * std::size_t(n));
    }
    if (frame != ChainFrame::Autoencoder) return spins;
    // The code, standardised with the training code's mean and spread.
    Eigen::MatrixXd z = m_autoencoder->encode(spins);
    z.rowwise() -= m_codeMean;
    return z.array().rowwise() / m_codeScale.array();
}

nn::LabelledSet SpinChainExperiment::labelled(ChainFrame frame, const std::vector<std::uint32_t>& states) const
{
    nn::LabelledSet set;
    set.x = features(frame, states);
    for (std::uint32_t s : states)
        set.labels.push_back(label(s) ? 1 : 0);
    return set;
}

void SpinChainExperiment::startClassifier(std::size_t sizeIndex, ChainFrame frame)
{
    const Split& split = m_splits[sizeIndex];
    if (frame == ChainFrame::Autoencoder && m_codeMean.size() == 0) {
        // Standardise the code on the largest training set's states.
        const Eigen::MatrixXd z = m_autoencoder->encode(features(ChainFrame::Original, split.train));
        m_codeMean = z.colwise().mean();
        m_codeScale = ((z.rowwise() - m_codeMean).array().square().colwise().mean().sqrt() + 1e-9).matrix();
    }
    std::vector<nn::LayerSpec> layers;
    for (int h : m_params.hidden)
        layers.push_back({h, nn::Activation::ReLU});
    layers.push_back({2, nn::Activation::Softmax});
    const int inputs = frame == ChainFrame::Autoencoder ? m_params.latent : m_params.spins;
    // The same initial weights stream for the original and dual frames: only the inputs differ.
    RngStream init(m_params.seed, 0x1417 + 16 * sizeIndex + (frame == ChainFrame::Autoencoder ? 1 : 0));
    nn::ClassifierTrainingOptions o;
    o.epochs = m_params.epochs;
    o.patience = m_params.patience;
    o.learningRate = m_params.learningRate;
    o.batchSize = m_params.batchSize;
    o.balanced = true;
    m_training = std::make_unique<nn::ClassifierTraining>(
        nn::Network(inputs, layers, init), labelled(frame, split.train), labelled(frame, split.validation), o,
        RngStream(m_params.seed, 0x7a11 + 16 * sizeIndex + int(frame)), split.weights);
    m_trainingSize = sizeIndex;
    m_trainingFrame = frame;
    m_state.trainingFrame = int(frame);
    m_state.trainingSize = m_params.trainSizes[sizeIndex];
    m_state.training = std::string(frameName(frame)) + " variables, " + std::to_string(m_params.trainSizes[sizeIndex]) +
                       " training states";
}

bool SpinChainExperiment::trainClassifier(Feedback& feedback, Clock::time_point deadline)
{
    if (!m_training->finished()) {
        m_training->advance(feedback, deadline);
        m_scored = 0;
        m_predicted.clear();
        m_labels.clear();
        return false;
    }
    // Score the kept network on every held-out test state, a block at a
    // time and across steps (a quarter of a million states at N = 18).
    const Split& split = m_splits[m_trainingSize];
    while (m_scored < split.test.size() && !feedback.isCancelled()) {
        const std::size_t end = std::min(split.test.size(), m_scored + kPredictRows);
        const std::vector<std::uint32_t> block(split.test.begin() + std::ptrdiff_t(m_scored),
                                               split.test.begin() + std::ptrdiff_t(end));
        const auto p = m_training->predict(features(m_trainingFrame, block));
        m_predicted.insert(m_predicted.end(), p.begin(), p.end());
        for (std::uint32_t s : block)
            m_labels.push_back(label(s) ? 1 : 0);
        m_scored = end;
        if (Clock::now() >= deadline) break;
    }
    if (m_scored < split.test.size()) return false;
    ChainClassifierResult& r = m_state.results[m_trainingSize];
    r.trainPositives = split.positives;
    r.testStates = int(split.test.size());
    r.testPositives = int(std::count(m_labels.begin(), m_labels.end(), 1));
    r.accuracy[int(m_trainingFrame)] = nn::balancedAccuracy(m_predicted, m_labels, 2);
    r.accuracyError[int(m_trainingFrame)] = nn::balancedAccuracyError(m_predicted, m_labels, 2);
    r.epochs[int(m_trainingFrame)] = m_training->bestEpoch();
    return true;
}

bool SpinChainExperiment::trainAutoencoder(Feedback& feedback, Clock::time_point deadline)
{
    if (!m_autoencoderTraining) {
        // The autoencoder sees states and their energies H/N, never the labels.
        std::vector<std::uint32_t> states(m_chain.states());
        std::iota(states.begin(), states.end(), 0u);
        RngStream pick(m_params.seed, 0xae5e);
        shuffle(states, pick);
        if (m_params.autoencoderStates > 0 && std::size_t(m_params.autoencoderStates) < states.size())
            states.resize(std::size_t(m_params.autoencoderStates));
        Eigen::VectorXd energies(Eigen::Index(states.size()));
        for (std::size_t r = 0; r < states.size(); ++r)
            energies[Eigen::Index(r)] = double(m_census.energy[states[r]]) / m_params.spins;
        RngStream init(m_params.seed, 0xae17);
        m_autoencoder = std::make_unique<TaskConstrainedAutoencoder>(m_params.spins, m_params.autoencoderHidden,
                                                                     m_params.latent, init);
        AutoencoderTraining::Options o;
        o.epochs = m_params.autoencoderEpochs;
        o.batchSize = m_params.autoencoderBatch;
        o.learningRate = m_params.autoencoderLearningRate;
        o.energyWeight = m_params.energyWeight;
        m_autoencoderTraining =
            std::make_unique<AutoencoderTraining>(*m_autoencoder, features(ChainFrame::Original, states),
                                                  std::move(energies), o, RngStream(m_params.seed, 0xae0d));
        m_training.reset();
        m_state.training = "autoencoder";
        m_state.trainingFrame = -1;
        m_state.curves = {};
        return false;
    }
    const bool finished = m_autoencoderTraining->advance(feedback, deadline);
    m_state.autoencoderReconstruction.clear();
    m_state.autoencoderEnergy.clear();
    for (const auto& e : m_autoencoderTraining->history()) {
        m_state.autoencoderReconstruction.push_back(e.reconstruction);
        m_state.autoencoderEnergy.push_back(e.energy);
    }
    if (finished) m_autoencoderTraining.reset(); // frees the training copy of the states
    return finished;
}

void SpinChainExperiment::measureSensitivity()
{
    std::vector<std::uint32_t> states(m_chain.states());
    std::iota(states.begin(), states.end(), 0u);
    RngStream pick(m_params.seed, 0x5e45);
    shuffle(states, pick);
    states.resize(std::min<std::size_t>(states.size(), std::size_t(m_params.sensitivityStates)));
    m_state.sensitivity = nn::meanAbsoluteJacobian(m_autoencoder->encoder(), features(ChainFrame::Original, states));
    // Columns ordered by the spin each code unit listens to most.
    const Eigen::MatrixXd& m = m_state.sensitivity;
    std::vector<int> order(std::size_t(m.cols()));
    std::iota(order.begin(), order.end(), 0);
    std::vector<Eigen::Index> peak(order.size());
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        m.col(j).maxCoeff(&peak[std::size_t(j)]);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return peak[std::size_t(a)] < peak[std::size_t(b)]; });
    m_state.sensitivityOrder = order;
}

} // namespace dlab::dualframes
