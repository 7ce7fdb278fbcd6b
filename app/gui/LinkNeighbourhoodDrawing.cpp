#include "LinkNeighbourhoodDrawing.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace dlab::gui {
namespace {

// Slot k as a segment in the link's own frame: the link runs from a = (0, 0)
// to b = (1, 0) along its direction, p̂ is the second coordinate.
struct Segment {
    QPointF from, to;
};
constexpr std::array<Segment, 7> kSlots{{
    {{0, 0}, {0, 1}},   // 0: perpendicular at a, +p̂
    {{0, 0}, {0, -1}},  // 1: perpendicular at a, −p̂
    {{1, 0}, {1, 1}},   // 2: perpendicular at b, +p̂
    {{1, 0}, {1, -1}},  // 3: perpendicular at b, −p̂
    {{0, 1}, {1, 1}},   // 4: parallel, +p̂ side
    {{0, -1}, {1, -1}}, // 5: parallel, −p̂ side
    {{0, 0}, {1, 0}},   // 6: the link itself
}};

} // namespace

LinkNeighbourhoodDrawing::LinkNeighbourhoodDrawing(QWidget* parent) : QWidget(parent)
{
    setToolTip(tr("The 7 candidate links the observable attends to, in the mirrored frame: p̂ = +ŷ for a "
                  "horizontal link, +x̂ for a vertical one. Slots 1 and 2 can represent the Kramers–Wannier dual."));
}

void LinkNeighbourhoodDrawing::setSelectedSlot(int slot)
{
    if (slot == m_selected) return;
    m_selected = slot;
    update();
}

void LinkNeighbourhoodDrawing::setWeights(const std::array<double, 7>& w)
{
    m_weights = w;
    update();
}

void LinkNeighbourhoodDrawing::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QFontMetricsF fm(font());
    const double titleH = fm.height() + 4;
    p.setPen(palette().text().color());
    p.drawText(QRectF(0, 0, width(), titleH), Qt::AlignCenter, tr("candidate links k around l (a → b)"));

    // Two panels: horizontal link (x along l, p̂ = +y) and vertical link
    // (y along l, p̂ = +x): the mirrored frame swaps the coordinates.
    const double panelW = width() / 2.0, panelH = height() - titleH - fm.height() - 4;
    for (int panel = 0; panel < 2; ++panel) {
        const bool vertical = panel == 1;
        const double cell = std::max(10.0, std::min(panelW / 2.4, panelH / 3.0));
        const QPointF centre(panelW * (panel + 0.5), titleH + panelH / 2);
        // Frame coordinates (u along the link, v along p̂) → screen; +y is up.
        auto map = [&](QPointF q) {
            const double x = vertical ? q.y() : q.x() - 0.5;
            const double y = vertical ? q.x() - 0.5 : q.y();
            return QPointF(centre.x() + x * cell, centre.y() - y * cell);
        };
        for (int k = 0; k < 7; ++k) {
            const auto& s = kSlots[std::size_t(k)];
            const bool selected = k == m_selected;
            const bool dualSlot = k == 1 || k == 2;
            QColor c = k == 6 ? QColor(0, 0, 0) : dualSlot ? QColor(0, 114, 178) : QColor(140, 140, 140);
            if (selected) c = QColor(213, 94, 0);
            const double width = 1.5 + 4.0 * std::clamp(m_weights[std::size_t(k)], 0.0, 1.0) + (selected ? 1.5 : 0);
            p.setPen(QPen(c, width, k == 6 ? Qt::SolidLine : Qt::SolidLine, Qt::RoundCap));
            const QPointF a = map(s.from), b = map(s.to);
            p.drawLine(a, b);
            // Slot number beside the segment's midpoint, pushed outward.
            QPointF mid = (a + b) / 2;
            const QPointF d = b - a;
            QPointF normal(-d.y(), d.x());
            const double len = std::hypot(normal.x(), normal.y());
            if (len > 0) normal /= len;
            if (k == 6) normal = vertical ? QPointF(-1, 0) : QPointF(0, 1);
            const QPointF label = mid + normal * (fm.height() * 0.55);
            QFont f = font();
            f.setBold(selected);
            p.setFont(f);
            p.setPen(c);
            p.drawText(QRectF(label.x() - 10, label.y() - fm.height() / 2, 20, fm.height()), Qt::AlignCenter,
                       QString::number(k));
            p.setFont(font());
        }
        // Sites a and b.
        p.setPen(Qt::NoPen);
        p.setBrush(palette().text());
        p.drawEllipse(map({0, 0}), 3, 3);
        p.drawEllipse(map({1, 0}), 3, 3);
        p.setPen(palette().text().color());
        p.drawText(map({0, 0}) + QPointF(-12, vertical ? 12 : 14), "a");
        p.drawText(map({1, 0}) + QPointF(vertical ? -12 : 4, vertical ? -4 : 14), "b");
        p.drawText(QRectF(panelW * panel, height() - fm.height() - 2, panelW, fm.height()), Qt::AlignCenter,
                   vertical ? tr("vertical l: + side is +x") : tr("horizontal l: + side is +y"));
    }
}

} // namespace dlab::gui
