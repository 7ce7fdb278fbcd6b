#include "widgets/Heatmap.hpp"

#include "widgets/Ticks.hpp"

#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

namespace dlab::widgets {

Heatmap::Heatmap(QWidget* parent) : QWidget(parent) { setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding); }

void Heatmap::setMatrix(int rows, int cols, std::vector<double> values)
{
    if (rows < 0 || cols < 0 || values.size() < std::size_t(rows) * cols) return;
    m_rows = rows;
    m_cols = cols;
    m_values = std::move(values);
    if (m_autoRange) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double v : m_values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        if (!(lo <= hi)) lo = 0, hi = 1;
        if (lo == hi) lo -= 0.5, hi += 0.5;
        m_lo = lo, m_hi = hi;
    }
    rebuildImage();
}

void Heatmap::setRange(double lo, double hi)
{
    m_autoRange = false;
    m_lo = lo;
    m_hi = hi > lo ? hi : lo + 1;
    rebuildImage();
}

void Heatmap::setAutoRange()
{
    m_autoRange = true;
    setMatrix(m_rows, m_cols, m_values);
}

void Heatmap::setRowLabels(const QStringList& labels)
{
    m_rowLabels = labels;
    update();
}

void Heatmap::setColumnLabels(const QStringList& labels)
{
    m_colLabels = labels;
    update();
}

void Heatmap::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void Heatmap::setColorBarLabel(const QString& label)
{
    m_barLabel = label;
    update();
}

void Heatmap::setColorMap(ColorMap map)
{
    m_map = map;
    rebuildImage();
}

void Heatmap::setShowValues(bool on)
{
    m_showValues = on;
    update();
}

void Heatmap::setPresentationScale(double scale)
{
    m_scale = scale;
    update();
}

void Heatmap::rebuildImage()
{
    if (m_rows == 0 || m_cols == 0) {
        m_image = QImage();
        update();
        return;
    }
    m_image = QImage(m_cols, m_rows, QImage::Format_RGB32);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c) {
            const double v = m_values[std::size_t(r) * m_cols + c];
            m_image.setPixel(c, r,
                             std::isfinite(v) ? colorAt(m_map, (v - m_lo) / (m_hi - m_lo)).rgb() : qRgb(200, 200, 200));
        }
    update();
}

QRectF Heatmap::matrixRect() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    const QFontMetricsF fm(f);
    double left = 6, bottom = 6;
    for (const QString& l : m_rowLabels)
        left = std::max(left, fm.horizontalAdvance(l) + 10);
    if (!m_colLabels.isEmpty()) bottom = fm.height() + 10;
    const double top = m_title.isEmpty() ? 6 : fm.height() * 1.2 + 8;
    const double barSpace =
        24 * m_scale + fm.horizontalAdvance("−0.000e+00") + 12 + (m_barLabel.isEmpty() ? 0 : fm.height() + 4);
    const double w = std::max(10.0, width() - left - barSpace), h = std::max(10.0, height() - top - bottom);
    if (m_rows == 0 || m_cols == 0) return QRectF(left, top, w, h);
    // Square cells.
    const double cell = std::min(w / m_cols, h / m_rows);
    return QRectF(left, top, cell * m_cols, cell * m_rows);
}

void Heatmap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * m_scale);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const QColor text = palette().text().color();
    p.setPen(text);
    if (!m_title.isEmpty()) {
        QFont bold = f;
        bold.setBold(true);
        p.setFont(bold);
        // Elided at the end, not cut at both ends, when the panel is narrow.
        p.drawText(QRectF(0, 4, width(), fm.height() * 1.2), Qt::AlignCenter,
                   QFontMetricsF(bold).elidedText(m_title, Qt::ElideRight, width() - 8));
        p.setFont(f);
    }
    const QRectF r = matrixRect();
    if (m_image.isNull()) {
        p.drawText(rect(), Qt::AlignCenter, tr("no data"));
        return;
    }
    p.drawImage(r, m_image);
    const double cw = r.width() / m_cols, ch = r.height() / m_rows;

    // Numbers in the cells when they fit, in black or white for contrast.
    if (m_showValues && cw > fm.horizontalAdvance("−0.00") + 4 && ch > fm.height()) {
        for (int row = 0; row < m_rows; ++row)
            for (int c = 0; c < m_cols; ++c) {
                const double v = m_values[std::size_t(row) * m_cols + c];
                const QColor bg = m_image.pixelColor(c, row);
                p.setPen(bg.lightnessF() > 0.55 ? Qt::black : Qt::white);
                // Two decimals for values of order one (generators, weights):
                // "0.000628" would not fit the width tested above.
                p.drawText(QRectF(r.left() + c * cw, r.top() + row * ch, cw, ch), Qt::AlignCenter,
                           std::abs(v) < 10 ? QString::number(v, 'f', 2) : QString::number(v, 'g', 3));
            }
        p.setPen(text);
    }
    // Cells smaller than a label: label every k-th row / column (the first
    // included) rather than overprint them or elide them all to "…".
    // Rows: a label may overlap its neighbours' leading, not their letters.
    const int rowStep = std::max(1, int(std::ceil(fm.ascent() / std::max(ch, 1.0))));
    for (int row = 0; row < std::min<int>(m_rows, int(m_rowLabels.size())); row += rowStep)
        p.drawText(QRectF(0, r.top() + row * ch, r.left() - 6, ch),
                   Qt::AlignRight | Qt::AlignVCenter | Qt::TextDontClip, m_rowLabels[row]);
    double columnLabelWidth = 0;
    for (const QString& l : m_colLabels)
        columnLabelWidth = std::max(columnLabelWidth, fm.horizontalAdvance(l) + 4);
    const int colStep = std::max(1, int(std::ceil(columnLabelWidth / std::max(cw, 1.0))));
    const double columnSpan = colStep * cw;
    for (int c = 0; c < std::min<int>(m_cols, int(m_colLabels.size())); c += colStep)
        p.drawText(QRectF(r.left() + (c + 0.5) * cw - columnSpan / 2, r.bottom() + 4, columnSpan, fm.height() + 4),
                   Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(m_colLabels[c], Qt::ElideRight, std::max(columnSpan, 8.0)));

    // Colour bar with its range.
    const QRectF bar(r.right() + 12, r.top(), 18 * m_scale, r.height());
    for (int i = 0; i < int(bar.height()); ++i) {
        p.setPen(colorAt(m_map, 1.0 - double(i) / std::max(1.0, bar.height() - 1)));
        p.drawLine(QPointF(bar.left(), bar.top() + i), QPointF(bar.right(), bar.top() + i));
    }
    p.setPen(text);
    p.drawRect(bar);
    const double lx = bar.right() + 4;
    double labelWidth = 0;
    for (double v : niceTicks(m_lo, m_hi, 5))
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(QString::number(v, 'g', 4)));
    for (double v : niceTicks(m_lo, m_hi, 5)) {
        const double y = bar.bottom() - (v - m_lo) / (m_hi - m_lo) * bar.height();
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        p.drawText(QRectF(lx, y - fm.height() / 2, 200, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(v, 'g', 4));
    }
    if (!m_barLabel.isEmpty()) {
        p.save();
        // Just right of the tick labels, reading bottom to top.
        p.translate(lx + labelWidth + 6 + fm.height(), r.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-r.height() / 2, -fm.height(), r.height(), fm.height()), Qt::AlignCenter, m_barLabel);
        p.restore();
    }
}

} // namespace dlab::widgets
