#pragma once
// Drives any Experiment on one worker thread (docs/architecture.md). The owner (GUI, CLI,
// tests) never waits for step(): it reads the latest published snapshot, which
// is swapped under a mutex held only for a pointer copy. Parameter edits are
// queued and applied on the worker between steps, so an Experiment never needs
// its own locking. Cancellation goes through a per-step Feedback, so closing
// or destroying the runner interrupts a long step instead of waiting for it.

#include "engine/core/Feedback.hpp"
#include "engine/experiments/Experiment.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace dlab {

class ExperimentRunner {
public:
    using Edit = std::function<void(Experiment&)>;
    using Reader = std::function<void(const Experiment&)>;

    // Starts paused; the worker publishes an initial snapshot at once.
    // With backgroundPriority the worker and every TBB thread that works for
    // it run at a lower OS priority (nice +10 on Linux), so an interactive
    // thread (the GUI) stays responsive while the engine uses all cores.
    explicit ExperimentRunner(std::unique_ptr<Experiment> experiment, bool backgroundPriority = false);
    // Cancels the current step and joins; never waits longer than one
    // cancellation check inside step().
    ~ExperimentRunner();
    ExperimentRunner(const ExperimentRunner&) = delete;
    ExperimentRunner& operator=(const ExperimentRunner&) = delete;

    void run();   // step continuously
    void pause(); // finish the current step, then wait
    bool isRunning() const { return m_running.load(); }
    // Queue n single steps (used while paused).
    void stepOnce(int n = 1);
    // Queue an edit; applied on the worker before the next step. An exception
    // thrown by the edit pauses the runner and is reported by lastError().
    void post(Edit edit);
    // Queue a read of state that lives on the worker (e.g. all chains'
    // configurations for an export): served between two steps, before any
    // queued edit, without publishing a snapshot. Unlike edits, reads are
    // never dropped: a cancelled or destroyed runner serves the pending ones
    // before its worker exits, and one queued after that runs at once on the
    // caller's thread. The reader hands its result on itself (e.g. posts it to
    // the GUI thread); an exception it throws is reported by lastError().
    void read(Reader reader);
    // Stop the worker for good (the latest snapshot stays readable).
    void cancel();

    // Block until every queued edit and single step has been processed, or the
    // timeout expires; for tests and automation, never for the GUI thread.
    bool waitIdle(int timeoutMs) const;

    std::shared_ptr<const ExperimentSnapshot> latest() const;
    long long stepsDone() const { return m_steps.load(); }
    std::string lastError() const;
    void clearError();

    // Minimum time between two published snapshots while running; a paused
    // runner publishes after every single step or edit.
    void setPublishInterval(int milliseconds) { m_publishMs.store(milliseconds); }
    // At most this many steps per second while running (0 = as fast as
    // possible), e.g. 30 for "n sweeps per frame" slow motion.
    void setStepRate(double stepsPerSecond);

private:
    void loop();
    void publish();
    bool hasWorkLocked() const;
    void serve(const Reader& reader);
    void serveRemainingReads();

    std::unique_ptr<Experiment> m_experiment;
    struct Arena; // tbb::task_arena and its priority observer, kept out of this header
    std::unique_ptr<Arena> m_arena;
    mutable std::mutex m_mutex; // guards the queue, the counters of pending work and m_feedback
    mutable std::condition_variable m_wake;
    mutable std::condition_variable m_idle;
    std::deque<Edit> m_edits;
    std::deque<Reader> m_reads;
    bool m_readsClosed = false; // the worker has served its last read
    int m_pendingSteps = 0;
    double m_stepRate = 0; // guarded by m_mutex
    bool m_quit = false;
    bool m_busy = false;
    Feedback* m_feedback = nullptr; // the current step's, while one runs

    mutable std::mutex m_snapshotMutex; // held only to copy a shared_ptr
    std::shared_ptr<const ExperimentSnapshot> m_latest;
    std::string m_error;

    std::atomic<bool> m_running{false};
    std::atomic<long long> m_steps{0};
    std::atomic<int> m_publishMs{15};
    std::thread m_worker;
};

} // namespace dlab
