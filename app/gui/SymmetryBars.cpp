#include "SymmetryBars.hpp"

#include "widgets/ColorMap.hpp"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

namespace dlab::gui {

SymmetryBars::SymmetryBars(QWidget* parent) : QWidget(parent)
{
    // Ground and ink come from the palette (white and black by default), so
    // the dark projector theme reaches this plot as it reaches the charts.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setForegroundRole(QPalette::Text);
}

void SymmetryBars::setValues(std::vector<double> values)
{
    m_values = std::move(values);
    update();
}

void SymmetryBars::setPresentationScale(double scale)
{
    m_scale = scale;
    update();
}

void SymmetryBars::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    // Shades between ground (0) and ink (1): grid lines, muted notes, tick labels.
    const QColor ground = palette().color(QPalette::Base), ink = palette().color(QPalette::Text);
    auto shade = [&](double t) {
        return QColor::fromRgbF(float(ground.redF() + t * (ink.redF() - ground.redF())),
                                float(ground.greenF() + t * (ink.greenF() - ground.greenF())),
                                float(ground.blueF() + t * (ink.blueF() - ground.blueF())));
    };
    const QColor grid = shade(0.12), muted = shade(0.5), labels = shade(0.8);
    painter.setPen(ink);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    painter.setFont(f);
    const QFontMetrics fm(f);
    const int h = fm.height();

    QFont bold = f;
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRect(0, 2, width(), h), Qt::AlignCenter, tr("Explained variance"));
    painter.setFont(f);

    // Plot area: room for the y title and tick labels left, the x title below.
    const QRectF plot(h + fm.horizontalAdvance("0.00") + 10, 2 * h + 4, 0, 0);
    const QRectF area(plot.left(), plot.top(), std::max(10.0, width() - plot.left() - 10),
                      std::max(10.0, height() - plot.top() - 2.2 * h - 4));

    for (double v : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        const double y = area.bottom() - v * area.height();
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(labels);
        painter.drawText(
            QRectF(area.left() - fm.horizontalAdvance("0.00") - 6, y - h / 2.0, fm.horizontalAdvance("0.00") + 2, h),
            Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'f', 2));
    }
    painter.drawRect(area);

    painter.save();
    painter.translate(h / 2.0 + 2, area.center().y());
    painter.rotate(-90);
    // The axis title runs along a short axis at projector sizes: shrink its
    // font until it fits rather than cut it.
    const QString axisTitle = tr("variance ratio");
    QFont titleFont = painter.font();
    while (QFontMetricsF(titleFont).horizontalAdvance(axisTitle) > area.height() && titleFont.pointSizeF() > 5)
        titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    painter.setFont(titleFont);
    painter.drawText(QRectF(-area.height() / 2, -h / 2.0, area.height(), h), Qt::AlignCenter, axisTitle);
    painter.restore();
    painter.drawText(QRectF(area.left(), area.bottom() + h + 2, area.width(), h), Qt::AlignCenter, tr("component"));

    const int n = int(m_values.size());
    if (n == 0) {
        painter.setPen(muted);
        painter.drawText(area, Qt::AlignCenter, tr("(not yet computed)"));
        return;
    }
    const double slot = area.width() / n;
    for (int i = 0; i < n; ++i) {
        const double v = std::clamp(m_values[std::size_t(i)], 0.0, 1.0);
        const QRectF bar(area.left() + slot * (i + 0.15), area.bottom() - v * area.height(), slot * 0.7,
                         v * area.height());
        painter.fillRect(bar, widgets::categoricalColor(0));
        painter.setPen(ink);
        painter.drawText(QRectF(area.left() + slot * i, area.bottom() + 1, slot, h), Qt::AlignCenter,
                         QString::number(i + 1));
        // The value above the bar, or inside it in white when the bar reaches the top.
        const bool inside = bar.top() - h < area.top();
        const QRectF label(area.left() + slot * i, inside ? bar.top() + 2 : bar.top() - h, slot, h);
        painter.setPen(inside ? QColor(Qt::white) : ink);
        if (slot > fm.horizontalAdvance("0.00")) painter.drawText(label, Qt::AlignCenter, QString::number(v, 'f', 2));
    }
}

} // namespace dlab::gui
