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

StagePlan::Work StagePlan::startThen(std::function<void()> start, Work run)
{
    return [start = std::move(start), run = std::move(run), started = false](Feedback& feedback,
                                                                             Clock::time_point deadline) mutable {
        if (!started) {
            start();
            started = true;
            return false;
        }
        return run(feedback, deadline);
    };
}

std::string StagePlan::currentName() const { return done() ? std::string("done") : m_stages[m_current].name; }

} // namespace dlab
