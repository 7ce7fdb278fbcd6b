#pragma once
// Runs an engine Experiment to its end through ExperimentRunner, the one way
// background work runs (the GUI drives the same experiments the same way):
// the calling thread only watches published snapshots. `--threads` limits
// TBB for the whole command. An exception thrown inside step() comes back
// here as std::runtime_error with the engine's message.

#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

namespace dlab::cli {

template <class Snapshot, class ExperimentType> class ExperimentRun {
public:
    explicit ExperimentRun(std::unique_ptr<ExperimentType> experiment)
        : m_runner(std::unique_ptr<Experiment>(std::move(experiment)))
    {
        // Snapshots can be costly (error analysis over long series); the
        // command needs only the last one.
        m_runner.setPublishInterval(500);
    }

    // Steps until done(snapshot) holds; returns the final snapshot.
    std::shared_ptr<const Snapshot> runUntil(const std::function<bool(const Snapshot&)>& done)
    {
        m_runner.run();
        for (;;) {
            const std::string error = m_runner.lastError();
            if (!error.empty()) throw std::runtime_error(error);
            auto s = std::dynamic_pointer_cast<const Snapshot>(m_runner.latest());
            if (s && done(*s)) {
                m_runner.pause();
                return latestAfterPause();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    // Reads state that lives on the worker (e.g. saved configurations).
    template <class T> T read(const std::function<T(const ExperimentType&)>& reader)
    {
        std::promise<T> promise;
        auto future = promise.get_future();
        m_runner.read([&](const Experiment& e) {
            try {
                promise.set_value(reader(static_cast<const ExperimentType&>(e)));
            } catch (...) {
                promise.set_exception(std::current_exception());
            }
        });
        return future.get();
    }

private:
    std::shared_ptr<const Snapshot> latestAfterPause()
    {
        // The snapshot published after the last step, which may be newer than
        // the one that said "done".
        m_runner.waitIdle(60000);
        return read<std::shared_ptr<const Snapshot>>([](const ExperimentType& e) { return e.current(); });
    }

    ExperimentRunner m_runner;
};

} // namespace dlab::cli
