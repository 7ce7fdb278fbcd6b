#include "engine/fields/Phi4Ensemble.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

namespace dlab::fields {
namespace {

void keepEveryOther(std::vector<double>& v)
{
    std::size_t j = 0;
    for (std::size_t i = 0; i < v.size(); i += 2)
        v[j++] = v[i];
    v.resize(j);
}

} // namespace

Phi4Ensemble::Phi4Ensemble(const Phi4Action& action, const FieldChainOptions& chainOptions,
                           const Phi4EnsembleOptions& options)
    : m_options(options)
{
    requireInRange("chains", options.chains, 1, 4096);
    const auto n = std::size_t(options.chains);
    m_chains.reserve(n);
    for (std::size_t c = 0; c < n; ++c)
        m_chains.emplace_back(action, chainOptions, RngStream(options.seed, options.streamBase + c));
    m_done.assign(n, 0);
    m_measured.assign(n, 0);
    m_thermalLeft.assign(n, options.thermalize);
    m_m.assign(n, {});
    m_phi2.assign(n, {});
    m_saved.assign(n, {});
    m_every.assign(n, 1);
    m_sinceRecord.assign(n, 0);
    if (options.thermalize == 0)
        for (auto& chain : m_chains)
            chain.endThermalisation();
}

void Phi4Ensemble::record(int c)
{
    const auto i = std::size_t(c);
    const FieldChain& chain = m_chains[i];
    const int V = chain.action().volume();
    ++m_measured[i];
    if (m_options.saveEvery > 0 && m_measured[i] % m_options.saveEvery == 0 &&
        m_saved[i].size() < std::size_t(m_options.maxSavedPerChain) * std::size_t(V))
        m_saved[i].insert(m_saved[i].end(), chain.field().begin(), chain.field().end());
    if (++m_sinceRecord[i] < m_every[i]) return;
    m_sinceRecord[i] = 0;
    const double* phi = chain.field().data();
    const double m = Phi4Action::magnetisation(phi, V);
    if (!std::isfinite(m))
        throw ParameterError("epsilon", "the field diverged: the step size is too large for these couplings");
    m_m[i].push_back(m);
    m_phi2[i].push_back(Phi4Action::meanSquare(phi, V));
    if (m_m[i].size() >= kSeriesCap) {
        keepEveryOther(m_m[i]);
        keepEveryOther(m_phi2[i]);
        m_every[i] *= 2;
    }
}

void Phi4Ensemble::advanceChain(int c, int n, Feedback& feedback, Clock::time_point deadline)
{
    const auto i = std::size_t(c);
    FieldChain& chain = m_chains[i];
    for (int k = 0; k < n; ++k) {
        if ((k & 15) == 15 && (feedback.isCancelled() || Clock::now() > deadline)) return;
        if (m_thermalLeft[i] == 0 && m_options.updatesPerChain > 0 && m_measured[i] >= m_options.updatesPerChain)
            return;
        chain.update();
        ++m_done[i];
        if (m_thermalLeft[i] > 0) {
            if (--m_thermalLeft[i] == 0) chain.endThermalisation();
            continue;
        }
        record(c);
    }
}

void Phi4Ensemble::advance(int n, Feedback& feedback, Clock::time_point deadline)
{
    tbb::parallel_for(0, chains(), [&](int c) { advanceChain(c, n, feedback, deadline); });
}

void Phi4Ensemble::setAction(const Phi4Action& action)
{
    for (std::size_t i = 0; i < m_chains.size(); ++i) {
        m_chains[i].setAction(action);
        m_thermalLeft[i] = m_options.thermalize;
        if (m_options.thermalize == 0) m_chains[i].endThermalisation();
        m_measured[i] = 0;
        m_m[i].clear();
        m_phi2[i].clear();
        m_saved[i].clear();
        m_every[i] = 1;
        m_sinceRecord[i] = 0;
    }
}

bool Phi4Ensemble::done() const
{
    if (m_options.updatesPerChain <= 0) return false;
    for (long long m : m_measured)
        if (m < m_options.updatesPerChain) return false;
    return true;
}

bool Phi4Ensemble::thermalising() const
{
    return std::any_of(m_thermalLeft.begin(), m_thermalLeft.end(), [](int t) { return t > 0; });
}

long long Phi4Ensemble::minMeasuredUpdates() const { return *std::min_element(m_measured.begin(), m_measured.end()); }

long long Phi4Ensemble::totalUpdates() const
{
    long long s = 0;
    for (long long d : m_done)
        s += d;
    return s;
}

Phi4Estimates Phi4Ensemble::estimates() const
{
    // Chains thinned to different spacings are brought to the coarsest one.
    const int coarsest = *std::max_element(m_every.begin(), m_every.end());
    std::vector<std::vector<double>> m(m_m.size()), p(m_m.size());
    for (std::size_t c = 0; c < m_m.size(); ++c) {
        const int stride = coarsest / m_every[c];
        for (std::size_t k = 0; k < m_m[c].size(); k += std::size_t(stride)) {
            m[c].push_back(m_m[c][k]);
            p[c].push_back(m_phi2[c][k]);
        }
    }
    Phi4Estimates e = phi4Estimates(m, p, action().volume());
    e.tauIntM *= coarsest;
    e.tauIntAbsM *= coarsest;
    e.tauIntM2 *= coarsest;
    e.binLength *= coarsest;
    return e;
}

Histogram Phi4Ensemble::histogram(int bins) const { return magnetisationHistogram(m_m, bins); }

std::size_t Phi4Ensemble::savedCount() const
{
    std::size_t n = 0;
    for (const auto& s : m_saved)
        n += s.size();
    return n / std::size_t(action().volume());
}

std::vector<double> Phi4Ensemble::savedConfigurations() const
{
    std::vector<double> all;
    all.reserve(savedCount() * std::size_t(action().volume()));
    for (const auto& s : m_saved)
        all.insert(all.end(), s.begin(), s.end());
    return all;
}

} // namespace dlab::fields
