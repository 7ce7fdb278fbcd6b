#include "XyMonteCarlo.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>

#include <chrono>
#include <thread>

namespace dlab::autoregressive {

void XyMonteCarloParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("T", T, kMinT, kMaxT);
    requireInRange("chains", chains, 1, 4096);
    requireInRange("thermalize", thermalize, 0, 100'000'000);
    requireInRange("sweeps", sweeps, 1, 100'000'000);
    requireInRange("sweepsPerStep", sweepsPerStep, 1, 100'000);
    requireInRange("keepEvery", keepEvery, 0, 100'000'000);
    if (double(L) * L * chains > 2e8) throw ParameterError("chains", "L² × chains must stay below 2·10⁸ spins");
}

XyMonteCarloExperiment::XyMonteCarloExperiment(const XyMonteCarloParams& p) : m_p(p) { m_p.validate(); }

void XyMonteCarloExperiment::step(Feedback& feedback)
{
    if (finished()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // finished: idle, do not spin
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    const double beta = 1.0 / m_p.T;
    if (m_chains.empty()) {
        for (int c = 0; c < m_p.chains; ++c) {
            RngStream rng(m_p.seed, std::uint64_t(c));
            m_chains.emplace_back(XyConfiguration::random(m_p.L, rng), beta, m_p.algo, rng);
            m_observables.emplace_back(m_p.L, beta);
        }
    }
    for (int k = 0; k < m_p.sweepsPerStep && !finished() && !feedback.isCancelled(); ++k) {
        const bool measuring = m_sweeps >= m_p.thermalize;
        const bool keep = measuring && m_p.keepEvery > 0 && (m_measured + 1) % m_p.keepEvery == 0;
        std::vector<std::vector<double>> kept(keep ? m_chains.size() : 0);
        tbb::parallel_for(0, int(m_chains.size()), [&](int c) {
            XyChain& chain = m_chains[std::size_t(c)];
            chain.setAdaptive(!measuring);
            chain.sweeps(1);
            if (measuring) m_observables[std::size_t(c)].record(chain.configuration());
            if (keep) kept[std::size_t(c)] = chain.configuration().angles();
        });
        for (auto& k2 : kept)
            m_kept.push_back(std::move(k2));
        ++m_sweeps;
        if (measuring) ++m_measured;
    }
    long long updates = 0;
    for (const auto& c : m_chains)
        updates += c.updates();
    m_updates = updates;
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++m_steps;
}

XySummary XyMonteCarloExperiment::estimates() const
{
    if (m_observables.empty()) return {};
    XyObservables all = m_observables.front();
    for (std::size_t c = 1; c < m_observables.size(); ++c)
        all.merge(m_observables[c]);
    XySummary s = all.summary();
    return s;
}

std::shared_ptr<const ExperimentSnapshot> XyMonteCarloExperiment::snapshot() const
{
    auto s = std::make_shared<XyMonteCarloSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->sweeps = m_sweeps;
    s->progress = double(m_sweeps) / double(m_p.thermalize + m_p.sweeps);
    s->kept = m_kept.size();
    s->finished = finished();
    s->updatesPerSecond = m_seconds > 0 ? double(m_updates) / m_seconds : 0;
    if (!m_chains.empty()) {
        const XyConfiguration& c = m_chains.front().configuration();
        s->angles = c.angles();
        s->vortices = vortexCharges(c);
        s->stepWidth = m_chains.front().stepWidth();
        s->acceptance = m_chains.front().lastAcceptance();
    }
    s->estimates = estimates();
    return s;
}

} // namespace dlab::autoregressive
