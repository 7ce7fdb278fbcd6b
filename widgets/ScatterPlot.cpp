#include "widgets/ScatterPlot.hpp"

#include "widgets/ColorMap.hpp"

#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace dlab::widgets {

ScatterPlot::ScatterPlot(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ScatterPlot::setPoints(std::vector<double> x, std::vector<double> y, std::vector<int> classes)
{
    const std::size_t n = std::min(x.size(), y.size());
    x.resize(n);
    y.resize(n);
    classes.resize(n, 0);
    m_x = std::move(x);
    m_y = std::move(y);
    m_class = std::move(classes);
    resetView();
}

void ScatterPlot::setClassNames(const QStringList& names)
{
    m_classNames = names;
    fitAspect(true); // the legend's width changes the plot's shape
    update();
}

void ScatterPlot::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    update();
}

void ScatterPlot::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void ScatterPlot::setPointSize(double pixels)
{
    m_pointSize = pixels;
    update();
}

void ScatterPlot::setPresentationScale(double scale)
{
    m_scale = scale;
    fitAspect(true);
    update();
}

void ScatterPlot::setEqualAspect(bool on)
{
    m_equalAspect = on;
    resetView();
}

void ScatterPlot::resizeEvent(QResizeEvent* e)
{
    QWidget::resizeEvent(e);
    fitAspect(/*keepArea=*/true);
}

void ScatterPlot::fitAspect(bool keepArea)
{
    if (!m_equalAspect) return;
    const QRectF r = plotRect();
    if (r.width() <= 0 || r.height() <= 0 || m_view.width() <= 0 || m_view.height() <= 0) return;
    // Fitting widens one axis so everything stays visible; a resize keeps the
    // visible area instead, so that resizing back and forth does not zoom out.
    const double sx = m_view.width() / r.width(), sy = m_view.height() / r.height();
    const double perPixel = keepArea ? std::sqrt(sx * sy) : std::max(sx, sy);
    const QPointF c = m_view.center();
    const double w = perPixel * r.width(), h = perPixel * r.height();
    m_view = QRectF(c.x() - w / 2, c.y() - h / 2, w, h);
}

void ScatterPlot::resetView()
{
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i])) continue;
        x0 = std::min(x0, m_x[i]), x1 = std::max(x1, m_x[i]);
        y0 = std::min(y0, m_y[i]), y1 = std::max(y1, m_y[i]);
    }
    if (!(x0 <= x1)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    if (x0 == x1) x0 -= 0.5, x1 += 0.5;
    if (y0 == y1) y0 -= 0.5, y1 += 0.5;
    const double px = 0.05 * (x1 - x0), py = 0.05 * (y1 - y0);
    m_view = QRectF(QPointF(x0 - px, y0 - py), QPointF(x1 + px, y1 + py));
    fitAspect();
    update();
}

void ScatterPlot::setOrderedClasses(bool on)
{
    m_ordered = on;
    update();
}

QColor ScatterPlot::classColor(int c) const
{
    if (!m_ordered) return categoricalColor(c);
    const int n = std::max<int>(int(m_classNames.size()), 1);
    // Viridis' top end is yellow, hard to see on white: stop at 0.92. Its
    // bottom end is dark purple, lost on the dark projector theme's ground:
    // start at 0.25 there (and keep the yellow, which reads well on dark).
    const bool darkGround = palette().color(QPalette::Base).lightness() < 128;
    const double lo = darkGround ? 0.25 : 0.0, hi = darkGround ? 1.0 : 0.92;
    return colorAt(ColorMap::Viridis, n > 1 ? lo + (hi - lo) * double(c) / (n - 1) : 0.5);
}

QFont ScatterPlot::legendFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    if (m_classNames.isEmpty()) return f;
    const QFontMetricsF fm(f);
    double w = 0;
    for (const auto& n : m_classNames)
        w = std::max(w, fm.horizontalAdvance(n) + 28 * m_scale);
    const double h = m_classNames.size() * (fm.height() + 4);
    const double shrink = std::clamp(std::min(width() / 4.0 / w, 0.9 * height() / h), 0.55, 1.0);
    f.setPointSizeF(f.pointSizeF() * shrink);
    return f;
}

QRectF ScatterPlot::plotRect() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    const QFontMetricsF fm(f);
    const double left = fm.horizontalAdvance("−00.0") + fm.height() + 12;
    const double bottom = 2 * fm.height() + 12;
    const double top = (m_title.isEmpty() ? 0 : fm.height() * 1.3) + 8;
    const double right = m_classNames.isEmpty() ? 12 : 12 + [&] {
        const QFontMetricsF lm(legendFont());
        double w = 0;
        for (const auto& n : m_classNames)
            w = std::max(w, lm.horizontalAdvance(n));
        return w + lm.height() + 14;
    }();
    return QRectF(left, top, std::max(10.0, width() - left - right), std::max(10.0, height() - top - bottom));
}

QPointF ScatterPlot::toScreen(double x, double y) const
{
    const QRectF r = plotRect();
    return {r.left() + (x - m_view.left()) / m_view.width() * r.width(),
            r.bottom() - (y - m_view.top()) / m_view.height() * r.height()};
}

QPointF ScatterPlot::toData(const QPointF& p) const
{
    const QRectF r = plotRect();
    return {m_view.left() + (p.x() - r.left()) / r.width() * m_view.width(),
            m_view.top() + (r.bottom() - p.y()) / r.height() * m_view.height()};
}

int ScatterPlot::pointNear(const QPointF& pos, double radius) const
{
    int best = -1;
    double bestD = radius * radius;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        const QPointF s = toScreen(m_x[i], m_y[i]);
        const double d = (s.x() - pos.x()) * (s.x() - pos.x()) + (s.y() - pos.y()) * (s.y() - pos.y());
        if (d <= bestD) bestD = d, best = int(i);
    }
    return best;
}

void ScatterPlot::zoomAt(const QPointF& pos, double factor)
{
    const QPointF c = toData(pos);
    const double w = m_view.width() / factor, h = m_view.height() / factor;
    const double fx = (c.x() - m_view.left()) / m_view.width(), fy = (c.y() - m_view.top()) / m_view.height();
    m_view = QRectF(c.x() - fx * w, c.y() - fy * h, w, h);
    update();
}

void ScatterPlot::wheelEvent(QWheelEvent* e)
{
    zoomAt(e->position(), std::pow(1.0015, e->angleDelta().y()));
    e->accept();
}

void ScatterPlot::mousePressEvent(QMouseEvent* e)
{
    if (e->button() != Qt::LeftButton) return;
    m_dragging = true;
    m_dragStart = e->position();
    m_dragView = m_view;
    setCursor(Qt::ClosedHandCursor);
}

void ScatterPlot::mouseMoveEvent(QMouseEvent* e)
{
    if (m_dragging) {
        const QRectF r = plotRect();
        const QPointF d = e->position() - m_dragStart;
        m_view =
            m_dragView.translated(-d.x() / r.width() * m_dragView.width(), d.y() / r.height() * m_dragView.height());
        update();
        return;
    }
    const int i = pointNear(e->position());
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const int c = m_class[i];
    const QString cls = c < m_classNames.size() ? m_classNames[c] : QString::number(c);
    QToolTip::showText(e->globalPosition().toPoint(),
                       QString("#%1  %2\n(%3, %4)").arg(i).arg(cls).arg(m_x[i], 0, 'g', 4).arg(m_y[i], 0, 'g', 4),
                       this);
    Q_EMIT pointHovered(i);
}

void ScatterPlot::mouseReleaseEvent(QMouseEvent*)
{
    m_dragging = false;
    unsetCursor();
}

void ScatterPlot::mouseDoubleClickEvent(QMouseEvent*) { resetView(); }

void ScatterPlot::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const QColor text = palette().text().color();
    const QRectF r = plotRect();

    if (!m_title.isEmpty()) {
        QFont bold = f;
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(text);
        // A long title in presentation fonts is elided rather than cut at both ends.
        p.drawText(QRectF(0, 4, width(), fm.height() * 1.3), Qt::AlignCenter,
                   QFontMetricsF(bold).elidedText(m_title, Qt::ElideRight, width() - 8));
        p.setFont(f);
    }
    // Grid and ticks.
    p.setPen(QPen(QColor(0, 0, 0, 30), 1));
    auto label = [](double t) { return QString::number(t, 'g', 4); };
    const auto xt = fittingTicks(m_view.left(), m_view.right(), r.width(),
                                 [&](double t) { return fm.horizontalAdvance(label(t)); });
    const auto yt = fittingTicks(m_view.top(), m_view.bottom(), r.height(), [&](double) { return fm.height(); });
    for (double t : xt)
        p.drawLine(QPointF(toScreen(t, 0).x(), r.top()), QPointF(toScreen(t, 0).x(), r.bottom()));
    for (double t : yt)
        p.drawLine(QPointF(r.left(), toScreen(0, t).y()), QPointF(r.right(), toScreen(0, t).y()));
    p.setPen(text);
    for (double t : xt)
        p.drawText(QRectF(toScreen(t, 0).x() - 40, r.bottom() + 3, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   label(t));
    for (double t : yt)
        p.drawText(QRectF(0, toScreen(0, t).y() - fm.height() / 2, r.left() - 5, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, label(t));
    // Centred under the plot but free to overhang it: a narrow plot must not cut its axis title.
    const double xTitleWidth = std::min(double(width()), fm.horizontalAdvance(m_xTitle) + 8);
    const double xTitleLeft = std::clamp(r.center().x() - xTitleWidth / 2, 0.0, width() - xTitleWidth);
    p.drawText(QRectF(xTitleLeft, r.bottom() + fm.height() + 6, xTitleWidth, fm.height() + 2), Qt::AlignCenter,
               m_xTitle);
    p.save();
    p.translate(fm.height() * 0.2, r.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2, 0, r.height(), fm.height() + 2), Qt::AlignCenter, m_yTitle);
    p.restore();

    // Points grouped by class: one drawPoints call per colour.
    p.save();
    p.setClipRect(r);
    p.setRenderHint(QPainter::Antialiasing, true);
    std::map<int, std::vector<QPointF>> byClass;
    for (std::size_t i = 0; i < m_x.size(); ++i)
        byClass[m_class[i]].push_back(toScreen(m_x[i], m_y[i]));
    // On screen, blitting one pre-drawn dot per point is ~20× faster than
    // stroking wide round points; vector exports keep real points.
    const bool raster = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster;
    const double d = m_pointSize * m_scale;
    for (const auto& [c, pts] : byClass) {
        QColor col = classColor(c);
        col.setAlphaF(0.75f);
        if (raster) {
            const int size = int(std::ceil(d)) + 2;
            QImage dot(size, size, QImage::Format_ARGB32_Premultiplied);
            dot.fill(Qt::transparent);
            {
                QPainter dp(&dot);
                dp.setRenderHint(QPainter::Antialiasing);
                dp.setPen(Qt::NoPen);
                dp.setBrush(col);
                dp.drawEllipse(QPointF(size / 2.0, size / 2.0), d / 2, d / 2);
            }
            const QPointF offset(size / 2.0, size / 2.0);
            for (const QPointF& pt : pts)
                p.drawImage(pt - offset, dot);
        } else {
            p.setPen(QPen(col, d, Qt::SolidLine, Qt::RoundCap));
            p.drawPoints(pts.data(), int(pts.size()));
        }
    }
    p.restore();
    p.setPen(text);
    p.drawRect(r);

    // Legend.
    const QFont lf = legendFont();
    const QFontMetricsF lm(lf);
    p.setFont(lf);
    const double dot = lm.height() * 0.3;
    for (int c = 0; c < m_classNames.size(); ++c) {
        const double y = r.top() + 4 + c * (lm.height() + 4);
        p.setPen(Qt::NoPen);
        p.setBrush(classColor(c));
        p.drawEllipse(QPointF(r.right() + 8 + dot, y + lm.height() / 2), dot, dot);
        p.setPen(text);
        const double x = r.right() + 14 + 2 * dot;
        p.drawText(QRectF(x, y, width() - x, lm.height()), Qt::AlignLeft | Qt::AlignVCenter, m_classNames[c]);
    }
}

} // namespace dlab::widgets
