#pragma once
// The duality learner behind the Experiment contract (docs/architecture.md): step() does
// a few optimiser steps (≲ 20 ms on 8×8), snapshot() gives an immutable
// picture for the "Kramers–Wannier duality" page: loss curve, t traces with
// their reference lines, θ2/θ3 traces with expected values, the attention
// history (step × 7) and its entropy, model and data lattices, feature
// targets against model means, and the verdict.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dlab {

struct DualitySnapshot : ExperimentSnapshot {
    // Parameters of the run.
    int L = 0;
    double beta = 0, kappa = 0;
    double betaDual = 0; // β̃; reference lines at ±β, ±β̃ for t0
    double betaCritical = 0;
    std::array<bool, 3> learned{};
    bool neutralStart = false; // the run started from a neutral draw (DualityInit::Neutral)
    GumbelNoise gumbel = GumbelNoise::Off;
    double tau = 1.0; // the Gumbel-softmax temperature at the start (when gumbel is on)

    // Histories, thinned to at most kMaxPoints rows; historySteps[i] is the
    // optimiser step of row i.
    static constexpr int kMaxPoints = 2000;
    std::vector<double> historySteps;
    std::vector<double> loss, lossUnbiased, entropy;
    std::array<std::vector<double>, 3> t;
    std::vector<double> theta2, theta3;
    std::vector<std::array<double, 7>> attention; // heatmap rows: step × slot

    // Current state.
    IsingCouplings tNow;
    double theta2Now = 0, theta3Now = 0;
    std::array<double, 7> attentionNow{};
    double lrT = 0, lrTheta = 0;

    // Expected values for the θ plots (dual frame; AF image has θ2 → −θ2).
    double theta2Dual = 0, theta3Dual = 0;

    // Features: names, data targets with errors, latest model means.
    std::vector<std::string> featureNames;
    std::vector<double> featureTarget, featureTargetError, featureModel;

    // Lattices (L² spins, site x + L·y): one model chain and one data configuration.
    std::vector<std::int8_t> modelLattice, dataLattice;

    // True until the first step() has generated the data and built the
    // learner (on the worker: 0.2–3 s, too long for the GUI thread).
    bool preparing = false;

    // Outcome so far (averaged over the final window once finished).
    // (`finished`, inherited, says the learner has stopped.)
    bool converged = false;
    DualityResult result;
    DualityFrame frame = DualityFrame::Undecided;
    std::string verdict; // plain language
};

class DualityExperiment : public Experiment {
public:
    // optimiserStepsPerStep = 0: automatic, ≈ 4 on 8×8 × 1024 chains and
    // fewer for more spins, so one step() stays near the 20 ms budget.
    // Validates the parameters at once (throws ParameterError); the data are
    // generated (or read) and the learner built by the first step(), on the
    // runner's worker, so creating the experiment never blocks the GUI.
    explicit DualityExperiment(const DualityLearnerParams& p, int optimiserStepsPerStep = 0);

    std::string name() const override { return "duality"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;

    // Null before the first step().
    const DualityLearner* learner() const { return m_learner.get(); }

private:
    std::shared_ptr<const DualitySnapshot> makeSnapshot() const;
    std::shared_ptr<const DualitySnapshot> preparingSnapshot() const;

    DualityLearnerParams m_p;
    std::unique_ptr<DualityLearner> m_learner;
    int m_perStep;
    std::shared_ptr<const DualitySnapshot> m_snapshot;
};

} // namespace dlab
