#include "widgets/ColorMap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace dlab::widgets {
namespace {

// Viridis as a degree-6 polynomial fit per channel (max error ≈ 1/255).
QColor viridis(double t)
{
    static constexpr double c[7][3] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                                       {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                                       {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                                       {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                                       {6.228269936347081, 14.17993336680509, 56.69055260068105},
                                       {4.776384997670288, -13.74514537774601, -65.35303263337234},
                                       {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
    double rgb[3];
    for (int ch = 0; ch < 3; ++ch) {
        double v = 0;
        for (int k = 6; k >= 0; --k)
            v = v * t + c[k][ch];
        rgb[ch] = std::clamp(v, 0.0, 1.0);
    }
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

// Piecewise-linear through anchor colours spaced evenly in t.
template <std::size_t N> QColor interpolate(const std::array<std::array<int, 3>, N>& anchors, double t)
{
    const double x = t * (N - 1);
    const std::size_t i = std::min<std::size_t>(N - 2, std::size_t(x));
    const double f = x - double(i);
    int rgb[3];
    for (int ch = 0; ch < 3; ++ch)
        rgb[ch] = int(std::lround(anchors[i][ch] * (1 - f) + anchors[i + 1][ch] * f));
    return QColor(rgb[0], rgb[1], rgb[2]);
}

QColor cividis(double t)
{
    // Cividis (Nuñez et al. 2018) sampled at t = 0, 0.2, …, 1; nearly linear in lightness.
    static constexpr std::array<std::array<int, 3>, 6> a{
        {{0, 34, 78}, {53, 69, 108}, {102, 105, 112}, {148, 142, 119}, {200, 184, 102}, {254, 232, 56}}};
    return interpolate(a, t);
}

QColor diverging(double t)
{
    // ColorBrewer RdBu ends through a light grey centre: blue for −, red for +.
    static constexpr std::array<std::array<int, 3>, 5> a{
        {{33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98}, {178, 24, 43}}};
    return interpolate(a, t);
}

} // namespace

QColor colorAt(ColorMap map, double t)
{
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
    switch (map) {
    case ColorMap::Viridis:
        return viridis(t);
    case ColorMap::Cividis:
        return cividis(t);
    case ColorMap::Diverging:
        return diverging(t);
    }
    return viridis(t);
}

QList<QRgb> colorTable(ColorMap map, int n)
{
    QList<QRgb> table;
    table.reserve(n);
    for (int i = 0; i < n; ++i)
        table.push_back(colorAt(map, n > 1 ? double(i) / (n - 1) : 0.5).rgb());
    return table;
}

QString toString(ColorMap map)
{
    switch (map) {
    case ColorMap::Viridis:
        return "viridis";
    case ColorMap::Cividis:
        return "cividis";
    case ColorMap::Diverging:
        return "diverging";
    }
    return "viridis";
}

ColorMap colorMapFromString(const QString& name, ColorMap fallback)
{
    if (name == "viridis") return ColorMap::Viridis;
    if (name == "cividis") return ColorMap::Cividis;
    if (name == "diverging") return ColorMap::Diverging;
    return fallback;
}

QStringList colorMapNames() { return {"diverging", "viridis", "cividis"}; }

QColor categoricalColor(int index)
{
    static const QColor palette[] = {QColor(0, 114, 178),   QColor(230, 159, 0),  QColor(0, 158, 115),
                                     QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0),
                                     QColor(240, 228, 66),  QColor(0, 0, 0)};
    return palette[((index % 8) + 8) % 8];
}

} // namespace dlab::widgets
