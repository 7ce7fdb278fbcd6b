#include "BackgroundJob.hpp"

#include <QTimer>

namespace dlab::gui {

BackgroundJob::BackgroundJob(QObject* parent) : QObject(parent)
{
    m_timer = new QTimer(this);
    m_timer->setInterval(33);
    connect(m_timer, &QTimer::timeout, this, &BackgroundJob::poll);
}

BackgroundJob::~BackgroundJob() { m_runner.reset(); }

void BackgroundJob::start(std::unique_ptr<Experiment> experiment)
{
    if (running()) cancel();
    m_runner.reset();
    m_latest.reset();
    m_done = false;
    m_runner = std::make_unique<ExperimentRunner>(std::move(experiment), /*backgroundPriority=*/true);
    m_runner->run();
    m_timer->start();
}

void BackgroundJob::cancel()
{
    if (!m_runner || m_done) return;
    m_runner->cancel(); // the latest snapshot stays readable
    poll();
    if (!m_done) finish(true, {});
}

void BackgroundJob::poll()
{
    if (!m_runner) return;
    auto s = m_runner->latest();
    if (s && s != m_latest) {
        m_latest = s;
        Q_EMIT snapshot(s);
    }
    if (m_done) return;
    const std::string error = m_runner->lastError();
    if (!error.empty()) return finish(false, QString::fromStdString(error));
    if (m_latest && m_latest->finished) finish(false, {});
}

void BackgroundJob::finish(bool cancelled, const QString& error)
{
    m_done = true;
    m_timer->stop();
    m_runner->cancel(); // nothing left to step; frees the worker
    Q_EMIT finished(m_latest, cancelled, error);
}

} // namespace dlab::gui
