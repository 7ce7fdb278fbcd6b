#include "engine/experiments/fieldtheory/RbmExperiment.hpp"

#include "engine/core/ParameterError.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace dlab::fieldtheory {
namespace {

constexpr auto kStepBudget = std::chrono::milliseconds(20);
constexpr std::size_t kHistoryCap = 2000;
constexpr int kTrackedModes = 64;
constexpr int kExactCheckLimit = 256; // above this N_v, positive definiteness by power iteration

template <class T> void keepEveryOther(std::vector<T>& v)
{
    std::size_t j = 0;
    for (std::size_t i = 0; i < v.size(); i += 2)
        v[j++] = v[i];
    v.resize(j);
}

int visibleCount(const RbmParams& p) { return p.target == RbmTargetKind::Torus ? p.sites * p.sites : p.sites; }

RbmTarget makeTarget(const RbmParams& p, RngStream rng)
{
    if (p.target == RbmTargetKind::Data) return dataTarget(p.dataPath, RbmParams::kMaxVisible);
    const auto g =
        p.target == RbmTargetKind::Chain ? fields::FreeFieldGeometry::Chain : fields::FreeFieldGeometry::Torus;
    return freeFieldTarget(g, p.sites, p.m2, p.gradient == RbmGradient::Samples ? p.dataSamples : 0, rng);
}

const RbmParams& validated(const RbmParams& p)
{
    p.validate();
    return p;
}

} // namespace

std::string toString(RbmTargetKind k)
{
    return k == RbmTargetKind::Chain ? "chain" : k == RbmTargetKind::Torus ? "torus" : "data";
}
std::string toString(RbmGradient g) { return g == RbmGradient::Kernel ? "kernel" : "samples"; }

RbmTargetKind parseRbmTarget(const std::string& name)
{
    for (auto k : {RbmTargetKind::Chain, RbmTargetKind::Torus, RbmTargetKind::Data})
        if (toString(k) == name) return k;
    throw ParameterError("target", "unknown target '" + name + "' (allowed: chain, torus, data)");
}

RbmGradient parseRbmGradient(const std::string& name)
{
    for (auto g : {RbmGradient::Kernel, RbmGradient::Samples})
        if (toString(g) == name) return g;
    throw ParameterError("from", "unknown gradient '" + name + "' (allowed: kernel, samples)");
}

void RbmParams::validate() const
{
    if (target == RbmTargetKind::Chain) requireInRange("sites", sites, 2, kMaxSites);
    if (target == RbmTargetKind::Torus) requireInRange("sites", sites, 2, kMaxTorusSide);
    if (target == RbmTargetKind::Data && dataPath.empty())
        throw ParameterError("data", "the data target needs a .npy file of samples");
    if (target != RbmTargetKind::Data) requireInRange("m2", m2, 0.01, 100.0);
    requireInRange("hidden", hidden, 1, kMaxHidden);
    requireInRange("mu2", mu2, 0.01, 1e4);
    requireInRange("sigma", sigma, 0.01, 100.0);
    requireInRange("initScale", initScale, 0.0, 10.0);
    if (learningRate != 0.0) requireInRange("learningRate", learningRate, 1e-6, 10.0);
    requireInRange("momentum", momentum, 0.0, 0.99);
    requireInRange("l2", l2, 0.0, 1.0);
    requireInRange("lrDecay", lrDecay, 0.01, 1.0);
    requireInRange("decayEvery", decayEvery, 0, 1000000);
    requireInRange("batch", batch, 1, 100000);
    requireInRange("gibbsSteps", gibbsSteps, 1, 1000);
    requireInRange("dataSamples", dataSamples, 2, 10000000);
    requireInRange("epochs", epochs, 1, 10000000);
    requireInRange("epochsPerStep", epochsPerStep, 1, 100000);
    if (target != RbmTargetKind::Data && gradient == RbmGradient::Samples && batch > dataSamples)
        throw ParameterError("batch", "larger than the number of samples (dataSamples)");
}

RbmExperiment::RbmExperiment(const RbmParams& p) : RbmExperiment(p, makeTarget(validated(p), RngStream(p.seed, 0))) {}

RbmExperiment::RbmExperiment(const RbmParams& p, RbmTarget target)
    : m_p(validated(p)), m_target(std::move(target)), m_rng(p.seed, 1), m_noise(RngStream(p.seed, 2)),
      m_rbm(m_target.visible(), p.hidden, p.mu2, p.sigma, p.initScale, m_rng)
{
    if (p.target != RbmTargetKind::Data && m_target.visible() != visibleCount(p))
        throw ParameterError("sites", "target size does not match the parameters");
    if (p.gradient == RbmGradient::Samples && m_target.samples.rows() < p.batch)
        throw ParameterError("batch", "larger than the number of samples in the data (" +
                                          std::to_string(m_target.samples.rows()) + ")");
    if (!keepsPositiveDefinite(m_rbm.weights(), m_rbm.mu2()))
        throw ParameterError("initScale", "the initial weights already make K = μ²1 − σ²WWᵀ indefinite: lower "
                                          "initScale or raise mu2");
    m_velocity = Eigen::MatrixXd::Zero(m_rbm.visible(), m_rbm.hidden());
    const int nv = m_rbm.visible();
    if (nv <= kTrackedModes)
        for (int i = 0; i < nv; ++i)
            m_tracked.push_back(i);
    else
        for (int k = 0; k < kTrackedModes; ++k)
            m_tracked.push_back(int(std::lround(double(k) * (nv - 1) / (kTrackedModes - 1))));
    m_histSpectrum.assign(m_tracked.size(), {});
    if (p.gradient == RbmGradient::Samples) {
        m_chains.resize(p.batch, nv);
        const double s = 1.0 / std::sqrt(p.mu2);
        for (Eigen::Index r = 0; r < m_chains.rows(); ++r)
            for (Eigen::Index i = 0; i < nv; ++i)
                m_chains(r, i) = s * m_rng.normal();
        m_order.resize(std::size_t(m_target.samples.rows()));
    }
    recordHistory();
}

void RbmExperiment::setEpochsPerStep(int n)
{
    requireInRange("epochsPerStep", n, 1, 100000);
    m_p.epochsPerStep = n;
}

bool RbmExperiment::keepsPositiveDefinite(const Eigen::MatrixXd& w, double mu2)
{
    if (!(mu2 > 0)) return false;
    const double s2 = m_p.sigma * m_p.sigma;
    if (w.rows() <= kExactCheckLimit) {
        Eigen::MatrixXd k = -s2 * (w * w.transpose());
        k.diagonal().array() += mu2;
        Eigen::LLT<Eigen::MatrixXd> llt(k);
        return llt.info() == Eigen::Success && llt.matrixLLT().diagonal().minCoeff() > 1e-9 * std::sqrt(mu2);
    }
    // K ≻ 0 ⇔ σ² λ_max(WᵀW) < μ²; power iteration (warm-started, so a few
    // iterations suffice) underestimates λ_max, hence the 1 % margin.
    if (m_topVector.size() != w.cols()) m_topVector = Eigen::VectorXd::Ones(w.cols()).normalized();
    double lambda = 0;
    for (int it = 0; it < 30; ++it) {
        Eigen::VectorXd next = w.transpose() * (w * m_topVector);
        const double norm = next.norm();
        if (!(norm > 0)) return true;
        const double previous = lambda;
        lambda = m_topVector.dot(next);
        m_topVector = next / norm;
        if (it > 3 && std::abs(lambda - previous) < 1e-6 * lambda) break;
    }
    return s2 * lambda < 0.99 * mu2;
}

void RbmExperiment::applyStep(const Eigen::MatrixXd& gradW, double gradMu2, double lr)
{
    const Eigen::MatrixXd& w = m_rbm.weights();
    // Ascent on ℓ − (l2/2)|W|², with momentum.
    Eigen::MatrixXd v = m_p.momentum * m_velocity + lr * (gradW - m_p.l2 * w);
    double vMu2 = m_p.learnMu2 ? m_p.momentum * m_mu2Velocity + lr * gradMu2 : 0.0;
    for (int halvings = 0;; ++halvings) {
        if (keepsPositiveDefinite(w + v, m_rbm.mu2() + vMu2)) break;
        if (halvings == 30) { // no step keeps K positive definite: stay, forget the momentum
            v.setZero();
            vMu2 = 0;
            break;
        }
        if (halvings == 0) ++m_backoffs;
        v *= 0.5;
        vMu2 *= 0.5;
    }
    m_velocity = v;
    m_mu2Velocity = vMu2;
    m_rbm.setWeights(w + v);
    m_rbm.setMu2(m_rbm.mu2() + vMu2);
}

Eigen::MatrixXd RbmExperiment::sampledModelCovariance()
{
    m_rbm.gibbs(m_chains, m_p.gibbsSteps, m_noise);
    return (m_chains.transpose() * m_chains) / double(m_chains.rows());
}

void RbmExperiment::update()
{
    if (done()) return;
    const double lr = m_p.effectiveLearningRate() * std::pow(m_p.lrDecay, double(m_epoch / m_p.effectiveDecayEvery()));
    if (m_p.gradient == RbmGradient::Kernel) {
        const auto inverse = m_rbm.inverseKernel();
        if (!inverse) throw std::logic_error("K lost positive definiteness"); // applyStep prevents this
        applyStep(m_rbm.weightGradient(m_target.covariance, *inverse),
                  GaussianRbm::mu2Gradient(m_target.covariance, *inverse), lr);
        endEpoch();
        return;
    }
    const Eigen::Index n = m_target.samples.rows();
    if (m_cursor == 0) { // a new epoch: a fresh order of the samples (Fisher–Yates)
        for (std::size_t i = 0; i < m_order.size(); ++i)
            m_order[i] = int(i);
        for (std::size_t i = m_order.size() - 1; i > 0; --i)
            std::swap(m_order[i], m_order[m_rng.below(std::uint32_t(i + 1))]);
    }
    const auto b = std::min<std::size_t>(std::size_t(m_p.batch), std::size_t(n) - m_cursor);
    Eigen::MatrixXd x(Eigen::Index(b), m_target.samples.cols());
    for (std::size_t r = 0; r < b; ++r)
        x.row(Eigen::Index(r)) = m_target.samples.row(m_order[m_cursor + r]);
    const Eigen::MatrixXd data = (x.transpose() * x) / double(b);
    const Eigen::MatrixXd model = sampledModelCovariance();
    applyStep(m_rbm.weightGradient(data, model), GaussianRbm::mu2Gradient(data, model), lr);
    m_cursor += b;
    // A last partial batch smaller than half a batch is dropped (noisy).
    if (m_cursor + std::size_t(m_p.batch) / 2 >= std::size_t(n)) {
        m_cursor = 0;
        endEpoch();
    }
}

void RbmExperiment::endEpoch()
{
    ++m_epoch;
    const bool every = m_rbm.visible() <= 128 || m_epoch % 10 == 0 || done();
    if (every) recordHistory();
}

void RbmExperiment::recordHistory()
{
    const Eigen::VectorXd s = m_rbm.spectrum();
    m_spectrum.assign(s.data(), s.data() + s.size());
    m_logLikelihood = m_rbm.logLikelihood(m_target.covariance);
    m_histEpoch.push_back(m_epoch);
    m_histMu2.push_back(m_rbm.mu2());
    m_histLl.push_back(m_logLikelihood);
    for (std::size_t k = 0; k < m_tracked.size(); ++k)
        m_histSpectrum[k].push_back(s[m_tracked[k]]);
    if (m_histEpoch.size() >= kHistoryCap) {
        // Keep the first point (the start) and every other one after it.
        keepEveryOther(m_histEpoch);
        keepEveryOther(m_histMu2);
        keepEveryOther(m_histLl);
        for (auto& h : m_histSpectrum)
            keepEveryOther(h);
    }
    m_weightsShown = std::make_shared<const Eigen::MatrixXd>(m_rbm.weights());
}

void RbmExperiment::step(Feedback& feedback)
{
    const auto t0 = std::chrono::steady_clock::now();
    const int startEpoch = m_epoch;
    while (!done() && m_epoch - startEpoch < m_p.epochsPerStep) {
        update();
        if (feedback.isCancelled() || std::chrono::steady_clock::now() - t0 > kStepBudget) break;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_seconds += seconds;
    ++m_steps;
    if (m_secondsToOnePercent < 0 && maxRelativeError() < 0.01) m_secondsToOnePercent = m_seconds;
}

double RbmExperiment::maxRelativeError(int* representable) const
{
    // Modes below μ² among the lowest N_h can be matched; the rest sit at μ².
    int below = 0;
    for (double e : m_target.spectrum)
        below += e < m_rbm.mu2() ? 1 : 0;
    const int r = std::min({below, m_rbm.hidden(), int(m_spectrum.size())});
    double worst = 0;
    for (int i = 0; i < r; ++i) {
        const double exact = m_target.spectrum[std::size_t(i)];
        worst = std::max(worst, std::abs(m_spectrum[std::size_t(i)] - exact) / exact);
    }
    if (representable) *representable = r;
    return worst;
}

std::shared_ptr<const ExperimentSnapshot> RbmExperiment::snapshot() const { return current(); }

std::shared_ptr<const RbmSnapshot> RbmExperiment::current() const
{
    auto s = std::make_shared<RbmSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->targetDescription = m_target.description;
    s->epoch = m_epoch;
    s->done = done();
    s->mu2 = m_rbm.mu2();
    s->spectrum = m_spectrum;
    s->exactSpectrum = m_target.spectrum;
    s->inverseSpectrum = m_target.inverseSpectrum;
    s->historyEpoch = m_histEpoch;
    s->historyMu2 = m_histMu2;
    s->historyLogLikelihood = m_histLl;
    s->trackedModes = m_tracked;
    s->historySpectrum = m_histSpectrum;
    s->weights = m_weightsShown;
    s->logLikelihood = m_logLikelihood;
    s->backoffs = m_backoffs;
    s->seconds = m_seconds;
    s->secondsToOnePercent = m_secondsToOnePercent;
    s->maxRelativeError = maxRelativeError(&s->representable);
    for (double e : m_spectrum)
        s->clamped += std::abs(e - s->mu2) <= 0.005 * s->mu2 ? 1 : 0;
    return s;
}

} // namespace dlab::fieldtheory
