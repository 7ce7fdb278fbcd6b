#include "widgets/LatticeView.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>

namespace dlab::widgets {

LatticeView::LatticeView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    ensureImage(1, 1);
}

void LatticeView::ensureImage(int width, int height)
{
    if (m_image.width() == width && m_image.height() == height && !m_image.isNull()) return;
    m_image = QImage(width, height, QImage::Format_Indexed8);
    m_image.setColorTable(colorTable(m_map));
    m_image.fill(0);
}

void LatticeView::setValues(const std::int8_t* values, int width, int height, double lo, double hi)
{
    if (width <= 0 || height <= 0 || !values) return;
    ensureImage(width, height);
    // One lookup table for all 256 possible inputs: the loop is a byte copy.
    std::array<uchar, 256> lut{};
    for (int v = -128; v < 128; ++v) {
        const double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        lut[std::uint8_t(v)] = uchar(std::lround(std::clamp(t, 0.0, 1.0) * 255));
    }
    for (int y = 0; y < height; ++y) {
        uchar* row = m_image.scanLine(y);
        const std::int8_t* in = values + std::size_t(y) * width;
        for (int x = 0; x < width; ++x)
            row[x] = lut[std::uint8_t(in[x])];
    }
    update();
}

void LatticeView::setValues(const std::vector<double>& values, int width, int height, double lo, double hi)
{
    if (width <= 0 || height <= 0 || values.size() < std::size_t(width) * height) return;
    ensureImage(width, height);
    const double scale = hi > lo ? 255.0 / (hi - lo) : 0.0;
    for (int y = 0; y < height; ++y) {
        uchar* row = m_image.scanLine(y);
        for (int x = 0; x < width; ++x) {
            const double v = values[std::size_t(y) * width + x];
            row[x] = std::isfinite(v) ? uchar(std::clamp((v - lo) * scale, 0.0, 255.0) + 0.5) : 0;
        }
    }
    update();
}

void LatticeView::setColorMap(ColorMap map)
{
    m_map = map;
    m_image.setColorTable(colorTable(m_map));
    update();
}

void LatticeView::setBondColor(const QColor& c)
{
    m_bondColor = c;
    update();
}

void LatticeView::setShowBonds(bool on)
{
    m_showBonds = on;
    update();
}

void LatticeView::setShowWalls(bool on)
{
    m_showWalls = on;
    update();
}

void LatticeView::setHighlightedEdges(std::vector<Edge> edges)
{
    m_highlighted = std::move(edges);
    update();
}

void LatticeView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

QRectF LatticeView::gridRect() const
{
    const double titleHeight = m_title.isEmpty() ? 0 : fontMetrics().height() + 4;
    const double w = width(), h = height() - titleHeight;
    const double aspect = double(m_image.width()) / m_image.height();
    double gw = w, gh = w / aspect;
    if (gh > h) gh = h, gw = h * aspect;
    return QRectF((w - gw) / 2, titleHeight + (h - gh) / 2, gw, gh);
}

void LatticeView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (!m_title.isEmpty()) {
        p.setPen(palette().windowText().color());
        p.drawText(QRectF(0, 0, width(), fontMetrics().height() + 4), Qt::AlignCenter,
                   fontMetrics().elidedText(m_title, Qt::ElideRight, width() - 4));
    }
    const QRectF r = gridRect();
    // Nearest-neighbour scaling: cells stay crisp squares.
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, m_image);
    drawOverlays(p, r);
}

void LatticeView::drawOverlays(QPainter& p, const QRectF& r) const
{
    const int W = m_image.width(), H = m_image.height();
    const double cw = r.width() / W, ch = r.height() / H;
    const bool visible = std::min(cw, ch) >= 3.0; // thinner cells would turn overlays into noise
    p.setRenderHint(QPainter::Antialiasing, true);
    auto centre = [&](double x, double y) { return QPointF(r.left() + (x + 0.5) * cw, r.top() + (y + 0.5) * ch); };
    auto sign = [&](int x, int y) { return level(x, y) >= 128 ? 1 : -1; };

    if (m_showBonds && visible) {
        // Satisfied bonds (equal signs) thin and dark, frustrated ones bright.
        QPainterPath good, bad;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                for (int d = 0; d < 2; ++d) {
                    const int nx = d == 0 ? (x + 1) % W : x, ny = d == 0 ? y : (y + 1) % H;
                    QPainterPath& path = sign(x, y) * sign(nx, ny) > 0 ? good : bad;
                    const QPointF a = centre(x, y);
                    // The wrap-around bond is drawn as a stub leaving the grid.
                    const QPointF b = d == 0 ? QPointF(a.x() + cw, a.y()) : QPointF(a.x(), a.y() + ch);
                    path.moveTo(a);
                    path.lineTo(b);
                }
            }
        p.setPen(QPen(QColor(0, 0, 0, 90), std::max(1.0, cw / 10)));
        p.drawPath(good);
        p.setPen(QPen(m_bondColor, std::max(1.5, cw / 5)));
        p.drawPath(bad);
    }
    if (m_showWalls && visible) {
        // A wall segment crosses each bond joining different values: it runs
        // along the shared cell edge, i.e. on the dual grid.
        QPainterPath walls;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const int v = level(x, y);
                if (level((x + 1) % W, y) != v) {
                    const double ex = r.left() + (x + 1) * cw;
                    walls.moveTo(ex, r.top() + y * ch);
                    walls.lineTo(ex, r.top() + (y + 1) * ch);
                }
                if (level(x, (y + 1) % H) != v) {
                    const double ey = r.top() + (y + 1) * ch;
                    walls.moveTo(r.left() + x * cw, ey);
                    walls.lineTo(r.left() + (x + 1) * cw, ey);
                }
            }
        p.setPen(QPen(QColor(20, 20, 20), std::max(1.5, cw / 6), Qt::SolidLine, Qt::RoundCap));
        p.drawPath(walls);
    }
    if (!m_highlighted.empty()) {
        QPainterPath path;
        for (const Edge& e : m_highlighted) {
            const QPointF a = centre(e.x, e.y);
            path.moveTo(a);
            path.lineTo(e.vertical ? QPointF(a.x(), a.y() + ch) : QPointF(a.x() + cw, a.y()));
        }
        p.setPen(QPen(QColor(0, 200, 80), std::max(2.0, cw / 3), Qt::SolidLine, Qt::RoundCap));
        p.drawPath(path);
    }
}

} // namespace dlab::widgets
