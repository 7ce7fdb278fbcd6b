#pragma once
// Experiment C2 (docs/experiments/dualframes.md): the n-spin chain. Every
// state is enumerated; a classifier learns to recognise metastable states
// from balanced training sets in three frames — the original spins s, the
// dual variables σ (where the task is local), and the code z of a
// task-constrained autoencoder trained on states and their energies (never
// on the labels). Scores are balanced accuracies on held-out states. The
// encoder's sensitivity matrix ⟨|∂z_j/∂s_i|⟩ is compared with the true
// dual's |∂σ_j/∂s_i| (a band of width n).

#include "SpinChain.hpp"
#include "TaskConstrainedAutoencoder.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/StagePlan.hpp"
#include "engine/nn/ClassifierTraining.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::dualframes {

struct SpinChainParams {
    static constexpr int kMinSpins = 4, kMaxSpins = 18;
    static constexpr int kMinInteraction = 2, kMaxInteraction = 12;
    static constexpr int kMinTrain = 20, kMaxTrain = 200000;
    static constexpr int kMaxTrainSizes = 8;
    static constexpr int kMinLatent = 1, kMaxLatent = 128;
    static constexpr int kMinHidden = 1, kMaxHidden = 2048;
    static constexpr int kMinEpochs = 1, kMaxEpochs = 10000;
    static constexpr double kMinLearningRate = 1e-6, kMaxLearningRate = 1.0;
    static constexpr double kMinEnergyWeight = 0.0, kMaxEnergyWeight = 1000.0;
    static constexpr int kMaxAutoencoderStates = 1 << 18; // 0 = every state
    // Training takes at most this share of the states: the rest is held out.
    static constexpr double kMaxTrainFraction = 0.8;

    int spins = 18;      // N
    int interaction = 4; // n
    Metastability label = Metastability::NonStrict;
    std::vector<int> trainSizes{3000};
    std::vector<int> hidden{64}; // classifier: ReLU layers, then a softmax over 2 classes
    int epochs = 150;
    int patience = 40;
    double learningRate = 3e-3;
    int batchSize = 64;
    bool autoencoder = true; // off: only the original and dual frames
    int latent = 18;
    int autoencoderHidden = 128;
    int autoencoderEpochs = 20;
    int autoencoderStates = 16384; // states the autoencoder trains on (0 = all)
    double autoencoderLearningRate = 2e-3;
    int autoencoderBatch = 64;
    double energyWeight = 1.0; // λ of the energy term
    int validationStates = 2000;
    int sensitivityStates = 2048;
    std::uint64_t seed = 1;

    void validate() const; // throws ParameterError naming the field and its range
};

enum class ChainFrame { Original, Dual, Autoencoder };
const char* frameName(ChainFrame f);

struct ChainClassifierResult {
    int trainSize = 0;
    int trainPositives = 0; // distinct metastable states in the training set
    int testStates = 0, testPositives = 0;
    // Balanced accuracy on the test states (NaN until trained).
    double accuracy[3];
    int epochs[3] = {0, 0, 0}; // epoch of the kept (best validation) network
};

struct SpinChainSnapshot : ExperimentSnapshot {
    std::string stage;
    double progress = 0; // stages completed / stages
    int spins = 0, interaction = 0;
    Metastability label = Metastability::NonStrict;
    long long states = 0, metastableStrict = 0, metastableNonStrict = 0;
    // Energy landscape: for each level H/J = energies[k], how many states,
    // how many (non-)strictly metastable.
    std::vector<int> energies;
    std::vector<long long> statesAtEnergy, strictAtEnergy, nonStrictAtEnergy;
    std::vector<ChainClassifierResult> results; // one per training-set size
    // The training running now (or last): frame, size and its curves.
    std::string training;
    std::vector<double> trainingLoss, trainingScore, validationScore;
    // Autoencoder curves per epoch.
    std::vector<double> autoencoderReconstruction, autoencoderEnergy;
    // Sensitivities (N × latent and N × N); columns of the learned one in the
    // order of the spin each listens to most.
    Eigen::MatrixXd sensitivity, dualSensitivity;
    std::vector<int> sensitivityOrder;
    double seconds = 0;
    bool done = false;
};

class SpinChainExperiment : public Experiment {
public:
    explicit SpinChainExperiment(SpinChainParams params);
    std::string name() const override { return "spin-chain"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override { return m_snapshot; }
    std::shared_ptr<const SpinChainSnapshot> current() const { return m_snapshot; }
    bool done() const { return m_plan.done(); }
    const SpinChainParams& params() const { return m_params; }
    const ChainCensus& census() const { return m_census; }
    // The learned encoder (valid after the autoencoder stage).
    const TaskConstrainedAutoencoder* autoencoder() const { return m_autoencoder.get(); }

private:
    struct Split {
        std::vector<std::uint32_t> train, validation, test;
        Eigen::VectorXd weights; // balance the classes of the training set
        int positives = 0;
    };
    void addAutoencoderStages();
    void enumerate();
    Split makeSplit(int trainSize, std::uint64_t stream) const;
    bool label(std::uint32_t s) const;
    // Rows of features of `states` in a frame.
    Eigen::MatrixXd features(ChainFrame frame, const std::vector<std::uint32_t>& states) const;
    nn::LabelledSet labelled(ChainFrame frame, const std::vector<std::uint32_t>& states) const;
    void startClassifier(std::size_t sizeIndex, ChainFrame frame);
    bool trainClassifier(Feedback& feedback, StagePlan::Clock::time_point deadline);
    bool trainAutoencoder(Feedback& feedback, StagePlan::Clock::time_point deadline);
    void measureSensitivity();
    void publish();

    SpinChainParams m_params;
    SpinChain m_chain;
    ChainCensus m_census;
    StagePlan m_plan;
    std::vector<Split> m_splits;
    long long m_steps = 0;
    double m_seconds = 0;
    SpinChainSnapshot m_state;
    std::shared_ptr<const SpinChainSnapshot> m_snapshot;

    // The classifier being trained.
    std::unique_ptr<nn::ClassifierTraining> m_training;
    std::size_t m_trainingSize = 0;
    ChainFrame m_trainingFrame = ChainFrame::Original;

    // Autoencoder and the standardisation of its code.
    std::unique_ptr<TaskConstrainedAutoencoder> m_autoencoder;
    std::unique_ptr<AutoencoderTraining> m_autoencoderTraining;
    Eigen::RowVectorXd m_codeMean, m_codeScale;
};

} // namespace dlab::dualframes
