#pragma once
// An experiment's work as a list of named stages, each a callback that does
// a bounded slice of work and says when its stage is complete — so step()
// is "advance the plan until the deadline", not a long inline schedule.
// Stages may be added while the plan runs (e.g. one per training-set size
// once the data is known).

#include "engine/core/Feedback.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <string>

namespace dlab {

class StagePlan {
public:
    using Clock = std::chrono::steady_clock;
    // Does some work, returns true once the stage is complete. It should
    // return by `deadline` (or soon after) and when `feedback` is cancelled.
    // It is called in place, so a mutable lambda keeps its state between calls.
    using Work = std::function<bool(Feedback& feedback, Clock::time_point deadline)>;

    void add(std::string name, Work work);
    // A stage that first calls `start` (setting up, in a step of its own),
    // then `run` until that completes.
    static Work startThen(std::function<void()> start, Work run);
    // Runs stages until the deadline passes, the feedback is cancelled or
    // every stage is complete (a completed stage is never run again).
    void advance(Feedback& feedback, Clock::time_point deadline);

    bool done() const { return m_current >= m_stages.size(); }
    std::size_t size() const { return m_stages.size(); }
    std::size_t completed() const { return m_current; }
    // The running stage's name, or "done".
    std::string currentName() const;

private:
    struct Stage {
        std::string name;
        Work work;
    };
    std::deque<Stage> m_stages; // a deque: adding a stage never moves the running one
    std::size_t m_current = 0;
};

} // namespace dlab
