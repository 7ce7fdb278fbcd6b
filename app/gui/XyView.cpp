#include "XyView.hpp"

#include "SummaryLabel.hpp"

#include "widgets/AngleFieldView.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>
#include <numbers>

namespace dlab::gui {

using autoregressive::XyLearningSnapshot;

XyView::XyView(QWidget* parent) : QWidget(parent)
{
    m_tabs = new QTabWidget;
    m_run = new QWidget;
    m_run->setAutoFillBackground(true);
    m_run->setWindowTitle(tr("DualityLab – XY model and autoregressive network"));
    auto* grid = new QGridLayout(m_run);
    m_mc = new widgets::AngleFieldView;
    m_network = new widgets::AngleFieldView;
    for (auto* v : {m_mc, m_network})
        v->setMarkNames(tr("vortex"), tr("antivortex"));
    grid->addWidget(m_mc, 0, 0);
    grid->addWidget(m_network, 1, 0);

    m_nll = new widgets::ChartPanel;
    m_nll->setTitle(tr("Negative log-likelihood per site (density of θ/2π)"));
    m_nll->setAxisTitles(tr("epoch"), tr("NLL  [nats per site]"));
    m_train = m_nll->addLine(tr("training"), widgets::categoricalColor(0), 1.8);
    m_test = m_nll->addLine(tr("held-out"), widgets::categoricalColor(1), 1.8);
    grid->addWidget(m_nll, 0, 1);

    m_o2 = new widgets::ChartPanel;
    m_o2->setTitle(tr("O(2) test: H_θ of configurations rotated by α"));
    m_o2->setAxisTitles(tr("rotation α/2π  [1]"), tr("⟨H_θ⟩/N  [J]"));
    m_o2Points = m_o2->addErrorBars(tr("⟨H_θ(R_α s)⟩/N (paired errors)"), widgets::categoricalColor(2));
    m_o2Mean = m_o2->addReferenceLine(tr("mean over α"), QColor(60, 60, 60));
    grid->addWidget(m_o2, 1, 1);

    m_summary = makeSummaryLabel("xySummary");
    grid->addWidget(scrollable(m_summary), 0, 2, 2, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 4);
    grid->setColumnStretch(2, 3);

    m_sweep = new QWidget;
    m_sweep->setAutoFillBackground(true);
    m_sweep->setWindowTitle(tr("DualityLab – vortices over T"));
    auto* sweepLayout = new QVBoxLayout(m_sweep);
    m_vortices = new widgets::ChartPanel;
    m_vortices->setTitle(tr("Vortex density around the BKT temperature"));
    m_vortices->setAxisTitles(tr("temperature T  [J/k_B]"), tr("(vortices + antivortices) / N  [1]"));
    m_vMc = m_vortices->addErrorBars(tr("Monte Carlo"), widgets::categoricalColor(0));
    m_vNet = m_vortices->addErrorBars(tr("network samples"), widgets::categoricalColor(1));
    sweepLayout->addWidget(m_vortices);

    m_tabs->addTab(m_run, tr("Run"));
    m_tabs->addTab(m_sweep, tr("T sweep"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_mc, m_network, m_nll, m_o2, m_vortices})
        widgets::FigureExporter::installContextMenu(w);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

QWidget* XyView::currentFigure() const { return m_tabs->currentWidget(); }

void XyView::showSweepTab(bool on) { m_tabs->setCurrentWidget(on ? m_sweep : m_run); }

void XyView::showRun(const XyLearningSnapshot& s)
{
    const int L = s.params.L;
    if (!s.mcAngles.empty()) {
        m_mc->setAngles(s.mcAngles.front(), L, L);
        m_mc->setCornerMarks(s.mcVortices.empty() ? std::vector<std::int8_t>{} : s.mcVortices.front());
    }
    m_mc->setTitle(tr("Monte Carlo, T = %1: %2 vortex marks").arg(s.params.T).arg(m_mc->markCount()));
    if (!s.networkAngles.empty()) {
        m_network->setAngles(s.networkAngles.front(), L, L);
        m_network->setCornerMarks(s.networkVortices.empty() ? std::vector<std::int8_t>{} : s.networkVortices.front());
        m_network->setTitle(tr("Network sample, epoch %1: %2 vortex marks").arg(s.epoch).arg(m_network->markCount()));
    } else {
        m_network->setTitle(tr("Network sample (after epoch 1)"));
    }
    m_nll->setLineData(m_train, s.epochs, s.trainNll);
    m_nll->setLineData(m_test, s.epochs, s.testNll);

    std::vector<double> x, h, err;
    double mean = 0;
    for (const auto& r : s.o2) {
        x.push_back(r.angle / (2 * std::numbers::pi));
        h.push_back(r.hMean);
        err.push_back(r.hError);
        mean += r.hMean / double(s.o2.size());
    }
    m_o2->setErrorBarData(m_o2Points, x, h, err);
    m_o2->setReferenceValue(m_o2Mean, s.o2.empty() ? NAN : mean);

    auto num = [](double v, int d = 4) { return QString::number(v, 'f', d); };
    QString phase;
    switch (s.phase) {
    case XyLearningSnapshot::Phase::Sampling:
        phase = tr("Monte Carlo sampling (%1 %)").arg(num(100 * s.progress / 0.4, 0));
        break;
    case XyLearningSnapshot::Phase::Training:
        phase = tr("training: epoch %1 of at most %2").arg(s.epoch).arg(s.params.epochs);
        break;
    case XyLearningSnapshot::Phase::Done:
        phase = tr("done after %1 epochs (best held-out network kept)").arg(s.epoch);
        break;
    }
    QString t = tr("<b>%1</b><br>L = %2, T = %3, %4 conditionals<br>")
                    .arg(phase)
                    .arg(L)
                    .arg(num(s.params.T, 3))
                    .arg(s.params.conditional == autoregressive::AngleConditional::VonMises
                             ? tr("von Mises mixture (%1)").arg(s.params.components)
                             : tr("Beta"));
    if (!s.o2.empty()) {
        t += tr("<br><i>O(2) test</i><table cellspacing='2'><tr><th>α/2π</th><th>⟨H_θ⟩/N</th></tr>");
        for (const auto& r : s.o2)
            t += QString("<tr><td>%1</td><td align='right'>%2 ± %3</td></tr>")
                     .arg(num(r.angle / (2 * std::numbers::pi), 2))
                     .arg(num(r.hMean))
                     .arg(num(r.hError));
        t += tr("</table>spread (max − min)/|mean| = <b>%1 %</b><br><small>± : error of the difference from α = 0 "
                "(the same configurations are rotated)</small><br>")
                 .arg(num(100 * s.o2Spread, 2));
    }
    t += "<br><table cellspacing='2'>";
    auto row = [&](const QString& a, const QString& b) {
        t += QString("<tr><td>%1</td><td align='right'>%2</td></tr>").arg(a, b);
    };
    auto est = [&](const Estimate& e, int d = 4) {
        return QString("%1 ± %2").arg(num(e.mean, d)).arg(num(e.error, d));
    };
    if (s.mc.samples > 0) {
        row(tr("vortex density, Monte Carlo"), est(s.vortexMc));
        row(tr("E/N, Monte Carlo"), est(s.energyMc));
        row(tr("helicity modulus Υ (MC)"), est(s.mc.helicityModulus));
    }
    if (s.phase == XyLearningSnapshot::Phase::Done) {
        row(tr("vortex density, network"), est(s.vortexGenerated));
        row(tr("E/N, network samples"), est(s.energyGenerated));
    }
    if (s.epoch > 0)
        row(tr("NLL per site (held-out)"), QString("%1 ± %2").arg(num(s.heldOutNll)).arg(num(s.heldOutNllError)));
    t += "</table>";
    m_summary->setText(t);
}

void XyView::showSweep(const std::vector<autoregressive::XySweepRow>& rows, const std::vector<double>& temperatures)
{
    std::vector<double> T, mc, mcErr, net, netErr;
    for (const auto& r : rows) {
        T.push_back(r.T);
        mc.push_back(r.vortexMc.mean);
        mcErr.push_back(r.vortexMc.error);
        net.push_back(r.vortexGenerated.mean);
        netErr.push_back(r.vortexGenerated.error);
    }
    m_vortices->setErrorBarData(m_vMc, T, mc, mcErr);
    m_vortices->setErrorBarData(m_vNet, T, net, netErr);
    m_vortices->setTitle(
        tr("Vortex density around T_BKT ≈ 0.89 (%1 of %2 temperatures)").arg(rows.size()).arg(temperatures.size()));
}

QString XyView::summaryText() const { return m_summary->text(); }

void XyView::setPresentationScale(double scale)
{
    for (auto* c : {m_nll, m_o2, m_vortices})
        c->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_summary->setFont(f);
    m_mc->setFont(f);
    m_network->setFont(f);
}

} // namespace dlab::gui
