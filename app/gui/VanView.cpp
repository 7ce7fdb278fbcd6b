#include "VanView.hpp"

#include "SummaryLabel.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include <QBoxLayout>
#include <QLabel>
#include <cmath>

namespace dlab::gui {

using autoregressive::VanSnapshot;

VanView::VanView(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setWindowTitle(tr("DualityLab – variational free energy"));
    // Left: a row of network samples above the estimates table; right: F_q
    // and its relative error, one above the other at equal heights (a 2×2
    // block of samples squeezed the log-scale chart until its axis title was
    // elided at 1280×720).
    auto* columns = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    auto* samples = new QHBoxLayout;
    for (int k = 0; k < 4; ++k) {
        m_samples[std::size_t(k)] = new widgets::LatticeView;
        m_samples[std::size_t(k)]->setMinimumSize(90, 90);
        samples->addWidget(m_samples[std::size_t(k)]);
    }
    left->addLayout(samples, 0);

    m_summary = makeSummaryLabel("vanSummary");
    left->addWidget(scrollable(m_summary), 1);
    columns->addLayout(left, 2);

    auto* right = new QVBoxLayout;
    m_free = new widgets::ChartPanel;
    m_free->setTitle(tr("Variational free energy F_q ≥ F (one training batch per step)"));
    m_free->setAxisTitles(tr("optimiser step"), tr("F/N  [J]"));
    m_fq = m_free->addLine(tr("F_q/N at the target β"), widgets::categoricalColor(0), 1.5);
    m_exact = m_free->addReferenceLine(tr("exact F/N (Kaufman)"), QColor(60, 60, 60));
    right->addWidget(m_free, 1);

    m_relative = new widgets::ChartPanel;
    m_relative->setTitle(tr("Relative error |F_q − F| / |F|"));
    m_relative->setAxisTitles(tr("optimiser step"), tr("relative error  [1]"));
    m_relative->setLogY(true);
    m_rel = m_relative->addLine(tr("relative error"), widgets::categoricalColor(1), 1.5);
    m_bar = m_relative->addReferenceLine(tr("10⁻³"), QColor(60, 60, 60), Qt::DotLine);
    m_relative->setReferenceValue(m_bar, 1e-3);
    right->addWidget(m_relative, 1);
    columns->addLayout(right, 3);
    for (QWidget* w : std::initializer_list<QWidget*>{m_free, m_relative})
        widgets::FigureExporter::installContextMenu(w);
}

void VanView::show(const VanSnapshot& s)
{
    for (std::size_t k = 0; k < m_samples.size(); ++k) {
        if (k < s.samples.size()) m_samples[k]->setValues(s.samples[k], s.side, s.side, -1, 1);
        m_samples[k]->setTitle(tr("q_θ sample %1").arg(k + 1));
    }
    m_free->setLineData(m_fq, s.steps, s.freeEnergy);
    m_free->setReferenceValue(m_exact, s.exactFreeEnergy);
    m_relative->setLineData(m_rel, s.steps, s.relativeError);

    auto num = [](double v, int d = 5) { return QString::number(v, 'f', d); };
    QString phase;
    switch (s.phase) {
    case VanSnapshot::Phase::Training:
        phase =
            tr("training: step %1 of %2, β_t = %3").arg(s.optimiserStep).arg(s.params.steps).arg(num(s.currentBeta, 4));
        break;
    case VanSnapshot::Phase::Evaluating:
        phase = tr("evaluating with %1 fresh samples").arg(s.params.evaluationSamples);
        break;
    case VanSnapshot::Phase::Done:
        phase = tr("done: %1 steps in %2 s").arg(s.optimiserStep).arg(num(s.seconds, 1));
        break;
    }
    const bool final = s.evaluation.samples > 0;
    const autoregressive::VanEstimates& e = final ? s.evaluation : s.latest;
    QString t = tr("<b>%1</b><br>L = %2, β = %3, batch %4%5<br><br>")
                    .arg(phase)
                    .arg(s.params.L)
                    .arg(num(s.params.beta, 4))
                    .arg(s.params.batch)
                    .arg(s.params.z2 ? tr(", Z2-symmetrised") : QString());
    t += final ? tr("<i>Evaluation (%1 samples):</i>").arg(e.samples) : tr("<i>Last training batch:</i>");
    t += "<table cellspacing='2'>";
    auto row = [&](const QString& a, const QString& b) {
        t += QString("<tr><td>%1</td><td align='right'>%2</td></tr>").arg(a, b);
    };
    row(tr("F_q/N"), QString("%1 ± %2").arg(num(e.freeEnergy)).arg(num(e.freeEnergyError)));
    row(tr("F/N exact (Kaufman)"), num(s.exactFreeEnergy));
    row(tr("relative error"),
        QString::number(std::abs(e.freeEnergy - s.exactFreeEnergy) / std::abs(s.exactFreeEnergy), 'e', 2));
    row(tr("F/N by importance sampling"), QString("%1 ± %2").arg(num(e.isFreeEnergy)).arg(num(e.isFreeEnergyError)));
    row(tr("E/N reweighted (exact)"),
        QString("%1 ± %2 (%3)").arg(num(e.isEnergy, 4)).arg(num(e.isEnergyError, 4)).arg(num(s.exactEnergy, 4)));
    row(tr("|m| reweighted"),
        QString("%1 ± %2").arg(num(e.isAbsMagnetization, 4)).arg(num(e.isAbsMagnetizationError, 4)));
    row(tr("effective sample size"), tr("%1 %").arg(num(100 * e.effectiveSampleFraction, 1)));
    t += "</table>";
    t += tr("<p><i>Trained without data: F_q = ⟨E + T ln q⟩ ≥ F for every network; the gap is T·KL(q‖p).</i></p>");
    m_summary->setText(t);
}

QString VanView::summaryText() const { return m_summary->text(); }

void VanView::setPresentationScale(double scale)
{
    m_free->setPresentationScale(scale);
    m_relative->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_summary->setFont(f);
    for (auto* v : m_samples)
        v->setFont(f);
}

} // namespace dlab::gui
