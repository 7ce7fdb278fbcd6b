#include "PlaquettePlot.hpp"

#include "DualityPlot.hpp"

#include "FigureFiles.hpp"
#include "engine/experiments/duality/Attention.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"

#include <QHBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace dlab::figures {
namespace {

const QColor kIdentityGrey(110, 110, 110);
const QColor kOtherGrey(185, 185, 185);

QString kappaName(double kappa) { return QObject::tr("κ = %1").arg(kappa, 0, 'g', 4); }

// Mean and standard error of the mean (0 for fewer than two values).
std::pair<double, double> meanAndError(const std::vector<double>& v)
{
    double mean = 0;
    for (double x : v)
        mean += x;
    mean /= double(v.size());
    if (v.size() < 2) return {mean, 0.0};
    double ss = 0;
    for (double x : v)
        ss += (x - mean) * (x - mean);
    return {mean, std::sqrt(ss / double(v.size() - 1) / double(v.size()))};
}

} // namespace

PlaquettePlot::PlaquettePlot(QWidget* parent) : QWidget(parent)
{
    setWindowTitle(tr("DualityLab – plaquette model: learned (t0, t1) against (β, κ)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    rebuild({0.0});
    setRows({});
}

PlaquettePlot::Solution PlaquettePlot::solutionOf(const DualitySweepRow& row)
{
    const auto& t = row.result.t;
    for (double tk : {t.t0, t.t1, t.t2})
        if (std::abs(tk) >= 0.99 * kDualityCouplingLimit) return Solution::Diverged;
    const auto& w = row.result.attention;
    const int slot = row.result.classification.selectedSlot;
    if (slot < 0 || slot >= int(w.size()) || w[slot] < 0.5) return Solution::Other;
    if (slot == PerpendicularAtTailMinus || slot == PerpendicularAtHeadPlus) return Solution::DualLike;
    if (slot == Itself) return Solution::Identity;
    return Solution::Other;
}

std::vector<PlaquettePlot::Point> PlaquettePlot::points(const std::vector<DualitySweepRow>& rows, Solution kind)
{
    std::map<std::pair<double, double>, std::pair<std::vector<double>, std::vector<double>>> groups;
    for (const auto& r : rows)
        if (solutionOf(r) == kind) {
            auto& g = groups[{r.kappa, r.beta}];
            g.first.push_back(std::abs(r.result.t.t0));
            g.second.push_back(r.result.t.t1);
        }
    std::vector<Point> out;
    for (const auto& [key, values] : groups) {
        Point p;
        p.kappa = key.first;
        p.beta = key.second;
        p.runs = int(values.first.size());
        std::tie(p.t0, p.t0Error) = meanAndError(values.first);
        std::tie(p.t1, p.t1Error) = meanAndError(values.second);
        out.push_back(p);
    }
    return out;
}

std::vector<double> PlaquettePlot::kappasOf(const std::vector<DualitySweepRow>& rows)
{
    std::set<double> k;
    for (const auto& r : rows)
        k.insert(r.kappa);
    return {k.begin(), k.end()};
}

void PlaquettePlot::rebuild(const std::vector<double>& kappas)
{
    // Series are per κ, and a chart cannot drop series: new κ, new charts.
    delete m_t0;
    delete m_t1;
    m_kappas = kappas;
    m_t0 = new widgets::ChartPanel;
    m_t1 = new widgets::ChartPanel;
    m_t0->setTitle(tr("learned nearest-neighbour coupling |t0|"));
    m_t0->setAxisTitles(tr("data inverse temperature β  [1/J]"), tr("learned |t0|  [1/J]"));
    m_t1->setTitle(tr("learned t1  (dashed: t1 = κ, trivial;  black: t1 = 0, dual at κ = 0)"));
    m_t1->setAxisTitles(tr("data inverse temperature β  [1/J]"), tr("learned t1  [1/J]"));

    // Chart 1: references, then one series per κ, then the grey kinds.
    m_kwLine = m_t0->addLine(tr("β̃(β) (κ = 0)"), QColor(0, 0, 0), 2.0);
    m_betaLine = m_t0->addLine(tr("β"), QColor(150, 150, 150), 1.5, Qt::DashLine);
    m_criticalLine = m_t0->addLine(tr("β_c"), widgets::categoricalColor(5), 1.5, Qt::DotLine);
    // Chart 2: t1 = 0 is the exact dual at κ = 0; t1 = κ the trivial solution.
    // Lines over the swept β (not reference lines) so both panels share x.
    m_t1Lines.clear();
    m_t1Lines.push_back({m_t1->addLine(tr("t1 = 0"), QColor(0, 0, 0), 2.0), 0.0});
    m_dualIds.clear();
    for (std::size_t i = 0; i < kappas.size(); ++i) {
        const QColor c = widgets::categoricalColor(int(i));
        m_dualIds.push_back({m_t0->addErrorBars(kappaName(kappas[i]), c), m_t1->addErrorBars(kappaName(kappas[i]), c)});
    }
    for (std::size_t i = 0; i < kappas.size(); ++i)
        if (kappas[i] != 0.0)
            m_t1Lines.push_back({m_t1->addLine(tr("t1 = %1").arg(kappas[i], 0, 'g', 4),
                                               widgets::categoricalColor(int(i)), 1.5, Qt::DashLine),
                                 kappas[i]});
    m_identityIds = {m_t0->addErrorBars(tr("slot 6"), kIdentityGrey), m_t1->addErrorBars(tr("slot 6"), kIdentityGrey)};
    m_otherIds = {m_t0->addErrorBars(tr("undecided"), kOtherGrey), m_t1->addErrorBars(tr("undecided"), kOtherGrey)};
    // One legend per panel, short enough not to be elided: the left one
    // explains the reference lines and the greys, the right one the κ colours.
    for (const auto& [left, right] : m_dualIds)
        m_t0->setLegendEntryVisible(left, false);
    for (const auto& line : m_t1Lines)
        m_t1->setLegendEntryVisible(line.first, false);
    m_t1->setLegendEntryVisible(m_identityIds.second, false);
    m_t1->setLegendEntryVisible(m_otherIds.second, false);
    for (auto* chart : {m_t0, m_t1}) {
        chart->setPresentationScale(m_scale);
        layout()->addWidget(chart);
    }
}

void PlaquettePlot::setRows(const std::vector<DualitySweepRow>& rows)
{
    std::vector<double> kappas = kappasOf(rows);
    if (kappas.empty()) kappas = m_kappas;
    if (kappas != m_kappas) rebuild(kappas);

    const double bc = exact::criticalBeta();
    const auto [lo, hi] = referenceBetaRange(rows);
    std::vector<double> x, kw;
    for (int i = 0; i <= 200; ++i) {
        x.push_back(lo + (hi - lo) * i / 200);
        kw.push_back(exact::kramersWannierDual(x.back()));
    }
    m_t0->setLineData(m_kwLine, x, kw);
    m_t0->setLineData(m_betaLine, x, x);
    for (const auto& [id, value] : m_t1Lines)
        m_t1->setLineData(id, std::vector<double>{lo, hi}, std::vector<double>{value, value});
    m_t0->setLineData(m_criticalLine, std::vector<double>{bc, bc}, std::vector<double>{0.0, std::max(kw.front(), hi)});

    auto fill = [&](std::pair<int, int> ids, const std::vector<Point>& pts, auto keep) {
        std::vector<double> bx, t0, e0, t1, e1;
        for (const auto& p : pts)
            if (keep(p)) {
                bx.push_back(p.beta);
                t0.push_back(p.t0);
                e0.push_back(p.t0Error);
                t1.push_back(p.t1);
                e1.push_back(p.t1Error);
            }
        m_t0->setErrorBarData(ids.first, bx, t0, e0);
        m_t1->setErrorBarData(ids.second, bx, t1, e1);
    };
    const auto dualLike = points(rows, Solution::DualLike);
    for (std::size_t i = 0; i < m_kappas.size(); ++i)
        fill(m_dualIds[i], dualLike, [&](const Point& p) { return p.kappa == m_kappas[i]; });
    const auto all = [](const Point&) { return true; };
    fill(m_identityIds, points(rows, Solution::Identity), all);
    fill(m_otherIds, points(rows, Solution::Other), all);
    const auto diverged =
        std::count_if(rows.begin(), rows.end(), [](const auto& r) { return solutionOf(r) == Solution::Diverged; });
    m_t0->setTitle(diverged == 0 ? tr("learned nearest-neighbour coupling |t0|")
                                 : tr("learned nearest-neighbour coupling |t0|  (%n run(s) diverged, not shown)",
                                      nullptr, int(diverged)));
}

void PlaquettePlot::setPresentationScale(double scale)
{
    m_scale = scale;
    m_t0->setPresentationScale(scale);
    m_t1->setPresentationScale(scale);
}

bool hasPlaquetteRuns(const std::vector<DualitySweepRow>& rows)
{
    return std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.kappa != 0.0; });
}

bool writePlaquettePlotFiles(const std::vector<DualitySweepRow>& rows, const QString& directory, QStringList* written,
                             QString* error)
{
    PlaquettePlot plot;
    plot.setRows(rows);
    return writeFigureFiles(&plot, QSize(1100, 520), directory, QStringLiteral("plaquette"), written, error);
}

} // namespace dlab::figures
