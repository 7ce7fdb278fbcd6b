#include "FourierExperiment.hpp"

#include "engine/core/ParameterError.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

namespace dlab::dualframes {

namespace {
using Clock = StagePlan::Clock;
constexpr double kStepSeconds = 0.015;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

void FourierParams::validate() const
{
    requireInRange("N", length, kMinLength, kMaxLength);
    if (frequency != 0) requireInRange("frequency", frequency, 1, (length - 1) / 2);
    requireInRange("amplitude", amplitude, kMinAmplitude, kMaxAmplitude);
    requireInRange("noise", noise, kMinNoise, kMaxNoise);
    requireInRange("train", train, kMinSamples, kMaxSamples);
    requireInRange("validation", validation, kMinSamples, kMaxSamples);
    requireInRange("test", test, kMinSamples, kMaxSamples);
    requireInRange("units", units, kMinUnits, kMaxUnits);
    requireInRange("margin", loss.margin, 1e-6, 1e6);
    requireInRange("norm_floor", loss.normFloor, 0.0, kMaxNormFloor);
    requireInRange("decorrelation", loss.decorrelation, 0.0, kMaxDecorrelation);
    requireInRange("epochs", separationEpochs, kMinEpochs, kMaxEpochs);
    requireInRange("learning_rate", separationLearningRate, kMinLearningRate, kMaxLearningRate);
    if (plainHidden.empty()) throw ParameterError("plain_hidden", "need at least one hidden layer");
    for (int h : plainHidden)
        requireInRange("plain_hidden", h, kMinHidden, kMaxHidden);
    requireInRange("plain_epochs", plainEpochs, kMinEpochs, kMaxEpochs);
    requireInRange("plain_patience", plainPatience, 0, kMaxEpochs);
    requireInRange("plain_learning_rate", plainLearningRate, kMinLearningRate, kMaxLearningRate);
    requireInRange("batch_size", batchSize, 1, 4096);
}

FourierExperiment::FourierExperiment(FourierParams params) : m_params((params.validate(), std::move(params)))
{
    m_state.length = m_params.length;
    m_state.signalFrequency = m_params.signalFrequency();
    m_state.amplitude = m_params.amplitude;
    m_state.noise = m_params.noise;
    m_state.accuracyPlain = m_state.accuracySeparation = m_state.accuracyMatched = kNaN;
    m_state.accuracyMatchedExact = matchedDetectorExact(m_params.signal()).accuracy;
    m_plan.add("generating signals", [this](Feedback&, Clock::time_point) {
        generate();
        return true;
    });
    m_plan.add("training the feature-separation layer",
               [this](Feedback& f, Clock::time_point deadline) { return trainSeparation(f, deadline); });
    m_plan.add("training the plain classifier",
               [this](Feedback& f, Clock::time_point deadline) { return trainPlain(f, deadline); });
    publish();
}

void FourierExperiment::step(Feedback& feedback)
{
    const auto t0 = Clock::now();
    m_plan.advance(feedback, t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kStepSeconds)));
    m_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    ++m_steps;
    publish();
}

void FourierExperiment::publish()
{
    m_state.step = m_steps;
    m_state.stage = m_plan.currentName();
    m_state.progress = double(m_plan.completed()) / double(m_plan.size());
    m_state.seconds = m_seconds;
    m_state.done = m_plan.done();
    if (m_plain) {
        m_state.plainLoss.clear();
        m_state.plainValidation.clear();
        for (const auto& e : m_plain->history()) {
            m_state.plainLoss.push_back(e.loss);
            m_state.plainValidation.push_back(e.validationScore);
        }
    }
    m_snapshot = std::make_shared<const FourierSnapshot>(m_state);
}

void FourierExperiment::generate()
{
    const SignalSpec spec = m_params.signal();
    m_train = makeSignals(spec, m_params.train, m_params.seed, 0xf001);
    m_validation = makeSignals(spec, m_params.validation, m_params.seed, 0xf002);
    m_test = makeSignals(spec, m_params.test, m_params.seed, 0xf003);
    m_state.testSize = m_params.test;

    // The example: row 1 of the test set is a signal; regenerate its sine
    // from the same stream (the phase is its first draw).
    RngStream rng = RngStream(m_params.seed, 0xf003).child(1);
    const double phase = 2 * std::numbers::pi * rng.uniform();
    for (int t = 0; t < spec.length; ++t) {
        m_state.exampleSignal.push_back(m_test.x(1, t));
        m_state.exampleSine.push_back(spec.amplitude *
                                      std::sin(2 * std::numbers::pi * spec.frequency * t / spec.length + phase));
    }

    // The matched detector on the same data: threshold from the training set.
    const Eigen::VectorXd trainPower = modePower(m_train.x, spec.frequency);
    const double threshold = bestThreshold(trainPower, m_train.labels);
    m_state.accuracyMatched = thresholdAccuracy(modePower(m_test.x, spec.frequency), m_test.labels, threshold);

    RngStream init(m_params.seed, 0xf1a7);
    m_model = FeatureSeparationModel(m_params.length, m_params.units, init);
    m_adam = std::make_unique<nn::Adam>(m_model.weights().size(), m_params.separationLearningRate);
    m_order = std::make_unique<nn::EpochOrder>(m_params.train, m_params.batchSize, RngStream(m_params.seed, 0xf0d0));
    m_bestWeights = m_model.weights();
    showWeights(m_model.weights());
}

bool FourierExperiment::trainSeparation(Feedback& feedback, Clock::time_point deadline)
{
    Eigen::MatrixXd gradient;
    while (int(m_state.separationLoss.size()) < m_params.separationEpochs && !feedback.isCancelled()) {
        bool last = false;
        const std::vector<int>& rows = m_order->next(last);
        std::vector<int> labels;
        for (int r : rows)
            labels.push_back(m_train.labels[std::size_t(r)]);
        const auto terms = m_model.lossAndGradient(m_train.x(rows, Eigen::all), labels, m_params.loss, gradient);
        Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(m_model.weights().data(), m_model.weights().size());
        m_adam->step(w, Eigen::Map<const Eigen::VectorXd>(gradient.data(), gradient.size()));
        m_model.weights() = Eigen::Map<const Eigen::MatrixXd>(w.data(), m_params.units, m_params.length);
        m_epochLoss += terms.total;
        ++m_epochBatches;
        if (last) endSeparationEpoch();
        if (Clock::now() >= deadline) break;
    }
    if (int(m_state.separationLoss.size()) < m_params.separationEpochs) return false;
    // The kept (best validation) weights, scored on the test set.
    FeatureSeparationModel best = m_model;
    best.weights() = m_bestWeights;
    const double threshold = bestThreshold(best.power(m_train.x), m_train.labels);
    m_state.accuracySeparation = thresholdAccuracy(best.power(m_test.x), m_test.labels, threshold);
    showWeights(m_bestWeights);
    return true;
}

void FourierExperiment::endSeparationEpoch()
{
    m_state.separationLoss.push_back(m_epochLoss / std::max(1, m_epochBatches));
    m_epochLoss = 0;
    m_epochBatches = 0;
    const double threshold = bestThreshold(m_model.power(m_train.x), m_train.labels);
    const double validation = thresholdAccuracy(m_model.power(m_validation.x), m_validation.labels, threshold);
    m_state.separationValidation.push_back(validation);
    if (validation > m_bestValidation) {
        m_bestValidation = validation;
        m_bestWeights = m_model.weights();
    }
    showWeights(m_model.weights());
}

void FourierExperiment::showWeights(const Eigen::MatrixXd& w)
{
    const int n = m_params.length, k = m_params.signalFrequency();
    m_state.weights = w;
    m_state.weightSpectrum = Eigen::VectorXd::Zero(n / 2 + 1);
    for (Eigen::Index u = 0; u < w.rows(); ++u)
        m_state.weightSpectrum += powerSpectrum(w.row(u).transpose());
    m_state.weightSpectrum.maxCoeff(&m_state.weightsFrequency);
    // Projection on span(cos, sin) at k: both have |·|² = N/2 for 0 < k < N/2.
    Eigen::VectorXd c(n), s(n);
    for (int t = 0; t < n; ++t) {
        c[t] = std::cos(2 * std::numbers::pi * k * t / n);
        s[t] = std::sin(2 * std::numbers::pi * k * t / n);
    }
    m_state.weightsInMode.resize(w.rows(), n);
    for (Eigen::Index u = 0; u < w.rows(); ++u)
        m_state.weightsInMode.row(u) = ((w.row(u).dot(c) * c + w.row(u).dot(s) * s) / (n / 2.0)).transpose();
    const double total = w.squaredNorm();
    m_state.modeFraction = total > 0 ? m_state.weightsInMode.squaredNorm() / total : 0.0;
}

bool FourierExperiment::trainPlain(Feedback& feedback, Clock::time_point deadline)
{
    if (!m_plain) {
        std::vector<nn::LayerSpec> layers;
        for (int h : m_params.plainHidden)
            layers.push_back({h, nn::Activation::ReLU});
        layers.push_back({2, nn::Activation::Softmax});
        RngStream init(m_params.seed, 0xf1a8);
        nn::ClassifierTrainingOptions o;
        o.epochs = m_params.plainEpochs;
        o.patience = m_params.plainPatience;
        o.learningRate = m_params.plainLearningRate;
        o.batchSize = m_params.batchSize;
        m_plain = std::make_unique<nn::ClassifierTraining>(nn::Network(m_params.length, layers, init),
                                                           nn::LabelledSet{m_train.x, m_train.labels},
                                                           nn::LabelledSet{m_validation.x, m_validation.labels}, o,
                                                           RngStream(m_params.seed, 0xf0d1));
        return false;
    }
    m_plain->advance(feedback, deadline);
    if (!m_plain->finished()) return false;
    m_state.accuracyPlain = m_plain->score(nn::LabelledSet{m_test.x, m_test.labels});
    return true;
}

} // namespace dlab::dualframes
