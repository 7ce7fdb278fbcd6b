#include "VariationalFreeEnergy.hpp"

#include "SpinRows.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/nn/SpinConditional.hpp"

#include <chrono>
#include <cmath>
#include <thread>

namespace dlab::autoregressive {
namespace {

using Clock = std::chrono::steady_clock;
using Phase = VanSnapshot::Phase;

constexpr int kShownSamples = 4;
constexpr std::uint64_t kInitStream = 1, kTrainStream = 2, kEvaluationStream = 3, kShowStream = 4;

std::pair<double, double> meanAndError(const std::vector<double>& v)
{
    const double n = double(v.size());
    double m = 0;
    for (double x : v)
        m += x;
    m /= n;
    double var = 0;
    for (double x : v)
        var += (x - m) * (x - m);
    var = v.size() > 1 ? var / (n - 1) : 0;
    return {m, std::sqrt(var / n)};
}

} // namespace

void VanParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("beta", beta, kMinBeta, kMaxBeta);
    requireInRange("steps", steps, 1, kMaxSteps);
    requireInRange("batch", batch, 2, 100'000);
    requireInRange("learningRate", learningRate, 1e-7, 1.0);
    requireInRange("anneal", anneal, 0.0, 0.99999);
    network.validate();
    requireInRange("evaluationSamples", evaluationSamples, 0, 100'000'000);
}

void VanAccumulator::add(const Eigen::VectorXd& energy, const Eigen::VectorXd& logq, const Eigen::VectorXd& absM)
{
    for (Eigen::Index r = 0; r < energy.size(); ++r) {
        m_f.push_back(energy[r] + logq[r] / m_beta);
        m_energy.push_back(energy[r]);
        m_logWeight.push_back(-m_beta * energy[r] - logq[r]);
        m_absM.push_back(absM[r]);
    }
}

VanEstimates VanAccumulator::estimates() const
{
    VanEstimates e;
    e.samples = samples();
    if (e.samples < 2) return e;
    const double N = m_sites, n = double(e.samples);
    const auto [f, fErr] = meanAndError(m_f);
    e.freeEnergy = f / N;
    e.freeEnergyError = fErr / N;
    const auto [u, uErr] = meanAndError(m_energy);
    e.energy = u / N;
    e.energyError = uErr / N;

    // Importance weights w = e^{lw − max}; the constant cancels in ratios.
    double maxLog = m_logWeight[0];
    for (double lw : m_logWeight)
        maxLog = std::max(maxLog, lw);
    double sw = 0, sw2 = 0, swE = 0, swM = 0;
    std::vector<double> w(m_logWeight.size());
    for (std::size_t k = 0; k < w.size(); ++k) {
        w[k] = std::exp(m_logWeight[k] - maxLog);
        sw += w[k];
        sw2 += w[k] * w[k];
        swE += w[k] * m_energy[k];
        swM += w[k] * m_absM[k];
    }
    e.effectiveSampleFraction = sw * sw / sw2 / n;
    const double meanW = sw / n;
    // Z ≈ ⟨w⟩_q e^{max}; δ ln⟨w⟩ ≈ σ_w / (√n ⟨w⟩).
    e.isFreeEnergy = -(maxLog + std::log(meanW)) / m_beta / N;
    const double varW = std::max(0.0, sw2 / n - meanW * meanW) * n / (n - 1);
    e.isFreeEnergyError = std::sqrt(varW / n) / meanW / m_beta / N;
    // Self-normalised estimates; delta-method errors Σ w²(x − x̄)² / (Σw)².
    e.isEnergy = swE / sw / N;
    e.isAbsMagnetization = swM / sw;
    double vE = 0, vM = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        vE += w[k] * w[k] * std::pow(m_energy[k] / N - e.isEnergy, 2);
        vM += w[k] * w[k] * std::pow(m_absM[k] - e.isAbsMagnetization, 2);
    }
    e.isEnergyError = std::sqrt(vE) / sw;
    e.isAbsMagnetizationError = std::sqrt(vM) / sw;
    return e;
}

VanExperiment::VanExperiment(const VanParams& p) : m_p(p), m_evaluation(p.L * p.L, p.beta)
{
    m_p.validate();
    RngStream init(m_p.seed, kInitStream);
    m_model = nn::AutoregressiveModel(m_p.network.shape(m_p.L * m_p.L), std::make_shared<nn::SpinConditional>(), init);
    m_adam.emplace(m_model.parameters().size(), m_p.learningRate);
    m_annealing = BetaAnnealing{m_p.beta, m_p.anneal};
    const auto exact = exact::kaufmanTorus(m_p.L, m_p.beta);
    m_exactFreeEnergy = exact.freeEnergyPerSite;
    m_exactEnergy = exact.energyPerSite;
}

VanExperiment::Draw VanExperiment::draw(const RngStream& rng, int count, bool forGradient) const
{
    Draw d;
    d.spins = m_model.sample(count, rng.child(0));
    if (m_p.z2) {
        RngStream flips = rng.child(1);
        for (Eigen::Index r = 0; r < d.spins.rows(); ++r)
            if (flips.uniform() < 0.5) d.spins.row(r) *= -1.0;
    }
    d.energy = isingEnergies(d.spins, m_p.L);
    Eigen::MatrixXd rows = d.spins;
    if (m_p.z2) {
        rows.resize(2 * count, d.spins.cols());
        rows.topRows(count) = d.spins;
        rows.bottomRows(count) = -d.spins;
    }
    Eigen::VectorXd lp;
    if (forGradient) {
        d.batch.emplace(m_model, rows);
        lp = d.batch->logProb();
    } else {
        lp = m_model.logProb(rows);
    }
    d.logq.resize(count);
    d.sigma = Eigen::VectorXd::Ones(count);
    for (int r = 0; r < count; ++r) {
        if (!m_p.z2) {
            d.logq[r] = lp[r];
            continue;
        }
        // ln ½[q(s) + q(−s)] without overflow.
        const double a = lp[r], b = lp[count + r], m = std::max(a, b);
        const double ea = std::exp(a - m), eb = std::exp(b - m);
        d.logq[r] = m + std::log(ea + eb) - std::log(2.0);
        d.sigma[r] = ea / (ea + eb);
    }
    return d;
}

void VanExperiment::step(Feedback& feedback)
{
    const auto start = Clock::now();
    switch (m_phase) {
    case Phase::Training:
        trainStep(feedback);
        break;
    case Phase::Evaluating:
        evaluateStep(feedback);
        break;
    case Phase::Done:
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // finished: idle, do not spin
        return;
    }
    m_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    ++m_calls;
}

void VanExperiment::trainStep(Feedback& feedback)
{
    const long long t = m_step + 1;
    const double betaT = m_annealing(t);
    const RngStream rng = RngStream(m_p.seed, kTrainStream).child(std::uint64_t(t));
    Draw d = draw(rng, m_p.batch, true);
    if (feedback.isCancelled()) return; // the update is dropped whole, never half-applied
    const int B = m_p.batch;
    // REINFORCE at β_t: f = β_t E + ln q, baseline the batch mean.
    const Eigen::VectorXd f = betaT * d.energy + d.logq;
    const double baseline = f.mean();
    Eigen::VectorXd weights(m_p.z2 ? 2 * B : B);
    for (int r = 0; r < B; ++r) {
        const double c = (f[r] - baseline) / B;
        if (m_p.z2) {
            weights[r] = c * d.sigma[r];
            weights[B + r] = c * (1 - d.sigma[r]);
        } else {
            weights[r] = c;
        }
    }
    Eigen::VectorXd gradient;
    d.batch->gradient(weights, gradient);
    m_adam->step(m_model.parameters(), gradient);
    m_step = t;
    m_currentBeta = betaT;

    // The batch also estimates F_q at the target β (q is what it is, whatever β_t was).
    VanAccumulator acc(m_p.L * m_p.L, m_p.beta);
    acc.add(d.energy, d.logq, absMagnetizations(d.spins));
    m_latest = acc.estimates();
    if (t % m_historyEvery == 0) {
        m_steps.push_back(double(t));
        m_freeEnergy.push_back(m_latest.freeEnergy);
        m_freeEnergyError.push_back(m_latest.freeEnergyError);
        m_relativeError.push_back(std::abs(m_latest.freeEnergy - m_exactFreeEnergy) / std::abs(m_exactFreeEnergy));
        if (m_steps.size() >= VanSnapshot::kMaxHistory) {
            for (auto* v : {&m_steps, &m_freeEnergy, &m_freeEnergyError, &m_relativeError}) {
                std::size_t out = 0;
                for (std::size_t k = 1; k < v->size(); k += 2)
                    (*v)[out++] = (*v)[k];
                v->resize(out);
            }
            m_historyEvery *= 2;
        }
    }
    if (t % 50 == 0 || t == m_p.steps) {
        m_shown.clear();
        for (int k = 0; k < kShownSamples && k < d.spins.rows(); ++k) {
            const auto row = d.spins.row(k);
            m_shown.emplace_back(row.data(), row.data() + row.size());
        }
    }
    if (t >= m_p.steps) m_phase = m_p.evaluationSamples > 0 ? Phase::Evaluating : Phase::Done;
}

void VanExperiment::evaluateStep(Feedback& feedback)
{
    const long long k = m_evaluation.samples() / m_p.batch;
    const int n = int(std::min<long long>(m_p.batch, m_p.evaluationSamples - m_evaluation.samples()));
    const RngStream rng = RngStream(m_p.seed, kEvaluationStream).child(std::uint64_t(k));
    const Draw d = draw(rng, n, false);
    if (feedback.isCancelled()) return;
    m_evaluation.add(d.energy, d.logq, absMagnetizations(d.spins));
    if (m_evaluation.samples() >= m_p.evaluationSamples) m_phase = Phase::Done;
}

Eigen::VectorXd VanExperiment::logProbabilities(const Eigen::MatrixXd& spins) const
{
    Eigen::VectorXd lp = m_model.logProb(spins);
    if (!m_p.z2) return lp;
    const Eigen::VectorXd flipped = m_model.logProb(-spins);
    for (Eigen::Index r = 0; r < lp.size(); ++r) {
        const double m = std::max(lp[r], flipped[r]);
        lp[r] = m + std::log(std::exp(lp[r] - m) + std::exp(flipped[r] - m)) - std::log(2.0);
    }
    return lp;
}

void VanExperiment::stopTraining()
{
    if (m_phase == Phase::Training) m_phase = m_p.evaluationSamples > 0 ? Phase::Evaluating : Phase::Done;
}

Eigen::MatrixXd VanExperiment::samples(int count, std::uint64_t stream) const
{
    return draw(RngStream(m_p.seed, kShowStream).child(stream), count, false).spins;
}

std::shared_ptr<const ExperimentSnapshot> VanExperiment::snapshot() const
{
    auto s = std::make_shared<VanSnapshot>();
    s->step = m_calls;
    s->phase = m_phase;
    s->params = m_p;
    s->optimiserStep = m_step;
    s->currentBeta = m_currentBeta;
    const double evalShare = m_p.evaluationSamples > 0 ? 0.05 : 0.0;
    s->progress = (1 - evalShare) * double(m_step) / m_p.steps +
                  (m_p.evaluationSamples > 0 ? evalShare * double(m_evaluation.samples()) / m_p.evaluationSamples : 0);
    s->steps = m_steps;
    s->freeEnergy = m_freeEnergy;
    s->freeEnergyError = m_freeEnergyError;
    s->relativeError = m_relativeError;
    s->latest = m_latest;
    if (m_evaluation.samples() > 0) s->evaluation = m_evaluation.estimates();
    s->exactFreeEnergy = m_exactFreeEnergy;
    s->exactEnergy = m_exactEnergy;
    s->side = m_p.L;
    s->samples = m_shown;
    s->seconds = m_seconds;
    s->finished = m_phase == Phase::Done;
    return s;
}

} // namespace dlab::autoregressive
