#pragma once
// The duality learner's schedules as small callback objects, in the style of
// ensmallen's callbacks: each is told what happened in one optimiser step and
// decides "go on", "decay the rates" or "stop". They know nothing about the
// physics: no slot list, no exact β̃ (docs/experiments/duality.md, "What is
// given and what is learned"), so each can be tested alone on a scripted
// sequence.

#include "engine/experiments/duality/Attention.hpp"

#include <algorithm>
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
// fits when misfit ≤ tolerance × reference; a plateau that does not fit is a
// false minimum (DualityLearner restarts from a fresh draw).
// The reference is the noise, capped at `signalFraction` × `signal` when a
// signal is given (signal = Σ_a D_a², the data's own size, the loss of O ≡ 0):
// the model's sampling noise grows with |θ2|², and uncapped it let a fit with
// |θ2| ≈ 7 and a misfit of 13 % of the signal pass (β = 0.15, 8×8).
struct FitWindow {
    double misfit = 0, noise = 0;
    double signal = 0, signalFraction = 0; // no cap unless both > 0
    // Standard error of `misfit` from the means of kFitBlocks consecutive
    // blocks of the window (the chains are persistent, so steps are
    // correlated). An ordered dual model (β = 0.1 data: β̃ = 1.15 on 8×8) has
    // a loss dominated by rare broken links: its window misfit was 0.19 ±
    // 0.07 where a disordered one's is 0.005 ± 0.001.
    double misfitError = 0;
    double reference() const
    {
        return signal > 0 && signalFraction > 0 ? std::min(noise, signalFraction * signal) : noise;
    }
    // No noise estimate (an empty window): nothing to judge by, no fit. A
    // window fails only when its misfit exceeds tolerance × reference by
    // more than kFitSigmas of its own standard error: a misfit the window
    // cannot tell from the tolerance is no evidence of a false minimum.
    bool fits(double tolerance) const
    {
        return noise > 0 && misfit - kFitSigmas * misfitError <= tolerance * reference();
    }
    static constexpr int kFitBlocks = 10;
    static constexpr double kFitSigmas = 2.0;
};
// Over steps [from, to) of the two loss histories (clamped to what exists).
FitWindow fitWindow(const std::vector<double>& loss, const std::vector<double>& lossUnbiased, long long from,
                    long long to);

// What a plateau's fit test means for the attempt. A plateau that does not
// fit is a false minimum — or the right one seen through the jitter of steps
// still too large: the dual at β = 0.1 on 8×8 has a misfit of about its
// noise (0.1–0.19 of a signal of 1.07) while lr = 0.02. Jitter falls with
// the rates, a false minimum's misfit does not. So the first failed plateau
// of an attempt halves the rates (DecayRates), and so does every later one
// whose misfit fell by at least `minFall` since the last failure; a failed
// plateau whose misfit did not fall is a false minimum (Restart).
enum class FitVerdict { Fits, DecayRates, Restart };
class MisfitPlateaus {
public:
    MisfitPlateaus(double tolerance, double minFall);
    FitVerdict onPlateau(const FitWindow& window);

private:
    double m_tolerance, m_minFall;
    double m_lastFailure = -1; // misfit of the last failed plateau; < 0: none yet
};

// Stall watch: decides from the learner's own numbers that an attempt is
// stuck, so it can start again long before a fixed step count runs out.
//  - Undecided: over consecutive windows of `window` undecided steps the
//    window mean of the attention entropy must fall by at least `minFall`
//    (nats); a window that does not is a stalled mixture (β = 0.15–0.3, 8×8:
//    a 50/50 mix of slots 0 and 3 at H ≈ 0.8 loses ≈ 0.05 per 100 steps, a
//    draw on its way to a decision ≥ 0.3).
//  - Decided: over consecutive windows of decided steps the window mean of
//    the unbiased loss (the misfit) must either pass the fit test or fall by
//    at least the fraction `minMisfitFall`; a decided attention whose misfit
//    neither fits nor falls is a false minimum (a decided slot-0 or slot-3
//    fit: misfit 0.3–0.7 for hundreds of steps while the parameters jitter
//    too much for a plateau).
// A change between decided and undecided starts the windows afresh. The first
// `grace` steps are not watched: a fresh draw spends 100–300 steps near the
// entropy's maximum ln 7 while θ2, θ3 and t0 find the data's scale, before
// the attention starts to move.
class StallWatch {
public:
    StallWatch(int window, double minFall, double minMisfitFall, double fitTolerance, int grace = 0);

    // One step's entropy, decision and losses; true: the attempt is stalled.
    bool onStep(double entropy, bool decided, double loss, double lossUnbiased, double signal, double signalFraction);

private:
    int m_window, m_grace;
    double m_minFall, m_minMisfitFall, m_tolerance;
    bool m_decided = false;
    double m_entropySum = 0;
    std::vector<double> m_loss, m_unbiased; // this window's

    double m_previousEntropy = -1, m_previousMisfit = -1; // < 0: no window yet
};

} // namespace dlab
