#pragma once
// Experiment C1 (docs/experiments/dualframes.md): which temperature is an
// Ising configuration from? Configurations at T0 and T0 + ΔT (β = 1/T) are
// classified by a small dense network, and the same task is posed in the
// dual frame, at the Kramers–Wannier dual temperatures T̃ = 1/β̃ with
// β̃ = −½ ln tanh β (the exact map defines the task; no learner sees it).
// Beside every learned accuracy: the best any classifier can reach, from the
// likelihood-ratio (threshold) test on E over long energy histograms, and
// the overlap of the two histograms.

#include "TemperatureSampler.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/StagePlan.hpp"
#include "engine/measure/EnergyDiscrimination.hpp"
#include "engine/nn/ClassifierTraining.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dlab::dualframes {

struct TemperatureParams {
    static constexpr int kMinL = 4, kMaxL = 64;
    static constexpr double kMinT0 = 0.2, kMaxT0 = 20.0;
    static constexpr double kMinDt = 0.001, kMaxDt = 10.0;
    static constexpr int kMaxDts = 12;
    static constexpr int kMinSamples = 100, kMaxSamples = 100000;
    static constexpr long long kMinEnergySamples = 1000, kMaxEnergySamples = 100'000'000;
    static constexpr int kMinChains = 1, kMaxChains = 256;
    static constexpr int kMinHidden = 1, kMaxHidden = 4096;
    static constexpr int kMinEpochs = 1, kMaxEpochs = 10000;
    static constexpr double kMinLearningRate = 1e-6, kMaxLearningRate = 1.0;

    int L = 16;
    double t0 = 1.25;
    std::vector<double> dts{0.05, 0.25, 0.5};
    int samples = 2000;           // configurations per temperature: 70 % train, 15 % validation, 15 % test
    long long energySamples = 200000; // energies per temperature for the histograms
    int chains = 8;
    McAlgorithm algorithm = McAlgorithm::Wolff;
    int thermalization = 500;
    std::vector<int> hidden{64};
    int epochs = 60;
    int patience = 15;
    double learningRate = 1e-3;
    double l2 = 1e-4;
    int batchSize = 64;
    // Train on randomly translated and globally flipped copies (symmetries
    // of the Ising model): a prior the classifier is given, stated in the docs.
    bool augment = true;
    std::uint64_t seed = 1;

    void validate() const; // throws ParameterError naming the field and its range
};

enum class TemperatureFrame { Original = 0, Dual = 1 };
const char* frameName(TemperatureFrame f);

struct TemperatureFrameData {
    // Index 0 is the frame's image of T0, index k + 1 that of T0 + ΔT_k.
    std::vector<double> temperatures, betas;
    std::vector<IntegerHistogram> histograms; // E = −Σ s_i s_j
    std::vector<std::vector<std::int8_t>> examples; // one configuration each
    std::vector<double> tau;                        // τ_int of E in sweeps (production)
    std::vector<int> spacing;                       // sweeps between kept configurations
};

struct TemperatureResult {
    double dt = 0;
    // Per frame (TemperatureFrame as index); NaN until known.
    double best[2], bestError[2], overlap[2];
    double accuracy[2], accuracyError[2];
    int testSize[2] = {0, 0};
};

struct TemperatureSnapshot : ExperimentSnapshot {
    std::string stage;
    double progress = 0;
    int L = 0;
    double t0 = 0, dualT0 = 0;
    TemperatureFrameData frames[2];
    std::vector<TemperatureResult> results; // one per ΔT
    // The classifier being trained (or last trained).
    std::string training;
    std::vector<double> trainingLoss, trainingScore, validationScore;
    double seconds = 0;
    bool done = false;
};

class TemperatureExperiment : public Experiment {
public:
    explicit TemperatureExperiment(TemperatureParams params);
    std::string name() const override { return "classify-temperature"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override { return m_snapshot; }
    std::shared_ptr<const TemperatureSnapshot> current() const { return m_snapshot; }
    bool done() const { return m_plan.done(); }
    const TemperatureParams& params() const { return m_params; }

    // The temperatures of a frame: T0 first, then one per ΔT.
    static std::vector<double> frameTemperatures(const TemperatureParams& p, TemperatureFrame frame);

private:
    bool sample(TemperatureFrame frame, std::size_t index, Feedback& feedback, StagePlan::Clock::time_point deadline);
    void discriminate();
    void startClassifier(std::size_t dtIndex, TemperatureFrame frame);
    bool trainClassifier(Feedback& feedback, StagePlan::Clock::time_point deadline);
    // The rows i of both temperatures' configurations with i mod 20 in [from, to).
    nn::LabelledSet slice(TemperatureFrame frame, std::size_t dtIndex, int from, int to) const;
    void publish();

    TemperatureParams m_params;
    StagePlan m_plan;
    // Samplers per frame and temperature; kept for their data.
    std::vector<std::unique_ptr<TemperatureSampler>> m_samplers[2];
    long long m_steps = 0;
    double m_seconds = 0;
    TemperatureSnapshot m_state;
    std::shared_ptr<const TemperatureSnapshot> m_snapshot;

    std::unique_ptr<nn::ClassifierTraining> m_training;
    std::size_t m_trainingDt = 0;
    TemperatureFrame m_trainingFrame = TemperatureFrame::Original;
};

} // namespace dlab::dualframes
