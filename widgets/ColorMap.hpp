#pragma once
// Colour maps readers with colour-vision deficiencies can use (docs/gui.md):
// viridis and cividis for ordered values, a blue–white–red diverging map for
// signed values such as ±1.

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

namespace dlab::widgets {

enum class ColorMap { Viridis, Cividis, Diverging };

// Colour at t ∈ [0, 1] (clamped).
QColor colorAt(ColorMap map, double t);
// n evenly spaced colours from t = 0 to t = 1, for indexed images.
QList<QRgb> colorTable(ColorMap map, int n = 256);

QString toString(ColorMap map); // "viridis" | "cividis" | "diverging"
ColorMap colorMapFromString(const QString& name, ColorMap fallback = ColorMap::Viridis);
QStringList colorMapNames();

// Okabe–Ito qualitative palette (distinguishable with colour-vision
// deficiencies), for classes in scatter plots and series in charts.
QColor categoricalColor(int index);

} // namespace dlab::widgets
