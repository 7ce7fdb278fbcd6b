#include "widgets/BarChart.hpp"

#include "widgets/ColorMap.hpp"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace dlab::widgets {

BarChart::BarChart(QWidget* parent) : QWidget(parent)
{
    // Ground and ink come from the palette (white and black by default), so
    // the dark projector theme reaches this chart as it reaches the others.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setForegroundRole(QPalette::Text);
}

void BarChart::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void BarChart::setAxisTitle(const QString& y)
{
    m_axisTitle = y;
    update();
}

void BarChart::setRange(double lo, double hi)
{
    m_lo = lo;
    m_hi = hi > lo ? hi : lo + 1;
    update();
}

void BarChart::setBars(const QStringList& labels, const std::vector<double>& values, const std::vector<double>& errors,
                       const std::vector<QColor>& colors)
{
    m_labels = labels;
    m_values = values;
    m_errors = errors;
    m_colors = colors;
    update();
}

void BarChart::setReference(double y, const QString& label)
{
    m_reference = y;
    m_referenceLabel = label;
    update();
}

void BarChart::setPresentationScale(double scale)
{
    m_scale = scale;
    updateGeometry();
    update();
}

void BarChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    // Shades between ground (0) and ink (1) for grid, frame and labels.
    const QColor ground = palette().color(QPalette::Base), ink = palette().color(QPalette::Text);
    auto shade = [&](double t) {
        return QColor::fromRgbF(float(ground.redF() + t * (ink.redF() - ground.redF())),
                                float(ground.greenF() + t * (ink.greenF() - ground.greenF())),
                                float(ground.blueF() + t * (ink.blueF() - ground.blueF())));
    };
    const QColor grid = shade(0.12), frame = shade(0.53), labels = shade(0.8), strong = shade(0.9);
    painter.setPen(ink);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    const QFontMetricsF fm(f);
    const double h = fm.height();
    QFont bold = f;
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRectF(0, 2, width(), h), Qt::AlignCenter,
                     QFontMetricsF(bold).elidedText(m_title, Qt::ElideRight, width() - 4));
    painter.setFont(f);

    // Room: the rotated y title and the tick labels on the left, the bar
    // labels below, the title above.
    const QString widest = QString::number(m_hi, 'f', 2).size() > QString::number(m_lo, 'f', 2).size()
                               ? QString::number(m_hi, 'f', 2)
                               : QString::number(m_lo, 'f', 2);
    const double left = h + fm.horizontalAdvance(widest) + 10;
    // Rows above the plot: the title, the reference's label (if any), then
    // room for the value printed above a full-height bar.
    const double top = (std::isfinite(m_reference) ? 3 : 2) * h + 6;
    const QRectF area(left, top, std::max(10.0, width() - left - 8), std::max(10.0, height() - top - 2.4 * h));
    auto yOf = [&](double v) {
        return area.bottom() - (std::clamp(v, m_lo, m_hi) - m_lo) / (m_hi - m_lo) * area.height();
    };

    for (int k = 0; k <= 4; ++k) {
        const double v = m_lo + (m_hi - m_lo) * k / 4.0, y = yOf(v);
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(labels);
        painter.drawText(QRectF(h, y - h / 2, left - h - 6, h), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(v, 'f', 2));
    }
    painter.save();
    painter.translate(h * 0.2, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area.height() / 2, 0, area.height(), h), Qt::AlignCenter,
                     fm.elidedText(m_axisTitle, Qt::ElideRight, area.height()));
    painter.restore();

    const int n = int(m_labels.size());
    const double slot = n > 0 ? area.width() / n : area.width();
    for (int i = 0; i < n; ++i) {
        const double x0 = area.left() + slot * (i + 0.18), w = slot * 0.64;
        painter.setPen(strong);
        painter.drawText(QRectF(area.left() + slot * i, area.bottom() + 4, slot, 2 * h),
                         Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_labels[i]);
        const double v = i < int(m_values.size()) ? m_values[std::size_t(i)] : NAN;
        if (!std::isfinite(v)) continue;
        const QColor c = i < int(m_colors.size()) ? m_colors[std::size_t(i)] : categoricalColor(i);
        const QRectF bar(QPointF(x0, yOf(v)), QPointF(x0 + w, yOf(m_lo)));
        painter.fillRect(bar, c);
        double valueTop = bar.top(); // above the bar and its error bar
        if (i < int(m_errors.size()) && std::isfinite(m_errors[std::size_t(i)]) && m_errors[std::size_t(i)] > 0) {
            const double e = m_errors[std::size_t(i)], xc = x0 + w / 2;
            painter.setPen(QPen(strong, 1.2 * m_scale));
            painter.drawLine(QPointF(xc, yOf(v - e)), QPointF(xc, yOf(v + e)));
            painter.drawLine(QPointF(xc - w / 6, yOf(v + e)), QPointF(xc + w / 6, yOf(v + e)));
            painter.drawLine(QPointF(xc - w / 6, yOf(v - e)), QPointF(xc + w / 6, yOf(v - e)));
            valueTop = std::min(valueTop, yOf(v + e));
        }
        // The value inside the top of the bar when it fits (clear of any
        // reference line above), else above it.
        const QString text = QString::number(v, 'f', 3);
        if (bar.height() > 1.6 * h && fm.horizontalAdvance(text) < w) {
            painter.setPen(qGray(c.rgb()) > 150 ? QColor(20, 20, 20) : QColor(Qt::white));
            painter.drawText(QRectF(x0, bar.top() + 0.3 * h, w, h), Qt::AlignHCenter | Qt::AlignTop, text);
        } else {
            painter.setPen(ink);
            painter.drawText(QRectF(x0 - slot * 0.18, valueTop - h - 1, slot, h), Qt::AlignHCenter | Qt::AlignBottom,
                             text);
        }
    }
    if (std::isfinite(m_reference)) {
        // The line across the plot; its label in the margin above, with a
        // dash sample, so it never covers a bar's value.
        const double y = yOf(m_reference);
        const QPen dashed(strong, 1.5 * m_scale, Qt::DashLine);
        painter.setPen(dashed);
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        const QString label = fm.elidedText(m_referenceLabel, Qt::ElideRight, area.width() - 3 * h);
        const double textWidth = fm.horizontalAdvance(label), ly = 1.5 * h + 4;
        const double x1 = area.right() - textWidth - 4;
        painter.drawLine(QPointF(x1 - 2 * h, ly), QPointF(x1 - 0.4 * h, ly));
        painter.setPen(strong);
        painter.drawText(QRectF(x1, ly - h / 2, textWidth + 4, h), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    painter.setPen(frame);
    painter.drawRect(area);
}

} // namespace dlab::widgets
