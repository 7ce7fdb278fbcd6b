#include "engine/experiments/duality/DualityLearner.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/core/Rng.hpp"
#include "engine/experiments/duality/Adam.hpp"
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

bool representsASolution(int slot)
{
    return slot == PerpendicularAtTailMinus || slot == PerpendicularAtHeadPlus || slot == Itself;
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
    requireInRange("theta2_init", theta2Init, -100.0, 100.0);
    requireInRange("theta3_init", theta3Init, -100.0, 100.0);
    requireInRange("identity_penalty", identityPenalty, 0.0, 100.0);
    requireInRange("penalty_max", penaltyMax, 0.0, 1000.0);
    requireInRange("tau", tau, 0.01, 100.0);
    requireInRange("tau_final", tauFinal, 0.01, 100.0);
    requireInRange("tau_anneal_steps", tauAnnealSteps, 0, 100'000'000);
    requireInRange("chains", chains, 0, 1 << 20);
    if (chains != 0 && chains < 4)
        throw ParameterError("chains", "at least 4 chains (allowed: 0 = automatic, 4 to 1048576)");
    requireInRange("sweeps_per_step", sweepsPerStep, 1, 1000);
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

int DualityLearnerParams::effectiveDataChains(int size) const
{
    if (dataChains > 0) return dataChains;
    return std::clamp(16384 / (size * size), 16, 256);
}

DualityLearner::DualityLearner(const DualityLearnerParams& p, Feedback* feedback)
    : m_p(p), m_adam(12, p.adamBeta1, p.adamBeta2)
{
    m_p.validate();
    const auto start = std::chrono::steady_clock::now();
    const bool autoOrdered = m_p.orderedPhase == OrderedPhaseMode::Auto && m_p.kappa == 0.0;
    m_ordered = m_p.orderedPhase == OrderedPhaseMode::On ||
                (autoOrdered && m_p.dataPath.empty() && m_p.beta > exact::criticalBeta());
    if (m_ordered) applyOrderedPhaseSettings(m_p, learnDualSlotLogits(m_p.seed, feedback));
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
    // Loaded data of unknown β: decide from the data themselves.
    if (!m_ordered && autoOrdered && !m_p.dataPath.empty() && dataLookOrdered(m_targets, *m_features)) {
        m_ordered = true;
        applyOrderedPhaseSettings(m_p, learnDualSlotLogits(m_p.seed, feedback));
    }
    m_dataSeconds = seconds(start);

    // Parameters and their initial values.
    m_x.assign(12, 0.0);
    for (int k = 0; k < 3; ++k)
        m_x[k] = m_p.tInit[k];
    RngStream init(m_p.seed, kThetaInitStream);
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        m_x[3 + k] = m_p.theta1InitBias[k] + m_p.theta1InitScale * init.normal();
    m_x[10] = m_p.theta2Init;
    m_x[11] = m_p.theta3Init;
    m_lrT = m_p.lrT;
    m_lrTheta = m_p.lrTheta;
    m_penalty = m_p.identityPenalty;

    m_chains = std::make_unique<DualityChainEnsemble>(m_p.L, m_p.effectiveChains(m_p.L), m_p.seed, 0);
    m_chains->setCouplings(couplings(), m_p.effectiveUpdate(m_p.L));
    m_chains->sweeps(20);
    if (m_p.centerObservable) {
        m_linkMean = modelLinkMean(*m_features, *m_chains);
        m_x[11] = m_p.theta3Init + m_p.theta2Init * m_linkMean; // same O as uncentred
    }
}

SlotVector DualityLearner::theta1() const
{
    SlotVector t;
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        t[k] = m_x[3 + k];
    return t;
}

ObservableParams DualityLearner::observable() const
{
    ObservableParams o;
    const double tau = m_p.gumbel ? m_p.tauFinal : 1.0;
    o.w = attentionWeights(theta1(), SlotVector{}, tau);
    o.theta2 = m_x[10];
    o.theta3 = theta3();
    return o;
}

void DualityLearner::step()
{
    if (m_finished) return;
    const auto start = std::chrono::steady_clock::now();

    // Attention for this step: plain softmax, or Gumbel-softmax with an annealed τ.
    SlotVector noise{};
    double tau = 1.0;
    if (m_p.gumbel) {
        const double frac = m_p.tauAnnealSteps > 0 ? std::min(1.0, double(m_step) / double(m_p.tauAnnealSteps)) : 1.0;
        tau = m_p.tau * std::pow(m_p.tauFinal / m_p.tau, frac);
        RngStream rng = RngStream(m_p.seed, kGumbelStream).child(std::uint64_t(m_step));
        noise = gumbelNoise(rng);
    }
    ObservableParams o;
    o.w = attentionWeights(theta1(), noise, tau);
    o.theta2 = m_x[10];
    o.theta3 = theta3();

    m_chains->setCouplings(couplings(), m_p.effectiveUpdate(m_p.L));
    m_chains->sweeps(m_p.sweepsPerStep);
    const DualityGradient g = estimateDualityGradient(*m_features, *m_chains, m_targets.mean, o,
                                                      m_featureWeights.empty() ? nullptr : &m_featureWeights);
    m_lastModelMean = g.modelMean;
    if (m_p.featureWeighting) {
        // Weights for the next step from a running average of the variances
        // (decoupled from this step's noise), normalised to mean 1.
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

    // dL/dθ1 through the softmax, with the identity penalty −λ ln(1 − w_6):
    // ≈ λ w_6 while w_6 is small, but its push does not fade as the softmax
    // saturates, so a run cannot get stuck on the trivial link.
    SlotVector dLdw = g.observable.w;
    dLdw[Itself] += m_penalty / std::max(1.0 - o.w[Itself], 1e-9);
    const SlotVector dTheta1 = softmaxBackward(o.w, dLdw, tau);

    std::vector<double> grad(12, 0.0), lr(12, 0.0);
    for (int k = 0; k < 3; ++k) {
        grad[k] = g.t[k];
        lr[k] = m_p.learn[k] ? m_lrT : 0.0;
    }
    for (int k = 0; k < kNeighbourhoodSlots; ++k) {
        grad[3 + k] = dTheta1[k];
        lr[3 + k] = m_lrTheta;
    }
    // Centred: θ3 = μ − θ2 ē, so ∂L/∂θ2 at fixed μ picks up −ē ∂L/∂θ3.
    grad[10] = g.observable.theta2 - m_linkMean * g.observable.theta3;
    grad[11] = g.observable.theta3;
    // θ2 and θ3 take relative steps once they exceed 1: the dual at small β
    // needs θ2 ≈ −sinh 2β̃ ≈ −5, and absolute steps of lr would crawl there.
    lr[10] = m_lrTheta * std::max(1.0, std::abs(m_x[10]));
    lr[11] = m_lrTheta * std::max(1.0, std::abs(m_x[11]));

    // Record the parameters this step's loss belongs to, then update.
    m_history.loss.push_back(g.loss);
    m_history.lossUnbiased.push_back(g.lossUnbiased);
    for (int k = 0; k < 3; ++k)
        m_history.t[k].push_back(m_x[k]);
    m_history.theta2.push_back(m_x[10]);
    m_history.theta3.push_back(theta3());
    const SlotVector wPlain = attentionWeights(theta1(), SlotVector{}, m_p.gumbel ? tau : 1.0);
    m_history.attention.push_back(wPlain);
    m_history.entropy.push_back(attentionEntropy(wPlain));
    m_history.lrT.push_back(m_lrT);
    m_history.lrTheta.push_back(m_lrTheta);

    m_adam.update(m_x, grad, lr);
    if (m_p.centerObservable) m_linkMean += 0.05 * (0.5 * g.couplingSumsMean[0] - m_linkMean);
    for (int k = 0; k < 3; ++k)
        m_x[k] = std::clamp(m_x[k], -kCouplingLimit, kCouplingLimit);
    ++m_step;

    // Plateau schedule, only once the attention rests on a link that can
    // represent a solution (slot 1, 2 or 6): before that, a stalled loss is the
    // slot-0/3 plateau and the learning rate must stay up to escape it.
    const int slot = argmax(wPlain);
    if (m_penalty > 0 && slot == Itself && wPlain[slot] > 0.5) {
        if (++m_identitySteps >= m_p.patience) {
            m_penalty = std::min(2 * m_penalty, std::max(m_p.penaltyMax, m_p.identityPenalty));
            m_identitySteps = 0;
        }
    } else {
        m_identitySteps = 0;
    }
    const bool decided = wPlain[slot] >= m_p.decidedWeight && representsASolution(slot);
    if (!decided) {
        m_windowSum.clear();
        m_previousWindow.clear();
        m_windowCount = 0;
    } else {
        // Plateau = the window means of the learned parameters (t_k, θ2, θ3)
        // stopped moving: the loss itself is flat along the valley the
        // parameters drift through after the attention has settled.
        std::vector<double> now{m_history.theta2.back(), m_history.theta3.back()};
        for (int k = 0; k < 3; ++k)
            if (m_p.learn[k]) now.push_back(m_history.t[k].back());
        if (m_windowSum.empty()) m_windowSum.assign(now.size(), 0.0);
        for (std::size_t i = 0; i < now.size(); ++i)
            m_windowSum[i] += now[i];
        if (++m_windowCount == m_p.patience) {
            for (auto& v : m_windowSum)
                v /= m_windowCount;
            if (!m_previousWindow.empty()) {
                double drift = 0, scale = 0;
                for (std::size_t i = 0; i < now.size(); ++i) {
                    drift = std::max(drift, std::abs(m_windowSum[i] - m_previousWindow[i]));
                    scale = std::max(scale, std::abs(m_windowSum[i]));
                }
                // Relative to the largest parameter: t1, t2 ≈ 0 must not block.
                if (drift < m_p.minDrift * std::max(scale, 1e-3)) {
                    if (m_decays >= m_p.maxDecays)
                        m_finished = m_converged = true;
                    else {
                        m_lrT *= m_p.decayFactor;
                        m_lrTheta *= m_p.decayFactor;
                        ++m_decays;
                    }
                }
            }
            m_previousWindow = m_windowSum;
            m_finalWindowStart = m_step - m_windowCount;
            m_windowSum.assign(now.size(), 0.0);
            m_windowCount = 0;
        }
    }
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
        const long long from = m_converged ? m_finalWindowStart : std::max<long long>(0, m_step - m_p.patience);
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
    }
    r.entropy = attentionEntropy(r.attention);
    if (m_p.beta > 0) {
        r.classification = classifyFrame(m_p.beta, m_p.kappa, r.t, r.theta2, r.theta3, r.attention);
    } else { // data of unknown β: nothing to compare with
        r.classification.frame = "undecided";
        r.classification.selectedSlot = argmax(r.attention);
    }
    return r;
}

} // namespace dlab
