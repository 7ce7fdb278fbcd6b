#pragma once
// A continuation path in β (DualityContinuation.hpp) as an Experiment, so the
// GUI's "Continue to β" runs it under a BackgroundJob and draws the path on
// the β ↔ β̃ plot as it goes. Each step() does a few optimiser steps of the
// current stage; a stage starts from the previous stage's learned parameters
// exactly as runDualityPath does (same seeds, same results). Cancelling keeps
// the finished stages; the interrupted one is left out of `stages` (a
// half-learned t0 is not a point of the path) but shown as `current`.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace dlab {

// β from `from` to `to` (either direction) in steps of `step`, both ends
// included; throws ParameterError naming "path_step" or "path_to".
std::vector<double> continuationBetas(double from, double to, double step);

struct DualityPathSnapshot : ExperimentSnapshot {
    DualityPathParams params;
    std::vector<DualityStage> stages; // finished stages, in the order walked
    // The stage being learned: its β and where t0 is now (no value between stages).
    std::optional<double> currentBeta, currentT0;
    double seconds = 0; // work time so far
};

class DualityPathExperiment : public Experiment {
public:
    explicit DualityPathExperiment(DualityPathParams p); // validates
    ~DualityPathExperiment() override;
    std::string name() const override { return "duality continuation"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    bool finished() const { return m_stages.size() >= m_p.betas.size(); }

private:
    DualityPathParams m_p;
    std::vector<DualityStage> m_stages;
    std::unique_ptr<DualityLearner> m_learner; // the stage being learned
    double m_stageSeconds = 0, m_seconds = 0;
    long long m_steps = 0;
};

} // namespace dlab
