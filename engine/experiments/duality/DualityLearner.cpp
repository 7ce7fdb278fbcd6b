#include "engine/experiments/duality/DualityLearner.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/core/Rng.hpp"
#include "engine/experiments/duality/DualityGradient.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace dlab {

namespace {
// Stream ids of the learner's own random numbers, apart from the chains' ids.
constexpr std::uint64_t kGumbelStream = std::uint64_t(1) << 41;
constexpr std::uint64_t kThetaInitStream = std::uint64_t(1) << 42;
constexpr std::uint64_t kLinkGumbelStream = std::uint64_t(1) << 43;
constexpr double kCouplingLimit = kDualityCouplingLimit;

// Mean link value ⟨σ⟩ over all chains (Φ_0 counts two links per site).
double modelLinkMean(const DualityFeatures& F, const DualityChainEnsemble& chains)
{
    std::vector<std::int8_t> sigma(F.links());
    double sum = 0;
    for (int c = 0; c < chains.chains(); ++c) {
        F.linkValues(chains.spins(c), sigma.data());
        sum += F.couplingSums(chains.spins(c), sigma.data())[0];
    }
    return sum / (double(chains.chains()) * F.links());
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The flat layout Adam works on: t0, t1, t2, θ1[7], θ2, θ3.
constexpr int kTheta1 = 3, kTheta2 = 3 + kNeighbourhoodSlots, kTheta3 = kTheta2 + 1, kParameters = kTheta3 + 1;

Eigen::VectorXd pack(const DualityParameters& x)
{
    Eigen::VectorXd v(kParameters);
    for (int k = 0; k < 3; ++k)
        v[k] = x.t[k];
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        v[kTheta1 + k] = x.theta1[std::size_t(k)];
    v[kTheta2] = x.theta2;
    v[kTheta3] = x.theta3;
    return v;
}

DualityParameters unpack(const Eigen::VectorXd& v)
{
    DualityParameters x;
    for (int k = 0; k < 3; ++k)
        x.t[k] = v[k];
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        x.theta1[std::size_t(k)] = v[kTheta1 + k];
    x.theta2 = v[kTheta2];
    x.theta3 = v[kTheta3];
    return x;
}

// Uniform in [lo, hi] with a random sign.
double signedUniform(RngStream& rng, double lo, double hi)
{
    const double magnitude = lo + (hi - lo) * rng.uniform();
    return rng.uniform() < 0.5 ? -magnitude : magnitude;
}
} // namespace

void DualityLearnerParams::validate() const
{
    if (dataPath.empty()) {
        requireInRange("L", L, 3, 512);
        requireInRange("beta", beta, 1e-3, 5.0);
    } else {
        // β of loaded data is only a reference for naming the frame; 0 = unknown.
        requireInRange("beta", beta, 0.0, 5.0);
    }
    requireInRange("kappa", kappa, -5.0, 5.0);
    requireInRange("data_chains", dataChains, 0, 1 << 16);
    requireInRange("data_samples", dataSamples, 1, 1'000'000);
    requireInRange("data_thermalize", dataThermalize, 0, 1'000'000);
    if (!learn[0] && !learn[1] && !learn[2]) throw ParameterError("learn", "learn at least one of t0, t1, t2");
    for (int k = 0; k < 3; ++k)
        requireInRange("t_init", tInit[k], -kCouplingLimit, kCouplingLimit);
    if (shapes.empty()) throw ParameterError("shapes", "the feature set needs at least one link shape");
    requireInRange("theta1_init_scale", theta1InitScale, 0.0, 10.0);
    if (start) {
        for (int k = 0; k < 3; ++k)
            requireInRange("start.t", start->t[k], -kCouplingLimit, kCouplingLimit);
        requireInRange("start.theta2", start->theta2, -100.0, 100.0);
        requireInRange("start.theta3", start->theta3, -100.0, 100.0);
        for (double v : start->theta1)
            requireInRange("start.theta1", v, -50.0, 50.0);
    }
    requireInRange("theta2_init", theta2Init, -100.0, 100.0);
    requireInRange("theta3_init", theta3Init, -100.0, 100.0);
    requireInRange("identity_penalty", identityPenalty, 0.0, 100.0);
    requireInRange("penalty_max", penaltyMax, 0.0, 1000.0);
    requireInRange("entropy_penalty", entropyPenalty, 0.0, 100.0);
    requireInRange("restart_after", restartAfter, 0, 100'000'000);
    requireInRange("max_restarts", maxRestarts, 0, 1000);
    requireInRange("fit_tolerance", fitTolerance, 0.0, 1000.0);
    requireInRange("candidates", neutralCandidates, 1, 1000);
    requireInRange("screen_sweeps", screenSweeps, 1, 10000);
    requireInRange("fit_signal_fraction", fitSignalFraction, 0.0, 1.0);
    requireInRange("stall_window", stallWindow, 0, 1'000'000);
    requireInRange("stall_entropy_fall", stallEntropyFall, 0.0, 10.0);
    requireInRange("stall_misfit_fall", stallMisfitFall, 0.0, 1.0);
    requireInRange("entropy_penalty_max", entropyPenaltyMax, 0.0, 1000.0);
    requireInRange("tau", tau, 0.01, 100.0);
    requireInRange("tau_final", tauFinal, 0.01, 100.0);
    requireInRange("tau_anneal_steps", tauAnnealSteps, 0, 100'000'000);
    requireInRange("chains", chains, 0, 1 << 20);
    if (chains != 0 && chains < 4)
        throw ParameterError("chains", "at least 4 chains (allowed: 0 = automatic, 4 to 1048576)");
    requireInRange("sweeps_per_step", sweepsPerStep, 1, 1000);
    requireInRange("explore_fraction", exploreFraction, 0.01, 1.0);
    requireInRange("profile_sweeps", profileSweeps, 0, 1'000'000);
    if (update == DualityUpdate::SwendsenWang && (learn[1] || learn[2] || tInit.t1 != 0 || tInit.t2 != 0))
        throw ParameterError("update", "Swendsen–Wang cluster updates need t1 = t2 = 0 (learn t0 only)");
    requireInRange("lr_t", lrT, 0.0, 10.0);
    requireInRange("lr_theta", lrTheta, 0.0, 10.0);
    requireInRange("adam_beta1", adamBeta1, 0.0, 0.9999);
    requireInRange("adam_beta2", adamBeta2, 0.0, 0.99999);
    requireInRange("steps", maxSteps, 1, 100'000'000);
    requireInRange("patience", patience, 1, 1'000'000);
    requireInRange("min_drift", minDrift, 0.0, 1.0);
    requireInRange("decay_factor", decayFactor, 0.01, 1.0);
    requireInRange("max_decays", maxDecays, 0, 100);
    requireInRange("decided_weight", decidedWeight, 0.0, 1.0);
}

DualityUpdate DualityLearnerParams::effectiveUpdate(int size) const
{
    if (update != DualityUpdate::Auto) return update;
    const bool t0Only = !learn[1] && !learn[2] && tInit.t1 == 0 && tInit.t2 == 0;
    return t0Only && size >= 24 ? DualityUpdate::SwendsenWang : DualityUpdate::Metropolis;
}

int DualityLearnerParams::effectiveChains(int size) const
{
    if (chains > 0) return chains;
    // ≈ 64k spins in total, between 128 and 1024 chains: the θ-gradient noise
    // shrinks with L², the t-gradient noise per chain does not.
    const int c = 65536 / (size * size);
    return std::clamp((c / 16) * 16, 128, 1024);
}

int DualityLearnerParams::exploreChains(int size) const
{
    const int all = effectiveChains(size);
    return std::clamp(int(std::lround(exploreFraction * all / 16.0)) * 16, std::min(all, 16), all);
}

int DualityLearnerParams::effectiveDataChains(int size) const
{
    if (dataChains > 0) return dataChains;
    return std::clamp(16384 / (size * size), 16, 256);
}

DualityLearner::DualityLearner(const DualityLearnerParams& p, Feedback* feedback)
    : m_p(p), m_adam(kParameters, p.lrT, p.adamBeta1, p.adamBeta2), m_lrT(p.lrT), m_lrTheta(p.lrTheta),
      m_plateau(p.patience, p.minDrift, p.maxDecays), m_penalty(p.identityPenalty, p.penaltyMax, p.patience),
      m_entropyPenalty(p.entropyPenalty, p.entropyPenaltyMax, p.patience),
      m_stall(p.stallWindow, p.stallEntropyFall, p.stallMisfitFall, p.fitTolerance, p.stallWindow),
      m_misfitPlateaus(p.fitTolerance, p.stallMisfitFall)
{
    m_p.validate();
    const auto start = std::chrono::steady_clock::now();
    if (!m_p.dataPath.empty()) {
        std::vector<SpinConfiguration> configs;
        try {
            configs = readConfigurations(m_p.dataPath);
        } catch (const std::exception& e) {
            throw ParameterError("data", e.what());
        }
        if (configs.empty()) throw ParameterError("data", "'" + m_p.dataPath + "' holds no configurations");
        m_p.L = configs.front().size();
        requireInRange("L (of the data file)", m_p.L, 3, 512);
        m_features = std::make_unique<DualityFeatures>(m_p.L, m_p.shapes, m_p.frame);
        std::vector<std::vector<std::int8_t>> raw;
        raw.reserve(configs.size());
        for (const auto& c : configs)
            raw.push_back(c.spins());
        m_targets = targetsFromConfigurations(*m_features, raw);
        m_targets.source = m_p.dataPath;
    } else {
        m_features = std::make_unique<DualityFeatures>(m_p.L, m_p.shapes, m_p.frame);
        DataGeneration g;
        g.original = {m_p.beta, m_p.kappa, 0.0};
        g.chains = m_p.effectiveDataChains(m_p.L);
        g.samples = m_p.dataSamples;
        g.thermalize = m_p.dataThermalize;
        g.seed = m_p.seed;
        m_targets = generateTargets(*m_features, g, feedback);
    }
    m_dataSeconds = seconds(start);
    for (double d : m_targets.mean)
        m_signal += d * d;

    m_chains = std::make_unique<DualityChainEnsemble>(m_p.L, m_p.effectiveChains(m_p.L), m_p.seed, 0);
    initialiseParameters(); // screens neutral candidates on all chains
    m_chains->setCouplings(couplings(), m_p.effectiveUpdate(m_p.L));
    m_chains->sweeps(20);
    useAllChains(false);
    if (m_p.centerObservable) {
        m_linkMean = modelLinkMean(*m_features, *m_chains);
        m_x.theta3 = m_init.theta3 + m_init.theta2 * m_linkMean; // μ: the same O as uncentred
    }
}

DualityParameters DualityLearner::drawNeutral(RngStream& rng) const
{
    // Neither the sign of the dual's θ2, θ3 nor its t0 is built in.
    DualityParameters x;
    for (auto& v : x.theta1)
        v = m_p.theta1InitScale * rng.normal();
    x.t.t0 = -0.5 + rng.uniform();
    x.theta2 = signedUniform(rng, 0.1, 1.0);
    x.theta3 = signedUniform(rng, 0.1, 1.0);
    return x;
}

double DualityLearner::screeningLoss(const DualityParameters& x)
{
    m_chains->setCouplings(x.t, m_p.effectiveUpdate(m_p.L));
    m_chains->sweeps(m_p.screenSweeps);
    ObservableParams o;
    o.w = attentionWeights(x.theta1, SlotVector{}, 1.0);
    o.theta2 = x.theta2;
    o.theta3 = x.theta3;
    return estimateDualityGradient(*m_features, *m_chains, m_targets.mean, o).loss;
}

void DualityLearner::initialiseParameters()
{
    // Draw 0 is the start; draw n > 0 the n-th restart's (always neutral).
    RngStream rng = RngStream(m_p.seed, kThetaInitStream).child(std::uint64_t(m_restarts));
    DualityParameters x;
    if (m_p.start && m_restarts == 0) {
        x = *m_p.start;
    } else if (m_p.init == DualityInit::Neutral || m_restarts > 0) {
        x = drawNeutral(rng);
        if (m_p.neutralCandidates > 1) {
            // Multi-start: of several neutral draws, start from the one whose
            // loss (the learner's own, on its chains at the draw's t0) is lowest.
            double best = screeningLoss(x);
            for (int k = 1; k < m_p.neutralCandidates; ++k) {
                const DualityParameters y = drawNeutral(rng);
                const double loss = screeningLoss(y);
                if (loss < best) {
                    best = loss;
                    x = y;
                }
            }
            m_chains->setCouplings(x.t, m_p.effectiveUpdate(m_p.L));
            m_chains->sweeps(m_p.screenSweeps);
        }
    } else {
        for (auto& v : x.theta1)
            v = m_p.theta1InitScale * rng.normal();
        x.t = m_p.tInit;
        x.theta2 = m_p.theta2Init;
        x.theta3 = m_p.theta3Init;
    }
    m_init = x;
    m_x = x;
}

void DualityLearner::restart(RestartReason why)
{
    ++m_restarts;
    ++(why == RestartReason::Undecided ? m_restartsUndecided : m_restartsMisfit);
    m_attemptStart = m_step;
    m_misfitPlateaus = MisfitPlateaus(m_p.fitTolerance, m_p.stallMisfitFall);
    useAllChains(true); // the candidates are screened on all chains
    initialiseParameters();
    useAllChains(false);
    m_adam = nn::Adam(kParameters, m_p.lrT, m_p.adamBeta1, m_p.adamBeta2);
    m_lrT = m_p.lrT;
    m_lrTheta = m_p.lrTheta;
    m_plateau = PlateauSchedule(m_p.patience, m_p.minDrift, m_p.maxDecays);
    m_penalty = PenaltySchedule(m_p.identityPenalty, m_p.penaltyMax, m_p.patience);
    m_entropyPenalty = PenaltySchedule(m_p.entropyPenalty, m_p.entropyPenaltyMax, m_p.patience);
    m_stall = StallWatch(m_p.stallWindow, m_p.stallEntropyFall, m_p.stallMisfitFall, m_p.fitTolerance, m_p.stallWindow);
    m_varianceAverage.clear();
    m_featureWeights.clear();
    if (m_p.centerObservable) m_x.theta3 = m_init.theta3 + m_init.theta2 * m_linkMean;
}

void DualityLearner::useAllChains(bool all)
{
    m_allChains = all;
    // Only a neutral draw explores: a default or given start (a continuation
    // stage) keeps all chains from its first step.
    const bool neutralDraw = m_restarts > 0 || (!m_p.start && m_p.init == DualityInit::Neutral);
    const int active = all || !neutralDraw ? m_chains->allocatedChains() : m_p.exploreChains(m_p.L);
    if (active == m_chains->chains()) return;
    const bool grows = active > m_chains->chains();
    m_chains->setActiveChains(active);
    // Copies of the active chains: a few sweeps so the halves of the split
    // estimator are not made of the same states.
    if (grows) m_chains->sweeps(10);
}

SlotVector DualityLearner::theta1() const { return m_x.theta1; }

DualityParameters DualityLearner::parameters() const
{
    DualityParameters x = m_x;
    x.theta3 = theta3();
    return x;
}

ObservableParams DualityLearner::observable() const
{
    ObservableParams o;
    const double tau = m_p.gumbel != GumbelNoise::Off ? m_p.tauFinal : 1.0;
    o.w = attentionWeights(theta1(), SlotVector{}, tau);
    o.theta2 = m_x.theta2;
    o.theta3 = theta3();
    return o;
}

// Attention for this step: plain softmax, or Gumbel-softmax with an annealed
// τ, the noise shared by all links or (perLink) drawn per link by the estimator.
ObservableParams DualityLearner::stepObservable(double& tau, std::optional<LinkGumbel>& perLink) const
{
    SlotVector noise{};
    tau = 1.0;
    perLink.reset();
    if (m_p.gumbel != GumbelNoise::Off) {
        const double frac = m_p.tauAnnealSteps > 0 ? std::min(1.0, double(m_step) / double(m_p.tauAnnealSteps)) : 1.0;
        tau = m_p.tau * std::pow(m_p.tauFinal / m_p.tau, frac);
    }
    if (m_p.gumbel == GumbelNoise::Shared) {
        RngStream rng = RngStream(m_p.seed, kGumbelStream).child(std::uint64_t(m_step));
        noise = gumbelNoise(rng);
    } else if (m_p.gumbel == GumbelNoise::PerLink) {
        perLink = LinkGumbel{theta1(), tau, RngStream(m_p.seed, kLinkGumbelStream).child(std::uint64_t(m_step))};
    }
    ObservableParams o;
    o.w = attentionWeights(theta1(), noise, tau);
    o.theta2 = m_x.theta2;
    o.theta3 = theta3();
    return o;
}

// Weights for the next step from a running average of the variances
// (decoupled from this step's noise), normalised to mean 1.
void DualityLearner::updateFeatureWeights(const DualityGradient& g)
{
    if (!m_p.featureWeighting) return;
    const int A = m_features->shapes();
    if (m_varianceAverage.empty()) m_varianceAverage = g.chainVariance;
    double sum = 0;
    m_featureWeights.resize(A);
    for (int a = 0; a < A; ++a) {
        m_varianceAverage[a] = 0.95 * m_varianceAverage[a] + 0.05 * g.chainVariance[a];
        m_featureWeights[a] = 1.0 / std::max(m_varianceAverage[a], 1e-6);
        sum += m_featureWeights[a];
    }
    for (auto& w : m_featureWeights)
        w *= A / sum;
}

// The parameters this step's loss belongs to.
void DualityLearner::record(const DualityGradient& g, double tau)
{
    m_history.loss.push_back(g.loss);
    m_history.lossUnbiased.push_back(g.lossUnbiased);
    for (int k = 0; k < 3; ++k)
        m_history.t[k].push_back(m_x.t[k]);
    m_history.theta2.push_back(m_x.theta2);
    m_history.theta3.push_back(theta3());
    const SlotVector wPlain = attentionWeights(theta1(), SlotVector{}, m_p.gumbel != GumbelNoise::Off ? tau : 1.0);
    m_history.attention.push_back(wPlain);
    m_history.entropy.push_back(attentionEntropy(wPlain));
    m_history.lrT.push_back(m_lrT);
    m_history.lrTheta.push_back(m_lrTheta);
}

void DualityLearner::adamUpdate(const DualityGradient& g, const ObservableParams& o, double tau)
{
    // dL/dθ1 through the softmax, with the identity penalty −λ ln(1 − w_6):
    // ≈ λ w_6 while w_6 is small, but its push does not fade as the softmax
    // saturates, so a run cannot get stuck on the trivial link.
    SlotVector dLdw = g.observable.w;
    dLdw[Itself] += m_penalty.penalty() / std::max(1.0 - o.w[Itself], 1e-9);
    // Decision pressure μ H(w): ∂H/∂w_k = −(ln w_k + 1).
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        dLdw[k] -= m_entropyPenalty.penalty() * (std::log(std::max(o.w[k], 1e-300)) + 1.0);
    SlotVector dTheta1 = softmaxBackward(o.w, dLdw, tau);
    for (int k = 0; k < kNeighbourhoodSlots; ++k) // per-link attention: back-propagated link by link
        dTheta1[k] += g.observable.theta1[k];

    DualityParameters grad, rate;
    for (int k = 0; k < 3; ++k) {
        grad.t[k] = g.t[k];
        rate.t[k] = m_p.learn[k] ? m_lrT : 0.0;
    }
    grad.theta1 = dTheta1;
    rate.theta1.fill(m_lrTheta);
    // Centred: θ3 = μ − θ2 ē, so ∂L/∂θ2 at fixed μ picks up −ē ∂L/∂θ3.
    grad.theta2 = g.observable.theta2 - m_linkMean * g.observable.theta3;
    grad.theta3 = g.observable.theta3;
    // θ2 and θ3 take relative steps once they exceed 1: a dual at small β
    // has |θ2| of several units, and absolute steps of lr would crawl there.
    rate.theta2 = m_lrTheta * std::max(1.0, std::abs(m_x.theta2));
    rate.theta3 = m_lrTheta * std::max(1.0, std::abs(m_x.theta3));

    Eigen::VectorXd x = pack(m_x);
    m_adam.step(x, pack(grad), pack(rate));
    m_x = unpack(x);
    if (m_p.centerObservable) m_linkMean += 0.05 * (0.5 * g.couplingSumsMean[0] - m_linkMean);
    for (int k = 0; k < 3; ++k)
        m_x.t[k] = std::clamp(m_x.t[k], -kCouplingLimit, kCouplingLimit);
}

// The schedules see only the attention's own decision and the learned
// parameters: no list of slots known to represent a solution.
void DualityLearner::applySchedules()
{
    const SlotVector& w = m_history.attention.back();
    const AttentionDecision d = decideAttention(w, m_p.decidedWeight);
    m_penalty.onStep(d.slot == Itself && d.weight > 0.5);
    m_entropyPenalty.onStep(!d.decided);
    if (d.decided && !m_allChains) useAllChains(true);
    std::vector<double> learned{m_history.theta2.back(), m_history.theta3.back()};
    for (int k = 0; k < 3; ++k)
        if (m_p.learn[k]) learned.push_back(m_history.t[k].back());
    if (!d.decided && m_p.restartAfter > 0 && m_p.maxRestarts > 0 && m_step - m_attemptStart >= m_p.restartAfter) {
        // The last draw still undecided: give up rather than run to maxSteps
        // (an undecided 0/3 mixture at β = 0.2 ran 20000 steps, a minute).
        if (m_restarts >= m_p.maxRestarts)
            m_finished = true;
        else
            restart(RestartReason::Undecided);
        return;
    }
    if (m_p.stallWindow > 0 && m_p.maxRestarts > 0 &&
        m_stall.onStep(m_history.entropy.back(), d.decided, m_history.loss.back(), m_history.lossUnbiased.back(),
                       m_signal, m_p.fitSignalFraction)) {
        if (m_restarts < m_p.maxRestarts) {
            restart(d.decided ? RestartReason::Misfit : RestartReason::Undecided);
            return;
        }
        if (!d.decided) { // the last draw stalled undecided: it will not decide
            m_finished = true;
            return;
        }
    }
    ScheduleAction action = m_plateau.onStep(learned, d.decided);
    if (action != ScheduleAction::GoOn && m_p.fitTolerance > 0 && m_restarts < m_p.maxRestarts) {
        switch (m_misfitPlateaus.onPlateau(cappedFitWindow(m_step - m_p.patience))) {
        case FitVerdict::Fits:
            break;
        case FitVerdict::DecayRates:
            action = ScheduleAction::DecayRates;
            break;
        case FitVerdict::Restart:
            restart(RestartReason::Misfit);
            return;
        }
    }
    switch (action) {
    case ScheduleAction::DecayRates:
        m_lrT *= m_p.decayFactor;
        m_lrTheta *= m_p.decayFactor;
        break;
    case ScheduleAction::Stop:
        m_finished = m_converged = true;
        refineAlongTheValley();
        break;
    case ScheduleAction::GoOn:
        break;
    }
}

FitWindow DualityLearner::cappedFitWindow(long long from) const
{
    FitWindow f = fitWindow(m_history.loss, m_history.lossUnbiased, from, m_step);
    f.signal = m_signal;
    f.signalFraction = m_p.fitSignalFraction;
    return f;
}

void DualityLearner::refineAlongTheValley()
{
    if (m_p.profileSweeps <= 0 || m_p.learn[1] || m_p.learn[2] || m_x.t.t1 != 0 || m_x.t.t2 != 0) return;
    const DualityResult averaged = result(); // the final window, as reported without refinement
    const AttentionDecision d = decideAttention(averaged.attention, m_p.decidedWeight);
    if (!d.decided) return;
    const auto start = std::chrono::steady_clock::now();
    ValleyProfileOptions options;
    options.sweeps = m_p.profileSweeps;
    options.update = m_p.effectiveUpdate(m_p.L);
    useAllChains(true);
    m_profile = refineAlongValley(*m_features, *m_chains, m_targets.mean, d.slot, averaged.t.t0, averaged.theta2,
                                  averaged.theta3, options);
    m_refinement.t0Before = averaged.t.t0;
    m_refinement.theta2Before = averaged.theta2;
    m_refinement.theta3Before = averaged.theta3;
    m_refinement.anchors = m_profile->anchors;
    m_refinement.seconds = seconds(start);
}

void DualityLearner::step()
{
    if (m_finished) return;
    const auto start = std::chrono::steady_clock::now();
    double tau = 1.0;
    std::optional<LinkGumbel> perLink;
    const ObservableParams o = stepObservable(tau, perLink);
    m_chains->setCouplings(couplings(), m_p.effectiveUpdate(m_p.L));
    m_chains->sweeps(m_p.sweepsPerStep);
    const DualityGradient g =
        estimateDualityGradient(*m_features, *m_chains, m_targets.mean, o,
                                m_featureWeights.empty() ? nullptr : &m_featureWeights, perLink ? &*perLink : nullptr);
    m_lastModelMean = g.modelMean;
    updateFeatureWeights(g);
    record(g, tau);
    adamUpdate(g, o, tau);
    ++m_step;
    applySchedules();
    if (m_step >= m_p.maxSteps) m_finished = true;
    m_seconds += seconds(start);
}

DualityResult DualityLearner::run(Feedback* feedback)
{
    while (!m_finished) {
        if (feedback && feedback->isCancelled()) break;
        step();
        if (feedback && (m_step & 63) == 0) feedback->setProgress(double(m_step) / m_p.maxSteps);
    }
    return result();
}

DualityResult DualityLearner::result() const
{
    DualityResult r;
    r.steps = m_step;
    r.seconds = m_seconds;
    r.dataSeconds = m_dataSeconds;
    r.converged = m_converged;
    r.init = m_init;
    r.restarts = m_restarts;
    r.restartsUndecided = m_restartsUndecided;
    r.restartsMisfit = m_restartsMisfit;
    r.last = parameters();
    r.betaDualExact = m_p.beta > 0 ? exact::kramersWannierDual(m_p.beta) : 0.0;
    if (m_step == 0) {
        r.t = couplings();
        const auto o = observable();
        r.theta2 = o.theta2;
        r.theta3 = o.theta3;
        r.attention = o.w;
    } else {
        // Average over the final plateau window (or the last `patience` steps):
        // single steps jitter by a few per cent along a flat valley.
        const long long from =
            m_converged ? m_step - m_plateau.stepsSinceLastWindow() : std::max<long long>(0, m_step - m_p.patience);
        const double n = double(m_step - from);
        for (long long s = from; s < m_step; ++s) {
            for (int k = 0; k < 3; ++k)
                r.t[k] += m_history.t[k][s] / n;
            r.theta2 += m_history.theta2[s] / n;
            r.theta3 += m_history.theta3[s] / n;
            for (int k = 0; k < kNeighbourhoodSlots; ++k)
                r.attention[k] += m_history.attention[s][k] / n;
            r.loss += m_history.loss[s] / n;
        }
        r.averagedSteps = int(n);
        const FitWindow f = cappedFitWindow(from);
        r.misfit = f.misfit;
        r.noise = f.noise;
        r.fits = decideAttention(r.attention, m_p.decidedWeight).decided && f.fits(m_p.fitTolerance);
    }
    if (m_profile) {
        r.t.t0 = m_profile->t0;
        r.theta2 = m_profile->theta2;
        r.theta3 = m_profile->theta3;
        r.last.t.t0 = m_profile->t0;
        r.last.theta2 = m_profile->theta2;
        r.last.theta3 = m_profile->theta3;
        r.refinement = m_refinement;
    }
    r.signal = m_signal;
    r.entropy = attentionEntropy(r.attention);
    if (m_p.beta > 0) {
        r.classification = classifyFrame(m_p.beta, m_p.kappa, r.t, r.theta2, r.theta3, r.attention);
    } else { // data of unknown β: nothing to compare with
        r.classification.frame = DualityFrame::Undecided;
        r.classification.selectedSlot = argmax(r.attention);
    }
    return r;
}

} // namespace dlab
