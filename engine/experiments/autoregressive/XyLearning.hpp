#pragma once
// Experiment D3: a continuous autoregressive network learns the XY model.
//
// Monte Carlo chains (XyMonteCarloExperiment) supply configurations at T; a
// MADE with von Mises-mixture (or the seed's Beta) conditionals on
// u_i = θ_i/2π is trained by negative log-likelihood. Then
//  - the O(2) test: H_θ(R_α s) = −T ln p_θ(R_α s) of held-out configurations
//    rotated globally by α = 2πk/K, averaged per site; the network was never
//    told about the symmetry, so the spread (max − min)/|mean| over α says
//    how much of it it learned from the data;
//  - vortices: the vortex density of network samples against Monte Carlo.
// Densities are with respect to u = θ/2π, so H_θ per site is comparable with
// the seed's table (−1.2397 … −1.2417 over α = 0 … 2π at L = 16).

#include "NetworkSettings.hpp"
#include "Schedules.hpp"
#include "XyMonteCarlo.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/AutoregressiveModel.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::autoregressive {

enum class AngleConditional { VonMises, Beta };
std::string toString(AngleConditional c); // "vonmises" | "beta"
AngleConditional parseAngleConditional(const std::string& name);

struct XyLearningParams {
    static constexpr int kMinL = 2, kMaxL = 32;
    static constexpr double kMinT = 0.05, kMaxT = 10.0;
    static constexpr int kMaxEpochs = 10'000;

    int L = 8;
    double T = 0.9;
    int samples = 9000; // training configurations
    int heldOut = 1000; // held-out: test NLL and the O(2) test
    XyAlgorithm algo = XyAlgorithm::Wolff;
    int chains = 8;
    int thermalize = 500;
    int sweepsBetween = 5;
    AngleConditional conditional = AngleConditional::VonMises;
    int components = 4; // von Mises mixture components
    NetworkSettings network{{128}};
    int epochs = 60;
    int batch = 100;
    double learningRate = 2e-3;
    int patience = 6;
    int rotations = 5;    // O(2) test angles 2πk/rotations, k = 0 … rotations
    int generated = 1000; // network samples for the vortex density
    std::uint64_t seed = 1;

    void validate() const;
    bool operator==(const XyLearningParams&) const = default;
};

struct O2Row {
    double angle = 0;  // α in radians
    double hMean = 0;  // ⟨H_θ(R_α s)⟩ / N
    double hError = 0; // standard error of the paired difference from α = 0 (0 at α = 0)
};

struct XyLearningSnapshot : ExperimentSnapshot {
    enum class Phase { Sampling, Training, Done };
    Phase phase = Phase::Sampling;
    XyLearningParams params;
    double progress = 0;
    int epoch = 0;
    std::vector<double> epochs, trainNll, testNll; // NLL per site (nats, density on u = θ/2π)
    double heldOutNll = 0, heldOutNllError = 0;
    std::vector<O2Row> o2;
    double o2Spread = 0;               // (max − min) / |mean| of hMean
    std::vector<double> spreadHistory; // one per epoch
    // Vortex density (vortices + antivortices per site) and energy per site.
    Estimate vortexMc, vortexGenerated, energyMc, energyGenerated;
    XySummary mc; // the Monte Carlo run's estimates
    // Configurations to show (angles, site x + L·y) and their vortex charges.
    std::vector<std::vector<double>> mcAngles, networkAngles;
    std::vector<std::vector<std::int8_t>> mcVortices, networkVortices;
    double secondsSampling = 0, secondsTraining = 0;
    bool finished = false;
};

class XyLearningExperiment : public Experiment {
public:
    explicit XyLearningExperiment(const XyLearningParams& p); // validates; cheap
    std::string name() const override { return "XY autoregressive network"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const XyLearningSnapshot> current() const
    {
        return std::static_pointer_cast<const XyLearningSnapshot>(snapshot());
    }
    bool finished() const { return m_phase == XyLearningSnapshot::Phase::Done; }
    const XyLearningParams& params() const { return m_p; }
    const nn::AutoregressiveModel& model() const { return m_model; }
    // Network samples (rows of angles), from the seed.
    Eigen::MatrixXd networkSamples(int count, std::uint64_t stream) const;

private:
    void sampleStep(Feedback& feedback);
    void startTraining();
    void trainStep(Feedback& feedback);
    void endEpoch();
    void evaluateO2(XyLearningSnapshot& s) const;
    void evaluateSamples(XyLearningSnapshot& s) const;

    XyLearningParams m_p;
    XyLearningSnapshot::Phase m_phase = XyLearningSnapshot::Phase::Sampling;
    std::optional<XyMonteCarloExperiment> m_mc;
    Eigen::MatrixXd m_train, m_test; // angles
    nn::AutoregressiveModel m_model;
    std::optional<nn::Adam> m_adam;
    EarlyStopping m_stopping{0, 0};
    Eigen::VectorXd m_bestParameters;
    std::vector<int> m_order;
    int m_epoch = 0, m_batchInEpoch = 0;
    double m_epochLossSum = 0;
    long long m_epochRows = 0, m_steps = 0;
    double m_secondsSampling = 0, m_secondsTraining = 0;
    std::shared_ptr<XyLearningSnapshot> m_view;
};

} // namespace dlab::autoregressive
