#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <chrono>
#include <exception>
#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dlab {
namespace {

void lowerThisThreadsPriority()
{
#ifdef __linux__
    // On Linux, nice values are per thread (setpriority on the thread id).
    const auto tid = id_t(syscall(SYS_gettid));
    const int current = getpriority(PRIO_PROCESS, tid);
    if (current < 10) setpriority(PRIO_PROCESS, tid, 10);
#endif
}

class LowPriorityObserver : public tbb::task_scheduler_observer {
public:
    explicit LowPriorityObserver(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) { observe(true); }
    ~LowPriorityObserver() override { observe(false); }
    void on_scheduler_entry(bool) override { lowerThisThreadsPriority(); }
};

} // namespace

struct ExperimentRunner::Arena {
    tbb::task_arena arena;
    std::unique_ptr<LowPriorityObserver> observer;
    Arena() { arena.initialize(); }
};

ExperimentRunner::ExperimentRunner(std::unique_ptr<Experiment> experiment, bool backgroundPriority)
    : m_experiment(std::move(experiment))
{
    if (backgroundPriority) {
        m_arena = std::make_unique<Arena>();
        m_arena->observer = std::make_unique<LowPriorityObserver>(m_arena->arena);
    }
    // The first snapshot is published before the constructor returns, so
    // latest() is never null for the owner.
    publish();
    m_worker = std::thread([this] { loop(); });
}

ExperimentRunner::~ExperimentRunner()
{
    cancel();
    if (m_worker.joinable()) m_worker.join();
    m_arena.reset();
}

void ExperimentRunner::run()
{
    std::lock_guard lock(m_mutex);
    m_running.store(true);
    m_wake.notify_all();
}

void ExperimentRunner::pause()
{
    std::lock_guard lock(m_mutex);
    m_running.store(false);
    m_wake.notify_all();
}

void ExperimentRunner::stepOnce(int n)
{
    std::lock_guard lock(m_mutex);
    m_pendingSteps += n;
    m_wake.notify_all();
}

void ExperimentRunner::setStepRate(double stepsPerSecond)
{
    std::lock_guard lock(m_mutex);
    m_stepRate = stepsPerSecond > 0 ? stepsPerSecond : 0;
    m_wake.notify_all();
}

void ExperimentRunner::post(Edit edit)
{
    std::lock_guard lock(m_mutex);
    m_edits.push_back(std::move(edit));
    m_wake.notify_all();
}

void ExperimentRunner::read(Reader reader)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_readsClosed) {
            m_reads.push_back(std::move(reader));
            m_wake.notify_all();
            return;
        }
    }
    // The worker has exited and no longer touches the experiment.
    serve(reader);
}

void ExperimentRunner::serve(const Reader& reader)
{
    try {
        reader(*m_experiment);
    } catch (const std::exception& e) {
        std::lock_guard lock(m_snapshotMutex);
        m_error = e.what();
    }
}

void ExperimentRunner::serveRemainingReads()
{
    for (;;) {
        std::deque<Reader> reads;
        {
            std::lock_guard lock(m_mutex);
            if (m_reads.empty()) {
                m_readsClosed = true;
                return;
            }
            reads.swap(m_reads);
        }
        for (const Reader& r : reads)
            serve(r);
    }
}

void ExperimentRunner::cancel()
{
    std::lock_guard lock(m_mutex);
    m_quit = true;
    m_running.store(false);
    if (m_feedback) m_feedback->cancel();
    m_wake.notify_all();
    m_idle.notify_all();
}

bool ExperimentRunner::hasWorkLocked() const
{
    return m_busy || !m_edits.empty() || !m_reads.empty() || m_pendingSteps > 0;
}

bool ExperimentRunner::waitIdle(int timeoutMs) const
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_quit || !hasWorkLocked(); });
}

std::shared_ptr<const ExperimentSnapshot> ExperimentRunner::latest() const
{
    std::lock_guard lock(m_snapshotMutex);
    return m_latest;
}

std::string ExperimentRunner::lastError() const
{
    std::lock_guard lock(m_snapshotMutex);
    return m_error;
}

void ExperimentRunner::clearError()
{
    std::lock_guard lock(m_snapshotMutex);
    m_error.clear();
}

void ExperimentRunner::publish()
{
    // snapshot() may take a while (copies, error analysis): build it outside the lock.
    auto snapshot = m_experiment->snapshot();
    std::lock_guard lock(m_snapshotMutex);
    m_latest = std::move(snapshot);
}

void ExperimentRunner::loop()
{
    using Clock = std::chrono::steady_clock;
    auto lastPublish = Clock::now();
    auto lastStep = Clock::now() - std::chrono::hours(1);
    auto fail = [this](const std::string& what) {
        {
            std::lock_guard lock(m_snapshotMutex);
            m_error = what;
        }
        std::lock_guard lock(m_mutex);
        m_running.store(false);
        m_pendingSteps = 0;
    };

    if (m_arena) lowerThisThreadsPriority();
    for (;;) {
        Edit edit;
        Reader reader;
        bool single = false;
        {
            std::unique_lock lock(m_mutex);
            m_busy = false;
            if (m_edits.empty() && m_reads.empty() && m_pendingSteps == 0) m_idle.notify_all();
            m_wake.wait(lock, [this] {
                return m_quit || !m_edits.empty() || !m_reads.empty() || m_pendingSteps > 0 || m_running.load();
            });
            if (m_quit) break;
            if (m_edits.empty() && m_reads.empty() && m_pendingSteps == 0 && m_stepRate > 0) {
                // Throttled: wait for the next slot, but wake for edits, reads, steps, pause or quit.
                const auto next = lastStep + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(1.0 / m_stepRate));
                if (Clock::now() < next) {
                    m_wake.wait_until(lock, next, [this] {
                        return m_quit || !m_edits.empty() || !m_reads.empty() || m_pendingSteps > 0 ||
                               !m_running.load() || m_stepRate == 0;
                    });
                    continue;
                }
            }
            m_busy = true;
            if (!m_reads.empty()) {
                reader = std::move(m_reads.front());
                m_reads.pop_front();
            } else if (!m_edits.empty()) {
                edit = std::move(m_edits.front());
                m_edits.pop_front();
            } else if (m_pendingSteps > 0) {
                --m_pendingSteps;
                single = true;
            }
        }

        if (reader) {
            serve(reader);
            continue;
        }
        if (edit) {
            try {
                edit(*m_experiment);
            } catch (const std::exception& e) {
                fail(e.what());
            }
            if (!m_running.load()) {
                publish();
                lastPublish = Clock::now();
            }
            continue;
        }

        lastStep = Clock::now();
        Feedback feedback;
        {
            std::lock_guard lock(m_mutex);
            if (m_quit) break;
            m_feedback = &feedback;
        }
        try {
            if (m_arena)
                m_arena->arena.execute([&] { m_experiment->step(feedback); });
            else
                m_experiment->step(feedback);
        } catch (const std::exception& e) {
            fail(e.what());
        }
        {
            std::lock_guard lock(m_mutex);
            m_feedback = nullptr;
        }
        m_steps.fetch_add(1);
        const auto now = Clock::now();
        if (single || !m_running.load() || now - lastPublish >= std::chrono::milliseconds(m_publishMs.load())) {
            publish();
            lastPublish = now;
        }
    }
    // A cancelled run keeps its partial results: publish what the last
    // (possibly interrupted) step left, and serve every read still queued
    // (an export asked for before a Reset is not lost).
    publish();
    serveRemainingReads();
}

} // namespace dlab
