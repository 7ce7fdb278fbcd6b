#pragma once
// The duality learner of docs/experiments/duality.md: finds (t, θ) such that the correlators of
// O^θ under H_t match those of the original links in the data. One step =
// a few sweeps of the persistent model chains, one split-batch gradient
// estimate, one Adam update; a plateau schedule (DualitySchedules.hpp) decays
// the learning rates once the attention has decided on a link, whichever it
// is, and the run stops after the last decay when the parameters stay put.
// Nothing exact (β̃, β_c, the table of expected solutions) enters a run: it is
// used only to name the frame the run ended in (DualityFrames.hpp).

#include "engine/experiments/duality/Attention.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DataTargets.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"
#include "engine/experiments/duality/DualityFrames.hpp"
#include "engine/experiments/duality/DualitySchedules.hpp"
#include "engine/experiments/duality/LinkGumbel.hpp"
#include "engine/experiments/duality/LinkShapes.hpp"
#include "engine/experiments/duality/ValleyProfile.hpp"
#include "engine/nn/Adam.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlab {

class Feedback;
class RngStream;
struct DualityGradient;

// |t_k| is kept below this while learning; a run that ends there has diverged.
inline constexpr double kDualityCouplingLimit = 5.0;

// Everything the learner learns, by name: H_t's couplings and O^θ's attention
// logits θ1, scale θ2 and offset θ3.
struct DualityParameters {
    IsingCouplings t;
    SlotVector theta1{};
    double theta2 = 0, theta3 = 0;
};

// Where a run starts (docs/experiments/duality.md, "What is given"):
//  Default  t0 = 0.3, θ1 ~ N(0, 0.1²), θ2 = 0 (its sign is learned), θ3 = 0.5
//           (⟨O⟩ > 0 like the data's mean link value). β = 0.2, 8×8: seeds
//           1, 3, 7 all find the dual; θ3 = 0 or θ2 = +0.5 fail for seeds 1, 7;
//           a neutral draw with θ3 < 0 mostly ends at a slot-0/3 fit;
//  Neutral  t0 ~ U[−0.5, 0.5], θ1 ~ N(0, 0.1²), θ2 and θ3 each with a random
//           sign and a magnitude ~ U[0.1, 1], all from the run's seed.
enum class DualityInit { Default, Neutral };

struct DualityLearnerParams {
    // Data: the original model at (β, κ) by MCMC, or configurations from a .npy file.
    int L = 8;
    double beta = 0.2;
    double kappa = 0.0;
    std::string dataPath; // non-empty: load the data (L is then the file's)
    int dataChains = 0;   // 0 = automatic (≈ 16384 spins' worth of chains)
    int dataSamples = 64; // per data chain
    int dataThermalize = 500;

    // Hamiltonian H_t: which couplings are learned.
    std::array<bool, 3> learn{true, false, false};

    // Start: a fixed default, a neutral random draw, or given parameters (a
    // continuation stage starts from the previous stage's learned ones).
    DualityInit init = DualityInit::Default;
    std::optional<DualityParameters> start;
    // The default start's couplings and observable (ignored by Neutral).
    IsingCouplings tInit{0.3, 0.0, 0.0};

    // Observable O^θ.
    NeighbourhoodFrame frame = NeighbourhoodFrame::Mirrored;
    std::vector<LinkShape> shapes = defaultLinkShapes();
    double theta1InitScale = 0.1; // θ1 ~ N(0, scale²)
    double theta2Init = 0.0;
    double theta3Init = 0.5;
    // Learn θ3 through μ = θ3 + θ2 ē, ē a running average of the model's mean
    // link value: μ is then ⟨O⟩ itself, pinned by the one-link features alone,
    // and (t0, θ2) move along the valley without having to drag θ3 exactly in
    // step (ordered-phase data: that valley is far narrower than long).
    bool centerObservable = false;
    double identityPenalty = 0.1; // λ in L − λ ln(1 − w_6) ≈ L + λ w_6; 0 switches it off
    // Weight each feature's residual by 1/Var(ψ̄^a) (running average, mean
    // weight 1): the noisy 3- and 4-link features of a large |θ2| no longer
    // drown the gradient. The minimum (all l_a = 0) is unchanged.
    bool featureWeighting = false; // off: on a finite torus it moves the minimum (t0 −7 % at β = 0.2, L = 8)
    // While the penalty is on and the attention rests on the link itself for a
    // whole window, λ doubles (up to penaltyMax): the trivial solution is
    // not what the experiment looks for, and a fixed small λ can leave a run
    // parked at the antiferromagnetic identity forever.
    double penaltyMax = 3.2;
    // Decision pressure: + μ H(w), H the attention entropy. O^θ is meant to
    // read one link; a mixture of two equivalent links (e.g. 50/50 on slots
    // 1 and 2, θ3 ≈ 0) fits 8×8 data about as well as the dual and is a
    // trap for neutral starts. While the attention stays undecided for a
    // whole window, μ doubles (up to entropyPenaltyMax); 0 switches it off.
    double entropyPenalty = 1e-3;
    double entropyPenaltyMax = 0.064;
    // Restarts: when the attention is still undecided this many steps after
    // the (re)start, the run starts again from a fresh neutral draw (new
    // random numbers; data, chains and step count carry on), at most
    // maxRestarts times; 0 switches restarts off. Undecided after the last
    // restart, the run stops (not converged) instead of running to maxSteps.
    int restartAfter = 600;
    // Multi-start: every neutral draw (the start with Neutral, every restart)
    // is the best of this many candidates, judged by the loss of one gradient
    // estimate on the model chains after screenSweeps sweeps at the
    // candidate's t0 (the learner's own loss; nothing exact). 1: no screening.
    // 8 (8×8, seeds 1–5): β = 0.15 from 2/5 to 4/5 in a dual frame, β = 0.2
    // from 3/5 to 5/5; ≈ 0.1 s per draw. Mostly it passes over draws with
    // θ3 < 0 (⟨O⟩ of the wrong sign: loss 3–20 against ≈ 1), which ended in
    // slot-0/3 fits, but it does not know which sign a dual frame has.
    int neutralCandidates = 8;
    int screenSweeps = 10;
    int maxRestarts = 12; // 12, not 8: with the stall watch and exploration chains an attempt costs ≈ 0.5–1 CPU-s
    // Fit test (the learner's own loss, nothing exact): at a plateau of a
    // decided attention the window's mean unbiased loss Σ_a l^(1)_a l^(2)_a
    // (the systematic misfit) is compared with the window's mean sampling
    // noise Σ_a Var(ψ̄^a) ≈ loss − unbiased loss of one step. A misfit above
    // fitTolerance × noise by more than twice its own standard error fails
    // (e.g. at β = 0.2 on 8×8 a decided slot-0 fit with θ3 < 0: misfit 0.46
    // against noise 0.016; the dual: 0.0015 against 0.0125). A failed
    // plateau halves the rates; one whose misfit did not fall by
    // stallMisfitFall since the attempt's last failure is a false minimum
    // and the run restarts from a fresh neutral draw (MisfitPlateaus; counted
    // in restarts, at most maxRestarts). 0 switches the test off.
    // 4, not 1: at the first plateau (rates not yet decayed) the dual's
    // jitter along its valley still adds about one noise unit (β = 0.2).
    double fitTolerance = 4.0;
    // The fit test's noise reference is capped at this fraction of the data's
    // signal Σ_a D_a² (FitWindow): a large |θ2| must not buy a loose test.
    // 1 %: the dual's misfit is ≈ 0.1 % of it (β = 0.2), the false fits it
    // must reject 13–35 %. 0 switches the cap off.
    double fitSignalFraction = 0.01;
    // Stall watch (StallWatch in DualitySchedules.hpp), windows of stallWindow
    // steps: an undecided attention whose mean entropy falls by less than
    // stallEntropyFall per window, or a decided one whose misfit neither
    // passes the fit test nor falls by stallMisfitFall per window, restarts
    // (counted like restartAfter's and the fit test's). 0 switches it off.
    int stallWindow = 200;
    double stallEntropyFall = 0.1;
    double stallMisfitFall = 0.3;
    // Profile refinement (ValleyProfile.hpp): when a run that learns t0 only
    // converges with a decided attention, its t0 moves to the minimum of the
    // learner's own loss profiled over t0 — (θ2, θ3) minimised at each t0,
    // the model's moments reweighted from one long run of the chains, this
    // many sweeps per anchor, the attention held on its decided slot.
    // 0 = off (the default for single runs; continuation stages switch it on).
    int profileSweeps = 0;
    // Gumbel noise on the attention logits: Shared, one draw of 7 numbers per
    // step for every link; PerLink (experimental), one draw per link, per
    // chain, per step (LinkGumbel.hpp), the penalties then act on softmax(θ1/τ).
    GumbelNoise gumbel = GumbelNoise::Off;
    double tau = 0.5;      // Gumbel-softmax temperature at the start …
    double tauFinal = 0.5; // … and after tauAnnealSteps (geometric)
    int tauAnnealSteps = 0;

    // Model chains.
    int chains = 0; // 0 = automatic: 1024 at L = 8, fewer on larger lattices
    int sweepsPerStep = 1;
    // Exploration: while the attention of an attempt from a neutral draw (a
    // neutral start, any restart) has not yet decided, only this fraction of
    // the chains is swept and used (candidates are screened on all); from
    // its first decided step on, the attempt uses all chains. Default and
    // given starts never explore. 0.25 with screening and the stall watch
    // (8×8, seeds 1–10, one thread under load): β = 0.15 / 0.2 / 0.3 9, 10,
    // 10 of 10 in a dual frame (all chains: 8, 10, 10) at median 6.4 / 4.8 /
    // 5.0 CPU-s (all chains: 9.9 / 6.6 / 11.3). Without screening and the
    // stall watch it cost decisions (β = 0.2, seed 2: 9 draws undecided).
    double exploreFraction = 0.25;
    int exploreChains(int latticeSize) const;
    // Auto: Swendsen–Wang when only t0 is learned and L ≥ 24 (a 64×64 model
    // chain quenched into the ordered dual keeps domain walls under
    // Metropolis, and t0 runs away to compensate), Metropolis otherwise.
    DualityUpdate update = DualityUpdate::Auto;
    DualityUpdate effectiveUpdate(int latticeSize) const;

    // Optimiser and schedule.
    double lrT = 0.02;
    double lrTheta = 0.02;
    double adamBeta1 = 0.9;
    double adamBeta2 = 0.99; // short memory: the early large gradients must not slow the valley phase
    int maxSteps = 20000;
    int patience = 150;     // steps per plateau window
    double minDrift = 0.01; // a window whose mean parameters moved less than this (relative) is a plateau
    double decayFactor = 0.5;
    int maxDecays = 3;          // stop when the loss stalls after this many decays
    double decidedWeight = 0.9; // weight of the leading slot (any slot) before the schedule starts

    std::uint64_t seed = 1;

    void validate() const; // throws ParameterError naming the field
    int effectiveChains(int latticeSize) const;
    int effectiveDataChains(int latticeSize) const;
};

// One row per optimiser step: everything the training plots need.
struct DualityHistory {
    std::vector<double> loss, lossUnbiased, entropy, lrT, lrTheta;
    std::array<std::vector<double>, 3> t;
    std::vector<double> theta2, theta3;
    std::vector<SlotVector> attention;
};

struct DualityResult {
    DualityParameters init; // where the run (its last restart) started
    int restarts = 0;       // fresh neutral draws: after an undecided attention or a misfit plateau
    int restartsUndecided = 0, restartsMisfit = 0;
    DualityParameters last; // the parameters after the last step (a continuation's next start)
    IsingCouplings t;       // averaged over the final window
    double theta2 = 0, theta3 = 0;
    SlotVector attention{};
    double entropy = 0;
    double loss = 0;   // averaged over the final window
    double misfit = 0; // unbiased loss averaged over the final window
    double noise = 0;  // sampling noise of one step's loss, averaged over the final window
    double signal = 0; // Σ_a D_a²: the data's own size, the loss of O ≡ 0
    bool fits = false; // decided and misfit ≤ fitTolerance × noise (the learner's own verdict)
    FrameClassification classification;
    double betaDualExact = 0; // β̃ (0 when β ≤ 0)
    long long steps = 0;
    double seconds = 0; // learning time, data generation excluded
    double dataSeconds = 0;
    bool converged = false; // stopped by the schedule rather than by maxSteps
    int averagedSteps = 0;
    // Set when the profile refinement ran: t0, θ2, θ3 above (and `last`) are
    // its minimum; these are the window averages it started from.
    struct Refinement {
        double t0Before = 0, theta2Before = 0, theta3Before = 0;
        int anchors = 0;
        double seconds = 0;
    };
    std::optional<Refinement> refinement;
};

class DualityLearner {
public:
    explicit DualityLearner(const DualityLearnerParams& p, Feedback* feedback = nullptr);

    void step(); // one optimiser step (no-op once finished)
    bool finished() const { return m_finished; }
    // Steps until finished or cancelled; returns the result so far.
    DualityResult run(Feedback* feedback = nullptr);
    DualityResult result() const;

    const DualityLearnerParams& params() const { return m_p; }
    const DualityHistory& history() const { return m_history; }
    const FeatureTargets& targets() const { return m_targets; }
    const DualityFeatures& features() const { return *m_features; }
    const DualityChainEnsemble& chains() const { return *m_chains; }
    long long steps() const { return m_step; }
    IsingCouplings couplings() const { return m_x.t; }
    DualityParameters parameters() const; // θ3 uncentred
    const DualityParameters& initialParameters() const { return m_init; }
    ObservableParams observable() const; // current, without Gumbel noise
    SlotVector theta1() const;
    std::vector<double> lastModelMean() const { return m_lastModelMean; }
    int decays() const { return m_plateau.decays(); }
    int restarts() const { return m_restarts; }
    double penalty() const { return m_penalty.penalty(); }
    double entropyPenalty() const { return m_entropyPenalty.penalty(); }
    double theta3() const { return m_x.theta3 - m_x.theta2 * m_linkMean; }

private:
    void initialiseParameters();
    DualityParameters drawNeutral(RngStream& rng) const;
    double screeningLoss(const DualityParameters& x); // sweeps the chains at x.t
    enum class RestartReason { Undecided, Misfit };
    void restart(RestartReason why);
    ObservableParams stepObservable(double& tau, std::optional<LinkGumbel>& perLink) const;
    void updateFeatureWeights(const DualityGradient& g);
    void record(const DualityGradient& g, double tau);
    void adamUpdate(const DualityGradient& g, const ObservableParams& o, double tau);
    void applySchedules();
    FitWindow cappedFitWindow(long long from) const;
    void refineAlongTheValley(); // ValleyProfile at convergence (profileSweeps > 0)

    DualityLearnerParams m_p;
    std::unique_ptr<DualityFeatures> m_features;
    std::unique_ptr<DualityChainEnsemble> m_chains;
    FeatureTargets m_targets;
    // The learned parameters; with the centred observable m_x.theta3 holds
    // μ = θ3 + θ2 ē (theta3() gives θ3).
    DualityParameters m_x;
    DualityParameters m_init;
    nn::Adam m_adam;
    double m_lrT, m_lrTheta;
    long long m_step = 0;
    bool m_finished = false, m_converged = false;
    PlateauSchedule m_plateau;
    PenaltySchedule m_penalty;
    PenaltySchedule m_entropyPenalty;
    StallWatch m_stall;
    MisfitPlateaus m_misfitPlateaus;
    std::optional<ValleyProfileResult> m_profile;
    DualityResult::Refinement m_refinement;
    double m_signal = 0; // Σ_a D_a² of the data
    double m_seconds = 0, m_dataSeconds = 0;
    std::vector<double> m_lastModelMean;
    std::vector<double> m_varianceAverage, m_featureWeights;
    double m_linkMean = 0; // ē of the centred parametrisation (0 when not centring)
    int m_restarts = 0, m_restartsUndecided = 0, m_restartsMisfit = 0;
    long long m_attemptStart = 0; // step of the last (re)start
    bool m_allChains = false;     // this attempt has decided once: all chains in use
    void useAllChains(bool all);
    DualityHistory m_history;
};

} // namespace dlab
