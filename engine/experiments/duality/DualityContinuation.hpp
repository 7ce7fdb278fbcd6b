#pragma once
// Continuation in β for the duality learner (docs/experiments/duality.md,
// "Ordered phase"): learn at the first β of a path, then move the data's β
// in small steps, each stage starting from the previous stage's *learned*
// parameters. Ordered data (β > β_c) alone hide which neighbour is the dual
// link and where along the valley t0 sits; carried along a path from
// disordered data, the learner only has to follow a slowly moving minimum.
// Nothing exact enters a stage: β̃ is in each stage's result for reporting.

#include "engine/experiments/duality/DualityLearner.hpp"

#include <functional>
#include <vector>

namespace dlab {

class Feedback;

struct DualityPathParams {
    DualityLearnerParams base; // everything but β; the first stage uses base.init
    std::vector<double> betas; // the path, in the order it is walked (≥ 1 value)
    // Stages after the first start from a learned solution nearby: their
    // rates start at this fraction of the base rates (a rate that finds a
    // minimum from afar kicks a run out of one it already sits in).
    double continuationRate = 0.25;
    // Stages after the first call a window a plateau when the learned
    // parameters moved less than this (relative) over it; the default is the
    // single run's minDrift. Above β_c the loss is a long flat valley in
    // which t0 and θ2 move together (docs/experiments/duality.md, "Why t0
    // came out low"): 0.2 % lets a stage walk further along it (L = 16,
    // β = 0.7, from the dual of 0.65: +0.6 % instead of −3.9 % of β̃, twice
    // the steps) but did not stop the drift of a whole path.
    double continuationDrift = 0.01;
    // Every stage that converges with a decided attention ends with the
    // profile refinement (ValleyProfile.hpp) of this many sweeps per anchor;
    // the next stage starts from its minimum. 0 = off. 800, not 200: at
    // β = 0.8 (L = 16, 256 chains) a refinement of 200 sweeps scattered by
    // ±7 % over three seeds, one of 800 by −0.6 … +3.6 % (the data's own
    // noise with 512 samples per chain is ≈ ±1.5 % there); ≈ 2–4 s per anchor.
    int profileSweeps = 800;
    void validate() const; // throws ParameterError naming the field
};

struct DualityStage {
    double beta = 0;
    DualityResult result;
    double seconds = 0; // data generation and learning
};

// The learner parameters of stage `index` (0-based) given the previous stage's result.
DualityLearnerParams stageParams(const DualityPathParams& p, std::size_t index, const DualityResult* previous);

// Walks the path; `onStage` (if set) sees each finished stage. Cancelling
// keeps the finished stages and the interrupted one's result so far.
std::vector<DualityStage> runDualityPath(const DualityPathParams& p, Feedback* feedback = nullptr,
                                         const std::function<void(const DualityStage&)>& onStage = {});

} // namespace dlab
