#include "widgets/ChartPanel.hpp"

#include "widgets/CategoryTicks.hpp"
#include "widgets/ColorMap.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

namespace dlab::widgets {

struct ChartPanel::Series {
    enum Kind { Line, Reference, ErrorBars } kind = Line;
    QString name;
    QColor color;
    double width = 1.5;
    Qt::PenStyle style = Qt::SolidLine;
    QLineSeries* line = nullptr;       // Line and Reference
    QScatterSeries* scatter = nullptr; // ErrorBars
    double reference = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> ex, ey, eerr; // error bar data
    int plotted = 0;
};

// Qt Charts has no error bars: they are painted over the chart, in chart
// coordinates, so they follow zoom, log axes and exports.
class ErrorBarChartView : public QChartView {
public:
    ErrorBarChartView(QChart* chart, ChartPanel* panel) : QChartView(chart), m_panel(panel)
    {
        setRenderHint(QPainter::Antialiasing);
    }

protected:
    void drawForeground(QPainter* p, const QRectF& rect) override
    {
        QChartView::drawForeground(p, rect);
        QChart* c = chart();
        const QRectF area = c->plotArea();
        p->save();
        p->setClipRect(c->mapToScene(area).boundingRect());
        for (const auto* s : m_panel->m_series) {
            if (s->kind != ChartPanel::Series::ErrorBars || !s->scatter->isVisible()) continue;
            p->setPen(QPen(s->color, 1.5 * m_panel->m_scale));
            const double cap = 4 * m_panel->m_scale;
            for (std::size_t i = 0; i < s->ex.size(); ++i) {
                if (!(s->eerr[i] > 0)) continue; // a single run: no bar, and no caps over the marker
                double lo = s->ey[i] - s->eerr[i], hi = s->ey[i] + s->eerr[i];
                if (m_panel->m_logY) lo = std::max(lo, s->ey[i] * 1e-3);
                const QPointF a = c->mapToScene(c->mapToPosition(QPointF(s->ex[i], lo), s->scatter));
                const QPointF b = c->mapToScene(c->mapToPosition(QPointF(s->ex[i], hi), s->scatter));
                p->drawLine(a, b);
                p->drawLine(QPointF(a.x() - cap, a.y()), QPointF(a.x() + cap, a.y()));
                p->drawLine(QPointF(b.x() - cap, b.y()), QPointF(b.x() + cap, b.y()));
            }
        }
        p->restore();
    }

    void wheelEvent(QWheelEvent* e) override
    {
        const double steps = e->angleDelta().y() / 120.0;
        if (steps == 0) return;
        const bool xOnly = e->modifiers() & Qt::ControlModifier, yOnly = e->modifiers() & Qt::ShiftModifier;
        m_panel->zoom(std::pow(0.8, steps), mapTo(m_panel, e->position().toPoint()), !yOnly, !xOnly);
        e->accept();
    }
    void mousePressEvent(QMouseEvent* e) override
    {
        if (e->button() == Qt::LeftButton) {
            m_dragging = true;
            m_last = e->position();
            setCursor(Qt::ClosedHandCursor);
        }
        QChartView::mousePressEvent(e);
    }
    void mouseMoveEvent(QMouseEvent* e) override
    {
        if (m_dragging) {
            m_panel->pan(e->position() - m_last);
            m_last = e->position();
        } else {
            const QString text = m_panel->readoutAt(mapTo(m_panel, e->position().toPoint()));
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(e->globalPosition().toPoint(), text, this);
        }
        QChartView::mouseMoveEvent(e);
    }
    void mouseReleaseEvent(QMouseEvent* e) override
    {
        m_dragging = false;
        unsetCursor();
        QChartView::mouseReleaseEvent(e);
    }
    void mouseDoubleClickEvent(QMouseEvent* e) override
    {
        m_panel->resetView();
        e->accept();
    }

private:
    ChartPanel* m_panel;
    bool m_dragging = false;
    QPointF m_last;
};

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_view = new ErrorBarChartView(m_chart, this);
    m_view->setMouseTracking(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    rebuildAxes();
    setPresentationScale(1.0);
    applyPalette();
    // How many tick labels fit depends on the plot area, which changes with
    // the panel's size, fonts and the other axis' label widths.
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        if (area.size() == m_tickedPlotSize) return;
        m_tickedPlotSize = area.size();
        fitYTitle();
        for (auto* axis : {m_xAxis, m_yAxis})
            if (auto* a = qobject_cast<QCategoryAxis*>(axis)) retick(a);
    });
}

void ChartPanel::retick(QCategoryAxis* axis)
{
    // Before the first layout the plot area is empty: take the default count.
    const QRectF area = m_chart->plotArea();
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const double length = area.isEmpty() ? std::numeric_limits<double>::infinity()
                          : horizontal   ? area.width()
                                         : area.height();
    const QFontMetricsF fm(axis->labelsFont());
    setCategoryTicks(
        axis, axis->min(), axis->max(), length,
        [&](const QString& label) { return horizontal ? fm.horizontalAdvance(label) : fm.height(); }, horizontal);
}

ChartPanel::~ChartPanel()
{
    for (auto* s : m_series)
        delete s;
}

void ChartPanel::setTitle(const QString& title) { m_chart->setTitle(title); }

void ChartPanel::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    m_xAxis->setTitleText(x);
    m_yAxis->setTitleText(y);
    fitYTitle();
    updateGeometry(); // the titles set the minimum size
}

void ChartPanel::setLogX(bool on)
{
    if (on == m_logX) return;
    m_logX = on;
    rebuildAxes();
}

void ChartPanel::setLogY(bool on)
{
    if (on == m_logY) return;
    m_logY = on;
    rebuildAxes();
}

void ChartPanel::setLegendVisible(bool on)
{
    m_chart->legend()->setVisible(on);
    updateGeometry();
}

void ChartPanel::setLegendEntryVisible(int id, bool on)
{
    const Series* s = m_series.at(std::size_t(id));
    QAbstractSeries* series = s->line ? static_cast<QAbstractSeries*>(s->line) : s->scatter;
    for (QLegendMarker* marker : m_chart->legend()->markers(series))
        marker->setVisible(on);
}

void ChartPanel::setPresentationScale(double scale)
{
    m_scale = scale;
    updateGeometry(); // the minimum size follows the fonts
    // Room on the right for the last x tick label, which Qt centres on the axis end.
    m_chart->setMargins(QMargins(4, 4, int(14 * scale), 4));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * scale);
    QFont title = f;
    title.setBold(true);
    m_chart->setTitleFont(title);
    m_chart->legend()->setFont(f);
    for (auto* axis : {m_xAxis, m_yAxis}) {
        axis->setLabelsFont(f);
        axis->setTitleFont(f);
        if (auto* a = qobject_cast<QCategoryAxis*>(axis)) retick(a); // larger labels need more room
    }
    fitYTitle();
    applyPens();
}

void ChartPanel::applyPens()
{
    for (auto* s : m_series) {
        if (s->line) {
            // Flat caps and bevel joins: the stroker's cheapest path (round
            // joins cost an atan2 per vertex, which showed up in profiles).
            QPen pen(s->color, s->width * m_scale, s->style, Qt::FlatCap, Qt::BevelJoin);
            s->line->setPen(pen);
        }
        if (s->scatter) {
            s->scatter->setColor(s->color);
            s->scatter->setBorderColor(s->color);
            s->scatter->setMarkerSize(7 * m_scale);
        }
    }
    m_view->viewport()->update();
}

QColor ChartPanel::nextColor(QColor c) { return c.isValid() ? c : categoricalColor(int(m_series.size())); }

void ChartPanel::rebuildAxes()
{
    auto makeAxis = [](bool log) -> QAbstractAxis* {
        if (log) {
            auto* a = new QLogValueAxis;
            a->setLabelFormat("%g");
            a->setBase(10);
            a->setMinorTickCount(-1);
            a->setMinorGridLineColor(QColor(0, 0, 0, 18));
            return a;
        }
        // A category axis with labels on values gives exact tick labels: Qt's
        // own ticks accumulate rounding errors and print 0 as −5.55e−17.
        auto* a = new QCategoryAxis;
        a->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        return a;
    };
    QAbstractAxis* oldX = m_xAxis;
    QAbstractAxis* oldY = m_yAxis;
    m_xAxis = makeAxis(m_logX);
    m_yAxis = makeAxis(m_logY);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (auto* s : m_series) {
        QAbstractSeries* q = s->line ? static_cast<QAbstractSeries*>(s->line) : s->scatter;
        if (oldX) q->detachAxis(oldX);
        if (oldY) q->detachAxis(oldY);
        q->attachAxis(m_xAxis);
        q->attachAxis(m_yAxis);
    }
    if (oldX) {
        m_chart->removeAxis(oldX);
        delete oldX;
    }
    if (oldY) {
        m_chart->removeAxis(oldY);
        delete oldY;
    }
    m_xAxis->setTitleText(m_xTitle);
    m_yAxis->setTitleText(m_yTitle);
    if (oldX) {
        setPresentationScale(m_scale);
        applyPalette();
    }
    rescale();
}

int ChartPanel::addLine(const QString& name, QColor color, double width, Qt::PenStyle style)
{
    auto* s = new Series;
    s->kind = Series::Line;
    s->name = name;
    s->color = nextColor(color);
    s->width = width;
    s->style = style;
    s->line = new QLineSeries;
    s->line->setName(name);
    m_chart->addSeries(s->line);
    s->line->attachAxis(m_xAxis);
    s->line->attachAxis(m_yAxis);
    m_series.push_back(s);
    applyPens();
    return int(m_series.size()) - 1;
}

int ChartPanel::addReferenceLine(const QString& name, QColor color, Qt::PenStyle style)
{
    const int id = addLine(name, color, 1.5, style);
    m_series[id]->kind = Series::Reference;
    m_series[id]->line->setVisible(false);
    // A hidden series would also hide its legend entry; show the marker only with a value.
    return id;
}

void ChartPanel::setReferenceValue(int id, double y)
{
    Series* s = m_series.at(id);
    s->reference = y;
    s->line->setVisible(std::isfinite(y) && (!m_logY || y > 0));
    rescale();
}

int ChartPanel::addErrorBars(const QString& name, QColor color)
{
    auto* s = new Series;
    s->kind = Series::ErrorBars;
    s->name = name;
    s->color = nextColor(color);
    s->scatter = new QScatterSeries;
    s->scatter->setName(name);
    m_chart->addSeries(s->scatter);
    s->scatter->attachAxis(m_xAxis);
    s->scatter->attachAxis(m_yAxis);
    m_series.push_back(s);
    applyPens();
    return int(m_series.size()) - 1;
}

void ChartPanel::setErrorBarData(int id, const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<double>& err)
{
    Series* s = m_series.at(id);
    const std::size_t n = std::min({x.size(), y.size(), err.size()});
    s->ex.assign(x.begin(), x.begin() + n);
    s->ey.assign(y.begin(), y.begin() + n);
    s->eerr.assign(err.begin(), err.begin() + n);
    QList<QPointF> pts;
    pts.reserve(qsizetype(n));
    for (std::size_t i = 0; i < n; ++i)
        pts.append(QPointF(x[i], y[i]));
    s->scatter->replace(pts);
    s->plotted = int(n);
    rescale();
}

std::vector<QPointF> ChartPanel::decimate(const double* x, const double* y, std::size_t n, int buckets, bool logX)
{
    std::vector<QPointF> out;
    if (n == 0) return out;
    buckets = std::max(buckets, 1);
    auto usable = [&](std::size_t i) { return std::isfinite(x[i]) && std::isfinite(y[i]) && (!logX || x[i] > 0); };
    if (n <= std::size_t(2 * buckets)) {
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            if (usable(i)) out.emplace_back(x[i], y[i]);
        return out;
    }
    // Buckets are equal intervals of x (of log x on a log axis), i.e. of
    // screen width; each keeps its lowest and highest point in x order.
    std::size_t first = 0, last = n - 1;
    while (first < n && !usable(first))
        ++first;
    while (last > first && !usable(last))
        --last;
    if (first >= n) return out;
    auto pos = [&](double v) { return logX ? std::log(v) : v; };
    const double p0 = pos(x[first]), span = pos(x[last]) - p0;
    out.reserve(2 * std::size_t(buckets) + 2);
    std::size_t i = first;
    while (i <= last) {
        const long long b = span > 0 ? (long long)((pos(x[i]) - p0) / span * buckets) : 0;
        std::size_t iMin = i, iMax = i, j = i;
        for (; j <= last; ++j) {
            if (!usable(j)) continue;
            if (span > 0 && (long long)((pos(x[j]) - p0) / span * buckets) != b) break;
            if (y[j] < y[iMin]) iMin = j;
            if (y[j] > y[iMax]) iMax = j;
        }
        const std::size_t a = std::min(iMin, iMax), c = std::max(iMin, iMax);
        out.emplace_back(x[a], y[a]);
        if (c != a) out.emplace_back(x[c], y[c]);
        i = j;
    }
    // Keep the exact end point so the curve reaches the latest value.
    if (out.back().x() != x[last]) out.emplace_back(x[last], y[last]);
    return out;
}

void ChartPanel::setLineData(int id, const double* x, const double* y, std::size_t n)
{
    Series* s = m_series.at(id);
    // Two points (min and max) per bucket, one bucket per two pixels.
    const int buckets = std::max(200, width() / 2);
    std::vector<QPointF> pts = decimate(x, y, n, buckets, m_logX);
    if (m_logY)
        pts.erase(std::remove_if(pts.begin(), pts.end(), [](const QPointF& p) { return p.y() <= 0; }), pts.end());
    s->line->replace(QList<QPointF>(pts.begin(), pts.end()));
    s->plotted = int(pts.size());
    rescale();
}

void ChartPanel::setLineData(int id, const std::vector<double>& x, const std::vector<double>& y)
{
    setLineData(id, x.data(), y.data(), std::min(x.size(), y.size()));
}

void ChartPanel::clearData()
{
    for (auto* s : m_series) {
        if (s->line && s->kind == Series::Line) s->line->clear();
        if (s->scatter) s->scatter->clear();
        s->ex.clear();
        s->ey.clear();
        s->eerr.clear();
        s->plotted = 0;
    }
    rescale();
}

int ChartPanel::plottedPoints(int id) const { return m_series.at(id)->plotted; }

void ChartPanel::rescale()
{
    constexpr double inf = std::numeric_limits<double>::infinity();
    double x0 = inf, x1 = -inf, y0 = inf, y1 = -inf;
    auto take = [&](double x, double y) {
        if (std::isfinite(x) && (!m_logX || x > 0)) x0 = std::min(x0, x), x1 = std::max(x1, x);
        if (std::isfinite(y) && (!m_logY || y > 0)) y0 = std::min(y0, y), y1 = std::max(y1, y);
    };
    for (const auto* s : m_series) {
        if (s->kind == Series::Line)
            for (const QPointF& p : s->line->points())
                take(p.x(), p.y());
        if (s->kind == Series::ErrorBars)
            for (std::size_t i = 0; i < s->ex.size(); ++i) {
                take(s->ex[i], s->ey[i] - s->eerr[i]);
                take(s->ex[i], s->ey[i] + s->eerr[i]);
            }
    }
    for (const auto* s : m_series)
        if (s->kind == Series::Reference && s->line->isVisible()) take(std::nan(""), s->reference);
    if (!(x0 <= x1)) x0 = m_logX ? 1 : 0, x1 = m_logX ? 10 : 1;
    if (!(y0 <= y1)) y0 = m_logY ? 1 : 0, y1 = m_logY ? 10 : 1;
    // A single x (the first point of a run at t = 0): show [0, 1], not
    // [−0.5, 0.5] — Monte Carlo time is never negative.
    if (x0 == x1) {
        if (!m_logX && x0 == 0)
            x1 = 1;
        else
            x0 -= m_logX ? x0 / 2 : 0.5, x1 += m_logX ? x1 : 0.5;
    }
    if (y0 == y1) {
        const double d = y0 != 0 ? std::abs(y0) * 0.05 : 0.5;
        y0 -= d, y1 += d;
        if (m_logY && y0 <= 0) y0 = y1 / 10;
    }
    // Reference lines span the data's x range (touched only when it changes:
    // every replace() makes Qt Charts lay the series out again).
    for (auto* s : m_series)
        if (s->kind == Series::Reference && s->line->isVisible()) {
            const QList<QPointF> ends{QPointF(x0, s->reference), QPointF(x1, s->reference)};
            if (s->line->points() != ends) s->line->replace(ends);
        }
    if (m_logY) {
        y0 /= 1.3, y1 *= 1.3;
    } else {
        const double pad = 0.06 * (y1 - y0);
        y0 -= pad, y1 += pad;
    }
    // Axis changes re-layout the whole chart: skip the ones that change nothing.
    auto setRange = [this](QAbstractAxis* axis, double lo, double hi) {
        if (auto* a = qobject_cast<QCategoryAxis*>(axis)) {
            if (a->min() == lo && a->max() == hi && a->count() > 0) return;
            a->setRange(lo, hi);
            retick(a);
        } else if (auto* l = qobject_cast<QLogValueAxis*>(axis)) {
            if (l->min() != lo || l->max() != hi) l->setRange(lo, hi);
        }
    };
    if (m_userView) {
        x0 = m_vx0, x1 = m_vx1, y0 = m_vy0, y1 = m_vy1;
    }
    setRange(m_xAxis, x0, x1);
    setRange(m_yAxis, y0, y1);
}

void ChartPanel::fitYTitle()
{
    // A long y title on a short plot: a smaller font rather than "…".
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    const double available = m_chart->plotArea().height() - 8;
    const double needed = QFontMetricsF(f).horizontalAdvance(m_yTitle);
    if (available > 0 && needed > available)
        f.setPointSizeF(f.pointSizeF() * std::max(kMinTitleShrink, available / needed));
    if (m_yAxis->titleFont() != f) m_yAxis->setTitleFont(f);
}

QSize ChartPanel::minimumSizeHint() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    const QFontMetrics fm(f);
    const int line = fm.height();
    const bool title = !m_chart->title().isEmpty(), legend = m_chart->legend()->isVisible();
    // Rows Qt Charts lays out around the plot: the title, the x tick labels
    // and title, the legend (markers are taller than text). Short of any of
    // them it elides tick labels to "…". 3 lines for the x labels and title:
    // with 2.6 the φ⁴ histogram, squeezed to this minimum at 1280×720 in
    // presentation mode, still showed "…" for every x tick (tst_gui_layout).
    const int rows = (title ? int(1.4 * line) : 0) + int(3.0 * line) + (legend ? 2 * line : 0) + 16;
    // The y title runs along the plot's height; fitYTitle() may shrink its
    // font to kMinTitleShrink, no further: the plot must be that tall.
    const int plot = std::max(int(60 * m_scale), int(kMinTitleShrink * fm.horizontalAdvance(m_yTitle)) + 12);
    const int width = std::max(2 * line + fm.horizontalAdvance("−0.000") + int(120 * m_scale),
                               fm.horizontalAdvance(m_xTitle) + 3 * line);
    return {width, rows + plot};
}

QString ChartPanel::crampedAxisTitles() const
{
    const QRectF plot = m_chart->plotArea();
    QStringList cramped;
    auto check = [&](const QAbstractAxis* axis, const QString& title, double room, const char* which) {
        if (!axis || title.isEmpty()) return;
        const double need = QFontMetricsF(axis->titleFont()).horizontalAdvance(title);
        if (need > room)
            cramped << QString("%1 title \"%2\" needs %3 px, the plot is %4 px")
                           .arg(which, title)
                           .arg(need, 0, 'f', 0)
                           .arg(room, 0, 'f', 0);
    };
    check(m_yAxis, m_yTitle, plot.height(), "y");
    check(m_xAxis, m_xTitle, plot.width(), "x");
    if (cramped.isEmpty()) return {};
    return QString("chart \"%1\": %2").arg(m_chart->title(), cramped.join("; "));
}

QRectF ChartPanel::viewRange() const
{
    auto range = [](QAbstractAxis* axis, double& lo, double& hi) {
        if (auto* a = qobject_cast<QCategoryAxis*>(axis)) lo = a->min(), hi = a->max();
        if (auto* l = qobject_cast<QLogValueAxis*>(axis)) lo = l->min(), hi = l->max();
    };
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    range(m_xAxis, x0, x1);
    range(m_yAxis, y0, y1);
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

void ChartPanel::zoom(double factor, QPointF centre, bool inX, bool inY)
{
    const QRectF r = viewRange();
    // The data point under the cursor stays under the cursor.
    const QPointF at = m_chart->mapToValue(m_view->mapToScene(m_view->mapFrom(this, centre.toPoint())));
    auto scaled = [&](double lo, double hi, double c, bool log) {
        if (log) {
            const double l0 = std::log(lo), l1 = std::log(hi), lc = std::log(std::max(c, 1e-300));
            return std::pair{std::exp(lc + (l0 - lc) * factor), std::exp(lc + (l1 - lc) * factor)};
        }
        return std::pair{c + (lo - c) * factor, c + (hi - c) * factor};
    };
    const auto [x0, x1] = inX ? scaled(r.left(), r.right(), at.x(), m_logX) : std::pair{r.left(), r.right()};
    const auto [y0, y1] = inY ? scaled(r.top(), r.bottom(), at.y(), m_logY) : std::pair{r.top(), r.bottom()};
    if (!(x1 > x0) || !(y1 > y0) || !std::isfinite(x0 + x1 + y0 + y1)) return;
    m_userView = true;
    m_vx0 = x0, m_vx1 = x1, m_vy0 = y0, m_vy1 = y1;
    rescale();
}

void ChartPanel::pan(QPointF pixels)
{
    const QRectF area = m_chart->plotArea();
    if (area.isEmpty()) return;
    const QRectF r = viewRange();
    auto shift = [](double lo, double hi, double fraction, bool log) {
        if (log) {
            const double f = std::pow(hi / lo, fraction);
            return std::pair{lo * f, hi * f};
        }
        const double d = (hi - lo) * fraction;
        return std::pair{lo + d, hi + d};
    };
    const auto [x0, x1] = shift(r.left(), r.right(), -pixels.x() / area.width(), m_logX);
    const auto [y0, y1] = shift(r.top(), r.bottom(), pixels.y() / area.height(), m_logY);
    m_userView = true;
    m_vx0 = x0, m_vx1 = x1, m_vy0 = y0, m_vy1 = y1;
    rescale();
}

void ChartPanel::resetView()
{
    m_userView = false;
    rescale();
}

QString ChartPanel::readoutAt(QPointF widgetPos) const
{
    const QPointF scenePos = m_view->mapToScene(m_view->mapFrom(this, widgetPos.toPoint()));
    if (!m_chart->plotArea().contains(scenePos)) return {};
    double best = 12.0 * 12.0;
    QString text;
    auto consider = [&](const Series* s, QPointF value, double err) {
        QAbstractSeries* q = s->line ? static_cast<QAbstractSeries*>(s->line) : s->scatter;
        const QPointF p = m_chart->mapToPosition(value, q);
        const double dx = p.x() - scenePos.x(), dy = p.y() - scenePos.y();
        if (dx * dx + dy * dy >= best) return;
        best = dx * dx + dy * dy;
        text = QString("%1: x = %2, y = %3").arg(s->name).arg(value.x(), 0, 'g', 6).arg(value.y(), 0, 'g', 6);
        if (err > 0) text += QString(" ± %1").arg(err, 0, 'g', 3);
    };
    for (const auto* s : m_series) {
        if (s->kind == Series::Line && s->line->pen().color().alpha() > 0) // a transparent line only sets the range
            for (const QPointF& v : s->line->points())
                consider(s, v, 0);
        if (s->kind == Series::ErrorBars)
            for (std::size_t i = 0; i < s->ex.size(); ++i)
                consider(s, QPointF(s->ex[i], s->ey[i]), s->eerr[i]);
    }
    return text;
}

void ChartPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}

void ChartPanel::applyPalette()
{
    const QPalette pal = palette();
    const QColor ground = pal.color(QPalette::Window), text = pal.color(QPalette::WindowText);
    const bool dark = ground.lightness() < 128;
    m_chart->setBackgroundBrush(ground);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setTitleBrush(text);
    m_chart->legend()->setLabelColor(text);
    const QColor grid = dark ? QColor(255, 255, 255, 60) : QColor(0, 0, 0, 40);
    for (auto* axis : {m_xAxis, m_yAxis}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(text);
        axis->setGridLineColor(grid);
    }
    // Black and grey lines (exact references) turn light on a dark ground.
    for (auto* s : m_series)
        if (s->color.hslSaturation() < 30 && dark == (s->color.lightness() < 128))
            s->color = QColor::fromHsl(s->color.hslHue(), s->color.hslSaturation(), 255 - s->color.lightness());
    applyPens();
}

} // namespace dlab::widgets
