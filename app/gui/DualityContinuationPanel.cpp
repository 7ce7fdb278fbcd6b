#include "DualityContinuationPanel.hpp"

#include "BackgroundJob.hpp"

#include "engine/experiments/duality/DualityPathExperiment.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace dlab::gui {

namespace {

int dualStages(const std::vector<DualityStage>& stages)
{
    int n = 0;
    for (const auto& s : stages)
        n += isDualFrame(s.result.classification.frame);
    return n;
}

} // namespace

DualityContinuationPanel::DualityContinuationPanel(std::function<DualityLearnerParams()> base, QWidget* parent)
    : QGroupBox(tr("Continue to β (ordered phase)"), parent), m_base(std::move(base))
{
    setToolTip(tr("Learns at the data β above, then moves the data's β in steps of dβ to the target; each stage "
                  "starts from the previous stage's learned t, θ2, θ3 (never from a fresh draw). Ordered data alone "
                  "hide which neighbour is the dual link; carried along from disordered data the learner follows a "
                  "slowly moving minimum. Nothing exact enters: β̃ is only drawn on the plot."));
    auto* form = new QFormLayout(this);
    m_target = new QDoubleSpinBox;
    m_target->setObjectName("pathTarget");
    m_target->setDecimals(3);
    m_target->setRange(0.001, 5.0);
    m_target->setSingleStep(0.05);
    m_target->setValue(0.6);
    m_target->setToolTip(tr("The data β the path ends at"));
    form->addRow(tr("to β"), m_target);
    m_step = new QDoubleSpinBox;
    m_step->setObjectName("pathStep");
    m_step->setDecimals(3);
    m_step->setRange(0.001, 1.0);
    m_step->setSingleStep(0.005);
    m_step->setValue(0.025);
    m_step->setToolTip(tr("Change of the data β from one stage to the next"));
    form->addRow(tr("step dβ"), m_step);
    m_button = new QPushButton(tr("Continue to β"));
    m_button->setObjectName("continueToBeta");
    form->addRow(m_button);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    form->addRow(m_progress);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    form->addRow(m_status);

    connect(m_button, &QPushButton::clicked, this, [this] {
        if (running())
            cancel();
        else
            start();
    });
    m_job = new BackgroundJob(this);
    connect(m_job, &BackgroundJob::snapshot, this, &DualityContinuationPanel::onSnapshot);
    connect(m_job, &BackgroundJob::finished, this, &DualityContinuationPanel::onDone);
}

DualityContinuationPanel::~DualityContinuationPanel() = default;

DualityPathParams DualityContinuationPanel::pathParams() const
{
    DualityPathParams p;
    p.base = m_base();
    p.betas = continuationBetas(p.base.beta, m_target->value(), m_step->value());
    p.validate();
    return p;
}

bool DualityContinuationPanel::start()
{
    if (running()) return false;
    try {
        m_running = pathParams();
    } catch (const std::exception& e) {
        m_status->setText(QString::fromUtf8(e.what()));
        Q_EMIT errorMessage(m_status->text());
        return false;
    }
    m_stages.clear();
    m_restored.clear();
    m_current.reset();
    m_progress->setRange(0, int(m_running.betas.size()));
    m_progress->setValue(0);
    m_status->setText(tr("walking %1 stages, β = %2 → %3…")
                          .arg(m_running.betas.size())
                          .arg(m_running.betas.front())
                          .arg(m_running.betas.back()));
    m_button->setText(tr("Cancel path"));
    Q_EMIT started();
    Q_EMIT pathChanged();
    m_job->start(std::make_unique<DualityPathExperiment>(m_running));
    return true;
}

void DualityContinuationPanel::cancel()
{
    m_status->setText(tr("cancelling…"));
    m_job->cancel();
}

bool DualityContinuationPanel::running() const { return m_job->running(); }

QString DualityContinuationPanel::status() const { return m_status->text(); }

std::vector<figures::DualityPlot::PathPoint> DualityContinuationPanel::plotPoints() const
{
    auto points = figures::DualityPlot::pathPoints(m_stages);
    if (m_current) points.push_back(*m_current);
    return points;
}

void DualityContinuationPanel::onSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const DualityPathSnapshot>(snapshot);
    if (!s) return;
    m_stages = s->stages;
    m_current.reset();
    if (s->currentBeta && s->currentT0) m_current = figures::DualityPlot::PathPoint{*s->currentBeta, *s->currentT0};
    m_progress->setValue(int(m_stages.size()));
    if (!s->finished && m_current)
        m_status->setText(tr("stage %1 of %2: β = %3, t0 = %4 (%5 s)…")
                              .arg(m_stages.size() + 1)
                              .arg(s->params.betas.size())
                              .arg(m_current->beta, 0, 'f', 3)
                              .arg(m_current->t0, 0, 'f', 4)
                              .arg(s->seconds, 0, 'f', 1));
    Q_EMIT pathChanged();
}

void DualityContinuationPanel::onDone(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled,
                                      const QString& error)
{
    onSnapshot(last);
    auto s = std::dynamic_pointer_cast<const DualityPathSnapshot>(last);
    const double seconds = s ? s->seconds : 0;
    const std::size_t total = m_running.betas.size();
    m_current.reset();
    QString summary = tr("%1 of %2 stages (%3 s), %4 in a dual frame")
                          .arg(m_stages.size())
                          .arg(total)
                          .arg(seconds, 0, 'f', 1)
                          .arg(dualStages(m_stages));
    if (!m_stages.empty()) {
        const auto& end = m_stages.back();
        summary += tr("; last: β = %1, t0 = %2, %3")
                       .arg(end.beta, 0, 'f', 3)
                       .arg(end.result.t.t0, 0, 'f', 4)
                       .arg(QString::fromUtf8(frameName(end.result.classification.frame)));
    }
    if (!error.isEmpty()) {
        m_status->setText(tr("path stopped: %1 (%2)").arg(error, summary));
        Q_EMIT errorMessage(m_status->text());
    } else if (cancelled) {
        m_status->setText(tr("Cancelled after %1; only finished stages are plotted.").arg(summary));
    } else {
        m_status->setText(summary + ".");
    }
    m_button->setText(tr("Continue to β"));
    Q_EMIT pathChanged();
    Q_EMIT finished();
}

std::vector<DualitySweepRow> DualityContinuationPanel::rows() const
{
    if (!m_restored.empty()) return m_restored;
    std::vector<DualitySweepRow> rows;
    for (std::size_t i = 0; i < m_stages.size(); ++i) {
        DualitySweepRow r;
        r.beta = m_stages[i].beta;
        r.kappa = m_running.base.kappa;
        r.betaDual = m_stages[i].result.betaDualExact;
        r.seed = stageParams(m_running, i, i ? &m_stages[i - 1].result : nullptr).seed;
        r.result = m_stages[i].result;
        rows.push_back(r);
    }
    return rows;
}

void DualityContinuationPanel::writeCsv(const QString& path) const
{
    SweepCsvHeaderLines header{{"source", "a saved session (the path's settings are not kept)"}};
    if (m_restored.empty()) {
        DualitySweepParams p;
        p.base = m_running.base;
        p.betas = m_running.betas;
        p.seeds = 1;
        p.firstSeed = m_running.base.seed;
        header = sweepCsvHeaderLines(p);
        header.front().second = "Kramers-Wannier continuation path (each stage starts from the one before)";
    }
    writeSweepCsv(path.toStdString(), rows(), header);
}

void DualityContinuationPanel::restoreRows(const std::vector<DualitySweepRow>& rows)
{
    if (running()) return; // a running path owns the plot
    m_restored = rows;
    m_stages.clear();
    m_current.reset();
    for (const auto& r : rows) {
        m_stages.push_back({r.beta, r.result, r.result.seconds});
        m_stages.back().result.betaDualExact = r.betaDual; // recomputed on reading
    }
    m_progress->setRange(0, std::max(1, int(rows.size())));
    m_progress->setValue(int(rows.size()));
    const QString count = rows.size() == 1 ? tr("1 stage") : tr("%1 stages").arg(rows.size());
    m_status->setText(tr("%1 from the saved session, %2 in a dual frame.").arg(count).arg(dualStages(m_stages)));
    Q_EMIT pathChanged();
}

double DualityContinuationPanel::target() const { return m_target->value(); }
double DualityContinuationPanel::stepSize() const { return m_step->value(); }
void DualityContinuationPanel::setTarget(double beta) { m_target->setValue(beta); }
void DualityContinuationPanel::setStepSize(double dBeta) { m_step->setValue(dBeta); }

} // namespace dlab::gui
