#pragma once
// One small object for cancellation and progress, shared between a worker and
// whoever watches it (GUI, CLI). Safe to use from any thread.

#include <atomic>
#include <functional>

namespace dlab {

class Feedback {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

    // Fraction done in [0, 1]; the watcher reads it when it likes.
    void setProgress(double fraction) { m_progress.store(fraction, std::memory_order_relaxed); }
    double progress() const { return m_progress.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<double> m_progress{0.0};
};

} // namespace dlab
