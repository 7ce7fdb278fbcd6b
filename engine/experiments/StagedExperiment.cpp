#include "StagedExperiment.hpp"

#include <chrono>

namespace dlab {

void StagedExperiment::step(Feedback& feedback)
{
    using Clock = StagePlan::Clock;
    const auto t0 = Clock::now();
    m_plan.advance(feedback,
                   t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kStepSeconds)));
    m_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    ++m_steps;
    publish();
}

void StagedExperiment::stamp(StagedSnapshot& s) const
{
    s.step = m_steps;
    s.stage = m_plan.currentName();
    s.progress = m_plan.size() ? double(m_plan.completed()) / double(m_plan.size()) : 1.0;
    s.seconds = m_seconds;
    s.done = m_plan.done();
}

} // namespace dlab
