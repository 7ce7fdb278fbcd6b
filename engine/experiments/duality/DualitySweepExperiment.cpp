#include "engine/experiments/duality/DualitySweepExperiment.hpp"

#include "engine/core/Feedback.hpp"

#include <algorithm>
#include <chrono>

namespace dlab {

DualitySweepParams withImpliedLearning(DualitySweepParams p)
{
    const auto k = p.kappaList();
    if (std::any_of(k.begin(), k.end(), [](double v) { return v != 0.0; })) p.base.learn[1] = true;
    return p;
}

int dualFrameRuns(const std::vector<DualitySweepRow>& rows)
{
    return int(std::count_if(rows.begin(), rows.end(),
                             [](const DualitySweepRow& r) { return isDualFrame(r.result.classification.frame); }));
}

double DualitySweepSnapshot::secondsLeft() const
{
    if (rows.empty() || seconds <= 0) return 0;
    return seconds / double(rows.size()) * double(runs - rows.size());
}

DualitySweepExperiment::DualitySweepExperiment(DualitySweepParams p) : m_p(withImpliedLearning(std::move(p)))
{
    m_p.validate();
    m_kappas = m_p.kappaList();
    m_cells = m_kappas.size() * m_p.betas.size();
}

void DualitySweepExperiment::step(Feedback& feedback)
{
    ++m_steps;
    if (finished() || feedback.isCancelled()) return;
    DualitySweepParams cell = m_p;
    cell.kappas = {m_kappas[m_cell / m_p.betas.size()]};
    cell.betas = {m_p.betas[m_cell % m_p.betas.size()]};
    const auto start = std::chrono::steady_clock::now();
    std::vector<DualitySweepRow> rows = runDualitySweep(cell, &feedback);
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // An interrupted cell's runs stopped half-way (or never started): they
    // are not results, and are left out.
    if (feedback.isCancelled()) return;
    m_rows.insert(m_rows.end(), rows.begin(), rows.end());
    ++m_cell;
}

std::shared_ptr<const ExperimentSnapshot> DualitySweepExperiment::snapshot() const
{
    auto s = std::make_shared<DualitySweepSnapshot>();
    s->step = m_steps;
    s->finished = finished();
    s->params = m_p;
    s->rows = m_rows;
    s->runs = m_cells * std::size_t(m_p.seeds);
    s->dualFrames = dualFrameRuns(m_rows);
    s->seconds = m_seconds;
    return s;
}

} // namespace dlab
