#pragma once
// A page's own long job (a t-SNE of a file, a sweep of learner runs) on the
// same path as the page's main experiment: an Experiment driven by an
// ExperimentRunner, its latest snapshot polled on the GUI thread. No thread
// of its own, no waiting: the GUI gets snapshot() signals, then finished()
// once — when the experiment says it is finished, when it is cancelled
// (keeping the last snapshot, with what was computed), or on an error.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <QObject>
#include <QString>
#include <memory>

class QTimer;

namespace dlab::gui {

class BackgroundJob : public QObject {
    Q_OBJECT
public:
    explicit BackgroundJob(QObject* parent = nullptr);
    ~BackgroundJob() override; // cancels the job (within one cancellation check)

    // Starts `experiment` at once, replacing (cancelling) a running job.
    void start(std::unique_ptr<Experiment> experiment);
    // Stops the job; finished() follows with cancelled = true.
    void cancel();
    bool running() const { return m_runner && !m_done; }
    std::shared_ptr<const ExperimentSnapshot> latest() const { return m_latest; }
    // For tests and automation only: poll now instead of waiting for the timer.
    void pollNow() { poll(); }

Q_SIGNALS:
    void snapshot(std::shared_ptr<const dlab::ExperimentSnapshot> s);
    // `error` is empty unless the job stopped on an exception.
    void finished(std::shared_ptr<const dlab::ExperimentSnapshot> last, bool cancelled, const QString& error);

private:
    void poll();
    void finish(bool cancelled, const QString& error);

    std::unique_ptr<ExperimentRunner> m_runner;
    std::shared_ptr<const ExperimentSnapshot> m_latest;
    QTimer* m_timer = nullptr;
    bool m_done = true;
};

} // namespace dlab::gui
