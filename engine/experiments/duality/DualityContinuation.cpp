#include "engine/experiments/duality/DualityContinuation.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"

#include <chrono>

namespace dlab {

void DualityPathParams::validate() const
{
    if (betas.empty()) throw ParameterError("path", "the path needs at least one β");
    if (betas.size() > 400) throw ParameterError("path", "at most 400 stages (allowed: 1 to 400)");
    for (double b : betas)
        requireInRange("path", b, 1e-3, 5.0);
    requireInRange("continuation_rate", continuationRate, 1e-4, 1.0);
    requireInRange("continuation_drift", continuationDrift, 0.0, 1.0);
    requireInRange("profile_sweeps", profileSweeps, 0, 1'000'000);
    DualityLearnerParams first = base;
    first.beta = betas.front();
    first.validate();
}

DualityLearnerParams stageParams(const DualityPathParams& p, std::size_t index, const DualityResult* previous)
{
    DualityLearnerParams q = p.base;
    q.beta = p.betas.at(index);
    q.profileSweeps = p.profileSweeps;
    if (index == 0 || !previous) return q;
    // The previous stage's learned parameters: t, θ2, θ3 averaged over its
    // final window (single steps jitter along the valley), θ1 as it ended.
    DualityParameters x = previous->last;
    x.t = previous->t;
    x.theta2 = previous->theta2;
    x.theta3 = previous->theta3;
    q.start = x;
    // A stage that loses its way must not jump to a random draw: that
    // throws the path away (measured, path 0.2 → 0.8 at dβ = 0.05: lost at
    // 0.35 and never back). It shows as an undecided stage instead.
    q.maxRestarts = 0;
    q.lrT *= p.continuationRate;
    q.lrTheta *= p.continuationRate;
    q.minDrift = p.continuationDrift;
    q.seed = p.base.seed + index; // fresh data and chains at each β
    return q;
}

std::vector<DualityStage> runDualityPath(const DualityPathParams& p, Feedback* feedback,
                                         const std::function<void(const DualityStage&)>& onStage)
{
    p.validate();
    std::vector<DualityStage> stages;
    for (std::size_t i = 0; i < p.betas.size(); ++i) {
        if (feedback && feedback->isCancelled()) break;
        const auto start = std::chrono::steady_clock::now();
        DualityLearner learner(stageParams(p, i, stages.empty() ? nullptr : &stages.back().result), feedback);
        DualityStage s;
        s.beta = p.betas[i];
        s.result = learner.run(feedback);
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        stages.push_back(s);
        if (onStage) onStage(stages.back());
    }
    return stages;
}

} // namespace dlab
