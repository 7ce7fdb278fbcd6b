#include "XyLearning.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/nn/BetaConditional.hpp"
#include "engine/nn/VonMisesMixture.hpp"

#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>
#include <thread>

namespace dlab::autoregressive {
namespace {

using Clock = std::chrono::steady_clock;
using Phase = XyLearningSnapshot::Phase;

constexpr auto kStepBudget = std::chrono::milliseconds(15);
constexpr int kShown = 2;
constexpr std::uint64_t kStreamBase = 1ull << 40;
constexpr std::uint64_t kSplitStream = kStreamBase + 1, kInitStream = kStreamBase + 2, kShuffleStream = kStreamBase + 3,
                        kSampleStream = kStreamBase + 4;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::pair<double, double> meanAndError(const Eigen::VectorXd& v)
{
    const double m = v.mean();
    const double var = v.size() > 1 ? (v.array() - m).square().sum() / double(v.size() - 1) : 0.0;
    return {m, std::sqrt(var / double(v.size()))};
}

XyConfiguration configurationOfRow(const Eigen::MatrixXd& rows, Eigen::Index r, int L)
{
    std::vector<double> theta(static_cast<std::size_t>(rows.cols()));
    for (Eigen::Index i = 0; i < rows.cols(); ++i)
        theta[std::size_t(i)] = rows(r, i);
    return XyConfiguration::fromAngles(L, theta);
}

} // namespace

std::string toString(AngleConditional c) { return c == AngleConditional::VonMises ? "vonmises" : "beta"; }

AngleConditional parseAngleConditional(const std::string& name)
{
    if (name == "vonmises") return AngleConditional::VonMises;
    if (name == "beta") return AngleConditional::Beta;
    throw ParameterError("conditional", "unknown conditional '" + name + "' (allowed: vonmises, beta)");
}

void XyLearningParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("T", T, kMinT, kMaxT);
    requireInRange("samples", samples, 100, 1'000'000);
    requireInRange("heldOut", heldOut, 10, 1'000'000);
    requireInRange("chains", chains, 1, 4096);
    requireInRange("thermalize", thermalize, 0, 1'000'000);
    requireInRange("sweepsBetween", sweepsBetween, 1, 10'000);
    requireInRange("components", components, 1, 16);
    network.validate();
    requireInRange("epochs", epochs, 1, kMaxEpochs);
    requireInRange("batch", batch, 1, 100'000);
    requireInRange("learningRate", learningRate, 1e-6, 1.0);
    requireInRange("patience", patience, 0, kMaxEpochs);
    requireInRange("rotations", rotations, 1, 360);
    requireInRange("generated", generated, 10, 1'000'000);
}

XyLearningExperiment::XyLearningExperiment(const XyLearningParams& p) : m_p(p)
{
    m_p.validate();
    m_view = std::make_shared<XyLearningSnapshot>();
    m_view->params = m_p;
    m_stopping = EarlyStopping(m_p.patience, 1e-4);
}

void XyLearningExperiment::step(Feedback& feedback)
{
    switch (m_phase) {
    case Phase::Sampling:
        sampleStep(feedback);
        break;
    case Phase::Training:
        trainStep(feedback);
        break;
    case Phase::Done:
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // finished: idle, do not spin
        break;
    }
    ++m_steps;
}

void XyLearningExperiment::sampleStep(Feedback& feedback)
{
    const auto start = Clock::now();
    if (!m_mc) {
        XyMonteCarloParams mc;
        mc.L = m_p.L;
        mc.T = m_p.T;
        mc.algo = m_p.algo;
        mc.chains = m_p.chains;
        mc.thermalize = m_p.thermalize;
        const int rounds = (m_p.samples + m_p.heldOut + m_p.chains - 1) / m_p.chains;
        mc.sweeps = rounds * m_p.sweepsBetween;
        mc.keepEvery = m_p.sweepsBetween;
        mc.sweepsPerStep = 1;
        mc.seed = m_p.seed;
        m_mc.emplace(mc);
    }
    while (!m_mc->finished() && Clock::now() - start < kStepBudget && !feedback.isCancelled())
        m_mc->step(feedback);
    m_secondsSampling += seconds(start);
    if (m_mc->finished()) startTraining();
}

void XyLearningExperiment::startTraining()
{
    const auto& kept = m_mc->kept();
    const std::size_t n = std::size_t(m_p.samples) + std::size_t(m_p.heldOut);
    std::vector<int> perm(kept.size());
    std::iota(perm.begin(), perm.end(), 0);
    RngStream split(m_p.seed, kSplitStream);
    for (std::size_t i = perm.size() - 1; i > 0; --i)
        std::swap(perm[i], perm[split.below(std::uint32_t(i + 1))]);
    const int N = m_p.L * m_p.L;
    m_test.resize(m_p.heldOut, N);
    m_train.resize(m_p.samples, N);
    for (std::size_t r = 0; r < n; ++r) {
        const auto& angles = kept[std::size_t(perm[r])];
        auto row = r < std::size_t(m_p.heldOut) ? m_test.row(Eigen::Index(r))
                                                : m_train.row(Eigen::Index(r - std::size_t(m_p.heldOut)));
        for (int i = 0; i < N; ++i)
            row[i] = angles[std::size_t(i)];
    }
    auto view = std::make_shared<XyLearningSnapshot>(*m_view);
    view->mc = m_mc->estimates();
    view->vortexMc = view->mc.vortexDensity;
    view->energyMc = view->mc.energyPerSite;
    for (int k = 0; k < kShown; ++k) {
        const XyConfiguration c = configurationOfRow(m_test, k, m_p.L);
        view->mcAngles.push_back(c.angles());
        view->mcVortices.push_back(vortexCharges(c));
    }
    m_mc.reset();

    std::shared_ptr<const nn::Conditional> conditional;
    if (m_p.conditional == AngleConditional::VonMises)
        conditional = std::make_shared<nn::VonMisesMixture>(m_p.components);
    else
        conditional = std::make_shared<nn::BetaConditional>();
    RngStream init(m_p.seed, kInitStream);
    m_model = nn::AutoregressiveModel(m_p.network.shape(N), conditional, init);
    m_adam.emplace(m_model.parameters().size(), m_p.learningRate);
    m_bestParameters = m_model.parameters();
    m_order.resize(std::size_t(m_p.samples));
    m_phase = Phase::Training;
    m_view = view;
}

void XyLearningExperiment::trainStep(Feedback& feedback)
{
    const auto start = Clock::now();
    const int perEpoch = (m_p.samples + m_p.batch - 1) / m_p.batch;
    Eigen::VectorXd gradient;
    while (Clock::now() - start < kStepBudget && !feedback.isCancelled() && m_phase == Phase::Training) {
        if (m_batchInEpoch == 0) {
            std::iota(m_order.begin(), m_order.end(), 0);
            RngStream shuffle = RngStream(m_p.seed, kShuffleStream).child(std::uint64_t(m_epoch));
            for (std::size_t i = m_order.size() - 1; i > 0; --i)
                std::swap(m_order[i], m_order[shuffle.below(std::uint32_t(i + 1))]);
            m_epochLossSum = 0;
            m_epochRows = 0;
        }
        const int r0 = m_batchInEpoch * m_p.batch, n = std::min(m_p.batch, m_p.samples - r0);
        Eigen::MatrixXd rows(n, m_train.cols());
        for (int r = 0; r < n; ++r)
            rows.row(r) = m_train.row(m_order[std::size_t(r0 + r)]);
        const Eigen::VectorXd weights = Eigen::VectorXd::Constant(n, -1.0 / n);
        const Eigen::VectorXd logp = m_model.weightedLogProbGradient(rows, weights, gradient);
        m_adam->step(m_model.parameters(), gradient);
        m_epochLossSum -= logp.sum();
        m_epochRows += n;
        if (++m_batchInEpoch == perEpoch) {
            m_batchInEpoch = 0;
            ++m_epoch;
            endEpoch();
        }
    }
    m_secondsTraining += seconds(start);
}

void XyLearningExperiment::endEpoch()
{
    auto view = std::make_shared<XyLearningSnapshot>(*m_view);
    const int N = m_p.L * m_p.L;
    const auto [nll, nllError] = meanAndError(-m_model.logProb(m_test));
    view->heldOutNll = nll / N;
    view->heldOutNllError = nllError / N;
    view->epochs.push_back(m_epoch);
    view->trainNll.push_back(m_epochLossSum / double(m_epochRows) / N);
    view->testNll.push_back(view->heldOutNll);
    evaluateO2(*view);
    view->spreadHistory.push_back(view->o2Spread);
    const bool improved = view->heldOutNll < m_stopping.best() - 1e-4;
    const bool stop = m_stopping.update(view->heldOutNll);
    if (improved) m_bestParameters = m_model.parameters();
    view->networkAngles.clear();
    view->networkVortices.clear();
    const Eigen::MatrixXd shown = networkSamples(kShown, std::uint64_t(m_epoch));
    for (int k = 0; k < kShown; ++k) {
        const XyConfiguration c = configurationOfRow(shown, k, m_p.L);
        view->networkAngles.push_back(c.angles());
        view->networkVortices.push_back(vortexCharges(c));
    }
    if (stop || m_epoch >= m_p.epochs) {
        m_model.parameters() = m_bestParameters; // the network that did best on held-out data
        const auto [nll2, nllError2] = meanAndError(-m_model.logProb(m_test));
        view->heldOutNll = nll2 / N;
        view->heldOutNllError = nllError2 / N;
        evaluateO2(*view);
        evaluateSamples(*view);
        m_phase = Phase::Done;
        m_train.resize(0, 0);
    }
    m_view = view;
}

void XyLearningExperiment::evaluateO2(XyLearningSnapshot& s) const
{
    const int N = m_p.L * m_p.L;
    s.o2.clear();
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    Eigen::VectorXd unrotated;
    for (int k = 0; k <= m_p.rotations; ++k) {
        const double alpha = 2 * std::numbers::pi * k / m_p.rotations;
        Eigen::MatrixXd rotated = m_test.array() + alpha;
        rotated = rotated.unaryExpr([](double t) { return std::fmod(t, 2 * std::numbers::pi); });
        const Eigen::VectorXd h = -m_p.T * m_model.logProb(rotated) / N;
        if (k == 0) unrotated = h;
        // The same configurations at every α: the error that matters for the
        // flatness is that of the paired difference from α = 0.
        const double mean = h.mean();
        const double error = k == 0 ? 0.0 : meanAndError(h - unrotated).second;
        s.o2.push_back({alpha, mean, error});
        lo = std::min(lo, mean);
        hi = std::max(hi, mean);
        sum += mean;
    }
    const double mean = sum / double(s.o2.size());
    s.o2Spread = mean != 0 ? (hi - lo) / std::abs(mean) : 0;
}

void XyLearningExperiment::evaluateSamples(XyLearningSnapshot& s) const
{
    const Eigen::MatrixXd samples = networkSamples(m_p.generated, 1u << 30);
    Eigen::VectorXd rho(samples.rows()), e(samples.rows());
    for (Eigen::Index r = 0; r < samples.rows(); ++r) {
        const XyConfiguration c = configurationOfRow(samples, r, m_p.L);
        rho[r] = vortexDensity(c);
        e[r] = xyEnergy(c) / c.sites();
    }
    const auto [rm, re] = meanAndError(rho);
    const auto [em, ee] = meanAndError(e);
    s.vortexGenerated = {rm, re};
    s.energyGenerated = {em, ee};
}

Eigen::MatrixXd XyLearningExperiment::networkSamples(int count, std::uint64_t stream) const
{
    if (m_model.sites() == 0) return {};
    return m_model.sample(count, RngStream(m_p.seed, kSampleStream).child(stream));
}

std::shared_ptr<const ExperimentSnapshot> XyLearningExperiment::snapshot() const
{
    auto s = std::make_shared<XyLearningSnapshot>(*m_view);
    s->step = m_steps;
    s->phase = m_phase;
    s->epoch = m_epoch;
    s->secondsSampling = m_secondsSampling;
    s->secondsTraining = m_secondsTraining;
    s->finished = m_phase == Phase::Done;
    switch (m_phase) {
    case Phase::Sampling:
        if (m_mc) {
            const auto mc = std::static_pointer_cast<const XyMonteCarloSnapshot>(m_mc->snapshot());
            s->progress = 0.4 * mc->progress;
            if (!mc->angles.empty()) {
                s->mcAngles = {mc->angles};
                s->mcVortices = {mc->vortices};
            }
        }
        break;
    case Phase::Training:
        s->progress = 0.4 + 0.6 * double(m_epoch) / m_p.epochs;
        break;
    case Phase::Done:
        s->progress = 1;
        break;
    }
    return s;
}

} // namespace dlab::autoregressive
