#include "HamiltonianLearning.hpp"

#include "ExactIsing.hpp"
#include "SpinRows.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/nn/CategoricalConditional.hpp"
#include "engine/nn/SpinConditional.hpp"

#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

namespace dlab::autoregressive {
namespace {

using Clock = std::chrono::steady_clock;
using Phase = LearnedHamiltonianSnapshot::Phase;

constexpr auto kStepBudget = std::chrono::milliseconds(15);
constexpr int kShownSamples = 4;
constexpr std::size_t kMaxScatter = 4000;
// Stream ids under the run's seed: chains use 0 … chains − 1 (ChainEnsemble).
constexpr std::uint64_t kStreamBase = 1ull << 40;
constexpr std::uint64_t kSplitStream = kStreamBase + 1, kInitStream = kStreamBase + 2, kShuffleStream = kStreamBase + 3,
                        kSampleStream = kStreamBase + 4, kExactStream = kStreamBase + 5;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

int variablesPerSide(const LearnedHamiltonianParams& p)
{
    return p.input == HamiltonianInput::BlocksStride2 ? p.L / 2 : p.L;
}

// Mean and standard error of the mean.
std::pair<double, double> meanAndError(const Eigen::VectorXd& v)
{
    const double m = v.mean();
    const double var = v.size() > 1 ? (v.array() - m).square().sum() / double(v.size() - 1) : 0.0;
    return {m, std::sqrt(var / double(v.size()))};
}

} // namespace

std::string toString(HamiltonianInput input)
{
    switch (input) {
    case HamiltonianInput::Spins:
        return "spins";
    case HamiltonianInput::BlocksStride1:
        return "blocks1";
    case HamiltonianInput::BlocksStride2:
        return "blocks2";
    }
    return "spins";
}

HamiltonianInput parseHamiltonianInput(const std::string& name)
{
    for (auto i : {HamiltonianInput::Spins, HamiltonianInput::BlocksStride1, HamiltonianInput::BlocksStride2})
        if (toString(i) == name) return i;
    throw ParameterError("input", "unknown input '" + name + "' (allowed: spins, blocks1, blocks2)");
}

std::string toString(IsingData data) { return data == IsingData::Exact ? "exact" : "mc"; }

IsingData parseIsingData(const std::string& name)
{
    if (name == "mc") return IsingData::MonteCarlo;
    if (name == "exact") return IsingData::Exact;
    throw ParameterError("data", "unknown data source '" + name + "' (allowed: mc, exact)");
}

void LearnedHamiltonianParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("beta", beta, kMinBeta, kMaxBeta);
    requireInRange("samples", samples, kMinSamples, kMaxSamples);
    requireInRange("heldOut", heldOut, 10, kMaxSamples);
    if (input == HamiltonianInput::BlocksStride2 && (L % 2 != 0 || L < 4))
        throw ParameterError("L", "stride-2 block spins need an even L ≥ 4");
    if (data == IsingData::Exact && L > ExactIsing::kMaxL)
        throw ParameterError("data", "exact samples need L ≤ " + std::to_string(ExactIsing::kMaxL) +
                                         " (all 2^(L²) states are enumerated)");
    requireInRange("chains", chains, 1, 4096);
    requireInRange("thermalize", thermalize, 0, 1'000'000);
    requireInRange("sweepsBetween", sweepsBetween, 1, 10'000);
    network.validate();
    requireInRange("epochs", epochs, 1, kMaxEpochs);
    requireInRange("batch", batch, 1, 100'000);
    requireInRange("learningRate", learningRate, 1e-6, 1.0);
    requireInRange("patience", patience, 0, kMaxEpochs);
}

LearnedHamiltonianExperiment::LearnedHamiltonianExperiment(const LearnedHamiltonianParams& p) : m_p(p)
{
    m_p.validate();
    m_view = std::make_shared<LearnedHamiltonianSnapshot>();
    m_view->params = m_p;
    const int side = variablesPerSide(m_p);
    m_view->side = side;
    m_view->variables = side * side;
    const auto exact = exact::kaufmanTorus(m_p.L, m_p.beta);
    m_view->exactFreeEnergy = exact.freeEnergyPerSite;
    m_view->exactEnergy = exact.energyPerSite;
    m_view->exactEntropy = m_p.beta * (exact.energyPerSite - exact.freeEnergyPerSite);
    m_stopping = EarlyStopping(m_p.patience, 1e-4);
}

void LearnedHamiltonianExperiment::step(Feedback& feedback)
{
    switch (m_phase) {
    case Phase::Sampling:
        sampleStep(feedback);
        break;
    case Phase::Training:
        trainStep(feedback);
        break;
    case Phase::Done:
        // Finished: idle instead of spinning a core while the runner runs.
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        break;
    }
    ++m_steps;
}

void LearnedHamiltonianExperiment::sampleStep(Feedback& feedback)
{
    const auto start = Clock::now();
    const std::size_t wanted = std::size_t(m_p.samples) + std::size_t(m_p.heldOut);
    if (m_p.data == IsingData::Exact) {
        const ExactIsing exact(m_p.L, m_p.beta);
        RngStream rng(m_p.seed, kExactStream);
        const Eigen::MatrixXd rows = exact.sample(int(wanted), rng);
        for (Eigen::Index r = 0; r < rows.rows(); ++r)
            m_collected.push_back(rows.row(r).transpose());
        m_secondsSampling += seconds(start);
        startTraining();
        return;
    }
    if (!m_chains) {
        // Cold start in the ordered phase: shorter thermalisation.
        const auto from = m_p.beta > 0.4406868 ? ChainEnsemble::Start::Cold : ChainEnsemble::Start::Hot;
        m_chains.emplace(m_p.L, IsingCouplings{m_p.beta, 0, 0}, m_p.algo, m_p.chains, m_p.seed, from);
    }
    while (m_collected.size() < wanted && Clock::now() - start < kStepBudget && !feedback.isCancelled()) {
        if (m_sweeps < m_p.thermalize) {
            const int n = int(std::min<long long>(m_p.thermalize - m_sweeps, 10));
            m_chains->sweepAll(n);
            m_sweeps += n;
            continue;
        }
        m_chains->sweepAll(m_p.sweepsBetween);
        m_sweeps += m_p.sweepsBetween;
        for (int c = 0; c < m_chains->size() && m_collected.size() < wanted; ++c) {
            const SpinConfiguration& s = m_chains->chain(c).configuration();
            Eigen::VectorXd row(s.sites());
            for (int i = 0; i < s.sites(); ++i)
                row[i] = s[i];
            m_collected.push_back(std::move(row));
        }
    }
    m_secondsSampling += seconds(start);
    if (m_collected.size() >= wanted) startTraining();
}

void LearnedHamiltonianExperiment::startTraining()
{
    // Held-out configurations are a seeded random subset, so they come from
    // every chain and every stage of the run.
    const std::size_t n = m_collected.size();
    std::vector<int> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    RngStream split(m_p.seed, kSplitStream);
    for (std::size_t i = n - 1; i > 0; --i)
        std::swap(perm[i], perm[split.below(std::uint32_t(i + 1))]);
    const int N = m_p.L * m_p.L;
    m_testSpins.resize(m_p.heldOut, N);
    m_trainSpins.resize(m_p.samples, N);
    for (int r = 0; r < m_p.heldOut; ++r)
        m_testSpins.row(r) = m_collected[std::size_t(perm[std::size_t(r)])].transpose();
    for (int r = 0; r < m_p.samples; ++r)
        m_trainSpins.row(r) = m_collected[std::size_t(perm[std::size_t(m_p.heldOut + r)])].transpose();
    m_collected.clear();
    m_collected.shrink_to_fit();
    m_chains.reset();
    m_trainX = networkInput(m_trainSpins);
    m_testX = networkInput(m_testSpins);
    m_testEnergy = isingEnergies(m_testSpins, m_p.L);

    std::shared_ptr<const nn::Conditional> conditional;
    if (m_p.input == HamiltonianInput::Spins)
        conditional = std::make_shared<nn::SpinConditional>();
    else
        conditional = std::make_shared<nn::CategoricalConditional>(blockSpinLevels());
    RngStream init(m_p.seed, kInitStream);
    m_model = nn::AutoregressiveModel(m_p.network.shape(int(m_trainX.cols())), conditional, init);
    m_adam.emplace(m_model.parameters().size(), m_p.learningRate);
    m_bestParameters = m_model.parameters();
    m_order.resize(std::size_t(m_p.samples));
    m_phase = Phase::Training;

    auto view = std::make_shared<LearnedHamiltonianSnapshot>(*m_view);
    for (int k = 0; k < kShownSamples && k < m_testSpins.rows(); ++k)
        view->mcSamples.push_back(displayValues(m_testX, k));
    evaluate(*view); // the untrained network, for the curves' first point
    m_view = view;
}

Eigen::MatrixXd LearnedHamiltonianExperiment::networkInput(const Eigen::MatrixXd& spins) const
{
    switch (m_p.input) {
    case HamiltonianInput::Spins:
        return spins;
    case HamiltonianInput::BlocksStride1:
        return blockSpinRows(spins, m_p.L, 1);
    case HamiltonianInput::BlocksStride2:
        return blockSpinRows(spins, m_p.L, 2);
    }
    return spins;
}

std::vector<double> LearnedHamiltonianExperiment::displayValues(const Eigen::MatrixXd& rows, Eigen::Index r) const
{
    std::vector<double> v(static_cast<std::size_t>(rows.cols()));
    for (Eigen::Index i = 0; i < rows.cols(); ++i)
        v[std::size_t(i)] = m_p.input == HamiltonianInput::Spins ? rows(r, i) : (2 * rows(r, i) - 4) / 4;
    return v;
}

void LearnedHamiltonianExperiment::trainStep(Feedback& feedback)
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
        Eigen::MatrixXd rows(n, m_trainX.cols());
        for (int r = 0; r < n; ++r)
            rows.row(r) = m_trainX.row(m_order[std::size_t(r0 + r)]);
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

void LearnedHamiltonianExperiment::endEpoch()
{
    auto view = std::make_shared<LearnedHamiltonianSnapshot>(*m_view);
    const double trainNll = m_epochLossSum / double(m_epochRows) / view->variables;
    evaluate(*view);
    view->epochs.push_back(m_epoch);
    view->trainNll.push_back(trainNll);
    view->testNll.push_back(view->heldOutNll);
    const bool improved = view->heldOutNll < m_stopping.best() - 1e-4;
    const bool stop = m_stopping.update(view->heldOutNll);
    if (improved || m_bestParameters.size() == 0) m_bestParameters = m_model.parameters();
    view->networkSamples.clear();
    const Eigen::MatrixXd samples =
        m_model.sample(kShownSamples, RngStream(m_p.seed, kSampleStream).child(std::uint64_t(m_epoch)));
    for (int k = 0; k < kShownSamples; ++k)
        view->networkSamples.push_back(displayValues(samples, k));
    if (stop || m_epoch >= m_p.epochs) {
        // Keep the network that did best on held-out data.
        m_model.parameters() = m_bestParameters;
        evaluate(*view);
        m_phase = Phase::Done;
        m_trainX.resize(0, 0);
        m_trainSpins.resize(0, 0);
    }
    m_view = view;
}

void LearnedHamiltonianExperiment::evaluate(LearnedHamiltonianSnapshot& s) const
{
    const double T = 1.0 / m_p.beta;
    const int N = m_p.L * m_p.L;
    const Eigen::VectorXd logp = m_model.logProb(m_testX);
    const Eigen::VectorXd h = -T * logp;
    s.fit = fitLine(m_testEnergy, h);
    s.freeEnergyFit = -s.fit.intercept / N;
    s.freeEnergyFitError = s.fit.interceptError / N;
    const auto [offset, offsetError] = meanAndError(m_testEnergy - h);
    s.freeEnergyUnitSlope = offset / N;
    s.freeEnergyUnitSlopeError = offsetError / N;
    const auto [nll, nllError] = meanAndError(-logp);
    s.heldOutNll = nll / s.variables;
    s.heldOutNllError = nllError / s.variables;

    Eigen::MatrixXd flipped = m_testX;
    for (Eigen::Index r = 0; r < flipped.rows(); ++r)
        for (Eigen::Index i = 0; i < flipped.cols(); ++i)
            flipped(r, i) = m_model.conditional().flipped(flipped(r, i));
    const Eigen::VectorXd hFlipped = -T * m_model.logProb(flipped);
    const auto [asym, asymError] = meanAndError((hFlipped - h).cwiseAbs());
    s.z2Asymmetry = asym;
    s.z2AsymmetryError = asymError;

    const std::size_t shown = std::min<std::size_t>(kMaxScatter, std::size_t(h.size()));
    s.energy = std::make_shared<const std::vector<double>>(m_testEnergy.data(), m_testEnergy.data() + shown);
    s.hamiltonian = std::make_shared<const std::vector<double>>(h.data(), h.data() + shown);
    s.hamiltonianFlipped = std::make_shared<const std::vector<double>>(hFlipped.data(), hFlipped.data() + shown);
}

Eigen::MatrixXd LearnedHamiltonianExperiment::networkSamples(int count) const
{
    if (m_model.sites() == 0) return {};
    return m_model.sample(count, RngStream(m_p.seed, kSampleStream).child(1u << 30));
}

std::shared_ptr<const ExperimentSnapshot> LearnedHamiltonianExperiment::snapshot() const
{
    auto s = std::make_shared<LearnedHamiltonianSnapshot>(*m_view);
    s->step = m_steps;
    s->phase = m_phase;
    s->epoch = m_epoch;
    s->sweeps = m_sweeps;
    s->secondsSampling = m_secondsSampling;
    s->secondsTraining = m_secondsTraining;
    s->finished = m_phase == Phase::Done;
    const double wanted = double(m_p.samples) + m_p.heldOut;
    switch (m_phase) {
    case Phase::Sampling:
        s->progress = 0.3 * double(m_collected.size()) / wanted;
        if (m_chains && s->mcSamples.empty()) {
            const SpinConfiguration& c = m_chains->chain(0).configuration();
            Eigen::MatrixXd row(1, c.sites());
            for (int i = 0; i < c.sites(); ++i)
                row(0, i) = c[i];
            s->mcSamples.push_back(displayValues(networkInput(row), 0));
        }
        break;
    case Phase::Training:
        s->progress = 0.3 + 0.7 * double(m_epoch) / m_p.epochs;
        break;
    case Phase::Done:
        s->progress = 1;
        break;
    }
    return s;
}

} // namespace dlab::autoregressive
