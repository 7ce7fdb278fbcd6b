#include "DualityPlot.hpp"

#include "FigureFiles.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace dlab::figures {

DualityPlot::DualityPlot(widgets::ChartPanel* chart) : m_chart(chart)
{
    m_chart->setTitle(QObject::tr("β ↔ β̃: learned t0 (points, by frame) against the data's β"));
    m_chart->setAxisTitles(QObject::tr("data inverse temperature β  [1/J]"), QObject::tr("learned coupling t0  [1/J]"));
    m_kw = m_chart->addLine(QObject::tr("β̃(β)"), QColor(0, 0, 0), 2.0);
    m_kwMirror = m_chart->addLine(QObject::tr("−β̃(β)"), QColor(0, 0, 0), 1.5, Qt::DashLine);
    m_plus = m_chart->addLine(QObject::tr("β"), QColor(150, 150, 150), 1.5);
    m_minus = m_chart->addLine(QObject::tr("−β"), QColor(150, 150, 150), 1.5, Qt::DashLine);
    m_critical = m_chart->addLine(QObject::tr("β_c"), widgets::categoricalColor(5), 1.5, Qt::DotLine);
    m_dual = m_chart->addErrorBars(QObject::tr("dual"), widgets::categoricalColor(0));
    m_dualAf = m_chart->addErrorBars(QObject::tr("dual AF"), widgets::categoricalColor(1));
    m_original = m_chart->addErrorBars(QObject::tr("original"), widgets::categoricalColor(2));
    m_antiferro = m_chart->addErrorBars(QObject::tr("AF image"), widgets::categoricalColor(3));
    m_undecided = m_chart->addErrorBars(QObject::tr("undecided"), QColor(120, 120, 120));
    m_pathLine = m_chart->addLine(QObject::tr("continuation path"), widgets::categoricalColor(4), 1.5);
    m_pathPoints = m_chart->addErrorBars(QObject::tr("path stages"), widgets::categoricalColor(4));
    m_chart->setLegendEntryVisible(m_pathPoints, false);
    redraw();
}

std::vector<DualityPlot::Point> DualityPlot::pointsForFrame(const std::vector<DualitySweepRow>& rows,
                                                            DualityFrame frame)
{
    std::map<double, std::vector<double>> byBeta;
    for (const auto& r : rows)
        if (r.kappa == 0.0 && r.result.classification.frame == frame) byBeta[r.beta].push_back(r.result.t.t0);
    std::vector<Point> points;
    for (const auto& [beta, t0s] : byBeta) {
        Point p;
        p.beta = beta;
        p.runs = int(t0s.size());
        for (double t : t0s)
            p.t0 += t;
        p.t0 /= p.runs;
        if (p.runs > 1) {
            double ss = 0;
            for (double t : t0s)
                ss += (t - p.t0) * (t - p.t0);
            p.error = std::sqrt(ss / (p.runs - 1) / p.runs);
        }
        points.push_back(p);
    }
    return points;
}

std::pair<double, double> referenceBetaRange(const std::vector<DualitySweepRow>& rows,
                                             const std::vector<double>& pathBetas)
{
    const double bc = exact::criticalBeta();
    std::vector<double> betas = pathBetas;
    for (const auto& r : rows)
        betas.push_back(r.beta);
    double lo = 0.1, hi = bc + 0.1;
    if (!betas.empty()) {
        const auto [mn, mx] = std::minmax_element(betas.begin(), betas.end());
        lo = std::min(*mn - 0.025, bc - 0.05);
        hi = std::max(*mx + 0.025, bc + 0.05);
    }
    return {std::max(lo, 0.05), hi}; // β̃ diverges as β → 0
}

std::vector<DualityPlot::PathPoint> DualityPlot::pathPoints(const std::vector<DualityStage>& stages)
{
    std::vector<PathPoint> points;
    for (const auto& s : stages)
        points.push_back({s.beta, s.result.t.t0});
    return points;
}

void DualityPlot::setRows(const std::vector<DualitySweepRow>& rows)
{
    m_rows = rows;
    redraw();
}

void DualityPlot::setPath(const std::vector<PathPoint>& path)
{
    m_path = path;
    redraw();
}

void DualityPlot::redraw()
{
    const auto& rows = m_rows;
    std::vector<double> pathBetas;
    for (const auto& p : m_path)
        pathBetas.push_back(p.beta);
    const double bc = exact::criticalBeta();
    const auto [lo, hi] = referenceBetaRange(rows, pathBetas);
    std::vector<double> x, kw, kwMirror, plus, minus;
    const int n = 200;
    for (int i = 0; i <= n; ++i) {
        const double b = lo + (hi - lo) * i / n;
        x.push_back(b);
        kw.push_back(exact::kramersWannierDual(b));
        kwMirror.push_back(-kw.back());
        plus.push_back(b);
        minus.push_back(-b);
    }
    m_chart->setLineData(m_kw, x, kw);
    m_chart->setLineData(m_kwMirror, x, kwMirror);
    m_chart->setLineData(m_plus, x, plus);
    m_chart->setLineData(m_minus, x, minus);
    const double yMax = std::max(kw.front(), hi);
    m_chart->setLineData(m_critical, std::vector<double>{bc, bc}, std::vector<double>{-yMax, yMax});

    const std::pair<int, DualityFrame> frames[] = {{m_dual, DualityFrame::Dual},
                                                   {m_dualAf, DualityFrame::DualAntiferro},
                                                   {m_original, DualityFrame::Original},
                                                   {m_antiferro, DualityFrame::Antiferro},
                                                   {m_undecided, DualityFrame::Undecided}};
    for (const auto& [id, frame] : frames) {
        std::vector<double> bx, ty, err;
        for (const auto& p : pointsForFrame(rows, frame)) {
            bx.push_back(p.beta);
            ty.push_back(p.t0);
            err.push_back(p.error);
        }
        m_chart->setErrorBarData(id, bx, ty, err);
    }

    // A path walks β monotonically, so sorted by β it is the same polyline
    // (the chart's lines need non-decreasing x).
    std::vector<PathPoint> path = m_path;
    std::sort(path.begin(), path.end(), [](const PathPoint& a, const PathPoint& b) { return a.beta < b.beta; });
    std::vector<double> px, pt;
    for (const auto& p : path) {
        px.push_back(p.beta);
        pt.push_back(p.t0);
    }
    m_chart->setLineData(m_pathLine, px, pt);
    m_chart->setErrorBarData(m_pathPoints, px, pt, std::vector<double>(px.size(), 0.0));
}

bool writeDualityPlotFiles(const std::vector<DualitySweepRow>& rows, const QString& directory, QStringList* written,
                           QString* error)
{
    widgets::ChartPanel chart;
    chart.setWindowTitle(QObject::tr("DualityLab – β ↔ β̃ duality plot"));
    DualityPlot plot(&chart);
    plot.setRows(rows);
    return writeFigureFiles(&chart, QSize(880, 560), directory, QStringLiteral("duality"), written, error);
}

} // namespace dlab::figures
