#pragma once
// Experiment E3 (docs/experiments/fieldtheory.md): a diffusion model as a
// sampler of 2D φ⁴, next to the physics it imitates.
//
// Phases, one bounded step (≲ 20 ms) at a time:
//  1. data — HMC training and test sets (independent chains, a configuration
//     every `hmcEvery` trajectories, random φ → −φ moves so both signs of M
//     appear), or sets loaded from .npy files;
//  2. training — denoising score matching of the ScoreNetwork on the
//     training set under the VE SDE, Adam, an exponential moving average of
//     the weights for sampling;
//  3. sampling — the reverse SDE (Euler–Maruyama) or probability-flow ODE
//     (Heun) from N(0, σ(1)²) noise with the learned score;
//  4. Langevin — the same number of configurations by stochastic
//     quantisation with the exact drift −∂S/∂φ from white noise, the process
//     the reverse diffusion imitates;
//  5. done — the table (⟨M⟩, ⟨|M|⟩, χ2, U_L with jackknife errors) of the
//     training, test, generated and Langevin sets, histograms of M.
// The exact action enters only the HMC data and the Langevin row: the
// network learns from configurations alone.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/fieldtheory/ScoreNetwork.hpp"
#include "engine/experiments/fieldtheory/VeSde.hpp"
#include "engine/fields/Phi4Ensemble.hpp"
#include "engine/nn/Adam.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab::fieldtheory {

struct DiffusionParams {
    int L = 8;
    double kappa = 0.21;
    double lambda = 0.022;
    std::string trainPath, testPath; // .npy [n, L, L]; empty: HMC
    int trainSize = 8192;            // HMC training configurations
    int samples = 1024;              // generated ones; the HMC test set has as many
    int hmcChains = 8;
    int hmcEvery = 10; // trajectories between kept configurations
    int hmcThermalize = 2000;
    int channels = 16;
    int layers = 4;
    double zeroModeWeight = 16.0;
    // σ_max of the VE SDE; 0: from the training data, so that σ(1) is the
    // largest distance between training configurations (Song & Ermon 2020,
    // technique 1), and at least σ(1) of σ_max = 25. The prior N(0, σ(1)²)
    // must cover the zero mode, whose variance V⟨M²⟩ grows with V and κ
    // (docs/experiments/fieldtheory.md, "The prior").
    double sigmaMax = 0.0;
    double tMin = 1e-3;
    int epochs = 30;
    int batch = 64;
    double learningRate = 2e-3; // decays exponentially to a tenth over the epochs
    double emaDecay = 0.999;
    ReverseSampler sampler = ReverseSampler::Sde;
    int reverseSteps = 200;
    double langevinEpsilon = 0.05;
    int langevinSteps = 2000;
    std::uint64_t seed = 1;

    static constexpr int kMaxL = 64;
    void validate() const;                         // throws ParameterError naming the field and its range
    VeSde sde() const { return {sigmaMax, tMin}; } // once sigmaMax is set (the experiment's params() are)
};

enum class DiffusionPhase { Data, Training, Sampling, Langevin, Done };
std::string toString(DiffusionPhase p);

// One row of the comparison table.
struct DiffusionSet {
    std::string name;
    int count = 0;
    fields::Phi4Estimates estimates;
    fields::Histogram histogram;
};

struct DiffusionSnapshot : ExperimentSnapshot {
    DiffusionParams params;
    DiffusionPhase phase = DiffusionPhase::Data;
    double progress = 0; // of the current phase, 0…1
    int epoch = 0;
    std::vector<double> trainLoss, testLoss; // per epoch (test: fixed noise, EMA weights)
    std::vector<double> stripTimes;          // the denoising strip: one configuration at these t
    std::vector<std::vector<double>> strip;
    std::vector<DiffusionSet> sets; // train, test, generated, Langevin — as they become available
    double secondsData = 0, secondsTraining = 0, secondsSampling = 0, secondsLangevin = 0;
    bool done = false;
};

class DiffusionExperiment : public Experiment {
public:
    explicit DiffusionExperiment(const DiffusionParams& p); // validates; loads .npy sets now
    std::string name() const override { return "diffusion"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const DiffusionSnapshot> current() const;
    bool done() const { return m_phase == DiffusionPhase::Done; }
    const DiffusionParams& params() const { return m_p; }

    // V × n, one configuration per column (site x + L·y).
    const Eigen::MatrixXd& trainingSet() const { return m_train; }
    const Eigen::MatrixXd& testSet() const { return m_test; }
    const Eigen::MatrixXd& generated() const { return m_generated; }
    const Eigen::MatrixXd& langevin() const { return m_langevin; }
    const ScoreNetwork& network() const { return m_net; } // with the EMA weights once training ended

private:
    using Clock = std::chrono::steady_clock;
    void stepData(Clock::time_point deadline, Feedback& feedback);
    void startTraining();
    void stepTraining(Clock::time_point deadline, Feedback& feedback);
    void endEpoch();
    void stepSampling(Clock::time_point deadline, Feedback& feedback);
    void stepLangevin(Clock::time_point deadline, Feedback& feedback);
    void addSet(const std::string& name, const Eigen::MatrixXd& configs, int chains);
    Eigen::MatrixXd priorSample(int columns, std::uint64_t stream) const;

    DiffusionParams m_p;
    DiffusionPhase m_phase = DiffusionPhase::Data;
    long long m_steps = 0;
    // Data.
    std::unique_ptr<fields::Phi4Ensemble> m_trainChains, m_testChains;
    Eigen::MatrixXd m_train, m_test;
    int m_trainGroups = 1, m_testGroups = 1; // chains behind the sets (for the error analysis)
    // Training.
    RngStream m_rng;
    fields::FieldRandom m_noise;
    ScoreNetwork m_net;
    std::unique_ptr<nn::Adam> m_adam;
    Eigen::VectorXd m_ema, m_gradient;
    std::vector<int> m_order;
    std::size_t m_cursor = 0;
    int m_epoch = 0;
    long long m_updates = 0; // optimiser steps
    double m_lossSum = 0;
    int m_lossBatches = 0;
    std::vector<double> m_trainLoss, m_testLoss;
    Eigen::MatrixXd m_probeX, m_probeZ;
    Eigen::VectorXd m_probeSigma;
    // Sampling.
    std::unique_ptr<ReverseDiffusion> m_reverse;
    int m_batchIndex = 0;
    Eigen::MatrixXd m_generated;
    std::vector<double> m_stripTimes;
    std::vector<std::vector<double>> m_strip;
    // Langevin.
    std::unique_ptr<fields::LangevinSampler> m_langevinSampler;
    Eigen::MatrixXd m_langevin;
    int m_langevinStep = 0;
    fields::FieldRandom m_langevinNoise;

    std::vector<DiffusionSet> m_sets;
    double m_secondsData = 0, m_secondsTraining = 0, m_secondsSampling = 0, m_secondsLangevin = 0;
};

// σ_max whose σ(1) is the largest Euclidean distance between the columns of
// `configs` (the first 512 of them), and at least 25.
double dataSigmaMax(const Eigen::MatrixXd& configs);

// A configuration set's observables: columns are configurations, in
// `chains` equal consecutive groups (one per Markov chain; 1 for independent
// samples), each group's order its chain's time order.
fields::Phi4Estimates setEstimates(const Eigen::MatrixXd& configs, int chains);

} // namespace dlab::fieldtheory
