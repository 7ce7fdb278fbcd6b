#pragma once
// Runs an engine Experiment to its end through ExperimentRunner, the one way
// background work runs in the GUI and the CLI alike: the worker steps it,
// this thread only reads the published snapshots until one says `finished`.
// Errors thrown inside step() come back as std::runtime_error.

#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>

namespace dlab::cli {

// Snapshot must have `bool finished`. `onSnapshot` (optional) sees every new
// snapshot on this thread, e.g. to print progress; `atEnd` (optional) reads
// the finished experiment itself (served by the runner's worker, done by the
// time this returns), e.g. to draw samples from a trained network.
template <class Snapshot>
std::shared_ptr<const Snapshot> runToEnd(std::unique_ptr<Experiment> experiment,
                                         const std::function<void(const Snapshot&)>& onSnapshot = {},
                                         const ExperimentRunner::Reader& atEnd = {})
{
    ExperimentRunner runner(std::move(experiment));
    runner.setPublishInterval(50);
    runner.run();
    std::shared_ptr<const ExperimentSnapshot> seen;
    for (;;) {
        const auto latest = runner.latest();
        const auto s = std::static_pointer_cast<const Snapshot>(latest);
        if (latest != seen && onSnapshot) onSnapshot(*s);
        seen = latest;
        if (s->finished) {
            if (atEnd) runner.read(atEnd); // served before the runner's destructor returns
            return s;
        }
        const std::string error = runner.lastError();
        if (!error.empty()) throw std::runtime_error(error);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace dlab::cli
