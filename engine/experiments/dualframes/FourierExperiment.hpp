#pragma once
// Experiment C3 (docs/experiments/dualframes.md): is there a sine in the
// noise? Three classifiers on the same signals —
//  - plain: a dense network on the raw samples, trained by cross-entropy;
//  - feature separation: a 2-unit linear layer trained with the separation
//    loss, classifying by the power of its two outputs (threshold fitted on
//    the training set); its weights turn into a cos/sin pair at the signal
//    frequency — the Fourier (dual) frame found by the loss;
//  - the matched power detector (knows the frequency): the best possible,
//    exactly and on the same test set.

#include "FeatureSeparation.hpp"
#include "SignalInNoise.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/StagePlan.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/ClassifierTraining.hpp"
#include "engine/nn/EpochOrder.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::dualframes {

struct FourierParams {
    static constexpr int kMinLength = 16, kMaxLength = 1024;
    static constexpr double kMinAmplitude = 0.0, kMaxAmplitude = 10.0;
    static constexpr double kMinNoise = 0.01, kMaxNoise = 100.0;
    static constexpr int kMinSamples = 100, kMaxSamples = 200000;
    static constexpr int kMinEpochs = 1, kMaxEpochs = 10000;
    static constexpr int kMinHidden = 1, kMaxHidden = 4096;
    static constexpr double kMinLearningRate = 1e-6, kMaxLearningRate = 1.0;
    static constexpr double kMaxNormFloor = 100.0, kMaxDecorrelation = 1000.0;
    static constexpr int kMinUnits = 1, kMaxUnits = 16;

    int length = 128;   // N
    int frequency = 0;  // k; 0 ⇒ N/8
    double amplitude = 0.4; // below the noise: the matched detector reaches 0.897 at N = 128
    double noise = 1.0; // σ
    int train = 4000, validation = 1000, test = 4000;
    int units = 2;
    // Margin 4: at the norm floor 0.5 a typical signal's power is ≈ 3, so the
    // hinge stays active for most signals and keeps pulling W towards them
    // (with margin 1 only the noise term acts and W drifts into noise).
    SeparationLoss loss{4.0, 0.5, 1.0};
    int separationEpochs = 40;
    double separationLearningRate = 0.003;
    std::vector<int> plainHidden{64};
    int plainEpochs = 40;
    int plainPatience = 10;
    double plainLearningRate = 1e-3;
    int batchSize = 64;
    std::uint64_t seed = 1;

    int signalFrequency() const { return frequency > 0 ? frequency : length / 8; }
    SignalSpec signal() const { return {length, signalFrequency(), amplitude, noise}; }
    void validate() const; // throws ParameterError naming the field and its range
};

struct FourierSnapshot : ExperimentSnapshot {
    std::string stage;
    double progress = 0;
    int length = 0, signalFrequency = 0;
    double amplitude = 0, noise = 0;
    // One signal of the test set with its clean sine (same phase).
    std::vector<double> exampleSignal, exampleSine;
    // Learned weights (units × N) of the kept epoch, and per unit its
    // projection onto the cos/sin pair at the signal frequency.
    Eigen::MatrixXd weights, weightsInMode;
    Eigen::VectorXd weightSpectrum; // Σ_units |DFT w|² at f = 0 … N/2
    int weightsFrequency = -1;      // argmax of the spectrum
    double modeFraction = 0;        // share of Σ|w|² in the cos/sin pair at k
    // Curves per epoch.
    std::vector<double> separationLoss, separationValidation;
    std::vector<double> plainLoss, plainValidation;
    // Test accuracies (NaN until known).
    double accuracyPlain, accuracySeparation, accuracyMatched, accuracyMatchedExact;
    int testSize = 0;
    double seconds = 0;
    bool done = false;
};

class FourierExperiment : public Experiment {
public:
    explicit FourierExperiment(FourierParams params);
    std::string name() const override { return "fourier-separation"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override { return m_snapshot; }
    std::shared_ptr<const FourierSnapshot> current() const { return m_snapshot; }
    bool done() const { return m_plan.done(); }
    const FourierParams& params() const { return m_params; }

private:
    void generate();
    bool trainSeparation(Feedback& feedback, StagePlan::Clock::time_point deadline);
    void endSeparationEpoch();
    bool trainPlain(Feedback& feedback, StagePlan::Clock::time_point deadline);
    void showWeights(const Eigen::MatrixXd& w);
    void publish();

    FourierParams m_params;
    StagePlan m_plan;
    SignalSet m_train, m_validation, m_test;
    long long m_steps = 0;
    double m_seconds = 0;
    FourierSnapshot m_state;
    std::shared_ptr<const FourierSnapshot> m_snapshot;

    FeatureSeparationModel m_model;
    std::unique_ptr<nn::Adam> m_adam;
    std::unique_ptr<nn::EpochOrder> m_order;
    double m_epochLoss = 0;
    int m_epochBatches = 0;
    double m_bestValidation = -1;
    Eigen::MatrixXd m_bestWeights;
    std::unique_ptr<nn::ClassifierTraining> m_plain;
};

} // namespace dlab::dualframes
