#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/measure/exact/Onsager.hpp"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

namespace dlab {
namespace {

constexpr std::size_t kChainSampleCap = std::size_t(1) << 17; // per chain, before thinning
constexpr std::size_t kDisplayCap = 4096;                     // display points, before thinning
// τ_int from chain 0's last sweeps at spacing 1: enough for τ_int up to a few
// hundred sweeps (Sokal's window stops at ≈ 6 τ_int).
constexpr std::size_t kRecentCap = std::size_t(1) << 14;

template <class T> void keepEveryOther(std::vector<T>& v)
{
    std::size_t j = 0;
    for (std::size_t i = 0; i < v.size(); i += 2)
        v[j++] = v[i];
    v.resize(j);
}

} // namespace

McStart parseMcStart(const std::string& name)
{
    if (name == "hot") return McStart::Hot;
    if (name == "cold") return McStart::Cold;
    throw ParameterError("start", "unknown start '" + name + "' (allowed: hot, cold)");
}

std::string toString(McStart s) { return s == McStart::Hot ? "hot" : "cold"; }

void MonteCarloParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("beta", beta, -kMaxCoupling, kMaxCoupling);
    requireInRange("t1", t1, -kMaxCoupling, kMaxCoupling);
    requireInRange("t2", t2, -kMaxCoupling, kMaxCoupling);
    // Live runs keep per-chain series (≤ 3 MB a chain) and show them: a few
    // hundred chains and 2·10⁸ spins. A caller that only sweeps (recordSeries
    // = false) checks memory itself against its own limit (simulate --max-memory).
    requireInRange("chains", chains, 1, recordSeries ? kMaxChains : 1 << 24);
    requireInRange("sweepsPerStep", sweepsPerStep, 1, kMaxSweepsPerStep);
    requireInRange("thermalize", thermalize, 0, kMaxThermalize);
    requireInRange("shownChain", shownChain, 0, chains - 1);
    if (recordSeries && double(L) * L * chains > kMaxSpins)
        throw ParameterError("chains", "L² × chains must stay below 2·10⁸ spins");
    if (algo != McAlgorithm::Metropolis && (t1 != 0.0 || t2 != 0.0))
        throw ParameterError("algo", toString(algo) + " needs t1 = t2 = 0 (allowed with t1, t2 ≠ 0: metropolis)");
}

ExactReference MonteCarloExperiment::exactReference(int L, const IsingCouplings& t)
{
    ExactReference r;
    // kaufmanTorus is accurate to ≈ 1e-6 relative down to β = 1e-6 (its
    // derivative stencil shrinks with β); ln Z needs β > 0.
    if (!t.nearestNeighbourOnly() || !(t.t0 >= 1e-6)) return r;
    const auto k = exact::kaufmanTorus(L, t.t0);
    r.available = true;
    r.energyPerSite = k.energyPerSite;
    r.specificHeat = k.specificHeat;
    r.onsagerEnergyPerSite = exact::onsagerEnergyPerSite(t.t0);
    // C(β) diverges at β_c; leave it out within a hair of the critical point.
    r.onsagerSpecificHeat =
        std::abs(t.t0 - exact::criticalBeta()) > 1e-6 ? exact::onsagerSpecificHeat(t.t0) : std::nan("");
    r.onsagerMagnetization = exact::onsagerMagnetization(t.t0);
    return r;
}

MonteCarloExperiment::MonteCarloExperiment(const MonteCarloParams& p)
    : m_p(p), m_album(std::clamp(p.L, 1, 1 << 15)) // L is validated just below, with a better message
{
    m_p.validate();
    const IsingCouplings t = m_p.couplings();
    m_chains.reserve(m_p.chains);
    for (int c = 0; c < m_p.chains; ++c) {
        RngStream rng(m_p.seed, std::uint64_t(c));
        SpinConfiguration start =
            m_p.start == McStart::Cold ? SpinConfiguration(m_p.L) : SpinConfiguration::random(m_p.L, rng);
        m_chains.emplace_back(std::move(start), t, m_p.algo, rng);
    }
    m_series.resize(m_p.chains);
    m_exact = exactReference(m_p.L, t);
    recordDisplay();
}

void MonteCarloExperiment::setParams(const MonteCarloParams& p)
{
    p.validate();
    if (p.L != m_p.L) throw ParameterError("L", "changing L needs a reset");
    if (p.chains != m_p.chains) throw ParameterError("chains", "changing the number of chains needs a reset");
    if (p.seed != m_p.seed) throw ParameterError("seed", "changing the seed needs a reset");
    const IsingCouplings t = p.couplings();
    if (p.algo != m_p.algo) {
        // A MarkovChain's algorithm is fixed: continue from the same
        // configurations with fresh, reproducible streams.
        ++m_generation;
        for (int c = 0; c < p.chains; ++c) {
            const RngStream rng = RngStream(p.seed, std::uint64_t(c)).child(std::uint64_t(m_generation));
            m_chains[c] = MarkovChain(m_chains[c].configuration(), t, p.algo, rng);
        }
    } else if (!(t == m_p.couplings())) {
        for (auto& c : m_chains)
            c.setCouplings(t);
    }
    const bool ensembleChanged = !(t == m_p.couplings());
    const bool otherChain = p.shownChain != m_p.shownChain;
    m_p = p;
    if (otherChain && !ensembleChanged) clearDisplay(); // the traces are one chain's history
    if (ensembleChanged) {
        m_exact = exactReference(m_p.L, t);
        restartStatistics();
    }
}

void MonteCarloExperiment::restartStatistics()
{
    for (auto& s : m_series)
        s = ChainSeries{};
    m_recentE.clear();
    m_recentAbsM.clear();
    m_changeSweep = m_sweeps;
    m_sumE = m_sumM = 0;
    m_countAvg = 0;
    m_summarySamples = -1;
}

void MonteCarloExperiment::record(int c)
{
    const long long since = m_sweeps - m_changeSweep;
    auto& s = m_series[c];
    const bool forTau = c == 0; // chain 0 is measured every sweep for τ_int
    if (since <= m_p.thermalize || (since % s.every != 0 && !forTau)) return;
    const SpinConfiguration& x = m_chains[c].configuration();
    const IsingCouplings t = m_p.couplings();
    const auto phi = couplingSums(x);
    const double N = x.sites();
    // Same units as IsingObservables: E = H_t / t0, so C = β² N Var(e).
    const double hPerSite = -(t.t0 * phi[0] + t.t1 * phi[1] + t.t2 * phi[2]) / N;
    const double m = x.magnetization();
    const double e = t.t0 != 0.0 ? hPerSite / t.t0 : -phi[0] / N;
    if (forTau) {
        if (m_recentE.size() == kRecentCap) { // drop the older half: amortised O(1) per sweep
            m_recentE.erase(m_recentE.begin(), m_recentE.begin() + kRecentCap / 2);
            m_recentAbsM.erase(m_recentAbsM.begin(), m_recentAbsM.begin() + kRecentCap / 2);
        }
        m_recentE.push_back(e);
        m_recentAbsM.push_back(std::abs(m));
        if (since % s.every != 0) return;
    }
    s.energy.push_back(e);
    s.absM.push_back(std::abs(m));
    s.m2.push_back(m * m);
    if (s.energy.size() >= kChainSampleCap) {
        keepEveryOther(s.energy);
        keepEveryOther(s.absM);
        keepEveryOther(s.m2);
        s.every *= 2;
    }
}

void MonteCarloExperiment::recordDisplay()
{
    const SpinConfiguration& x = m_chains[std::size_t(m_p.shownChain)].configuration();
    const IsingCouplings t = m_p.couplings();
    const auto phi = couplingSums(x);
    const double N = x.sites();
    const double hPerSite = -(t.t0 * phi[0] + t.t1 * phi[1] + t.t2 * phi[2]) / N;
    const double e = t.t0 != 0.0 ? hPerSite / t.t0 : -phi[0] / N;
    const double m = std::abs(x.magnetization());
    // The running average starts when thermalisation ends; before that it is
    // NaN (not drawn), so the thermalising stretch shows as the raw trace only.
    const bool thermalising = m_sweeps - m_changeSweep <= m_p.thermalize;
    if (thermalising) {
        m_sumE = m_sumM = 0;
        m_countAvg = 0;
    } else {
        m_sumE += e;
        m_sumM += m;
        ++m_countAvg;
    }
    if (m_sweeps % m_dispEvery != 0) return;
    m_dispSweep.push_back(double(m_sweeps));
    m_dispE.push_back(e);
    m_dispM.push_back(m);
    m_dispEAvg.push_back(thermalising ? std::nan("") : m_sumE / double(m_countAvg));
    m_dispMAvg.push_back(thermalising ? std::nan("") : m_sumM / double(m_countAvg));
    if (m_dispSweep.size() >= kDisplayCap) {
        for (auto* v : {&m_dispSweep, &m_dispE, &m_dispM, &m_dispEAvg, &m_dispMAvg})
            keepEveryOther(*v);
        m_dispEvery *= 2;
    }
}

void MonteCarloExperiment::step(Feedback& feedback)
{
    const auto start = std::chrono::steady_clock::now();
    long long done = 0;
    if (!m_p.recordSeries && !feedback.isCancelled()) {
        // Whole batches per chain: MarkovChain::sweeps(n) sets its sublattice
        // layout up once. Same trajectory as n single sweeps.
        tbb::parallel_for(0, m_p.chains, [&](int c) { m_chains[std::size_t(c)].sweeps(m_p.sweepsPerStep); });
        m_sweeps += m_p.sweepsPerStep;
        done = m_p.sweepsPerStep;
        feedback.setProgress(1.0);
    }
    for (int k = 0; m_p.recordSeries && k < m_p.sweepsPerStep && !feedback.isCancelled(); ++k) {
        ++m_sweeps;
        auto one = [&](int c) {
            m_chains[c].sweep();
            record(c);
        };
        if (m_p.chains == 1)
            one(0);
        else
            tbb::parallel_for(0, m_p.chains, one);
        recordDisplay();
        recordAlbum();
        ++done;
        feedback.setProgress(double(k + 1) / m_p.sweepsPerStep);
    }
    ++m_steps;
    m_rateSweeps += done * m_p.chains;
    m_rateSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Throughput over roughly the last second of work.
    if (m_rateSeconds > 1.0 || m_sweepsPerSecond == 0) {
        if (m_rateSeconds > 0) m_sweepsPerSecond = double(m_rateSweeps) / m_rateSeconds;
        if (m_rateSeconds > 1.0) m_rateSweeps = 0, m_rateSeconds = 0;
    }
}

MonteCarloEstimates MonteCarloExperiment::estimates() const
{
    MonteCarloEstimates r;
    std::vector<double> e, m, m2, e2;
    for (const auto& s : m_series) {
        e.insert(e.end(), s.energy.begin(), s.energy.end());
        m.insert(m.end(), s.absM.begin(), s.absM.end());
        m2.insert(m2.end(), s.m2.begin(), s.m2.end());
    }
    r.samples = (long long)e.size();
    if (e.size() < 64) return r; // jackknife and binning need some bins
    e2.resize(e.size());
    for (std::size_t i = 0; i < e.size(); ++i)
        e2[i] = e[i] * e[i];
    const double N = double(m_p.L) * m_p.L, beta = m_p.beta;
    r.energyPerSite = binningEstimate(e);
    r.absMagnetization = binningEstimate(m);
    r.specificHeat =
        jackknife({e, e2}, [&](const std::vector<double>& mu) { return beta * beta * N * (mu[1] - mu[0] * mu[0]); });
    r.susceptibility =
        jackknife({m, m2}, [&](const std::vector<double>& mu) { return beta * N * (mu[1] - mu[0] * mu[0]); });
    std::vector<double> m4(m2.size());
    for (std::size_t i = 0; i < m2.size(); ++i)
        m4[i] = m2[i] * m2[i];
    r.binder = jackknife({m2, m4}, [](const std::vector<double>& mu) { return 1.0 - mu[1] / (3.0 * mu[0] * mu[0]); });
    // The thinned long series cannot resolve τ_int below its spacing: τ_int of
    // independent samples is ½ a sample, i.e. `every`/2 sweeps, which grew with
    // each thinning although the chain did not change. Short τ_int comes from
    // the recent sweeps at spacing 1; long τ_int (resolved by several samples
    // of the long series) from the long series.
    const auto& c0 = m_series.front();
    auto tau = [&](const std::vector<double>& thinned, const std::vector<double>& recent) {
        const double inSamples = integratedAutocorrelationTime(thinned);
        return c0.every == 1 || inSamples > 2.0 ? inSamples * c0.every : integratedAutocorrelationTime(recent);
    };
    r.tauIntEnergy = tau(c0.energy, m_recentE);
    r.tauIntAbsMagnetization = tau(c0.absM, m_recentAbsM);
    r.sweepsPerChain = (long long)c0.energy.size() * c0.every;
    return r;
}

std::shared_ptr<const ExperimentSnapshot> MonteCarloExperiment::snapshot() const
{
    auto s = std::make_shared<MonteCarloSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->configuration = m_chains[std::size_t(m_p.shownChain)].configuration().spins();
    s->sweeps = m_sweeps;
    s->sweepsSinceChange = m_sweeps - m_changeSweep;
    s->albumConfigurations = m_album.size();
    s->albumGroups = int(m_album.groups().size());
    s->seriesSweep = m_dispSweep;
    s->energy = m_dispE;
    s->absMagnetization = m_dispM;
    s->energyAverage = m_dispEAvg;
    s->absMagnetizationAverage = m_dispMAvg;
    s->exact = m_exact;
    s->sweepsPerSecond = m_sweepsPerSecond;

    // Error analysis is refreshed at most every 200 ms once the data is large.
    long long samples = 0;
    for (const auto& c : m_series)
        samples += (long long)c.energy.size();
    const auto now = std::chrono::steady_clock::now();
    if (samples != m_summarySamples && (samples < 20000 || now - m_summaryTime > std::chrono::milliseconds(200))) {
        m_summary = estimates();
        m_summarySamples = samples;
        m_summaryTime = now;
    }
    s->estimates = m_summary;
    return s;
}

void MonteCarloExperiment::recordAlbum()
{
    const long long since = m_sweeps - m_changeSweep;
    if (since <= m_p.thermalize || since % kAlbumEvery != 0) return;
    for (const auto& c : m_chains)
        m_album.add(m_p.couplings(), c.configuration());
}

void MonteCarloExperiment::clearDisplay()
{
    for (auto* v : {&m_dispSweep, &m_dispE, &m_dispM, &m_dispEAvg, &m_dispMAvg})
        v->clear();
    m_dispEvery = 1;
}

long long MonteCarloExperiment::flipsAttempted() const
{
    long long n = 0;
    for (const auto& c : m_chains)
        n += c.flipsAttempted();
    return n;
}

std::vector<SpinConfiguration> MonteCarloExperiment::configurations() const
{
    std::vector<SpinConfiguration> out;
    for (const auto& c : m_chains)
        out.push_back(c.configuration());
    return out;
}

} // namespace dlab
