#pragma once
// The duality learner's schedules as small callback objects, in the style of
// ensmallen's callbacks: each is told what happened in one optimiser step and
// decides "go on", "decay the rates" or "stop". They know nothing about the
// physics: no slot list, no exact β̃ (docs/experiments/duality.md, "What is
// given and what is learned"), so each can be tested alone on a scripted
// sequence.

#include "engine/experiments/duality/Attention.hpp"

#include <vector>

namespace dlab {

// The attention's own decision: its leading slot, whichever it is, carries at
// least `minWeight`.
struct AttentionDecision {
    int slot = -1;
    double weight = 0;
    bool decided = false;
};
AttentionDecision decideAttention(const SlotVector& w, double minWeight);

enum class ScheduleAction { GoOn, DecayRates, Stop };

// Plateau schedule: while the attention is decided, the learned parameters are
// averaged over windows of `patience` steps; when two consecutive window
// means differ by less than `minDrift` (relative to the largest of them) the
// rates decay, and after `maxDecays` decays the next plateau stops the run.
// An undecided step restarts the window: a stalled loss while the attention
// still hesitates is a plateau to escape, not a solution to polish.
class PlateauSchedule {
public:
    PlateauSchedule(int patience, double minDrift, int maxDecays);

    ScheduleAction onStep(const std::vector<double>& learned, bool decided);

    int decays() const { return m_decays; }
    // Steps since the start of the last completed window (the final
    // average of a converged run is taken over it).
    long long stepsSinceLastWindow() const { return m_stepsSinceWindow; }
    bool hasCompletedWindow() const { return m_completedWindows > 0; }

private:
    int m_patience;
    double m_minDrift;
    int m_maxDecays;
    int m_decays = 0;
    int m_count = 0;
    int m_completedWindows = 0;
    long long m_stepsSinceWindow = 0;
    std::vector<double> m_sum, m_previous;
};

// Identity-penalty schedule: λ in L − λ ln(1 − w_6). While the attention rests
// on the link itself (w_6 > ½) for a whole window of `patience` steps, λ
// doubles up to `maximum`: the trivial solution is not what the experiment
// looks for, and a fixed small λ can leave a run parked at the
// antiferromagnetic identity for ever. λ = 0 stays 0 (penalty switched off).
class PenaltySchedule {
public:
    PenaltySchedule(double initial, double maximum, int patience);

    // Returns GoOn always (the penalty never stops a run); `onIdentity`: the
    // leading slot this step is the link itself with weight > ½.
    ScheduleAction onStep(bool onIdentity);
    double penalty() const { return m_lambda; }

private:
    double m_lambda, m_max;
    int m_patience;
    int m_steps = 0;
};

// Fit test over a window of steps, from the learner's own loss estimates
// only: `misfit` is the mean unbiased loss Σ_a l_a^(1) l_a^(2) (halves of the
// batch: no sampling noise in its mean), `noise` the mean of loss − unbiased
// loss (≈ Σ_a Var(ψ̄^a), the sampling noise of one step's loss). A window
// fits when misfit ≤ tolerance × noise; a plateau that does not fit is a
// false minimum (DualityLearner restarts from a fresh draw).
struct FitWindow {
    double misfit = 0, noise = 0;
    // No noise estimate (an empty window): nothing to judge by, no fit.
    bool fits(double tolerance) const { return noise > 0 && misfit <= tolerance * noise; }
};
// Over steps [from, to) of the two loss histories (clamped to what exists).
FitWindow fitWindow(const std::vector<double>& loss, const std::vector<double>& lossUnbiased, long long from,
                    long long to);

} // namespace dlab
