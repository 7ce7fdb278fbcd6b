#include "engine/experiments/fieldtheory/DiffusionExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/Npy.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::fieldtheory {
namespace {

constexpr auto kStepBudget = std::chrono::milliseconds(20);
constexpr int kSampleBatch = 64; // configurations generated together
constexpr int kHistogramBins = 40;
const std::vector<double> kStripTimes{1.0, 0.8, 0.6, 0.45, 0.3, 0.15, 0.0};

Eigen::MatrixXd loadSet(const std::string& path, const char* field, int L)
{
    NpyArray a;
    try {
        a = readNpy(path);
    } catch (const NpyError& e) {
        throw ParameterError(field, e.what());
    }
    if (a.shape.size() != 3 || a.shape[1] != a.shape[2])
        throw ParameterError(field, path + ": expected configurations [count, L, L]");
    if (int(a.shape[1]) != L)
        throw ParameterError(field, path + ": holds L = " + std::to_string(a.shape[1]) +
                                        " configurations, expected L = " + std::to_string(L));
    const auto V = Eigen::Index(L) * L, n = Eigen::Index(a.shape[0]);
    if (n < 16) throw ParameterError(field, path + ": needs at least 16 configurations");
    Eigen::MatrixXd x(V, n);
    std::copy(a.values.begin(), a.values.end(), x.data()); // [k, y, x] in C order = column k, site x + L·y
    return x;
}

fields::Phi4EnsembleOptions dataChains(const DiffusionParams& p, int configurations, std::uint64_t streamBase)
{
    fields::Phi4EnsembleOptions o;
    o.chains = p.hmcChains;
    o.thermalize = p.hmcThermalize;
    o.saveEvery = p.hmcEvery;
    o.maxSavedPerChain = (configurations + p.hmcChains - 1) / p.hmcChains;
    o.updatesPerChain = (long long)o.maxSavedPerChain * p.hmcEvery;
    o.seed = p.seed;
    o.streamBase = streamBase;
    return o;
}

const DiffusionParams& validated(const DiffusionParams& p)
{
    p.validate();
    return p;
}

} // namespace

std::string toString(DiffusionPhase p)
{
    switch (p) {
    case DiffusionPhase::Data:
        return "data";
    case DiffusionPhase::Training:
        return "training";
    case DiffusionPhase::Sampling:
        return "sampling";
    case DiffusionPhase::Langevin:
        return "langevin";
    case DiffusionPhase::Done:
        return "done";
    }
    return "?";
}

void DiffusionParams::validate() const
{
    requireInRange("L", L, 2, kMaxL);
    requireInRange("kappa", kappa, -2.0, 2.0);
    requireInRange("lambda", lambda, 0.0, 10.0);
    if (lambda == 0.0 && !(std::abs(kappa) < 0.25))
        throw ParameterError("kappa", "at lambda = 0 (the free field) |kappa| must stay below 0.25");
    requireInRange("trainSize", trainSize, 64, 1000000);
    requireInRange("samples", samples, 16, 1000000);
    requireInRange("hmcChains", hmcChains, 1, 256);
    requireInRange("hmcEvery", hmcEvery, 1, 100000);
    requireInRange("hmcThermalize", hmcThermalize, 0, 10000000);
    requireInRange("channels", channels, 1, 256);
    requireInRange("layers", layers, 2, 16);
    requireInRange("zeroModeWeight", zeroModeWeight, 0.0, 1e4);
    if (sigmaMax != 0.0 && !(sigmaMax >= 1.5 && sigmaMax <= 1000.0))
        throw ParameterError("sigmaMax",
                             "must be 0 (from the data) or in [1.5, 1000], got " + std::to_string(sigmaMax));
    requireInRange("tMin", tMin, 1e-6, 0.5);
    requireInRange("epochs", epochs, 1, 100000);
    requireInRange("batch", batch, 1, 4096);
    requireInRange("learningRate", learningRate, 1e-6, 1.0);
    requireInRange("emaDecay", emaDecay, 0.0, 0.99999);
    requireInRange("reverseSteps", reverseSteps, 1, 100000);
    requireInRange("langevinEpsilon", langevinEpsilon, 1e-5, 1.0);
    requireInRange("langevinSteps", langevinSteps, 0, 10000000);
}

double dataSigmaMax(const Eigen::MatrixXd& configs)
{
    const Eigen::Index n = std::min<Eigen::Index>(512, configs.cols());
    const Eigen::MatrixXd x = configs.leftCols(n);
    const Eigen::VectorXd norms = x.colwise().squaredNorm().transpose();
    const Eigen::MatrixXd gram = x.transpose() * x;
    double largest = 0; // squared distance
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < j; ++i)
            largest = std::max(largest, norms[i] + norms[j] - 2.0 * gram(i, j));
    // σ(1)² = (σ_max² − 1)/(2 ln σ_max) grows with σ_max: bisect on ln σ_max.
    const auto sigma1Squared = [](double s) { return (s * s - 1.0) / (2.0 * std::log(s)); };
    double lo = std::log(25.0), hi = std::log(1000.0);
    if (sigma1Squared(std::exp(lo)) >= largest) return 25.0;
    if (sigma1Squared(std::exp(hi)) <= largest) return 1000.0;
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (lo + hi);
        (sigma1Squared(std::exp(mid)) < largest ? lo : hi) = mid;
    }
    return std::exp(hi);
}

fields::Phi4Estimates setEstimates(const Eigen::MatrixXd& configs, int chains)
{
    const Eigen::Index V = configs.rows(), n = configs.cols();
    chains = std::max(1, std::min<int>(chains, int(n)));
    const Eigen::Index per = n / chains;
    std::vector<std::vector<double>> m(static_cast<std::size_t>(chains)), p(static_cast<std::size_t>(chains));
    for (int c = 0; c < chains; ++c)
        for (Eigen::Index k = c * per; k < (c + 1) * per; ++k) {
            m[std::size_t(c)].push_back(configs.col(k).mean());
            p[std::size_t(c)].push_back(configs.col(k).squaredNorm() / double(V));
        }
    return fields::phi4Estimates(m, p, int(V));
}

DiffusionExperiment::DiffusionExperiment(const DiffusionParams& p)
    : m_p(validated(p)), m_rng(p.seed, 1), m_noise(RngStream(p.seed, 2)), m_langevinNoise(RngStream(p.seed, 3))
{
    const fields::Phi4Action action(p.L, p.kappa, p.lambda);
    fields::FieldChainOptions hmc;
    hmc.signFlips = true;
    if (!p.trainPath.empty())
        m_train = loadSet(p.trainPath, "train", p.L);
    else
        m_trainChains = std::make_unique<fields::Phi4Ensemble>(action, hmc, dataChains(p, p.trainSize, 100));
    if (!p.testPath.empty())
        m_test = loadSet(p.testPath, "test", p.L);
    else
        m_testChains = std::make_unique<fields::Phi4Ensemble>(action, hmc, dataChains(p, p.samples, 200));
    m_langevinSampler = std::make_unique<fields::LangevinSampler>(action);
}

void DiffusionExperiment::addSet(const std::string& name, const Eigen::MatrixXd& configs, int chains)
{
    DiffusionSet s;
    s.name = name;
    s.count = int(configs.cols());
    s.estimates = setEstimates(configs, chains);
    std::vector<std::vector<double>> m(1);
    for (Eigen::Index k = 0; k < configs.cols(); ++k)
        m[0].push_back(configs.col(k).mean());
    s.histogram = fields::magnetisationHistogram(m, kHistogramBins);
    m_sets.push_back(std::move(s));
}

void DiffusionExperiment::step(Feedback& feedback)
{
    const auto t0 = Clock::now(), deadline = t0 + kStepBudget;
    const DiffusionPhase phase = m_phase;
    switch (m_phase) {
    case DiffusionPhase::Data:
        stepData(deadline, feedback);
        break;
    case DiffusionPhase::Training:
        stepTraining(deadline, feedback);
        break;
    case DiffusionPhase::Sampling:
        stepSampling(deadline, feedback);
        break;
    case DiffusionPhase::Langevin:
        stepLangevin(deadline, feedback);
        break;
    case DiffusionPhase::Done:
        break;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    (phase == DiffusionPhase::Data       ? m_secondsData
     : phase == DiffusionPhase::Training ? m_secondsTraining
     : phase == DiffusionPhase::Sampling ? m_secondsSampling
                                         : m_secondsLangevin) += seconds;
    ++m_steps;
}

void DiffusionExperiment::stepData(Clock::time_point deadline, Feedback& feedback)
{
    for (auto* e : {m_trainChains.get(), m_testChains.get()})
        if (e && !e->done()) e->advance(1000, feedback, deadline);
    if ((m_trainChains && !m_trainChains->done()) || (m_testChains && !m_testChains->done())) return;
    const Eigen::Index V = Eigen::Index(m_p.L) * m_p.L;
    auto collect = [&](const fields::Phi4Ensemble& e, int& groups) {
        const std::vector<double> all = e.savedConfigurations();
        groups = e.chains();
        return Eigen::MatrixXd(Eigen::Map<const Eigen::MatrixXd>(all.data(), V, Eigen::Index(all.size()) / V));
    };
    if (m_trainChains) m_train = collect(*m_trainChains, m_trainGroups);
    if (m_testChains) m_test = collect(*m_testChains, m_testGroups);
    m_trainChains.reset();
    m_testChains.reset();
    addSet("HMC training", m_train, m_trainGroups);
    addSet("HMC test", m_test, m_testGroups);
    startTraining();
}

void DiffusionExperiment::startTraining()
{
    if (m_p.sigmaMax == 0.0) m_p.sigmaMax = dataSigmaMax(m_train);
    const VeSde sde = m_p.sde();
    ScoreNetworkShape shape;
    shape.L = m_p.L;
    shape.channels = m_p.channels;
    shape.layers = m_p.layers;
    shape.sigmaData = std::sqrt(m_train.squaredNorm() / double(m_train.size()));
    shape.sigmaMin = sde.sigma(sde.tMin);
    shape.sigmaMax = sde.sigma(1.0);
    shape.zeroModeWeight = m_p.zeroModeWeight;
    m_net = ScoreNetwork(shape, m_rng);
    m_adam = std::make_unique<nn::Adam>(m_net.parameters().size(), m_p.learningRate);
    m_ema = m_net.parameters();
    m_order.resize(std::size_t(m_train.cols()));
    // A fixed probe of test configurations, noise and noise levels: the test
    // loss curve compares like with like from epoch to epoch.
    const Eigen::Index probe = std::min<Eigen::Index>(256, m_test.cols());
    m_probeX = m_test.leftCols(probe);
    m_probeZ.resize(m_probeX.rows(), probe);
    m_probeSigma.resize(probe);
    for (Eigen::Index i = 0; i < m_probeZ.size(); ++i)
        m_probeZ.data()[i] = m_noise.normal();
    for (Eigen::Index b = 0; b < probe; ++b)
        m_probeSigma[b] = sde.sigma(sde.tMin + (1.0 - sde.tMin) * m_noise.uniform());
    m_phase = DiffusionPhase::Training;
}

void DiffusionExperiment::stepTraining(Clock::time_point deadline, Feedback& feedback)
{
    const VeSde sde = m_p.sde();
    const Eigen::Index V = m_train.rows(), n = m_train.cols();
    while (m_phase == DiffusionPhase::Training && Clock::now() < deadline && !feedback.isCancelled()) {
        if (m_cursor == 0) {
            for (std::size_t i = 0; i < m_order.size(); ++i)
                m_order[i] = int(i);
            for (std::size_t i = m_order.size() - 1; i > 0; --i)
                std::swap(m_order[i], m_order[m_rng.below(std::uint32_t(i + 1))]);
        }
        const Eigen::Index b = std::min<Eigen::Index>(m_p.batch, n - Eigen::Index(m_cursor));
        Eigen::MatrixXd x0(V, b), z(V, b);
        Eigen::VectorXd sigma(b);
        for (Eigen::Index k = 0; k < b; ++k) {
            x0.col(k) = m_train.col(m_order[m_cursor + std::size_t(k)]);
            sigma[k] = sde.sigma(sde.tMin + (1.0 - sde.tMin) * m_noise.uniform());
        }
        for (Eigen::Index i = 0; i < z.size(); ++i)
            z.data()[i] = m_noise.normal();
        m_lossSum += m_net.lossAndGradient(x0, z, sigma, m_gradient);
        ++m_lossBatches;
        m_adam->step(m_net.parameters(), m_gradient);
        // EMA with a warm-up: early on the average must not remember the
        // random initial weights for a thousand steps.
        ++m_updates;
        const double decay = std::min(m_p.emaDecay, (1.0 + double(m_updates)) / (10.0 + double(m_updates)));
        m_ema = decay * m_ema + (1.0 - decay) * m_net.parameters();
        m_cursor += std::size_t(b);
        if (m_cursor >= std::size_t(n)) endEpoch();
    }
}

void DiffusionExperiment::endEpoch()
{
    m_cursor = 0;
    m_trainLoss.push_back(m_lossSum / std::max(1, m_lossBatches));
    m_lossSum = 0;
    m_lossBatches = 0;
    ScoreNetwork averaged = m_net;
    averaged.parameters() = m_ema;
    m_testLoss.push_back(averaged.loss(m_probeX, m_probeZ, m_probeSigma));
    ++m_epoch;
    m_adam->setLearningRate(m_p.learningRate * std::pow(0.1, double(m_epoch) / m_p.epochs));
    if (m_epoch < m_p.epochs) return;
    m_net.parameters() = m_ema; // sample with the averaged weights
    m_adam.reset();
    m_phase = DiffusionPhase::Sampling;
}

Eigen::MatrixXd DiffusionExperiment::priorSample(int columns, std::uint64_t stream) const
{
    fields::FieldRandom r{RngStream(m_p.seed, stream)};
    const double s = m_p.sde().sigma(1.0);
    Eigen::MatrixXd x(Eigen::Index(m_p.L) * m_p.L, columns);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = s * r.normal();
    return x;
}

void DiffusionExperiment::stepSampling(Clock::time_point deadline, Feedback& feedback)
{
    const VeSde sde = m_p.sde();
    const ScoreFunction score = [&](const Eigen::MatrixXd& x, double t) {
        return m_net.score(x, Eigen::VectorXd::Constant(x.cols(), sde.sigma(t)));
    };
    const int batches = (m_p.samples + kSampleBatch - 1) / kSampleBatch;
    while (m_phase == DiffusionPhase::Sampling && Clock::now() < deadline && !feedback.isCancelled()) {
        if (!m_reverse) {
            const int columns = std::min(kSampleBatch, m_p.samples - m_batchIndex * kSampleBatch);
            // Each batch has its own prior and noise streams: the result does
            // not depend on how the work is cut into steps.
            m_reverse = std::make_unique<ReverseDiffusion>(sde, m_p.sampler, m_p.reverseSteps,
                                                           priorSample(columns, 1000 + std::uint64_t(m_batchIndex)),
                                                           RngStream(m_p.seed, 2000 + std::uint64_t(m_batchIndex)));
        }
        // The strip follows the first configuration from noise to field.
        if (m_batchIndex == 0 && m_strip.size() < kStripTimes.size() &&
            m_reverse->time() <= kStripTimes[m_strip.size()] + 1e-12) {
            const auto c = m_reverse->state().col(0);
            m_strip.emplace_back(c.data(), c.data() + c.size());
            m_stripTimes.push_back(m_reverse->time());
        }
        m_reverse->advance(score);
        if (!m_reverse->done()) continue;
        if (m_batchIndex == 0) {
            const auto c = m_reverse->state().col(0);
            m_strip.emplace_back(c.data(), c.data() + c.size());
            m_stripTimes.push_back(sde.tMin);
        }
        const Eigen::MatrixXd& x = m_reverse->state();
        Eigen::MatrixXd grown(x.rows(), m_generated.cols() + x.cols());
        if (m_generated.cols()) grown.leftCols(m_generated.cols()) = m_generated;
        grown.rightCols(x.cols()) = x;
        m_generated = std::move(grown);
        m_reverse.reset();
        if (++m_batchIndex == batches) {
            addSet(m_p.sampler == ReverseSampler::Sde ? "diffusion model (reverse SDE)"
                                                      : "diffusion model (probability-flow ODE)",
                   m_generated, 1);
            m_phase = m_p.langevinSteps > 0 ? DiffusionPhase::Langevin : DiffusionPhase::Done;
        }
    }
}

void DiffusionExperiment::stepLangevin(Clock::time_point deadline, Feedback& feedback)
{
    const Eigen::Index V = Eigen::Index(m_p.L) * m_p.L;
    if (m_langevin.size() == 0) {
        // White noise with the data's ⟨φ²⟩, then the exact drift.
        const double s = std::sqrt(m_train.squaredNorm() / double(m_train.size()));
        m_langevin.resize(V, m_p.samples);
        for (Eigen::Index i = 0; i < m_langevin.size(); ++i)
            m_langevin.data()[i] = s * m_langevinNoise.normal();
    }
    std::vector<double> phi(static_cast<std::size_t>(V));
    while (m_langevinStep < m_p.langevinSteps && Clock::now() < deadline && !feedback.isCancelled()) {
        for (Eigen::Index k = 0; k < m_langevin.cols(); ++k) {
            std::copy(m_langevin.col(k).data(), m_langevin.col(k).data() + V, phi.begin());
            m_langevinSampler->langevinStep(phi, m_langevinNoise, m_p.langevinEpsilon);
            std::copy(phi.begin(), phi.end(), m_langevin.col(k).data());
        }
        ++m_langevinStep;
    }
    if (m_langevinStep < m_p.langevinSteps) return;
    addSet("Langevin, exact drift (" + std::to_string(m_p.langevinSteps) + " steps)", m_langevin, 1);
    m_phase = DiffusionPhase::Done;
}

std::shared_ptr<const ExperimentSnapshot> DiffusionExperiment::snapshot() const { return current(); }

std::shared_ptr<const DiffusionSnapshot> DiffusionExperiment::current() const
{
    auto s = std::make_shared<DiffusionSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->phase = m_phase;
    s->epoch = m_epoch;
    s->trainLoss = m_trainLoss;
    s->testLoss = m_testLoss;
    s->strip = m_strip;
    s->stripTimes = m_stripTimes;
    s->sets = m_sets;
    s->secondsData = m_secondsData;
    s->secondsTraining = m_secondsTraining;
    s->secondsSampling = m_secondsSampling;
    s->secondsLangevin = m_secondsLangevin;
    s->done = done();
    switch (m_phase) {
    case DiffusionPhase::Data: {
        double have = 0, total = 0;
        for (const auto* e : {m_trainChains.get(), m_testChains.get()})
            if (e)
                for (int c = 0; c < e->chains(); ++c)
                    have += double(e->measuredUpdates(c));
        if (m_trainChains) total += double(m_p.hmcChains) * dataChains(m_p, m_p.trainSize, 0).updatesPerChain;
        if (m_testChains) total += double(m_p.hmcChains) * dataChains(m_p, m_p.samples, 0).updatesPerChain;
        s->progress = total > 0 ? have / total : 1.0;
        break;
    }
    case DiffusionPhase::Training:
        s->progress = (m_epoch + double(m_cursor) / double(std::max<Eigen::Index>(1, m_train.cols()))) / m_p.epochs;
        break;
    case DiffusionPhase::Sampling: {
        const int batches = (m_p.samples + kSampleBatch - 1) / kSampleBatch;
        const double within = m_reverse ? double(m_reverse->step()) / m_reverse->steps() : 0.0;
        s->progress = (m_batchIndex + within) / batches;
        break;
    }
    case DiffusionPhase::Langevin:
        s->progress = double(m_langevinStep) / std::max(1, m_p.langevinSteps);
        break;
    case DiffusionPhase::Done:
        s->progress = 1.0;
        break;
    }
    return s;
}

} // namespace dlab::fieldtheory
