#include "widgets/AngleFieldView.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace dlab::widgets {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// Control points of the cyclic map (after matplotlib's "twilight"), evenly
// spaced in angle; the last equals the first.
constexpr std::array<std::array<double, 3>, 9> kWheel{{{0.886, 0.851, 0.887},
                                                       {0.555, 0.672, 0.803},
                                                       {0.370, 0.422, 0.722},
                                                       {0.275, 0.170, 0.490},
                                                       {0.190, 0.075, 0.210},
                                                       {0.460, 0.150, 0.280},
                                                       {0.710, 0.300, 0.280},
                                                       {0.820, 0.610, 0.520},
                                                       {0.886, 0.851, 0.887}}};

} // namespace

AngleFieldView::AngleFieldView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_plusName = tr("+1");
    m_minusName = tr("−1");
}

QColor AngleFieldView::wheelColor(double angle)
{
    double t = std::fmod(angle, kTwoPi);
    if (t < 0) t += kTwoPi;
    const double pos = t / kTwoPi * double(kWheel.size() - 1);
    const int i = std::min(int(pos), int(kWheel.size()) - 2);
    const double f = pos - i;
    std::array<double, 3> c{};
    for (int k = 0; k < 3; ++k)
        c[std::size_t(k)] =
            (1 - f) * kWheel[std::size_t(i)][std::size_t(k)] + f * kWheel[std::size_t(i + 1)][std::size_t(k)];
    return QColor::fromRgbF(float(c[0]), float(c[1]), float(c[2]));
}

void AngleFieldView::setAngles(const std::vector<double>& angles, int width, int height)
{
    if (width <= 0 || height <= 0 || angles.size() < std::size_t(width) * std::size_t(height)) return;
    m_angles.assign(angles.begin(), angles.begin() + std::ptrdiff_t(width) * height);
    if (m_image.width() != width || m_image.height() != height) m_image = QImage(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto* row = reinterpret_cast<QRgb*>(m_image.scanLine(y));
        for (int x = 0; x < width; ++x)
            row[x] = wheelColor(m_angles[std::size_t(x + width * y)]).rgb();
    }
    if (m_marks.size() != m_angles.size()) m_marks.clear();
    update();
}

void AngleFieldView::setCornerMarks(const std::vector<std::int8_t>& marks)
{
    m_marks = marks;
    update();
}

void AngleFieldView::setMarkNames(const QString& plus, const QString& minus)
{
    m_plusName = plus;
    m_minusName = minus;
    update();
}

void AngleFieldView::setShowArrows(bool on)
{
    m_arrows = on;
    update();
}

void AngleFieldView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

int AngleFieldView::markCount() const
{
    return int(std::count_if(m_marks.begin(), m_marks.end(), [](std::int8_t m) { return m != 0; }));
}

double AngleFieldView::titleHeight() const { return m_title.isEmpty() ? 0 : fontMetrics().height() + 4; }
double AngleFieldView::legendHeight() const { return fontMetrics().height() + 6; }

QRectF AngleFieldView::gridRect() const
{
    const double top = titleHeight();
    const double w = width(), h = std::max(1.0, height() - top - legendHeight());
    const double aspect = m_image.isNull() ? 1.0 : double(m_image.width()) / m_image.height();
    double gw = w, gh = w / aspect;
    if (gh > h) gh = h, gw = h * aspect;
    return QRectF((w - gw) / 2, top + (h - gh) / 2, gw, gh);
}

void AngleFieldView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QColor text = palette().windowText().color();
    if (!m_title.isEmpty()) {
        p.setPen(text);
        p.drawText(QRectF(0, 0, width(), titleHeight()), Qt::AlignCenter,
                   fontMetrics().elidedText(m_title, Qt::ElideRight, width() - 4));
    }
    const double markRadiusFor = 0.32;
    // Legend: the two marks and their names, under the grid.
    {
        const double y0 = height() - legendHeight() + 3, r = (legendHeight() - 8) / 2;
        const QString a = m_plusName, b = m_minusName;
        const double wa = fontMetrics().horizontalAdvance(a), wb = fontMetrics().horizontalAdvance(b);
        const double total = 4 * r + wa + wb + 3 * r + 12;
        double x = std::max(2.0, (width() - total) / 2);
        p.setRenderHint(QPainter::Antialiasing, true);
        auto disc = [&](double cx, double cy, double rad, bool plus) {
            p.setPen(QPen(plus ? QColor(0, 0, 0) : QColor(255, 255, 255), std::max(1.0, rad / 5)));
            p.setBrush(plus ? QColor(255, 255, 255) : QColor(0, 0, 0));
            p.drawEllipse(QPointF(cx, cy), rad, rad);
            const double s = rad * 0.55;
            p.drawLine(QPointF(cx - s, cy), QPointF(cx + s, cy));
            if (plus) p.drawLine(QPointF(cx, cy - s), QPointF(cx, cy + s));
        };
        const double cy = y0 + r + 1;
        disc(x + r, cy, r, true);
        x += 2 * r + 4;
        p.setPen(text);
        p.drawText(QPointF(x, cy + fontMetrics().ascent() / 2.0 - 1), a);
        x += wa + 3 * r + 8;
        disc(x + r, cy, r, false);
        x += 2 * r + 4;
        p.setPen(text);
        p.drawText(QPointF(x, cy + fontMetrics().ascent() / 2.0 - 1), b);
    }
    if (m_image.isNull()) return;
    const QRectF r = gridRect();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, m_image);
    const int W = m_image.width(), H = m_image.height();
    const double cw = r.width() / W, ch = r.height() / H;
    p.setRenderHint(QPainter::Antialiasing, true);
    if (m_arrows && cw >= 10) {
        QPainterPath arrows;
        const double len = 0.38 * cw, head = 0.16 * cw;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const double a = m_angles[std::size_t(x + W * y)];
                const QPointF c(r.left() + (x + 0.5) * cw, r.top() + (y + 0.5) * ch);
                const QPointF d(std::cos(a), std::sin(a));
                const QPointF tip = c + len * d, tail = c - len * d;
                arrows.moveTo(tail);
                arrows.lineTo(tip);
                const QPointF n(-d.y(), d.x());
                arrows.moveTo(tip);
                arrows.lineTo(tip - head * d + 0.6 * head * n);
                arrows.moveTo(tip);
                arrows.lineTo(tip - head * d - 0.6 * head * n);
            }
        p.setPen(QPen(QColor(20, 20, 20, 200), std::max(1.0, cw / 14), Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(arrows);
    }
    if (m_marks.size() == std::size_t(W) * H) {
        const double rad = std::max(3.0, markRadiusFor * std::min(cw, ch));
        // Marks on the last row or column sit on the edge: the grid is a
        // torus, so their periodic images on the opposite edge are drawn
        // too, each clipped to the grid.
        p.save();
        p.setClipRect(r);
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const int m = m_marks[std::size_t(x + W * y)];
                if (m == 0) continue;
                for (int image = 0; image < 4; ++image) {
                    const int ix = image & 1, iy = image >> 1;
                    if ((ix && x != W - 1) || (iy && y != H - 1)) continue;
                    const QPointF c(r.left() + (ix ? 0 : x + 1) * cw, r.top() + (iy ? 0 : y + 1) * ch);
                    const bool plus = m > 0;
                    p.setPen(QPen(plus ? QColor(0, 0, 0) : QColor(255, 255, 255), std::max(1.0, rad / 5)));
                    p.setBrush(plus ? QColor(255, 255, 255) : QColor(0, 0, 0));
                    p.drawEllipse(c, rad, rad);
                    const double s = rad * 0.55;
                    p.drawLine(QPointF(c.x() - s, c.y()), QPointF(c.x() + s, c.y()));
                    if (plus) p.drawLine(QPointF(c.x(), c.y() - s), QPointF(c.x(), c.y() + s));
                }
            }
        p.restore();
    }
}

} // namespace dlab::widgets
