#include "HamiltonianView.hpp"

#include "SummaryLabel.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace dlab::gui {

using autoregressive::HamiltonianInput;
using autoregressive::LearnedHamiltonianSnapshot;

HamiltonianView::HamiltonianView(QWidget* parent) : QWidget(parent)
{
    m_tabs = new QTabWidget;
    m_run = new QWidget;
    m_run->setAutoFillBackground(true);
    m_run->setWindowTitle(tr("DualityLab – learned Hamiltonian"));
    auto* grid = new QGridLayout(m_run);

    m_mc = new widgets::LatticeView;
    m_network = new widgets::LatticeView;
    auto* lattices = new QVBoxLayout;
    lattices->addWidget(m_mc, 1);
    lattices->addWidget(m_network, 1);
    grid->addLayout(lattices, 0, 0, 2, 1);

    m_scatter = new widgets::ChartPanel;
    m_scatter->setTitle(tr("Learned H_θ = −T ln p_θ against E (held-out data)"));
    m_scatter->setAxisTitles(tr("energy E  [J]"), tr("H_θ  [J]"));
    m_points = m_scatter->addErrorBars(tr("configurations"), widgets::categoricalColor(0));
    m_fitLine = m_scatter->addLine(tr("fitted line"), widgets::categoricalColor(1), 2.0);
    m_exactLine = m_scatter->addLine(tr("exact: H = E − F (Kaufman)"), QColor(60, 60, 60), 1.5, Qt::DashLine);
    grid->addWidget(m_scatter, 0, 1);

    m_nll = new widgets::ChartPanel;
    m_nll->setTitle(tr("NLL per variable"));
    m_nll->setAxisTitles(tr("epoch"), tr("NLL  [nats]"));
    m_trainNll = m_nll->addLine(tr("training"), widgets::categoricalColor(0), 1.8);
    m_testNll = m_nll->addLine(tr("held-out"), widgets::categoricalColor(1), 1.8);
    m_entropyRef = m_nll->addReferenceLine(tr("exact entropy per spin"), QColor(60, 60, 60));
    grid->addWidget(m_nll, 1, 1);

    m_z2 = new widgets::ChartPanel;
    m_z2->setTitle(tr("Z2 test: H_θ(−s) against H_θ(s)"));
    m_z2->setAxisTitles(tr("H_θ(s)  [J]"), tr("H_θ(−s)  [J]"));
    m_z2Points = m_z2->addErrorBars(tr("held-out s"), widgets::categoricalColor(2));
    m_diagonal = m_z2->addLine(tr("symmetric"), QColor(60, 60, 60), 1.5, Qt::DashLine);
    grid->addWidget(m_z2, 1, 2);

    m_summary = makeSummaryLabel("hamiltonianSummary");
    grid->addWidget(scrollable(m_summary), 0, 2);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 4);
    grid->setColumnStretch(2, 3);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);

    m_sweep = new QWidget;
    m_sweep->setAutoFillBackground(true);
    m_sweep->setWindowTitle(tr("DualityLab – learned Hamiltonian over T"));
    auto* sweepLayout = new QVBoxLayout(m_sweep);
    m_sweepNll = new widgets::ChartPanel;
    m_sweepNll->setTitle(tr("Held-out NLL per spin through T_c (an entropy estimate from above)"));
    m_sweepNll->setAxisTitles(tr("temperature T  [J/k_B]"), tr("entropy per spin  [nats]"));
    m_sweepNllPoints = m_sweepNll->addErrorBars(tr("NLL per spin (learned)"), widgets::categoricalColor(0));
    m_sweepEntropy = m_sweepNll->addLine(tr("exact entropy (Kaufman)"), QColor(60, 60, 60), 1.5, Qt::DashLine);
    m_sweepSlope = new widgets::ChartPanel;
    m_sweepSlope->setTitle(tr("Slope of H_θ against E"));
    m_sweepSlope->setAxisTitles(tr("temperature T  [J/k_B]"), tr("slope  [1]"));
    m_sweepSlopePoints = m_sweepSlope->addErrorBars(tr("fitted slope"), widgets::categoricalColor(1));
    m_slopeOne = m_sweepSlope->addReferenceLine(tr("exact: 1"), QColor(60, 60, 60));
    m_sweepSlope->setReferenceValue(m_slopeOne, 1.0);
    sweepLayout->addWidget(m_sweepNll, 3);
    sweepLayout->addWidget(m_sweepSlope, 2);

    m_tabs->addTab(m_run, tr("Run"));
    m_tabs->addTab(m_sweep, tr("T sweep"));
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_mc, m_network, m_scatter, m_nll, m_z2, m_sweepNll, m_sweepSlope})
        widgets::FigureExporter::installContextMenu(w);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

QWidget* HamiltonianView::currentFigure() const { return m_tabs->currentWidget(); }

void HamiltonianView::showSweepTab(bool on) { m_tabs->setCurrentWidget(on ? m_sweep : m_run); }

void HamiltonianView::showRun(const LearnedHamiltonianSnapshot& s)
{
    const int side = s.side;
    if (!s.mcSamples.empty()) m_mc->setValues(s.mcSamples.front(), side, side, -1, 1);
    if (!s.networkSamples.empty()) m_network->setValues(s.networkSamples.front(), side, side, -1, 1);
    const bool blocks = s.params.input != HamiltonianInput::Spins;
    const QString what =
        blocks ? tr("2×2 block spins S/4, stride %1").arg(s.params.input == HamiltonianInput::BlocksStride1 ? 1 : 2)
               : tr("spins");
    m_mc->setTitle(tr("Data (%1, %2×%2)").arg(what).arg(side));
    m_network->setTitle(s.networkSamples.empty() ? tr("Network sample (after epoch 1)")
                                                 : tr("Network sample, epoch %1").arg(s.epoch));

    const bool newEvaluation = s.hamiltonian != m_drawnHamiltonian;
    m_drawnHamiltonian = s.hamiltonian;
    if (newEvaluation && s.energy && s.hamiltonian) {
        const auto& e = *s.energy;
        const auto& h = *s.hamiltonian;
        m_scatter->setErrorBarData(m_points, e, h, std::vector<double>(e.size(), 0.0));
        if (!e.empty()) {
            const auto [lo, hi] = std::minmax_element(e.begin(), e.end());
            const std::vector<double> x{*lo, *hi};
            const double N = double(s.params.L) * s.params.L;
            m_scatter->setLineData(m_fitLine, x,
                                   {s.fit.slope * x[0] + s.fit.intercept, s.fit.slope * x[1] + s.fit.intercept});
            const double F = s.exactFreeEnergy * N;
            m_scatter->setLineData(m_exactLine, x, {x[0] - F, x[1] - F});
        }
    }
    m_nll->setLineData(m_trainNll, s.epochs, s.trainNll);
    m_nll->setLineData(m_testNll, s.epochs, s.testNll);
    m_nll->setReferenceValue(m_entropyRef, blocks ? NAN : s.exactEntropy);

    QString phase;
    switch (s.phase) {
    case LearnedHamiltonianSnapshot::Phase::Sampling:
        phase = tr("sampling: %1 sweeps per chain").arg(s.sweeps);
        break;
    case LearnedHamiltonianSnapshot::Phase::Training:
        phase = tr("training: epoch %1 of at most %2").arg(s.epoch).arg(s.params.epochs);
        break;
    case LearnedHamiltonianSnapshot::Phase::Done:
        phase = tr("done after %1 epochs (best held-out network kept)").arg(s.epoch);
        break;
    }
    const double T = 1 / s.params.beta;
    auto num = [](double v, int d = 4) { return QString::number(v, 'f', d); };
    QString t = tr("<b>%1</b><br>L = %2, β = %3 (T = %4), %5<br><br>")
                    .arg(phase)
                    .arg(s.params.L)
                    .arg(num(s.params.beta))
                    .arg(num(T, 3))
                    .arg(what);
    t += tr("<table cellspacing='2'>");
    auto row = [&](const QString& a, const QString& b) {
        t += QString("<tr><td>%1</td><td align='right'>%2</td></tr>").arg(a, b);
    };
    row(tr("slope of H_θ vs E"), QString("%1 ± %2").arg(num(s.fit.slope)).arg(num(s.fit.slopeError)));
    row(tr("r²"), num(s.fit.r2));
    if (!blocks) {
        row(tr("F/N from the offset ⟨E − H_θ⟩"),
            QString("%1 ± %2").arg(num(s.freeEnergyUnitSlope)).arg(num(s.freeEnergyUnitSlopeError)));
        row(tr("F/N from the fitted intercept"),
            QString("%1 ± %2").arg(num(s.freeEnergyFit)).arg(num(s.freeEnergyFitError)));
        row(tr("F/N exact (Kaufman)"), num(s.exactFreeEnergy));
        row(tr("relative error (offset)"),
            QString::number(std::abs(s.freeEnergyUnitSlope - s.exactFreeEnergy) / std::abs(s.exactFreeEnergy), 'e', 2));
        row(tr("NLL per spin (held-out)"), QString("%1 ± %2").arg(num(s.heldOutNll)).arg(num(s.heldOutNllError)));
        row(tr("exact entropy per spin"), num(s.exactEntropy));
    } else {
        row(tr("NLL per block (held-out)"), QString("%1 ± %2").arg(num(s.heldOutNll)).arg(num(s.heldOutNllError)));
    }
    row(tr("Z2: ⟨|H_θ(−s) − H_θ(s)|⟩ [J]"),
        QString("%1 ± %2").arg(num(s.z2Asymmetry, 3)).arg(num(s.z2AsymmetryError, 3)));
    row(tr("time: sampling + training"),
        tr("%1 s + %2 s").arg(num(s.secondsSampling, 1)).arg(num(s.secondsTraining, 1)));
    t += "</table>";
    if (blocks)
        t += tr("<p><i>Block spins lose information: p_θ(S) sums over the spin configurations of each block "
                "configuration, so H_θ is not E − F and the offset is not the free energy.</i></p>");
    else
        t += tr("<p><i>If p_θ were exact, every point would lie on the dashed line H = E − F. The offset ⟨E − H_θ⟩ = "
                "U − T·(cross-entropy) is a lower bound on F.</i></p>");
    m_summary->setText(t);

    if (newEvaluation && s.hamiltonian && s.hamiltonianFlipped) {
        const auto& h = *s.hamiltonian;
        m_z2->setErrorBarData(m_z2Points, h, *s.hamiltonianFlipped, std::vector<double>(h.size(), 0.0));
        if (!h.empty()) {
            const auto [lo, hi] = std::minmax_element(h.begin(), h.end());
            m_z2->setLineData(m_diagonal, std::vector<double>{*lo, *hi}, std::vector<double>{*lo, *hi});
        }
    }
}

void HamiltonianView::showSweep(const std::vector<autoregressive::HamiltonianSweepRow>& rows,
                                const std::vector<double>& temperatures)
{
    std::vector<double> T, nll, nllErr, slope, slopeErr, exactT, exactS;
    for (const auto& r : rows) {
        T.push_back(r.T);
        nll.push_back(r.nll);
        nllErr.push_back(r.nllError);
        slope.push_back(r.slope);
        slopeErr.push_back(r.slopeError);
    }
    // The exact entropy at the finished temperatures, in T order.
    std::vector<std::pair<double, double>> ex;
    for (const auto& r : rows)
        ex.emplace_back(r.T, r.exactEntropy);
    std::sort(ex.begin(), ex.end());
    for (const auto& [t, s] : ex) {
        exactT.push_back(t);
        exactS.push_back(s);
    }
    m_sweepNll->setErrorBarData(m_sweepNllPoints, T, nll, nllErr);
    m_sweepNll->setLineData(m_sweepEntropy, exactT, exactS);
    m_sweepSlope->setErrorBarData(m_sweepSlopePoints, T, slope, slopeErr);
    m_sweepNll->setTitle(tr("Held-out NLL per spin through T_c = 2.269 (%1 of %2 temperatures)")
                             .arg(rows.size())
                             .arg(temperatures.size()));
}

QString HamiltonianView::summaryText() const { return m_summary->text(); }

void HamiltonianView::setPresentationScale(double scale)
{
    for (auto* c : {m_scatter, m_nll, m_z2, m_sweepNll, m_sweepSlope})
        c->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_summary->setFont(f);
    m_mc->setFont(f);
    m_network->setFont(f);
}

} // namespace dlab::gui
