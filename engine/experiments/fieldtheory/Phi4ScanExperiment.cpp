#include "engine/experiments/fieldtheory/Phi4ScanExperiment.hpp"

#include "engine/core/ParameterError.hpp"

#include <chrono>
#include <tbb/parallel_for.h>

namespace dlab::fieldtheory {

void Phi4ScanParams::validate() const
{
    if (kappas.empty() || kappas.size() > 64) throw ParameterError("kappas", "give 1 to 64 values of kappa");
    for (double k : kappas) {
        Phi4Params p = base;
        p.kappa = k;
        p.validate();
    }
    requireInRange("updatesPerChain", updatesPerChain, 1LL, 1000000000LL);
}

Phi4ScanExperiment::Phi4ScanExperiment(const Phi4ScanParams& p) : m_p(p)
{
    m_p.validate();
    for (std::size_t k = 0; k < m_p.kappas.size(); ++k) {
        Phi4Params q = m_p.base;
        q.kappa = m_p.kappas[k];
        q.updatesPerChain = m_p.updatesPerChain;
        fields::Phi4EnsembleOptions o = q.ensembleOptions();
        o.streamBase = 1000 * k;
        m_points.push_back(std::make_unique<fields::Phi4Ensemble>(q.action(), q.chainOptions(), o));
    }
    m_cache.resize(m_points.size());
    m_cacheUpdates.assign(m_points.size(), -1);
}

bool Phi4ScanExperiment::done() const
{
    for (const auto& e : m_points)
        if (!e->done()) return false;
    return true;
}

void Phi4ScanExperiment::step(Feedback& feedback)
{
    const auto t0 = std::chrono::steady_clock::now();
    const int chains = m_p.base.chains, n = int(m_points.size());
    long long before = 0, after = 0;
    for (const auto& e : m_points)
        before += e->totalUpdates();
    tbb::parallel_for(0, n * chains, [&](int i) {
        m_points[std::size_t(i / chains)]->advanceChain(i % chains, m_p.base.updatesPerStep, feedback,
                                                        t0 + std::chrono::milliseconds(20));
    });
    for (const auto& e : m_points)
        after += e->totalUpdates();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (seconds > 0) m_updatesPerSecond = double(after - before) / seconds;
    ++m_steps;
}

std::shared_ptr<const ExperimentSnapshot> Phi4ScanExperiment::snapshot() const { return current(); }

std::shared_ptr<const Phi4ScanSnapshot> Phi4ScanExperiment::current() const
{
    auto s = std::make_shared<Phi4ScanSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->done = done();
    s->updatesPerSecond = m_updatesPerSecond;
    for (std::size_t k = 0; k < m_points.size(); ++k) {
        const auto& e = *m_points[k];
        // Each point's analysis is redone only when it has grown by a tenth.
        const long long total = e.totalUpdates();
        if (m_cacheUpdates[k] < 0 || total > m_cacheUpdates[k] * 11 / 10 || (e.done() && total != m_cacheUpdates[k])) {
            m_cache[k] = e.estimates();
            m_cacheUpdates[k] = total;
        }
        s->points.push_back({m_p.kappas[k], e.minMeasuredUpdates(), m_cache[k]});
    }
    return s;
}

} // namespace dlab::fieldtheory
