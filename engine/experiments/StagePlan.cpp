#include "StagePlan.hpp"

namespace dlab {

void StagePlan::add(std::string name, Work work) { m_stages.push_back({std::move(name), std::move(work)}); }

void StagePlan::advance(Feedback& feedback, Clock::time_point deadline)
{
    while (!done() && !feedback.isCancelled()) {
        if (m_stages[m_current].work(feedback, deadline)) ++m_current;
        if (Clock::now() >= deadline) break;
    }
}

std::string StagePlan::currentName() const { return done() ? std::string("done") : m_stages[m_current].name; }

} // namespace dlab
