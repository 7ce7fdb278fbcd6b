#include "BetaScanView.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"

#include <QGridLayout>
#include <QLabel>
#include <cmath>

namespace dlab::gui {
namespace {

QString duration(double seconds)
{
    if (seconds < 90) return QObject::tr("%1 s").arg(std::max(1.0, std::round(seconds)));
    if (seconds < 5400) return QObject::tr("%1 min").arg(std::round(seconds / 60));
    return QObject::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

} // namespace

BetaScanView::BetaScanView(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setWindowTitle(tr("DualityLab – β scan"));
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_progress = new QLabel;
    m_progress->setWordWrap(true);
    m_progress->setObjectName("scanProgress");
    m_progress->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_progress->setMargin(6);
}

std::vector<widgets::ChartPanel*> BetaScanView::charts() const
{
    return {m_energy.chart, m_heat.chart, m_binder.chart, m_mag.chart, m_chi.chart};
}

void BetaScanView::rebuild(const BetaScanSnapshot& s)
{
    for (auto* c : charts())
        delete c;
    m_sizes = s.params.sizes;
    m_curves = s.curves;
    auto make = [&](Panel& p, const QString& title, const QString& y, bool exactFinite,
                    const std::vector<double>* onsager, const QString& onsagerName) {
        p = Panel{};
        p.chart = new widgets::ChartPanel;
        p.chart->setTitle(title);
        p.chart->setAxisTitles(tr("inverse temperature β = J/kT"), y);
        widgets::FigureExporter::installContextMenu(p.chart);
        if (onsager) {
            p.onsager = p.chart->addLine(onsagerName, QColor(110, 110, 110), 1.5, Qt::DotLine);
            p.chart->setLineData(p.onsager, m_curves->beta, *onsager);
        }
        for (std::size_t k = 0; k < m_sizes.size(); ++k) {
            const QColor c = widgets::categoricalColor(int(k));
            p.points.push_back(p.chart->addErrorBars(tr("L = %1").arg(m_sizes[k]), c));
            if (exactFinite) {
                const int id = p.chart->addLine(tr("exact, L = %1").arg(m_sizes[k]), c, 1.2, Qt::DashLine);
                p.exact.push_back(id);
                const auto& exact = &p == &m_energy ? m_curves->energy[k] : m_curves->specificHeat[k];
                p.chart->setLineData(id, m_curves->beta, exact);
                // One legend entry per L is enough: the dashed line shares the points' colour.
                p.chart->setLegendEntryVisible(id, false);
            }
        }
        p.chart->setPresentationScale(m_scale);
    };
    make(m_energy, tr("Energy per site (dashed: exact, this L)"), tr("⟨E⟩/N  [J]"), true, &m_curves->onsagerEnergy,
         tr("L → ∞"));
    make(m_heat, tr("Specific heat (dashed: exact, this L)"), tr("C = β²N Var(e)  [k_B]"), true,
         &m_curves->onsagerSpecificHeat, tr("L → ∞"));
    make(m_binder, tr("Binder cumulant"), tr("U_L = 1 − ⟨m⁴⟩ / 3⟨m²⟩²"), false, nullptr, {});
    make(m_mag, tr("Magnetisation per site"), tr("⟨|m|⟩"), false, &m_curves->onsagerMagnetization,
         tr("L → ∞ (Onsager)"));
    make(m_chi, tr("Susceptibility"), tr("χ = βN Var(|m|)"), false, nullptr, {});
    // U_L and χ have no exact curve to span the scan's β range: an invisible
    // line does, so every panel shares the same β axis from the first point
    // on (a lone point was centred in −0.2 … 0.8). Its y values are honest
    // limits: U_L from 0 (disorder) to 2/3 (order), χ from 0.
    if (!m_curves->beta.empty()) {
        const std::vector<double> span{m_curves->beta.front(), m_curves->beta.back()};
        for (auto [panel, y] : {std::pair{&m_binder, std::vector<double>{0.0, 2.0 / 3.0}},
                                std::pair{&m_chi, std::vector<double>{0.0, 0.0}}}) {
            const int id = panel->chart->addLine(QString(), Qt::transparent, 0);
            panel->chart->setLegendEntryVisible(id, false);
            panel->chart->setLineData(id, span, y);
        }
    }
    m_grid->addWidget(m_energy.chart, 0, 0);
    m_grid->addWidget(m_heat.chart, 0, 1);
    m_grid->addWidget(m_binder.chart, 0, 2);
    m_grid->addWidget(m_mag.chart, 1, 0);
    m_grid->addWidget(m_chi.chart, 1, 1);
    m_grid->addWidget(m_progress, 1, 2);
    m_rowsShown = std::size_t(-1);
}

void BetaScanView::show(const BetaScanSnapshot& s)
{
    if (s.params.sizes != m_sizes || s.curves != m_curves) rebuild(s);
    const std::size_t n = m_sizes.size();
    if (s.rows.size() != m_rowsShown) {
        m_rowsShown = s.rows.size();
        for (std::size_t k = 0; k < n; ++k) {
            std::vector<double> b, e, ee, c, ce, m, me, x, xe, u, ue;
            for (const auto& r : s.rows) {
                if (r.L != m_sizes[k]) continue;
                const auto& est = r.estimates;
                b.push_back(r.beta);
                e.push_back(est.energyPerSite.mean), ee.push_back(est.energyPerSite.error);
                c.push_back(est.specificHeat.mean), ce.push_back(est.specificHeat.error);
                m.push_back(est.absMagnetization.mean), me.push_back(est.absMagnetization.error);
                x.push_back(est.susceptibility.mean), xe.push_back(est.susceptibility.error);
                u.push_back(est.binder.mean), ue.push_back(est.binder.error);
            }
            m_energy.chart->setErrorBarData(m_energy.points[k], b, e, ee);
            m_heat.chart->setErrorBarData(m_heat.points[k], b, c, ce);
            m_mag.chart->setErrorBarData(m_mag.points[k], b, m, me);
            m_chi.chart->setErrorBarData(m_chi.points[k], b, x, xe);
            m_binder.chart->setErrorBarData(m_binder.points[k], b, u, ue);
        }
    }
    QString sizes;
    for (int L : m_sizes)
        sizes += (sizes.isEmpty() ? "" : ", ") + QString::number(L);
    const QString setup = tr("L = %1 · %2 · %3 sweeps per point after %4 · %5 chain(s)")
                              .arg(sizes, QString::fromStdString(toString(s.params.algo)))
                              .arg(s.params.sweeps)
                              .arg(s.params.thermalize)
                              .arg(s.params.chains);
    if (s.finished)
        m_progressText = tr("Finished: %1 points.").arg(s.points);
    else if (s.rows.empty() && s.pointFraction == 0)
        m_progressText = tr("%1 points to run. Press Run (Space).").arg(s.points);
    else {
        m_progressText = tr("Point %1 of %2: L = %3, β = %4 (%5 %)")
                             .arg(s.rows.size() + 1)
                             .arg(s.points)
                             .arg(s.currentL)
                             .arg(s.currentBeta, 0, 'g', 5)
                             .arg(int(100 * s.pointFraction));
        if (s.secondsLeft > 0) m_progressText += tr(", about %1 left at this speed").arg(duration(s.secondsLeft));
        m_progressText += ".";
    }
    m_progress->setText(QString("<b>β scan</b><br>%1<br><br>%2<br><br><small>%3</small>")
                            .arg(m_progressText.toHtmlEscaped(), setup.toHtmlEscaped(),
                                 tr("Points: Monte Carlo with error bars (binning, jackknife). Dashed: Kaufman's "
                                    "exact values on the same torus. Grey dotted: Onsager, L → ∞. The U_L curves of "
                                    "different L cross near β_c ≈ 0.4407.")
                                     .toHtmlEscaped()));
}

QString BetaScanView::progressText() const { return m_progressText; }

void BetaScanView::setPresentationScale(double scale)
{
    m_scale = scale;
    for (auto* c : charts())
        if (c) c->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_progress->setFont(f);
}

} // namespace dlab::gui
