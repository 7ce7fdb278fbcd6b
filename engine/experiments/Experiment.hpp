#pragma once
// The shape every experiment has (docs/architecture.md): validated Params, step() doing
// one bounded unit of work, and an immutable Snapshot of all a plot needs.
// A generic runner drives any Experiment on a worker thread; the GUI polls
// snapshot() on a timer and never waits for step().

#include "engine/core/Feedback.hpp"

#include <memory>
#include <string>

namespace dlab {

struct ExperimentSnapshot {
    virtual ~ExperimentSnapshot() = default;
    long long step = 0; // steps done when the snapshot was taken
    // Set by experiments that end by themselves (a scan, a sweep, an
    // embedding, a converged learner): further steps do nothing, and the
    // window says "finished" and stops running instead of claiming "running".
    bool finished = false;
};

class Experiment {
public:
    virtual ~Experiment() = default;
    virtual std::string name() const = 0;
    // One bounded unit of work (aim for ≲ 20 ms); long inner loops check
    // feedback.isCancelled() and return early, keeping what was computed.
    virtual void step(Feedback& feedback) = 0;
    // The latest immutable picture; safe to call from the worker between steps.
    // The runner publishes it to other threads, so it must not alias state that
    // step() mutates later.
    virtual std::shared_ptr<const ExperimentSnapshot> snapshot() const = 0;
};

} // namespace dlab
