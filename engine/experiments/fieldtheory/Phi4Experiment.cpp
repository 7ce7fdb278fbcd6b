#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::fieldtheory {
namespace {

constexpr std::size_t kDisplayCap = 4096;
constexpr int kHistogramBins = 60;
constexpr auto kStepBudget = std::chrono::milliseconds(20);

template <class T> void keepEveryOther(std::vector<T>& v)
{
    std::size_t j = 0;
    for (std::size_t i = 0; i < v.size(); i += 2)
        v[j++] = v[i];
    v.resize(j);
}

} // namespace

void Phi4Params::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("kappa", kappa, -kMaxAbsKappa, kMaxAbsKappa);
    requireInRange("lambda", lambda, 0.0, kMaxLambda);
    if (lambda == 0.0 && !(std::abs(kappa) < 0.25))
        throw ParameterError("kappa", "at lambda = 0 (the free field) |kappa| must stay below 0.25");
    requireInRange("trajectoryLength", trajectoryLength, 0.01, 20.0);
    requireInRange("stepSize", stepSize, 0.0, 20.0);
    if (targetAcceptance != 0.0) requireInRange("targetAcceptance", targetAcceptance, 0.05, 0.99);
    requireInRange("chains", chains, 1, kMaxChains);
    requireInRange("updatesPerStep", updatesPerStep, 1, 1000000);
    requireInRange("thermalize", thermalize, 0, 100000000);
    requireInRange("updatesPerChain", updatesPerChain, 0LL, 1000000000000LL);
    requireInRange("saveEvery", saveEvery, 0, 100000000);
    requireInRange("maxSavedPerChain", maxSavedPerChain, 1, 1 << 24);
    if (double(L) * L * chains > 1e8) throw ParameterError("chains", "L² × chains must stay below 10⁸ sites");
    if (saveEvery > 0 && double(L) * L * chains * maxSavedPerChain > 2e9)
        throw ParameterError("maxSavedPerChain", "saved configurations would exceed 2·10⁹ values (16 GB)");
}

fields::FieldChainOptions Phi4Params::chainOptions() const
{
    fields::FieldChainOptions o;
    o.algorithm = algorithm;
    o.integrator = integrator;
    o.trajectoryLength = trajectoryLength;
    o.stepSize = stepSize;
    o.adaptStepSize = adaptStepSize;
    o.targetAcceptance = targetAcceptance;
    return o;
}

fields::Phi4EnsembleOptions Phi4Params::ensembleOptions() const
{
    fields::Phi4EnsembleOptions o;
    o.chains = chains;
    o.thermalize = thermalize;
    o.updatesPerChain = updatesPerChain;
    o.saveEvery = saveEvery;
    o.maxSavedPerChain = maxSavedPerChain;
    o.seed = seed;
    return o;
}

namespace {
const Phi4Params& validated(const Phi4Params& p)
{
    p.validate();
    return p;
}
} // namespace

Phi4Experiment::Phi4Experiment(const Phi4Params& p)
    : m_p(validated(p)), m_ensemble(p.action(), p.chainOptions(), p.ensembleOptions())
{}

void Phi4Experiment::setCouplings(double kappa, double lambda)
{
    Phi4Params q = m_p;
    q.kappa = kappa;
    q.lambda = lambda;
    q.validate();
    m_p = q;
    m_ensemble.setAction(m_p.action());
    m_dispUpdate.clear();
    m_dispM.clear();
    m_dispAbsM.clear();
    m_dispEvery = 1;
    m_lastRecorded = 0;
    m_summaryUpdates = -1;
}

void Phi4Experiment::setUpdatesPerStep(int n)
{
    requireInRange("updatesPerStep", n, 1, 1000000);
    m_p.updatesPerStep = n;
}

void Phi4Experiment::step(Feedback& feedback)
{
    const auto t0 = std::chrono::steady_clock::now();
    const long long before = m_ensemble.totalUpdates();
    m_ensemble.advance(m_p.updatesPerStep, feedback, t0 + kStepBudget);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_rateUpdates += m_ensemble.totalUpdates() - before;
    m_rateSeconds += seconds;
    if (m_rateSeconds > 0.25) {
        m_updatesPerSecond = double(m_rateUpdates) / m_rateSeconds;
        m_rateUpdates = 0;
        m_rateSeconds = 0;
    }
    recordDisplay();
    ++m_steps;
}

void Phi4Experiment::recordDisplay()
{
    const std::vector<double>& m = m_ensemble.magnetisations(0);
    const long long every = m_ensemble.every(0);
    const long long measured = m_ensemble.measuredUpdates(0);
    // Entry j of chain 0's series was taken after measured update (j + 1)·every.
    for (auto j = std::size_t(m_lastRecorded / every); j < m.size(); ++j) {
        const long long update = (long long)(j + 1) * every;
        if (update <= m_lastRecorded) continue;
        if (update % m_dispEvery != 0) continue;
        m_dispUpdate.push_back(double(update));
        m_dispM.push_back(m[j]);
        m_dispAbsM.push_back(std::abs(m[j]));
        if (m_dispUpdate.size() >= kDisplayCap) {
            keepEveryOther(m_dispUpdate);
            keepEveryOther(m_dispM);
            keepEveryOther(m_dispAbsM);
            m_dispEvery *= 2;
        }
    }
    m_lastRecorded = measured;
}

std::shared_ptr<const ExperimentSnapshot> Phi4Experiment::snapshot() const { return current(); }

std::shared_ptr<const Phi4Snapshot> Phi4Experiment::current() const
{
    auto s = std::make_shared<Phi4Snapshot>();
    s->step = m_steps;
    s->params = m_p;
    const fields::FieldChain& c0 = m_ensemble.chain(0);
    s->field = c0.field();
    s->updatesPerChain = m_ensemble.minMeasuredUpdates();
    s->thermalising = m_ensemble.thermalising();
    s->done = m_ensemble.done();
    s->traceUpdate = m_dispUpdate;
    s->traceM = m_dispM;
    s->traceAbsM = m_dispAbsM;

    // The error analysis is refreshed at most every 250 ms once the series are long.
    const auto now = std::chrono::steady_clock::now();
    const long long total = m_ensemble.totalUpdates();
    const bool small = s->updatesPerChain * m_ensemble.chains() < 20000;
    const bool due = m_p.liveAnalysis && (small || now - m_summaryTime > std::chrono::milliseconds(250));
    if (total != m_summaryUpdates && (due || s->done)) {
        m_summary = m_ensemble.estimates();
        m_histogram = m_ensemble.histogram(kHistogramBins);
        m_summaryUpdates = total;
        m_summaryTime = now;
    }
    s->estimates = m_summary;
    s->histogram = m_histogram;

    double acc = 0, expDH = 0;
    for (int c = 0; c < m_ensemble.chains(); ++c) {
        acc += m_ensemble.chain(c).acceptance();
        expDH += m_ensemble.chain(c).meanExpMinusDeltaH();
    }
    s->acceptance = acc / m_ensemble.chains();
    s->meanExpMinusDeltaH = expDH / m_ensemble.chains();
    s->stepSize = c0.stepSize();
    s->mdSteps = c0.mdSteps();
    s->trajectoryLength = c0.trajectoryLength();
    s->meanClusterSize = c0.meanClusterSize();
    s->clustersPerUpdate = c0.clustersPerUpdate();
    s->updatesPerSecond = m_updatesPerSecond;
    if (m_p.lambda == 0.0 && std::abs(m_p.kappa) < 0.25) {
        const bool langevin = m_p.algorithm == fields::FieldAlgorithm::Langevin;
        try {
            s->exact = fields::gaussianPhi4(m_p.L, m_p.kappa, langevin ? c0.stepSize() : 0.0);
        } catch (const ParameterError&) {
            // ε beyond the stability limit: no stationary law to compare with.
        }
    }
    return s;
}

} // namespace dlab::fieldtheory
