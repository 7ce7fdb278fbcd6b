#include "DataEmbedding.hpp"

#include "widgets/ScatterPlot.hpp"

#include <QLabel>
#include <QPushButton>

namespace dlab::gui {

QString pointText(const Eigen::MatrixXd& m, int row, int maxCols)
{
    const int d = int(m.cols());
    QStringList parts;
    for (int j = 0; j < std::min(d, maxCols); ++j)
        parts << QString::number(m(row, j), 'g', 4);
    if (d > maxCols) parts << QString("… (%1 values)").arg(d);
    return "(" + parts.join(", ") + ")";
}

DataEmbedding::DataEmbedding(widgets::ScatterPlot* view, QLabel* status, QPushButton* cancel, QPushButton* showNetwork,
                             QObject* parent)
    : QObject(parent), m_view(view), m_status(status), m_cancel(cancel), m_showNetwork(showNetwork)
{
    m_job = new BackgroundJob(this);
    connect(m_job, &BackgroundJob::snapshot, this, &DataEmbedding::show);
    connect(m_job, &BackgroundJob::finished, this, &DataEmbedding::done);
    connect(m_cancel, &QPushButton::clicked, this, &DataEmbedding::cancel);
    connect(m_showNetwork, &QPushButton::clicked, this, &DataEmbedding::leave);
}

void DataEmbedding::start(const QString& name, embed::TsneExperiment::Loader load, const embed::TsneOptions& options)
{
    m_name = name;
    m_options = options;
    m_finished = false;
    m_newData = true;
    m_latest.reset();
    m_job->start(std::make_unique<embed::TsneExperiment>(std::move(load), options));
    m_status->setText(tr("reading %1…").arg(name));
    m_cancel->setEnabled(true);
}

void DataEmbedding::cancel() { m_job->cancel(); }

void DataEmbedding::leave()
{
    m_job->cancel();
    if (!m_shown) return;
    m_shown = false;
    m_drawn.reset();
    m_showNetwork->setEnabled(false);
    Q_EMIT left();
}

bool DataEmbedding::loading() const
{
    return m_job->running() && (!m_latest || m_latest->phase == embed::TsneSnapshot::Phase::Loading);
}

void DataEmbedding::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const embed::TsneSnapshot>(snapshot);
    if (!s) return;
    m_latest = s;
    m_status->setText(statusText());
    if (!s->embedding || s->embedding == m_drawn) return;
    if (m_newData) {
        // The first frame of new data: its classes and legend replace the old ones.
        m_newData = false;
        QStringList names;
        int maxLabel = -1;
        for (const auto& c : s->data->classNames)
            names << QString::fromStdString(c);
        for (int l : s->data->labels)
            maxLabel = std::max(maxLabel, l);
        for (int l = int(names.size()); l <= maxLabel; ++l)
            names << tr("label %1").arg(l);
        m_view->setClassNames(names);
        m_view->setOrderedClasses(s->data->orderedClasses);
        m_shown = true;
        m_showNetwork->setEnabled(true);
    }
    m_drawn = s->embedding;
    const auto& y = *s->embedding;
    std::vector<double> x(std::size_t(y.rows())), v(std::size_t(y.rows()));
    for (int r = 0; r < y.rows(); ++r) {
        x[std::size_t(r)] = y(r, 0);
        v[std::size_t(r)] = y(r, 1);
    }
    m_view->setPoints(std::move(x), std::move(v), s->data->labels);
    m_view->setTitle(tr("t-SNE of %1 (%2 of %3)").arg(m_name).arg(s->iteration).arg(s->iterations));
}

void DataEmbedding::done(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled, const QString& error)
{
    if (last) show(last);
    m_finished = true;
    m_cancel->setEnabled(false);
    if (!error.isEmpty()) {
        m_status->setText(tr("t-SNE of %1: %2").arg(m_name, error));
        Q_EMIT errorMessage(m_status->text());
        return;
    }
    if (cancelled && (!m_latest || !m_latest->embedding)) {
        m_status->setText(tr("t-SNE of %1 cancelled before the first iteration").arg(m_name));
        return;
    }
    m_status->setText(statusText() + (cancelled ? tr(" (cancelled)") : QString()));
}

QString DataEmbedding::statusText() const
{
    if (!m_latest) return m_job->running() ? tr("reading %1…").arg(m_name) : QString();
    const auto& s = *m_latest;
    using Phase = embed::TsneSnapshot::Phase;
    switch (s.phase) {
    case Phase::Loading:
        return tr("reading %1…").arg(m_name);
    case Phase::Affinities:
        return tr("%1: %2 points × %3 values · neighbours and affinities: %4 of %5 points (%6 s)")
            .arg(m_name)
            .arg(s.points)
            .arg(s.dimensions)
            .arg(s.rowsPrepared)
            .arg(s.points)
            .arg(s.seconds, 0, 'f', 1);
    case Phase::Optimising:
        return tr("%1: %2 points · iteration %3 of %4 (%5 s)")
            .arg(m_name)
            .arg(s.points)
            .arg(s.iteration)
            .arg(s.iterations)
            .arg(s.seconds, 0, 'f', 1);
    case Phase::Done:
        return tr("%1: %2 points embedded, %3 iterations in %4 s")
            .arg(m_name)
            .arg(s.points)
            .arg(s.iteration)
            .arg(s.seconds, 0, 'f', 1);
    }
    return {};
}

QString DataEmbedding::hoverText(int index) const
{
    if (!m_latest || !m_latest->data || index < 0 || index >= m_latest->data->points.rows()) return {};
    const auto& d = *m_latest->data;
    QString cls = tr("no label");
    if (index < int(d.labels.size())) {
        const int l = d.labels[std::size_t(index)];
        cls = l >= 0 && l < int(d.classNames.size()) ? QString::fromStdString(d.classNames[std::size_t(l)])
                                                     : tr("label %1").arg(l);
    }
    return tr("row %1 of %2 · %3\n%4").arg(index).arg(m_name, cls, pointText(d.points, index));
}

std::shared_ptr<const embed::Embedding> DataEmbedding::embedding() const { return m_shown ? m_drawn : nullptr; }

std::vector<int> DataEmbedding::labels() const
{
    return m_latest && m_latest->data ? m_latest->data->labels : std::vector<int>{};
}

} // namespace dlab::gui
