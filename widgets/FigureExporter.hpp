#pragma once
// One way to turn any view into a figure: PNG at a chosen DPI, SVG and PDF
// (vector where the view paints with QPainter primitives, as charts do), and
// the clipboard. A view's on-screen size is taken as its size at 96 DPI, so
// a 600×400 view exported at 300 DPI is a 1875×1250 pixel PNG.

#include <QImage>
#include <QString>

class QWidget;

namespace dlab::widgets {

class FigureExporter {
public:
    enum class Format { Png, Svg, Pdf, Unknown };
    static constexpr int kScreenDpi = 96;

    static Format formatForPath(const QString& path); // by suffix
    static QSize pngPixelSize(const QSize& logical, int dpi);
    static QImage renderImage(QWidget* view, int dpi);

    // Each returns false and fills `error` (when given) on failure.
    static bool exportPng(QWidget* view, const QString& path, int dpi = 300, QString* error = nullptr);
    static bool exportSvg(QWidget* view, const QString& path, QString* error = nullptr);
    static bool exportPdf(QWidget* view, const QString& path, QString* error = nullptr);
    // Picks the format from the suffix (.png, .svg, .pdf).
    static bool exportFigure(QWidget* view, const QString& path, int dpi = 300, QString* error = nullptr);
    static void copyToClipboard(QWidget* view, int dpi = 192);

    // Adds "Copy figure" and "Export figure…" to the view's context menu.
    static void installContextMenu(QWidget* view);
    // Asks for a file name (and DPI for PNG) and exports; returns the path or "".
    static QString exportWithDialog(QWidget* view, QWidget* dialogParent);
};

} // namespace dlab::widgets
