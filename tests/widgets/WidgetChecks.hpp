#pragma once
// Shared checks for the widget tests: a rendering is "non-blank" when it has
// more than a handful of distinct colours, and exports decode as what they claim.

#include "widgets/FigureExporter.hpp"

#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace dlab::test {

inline int distinctColours(const QImage& image, int limit = 64)
{
    QSet<QRgb> seen;
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) {
            seen.insert(img.pixel(x, y));
            if (seen.size() >= limit) return limit;
        }
    return int(seen.size());
}

// Exports `view` as PNG (at `dpi`), SVG and PDF into `dir` and checks each.
inline void checkExports(QWidget* view, const QTemporaryDir& dir, int dpi)
{
    using widgets::FigureExporter;
    const QString png = dir.filePath("figure.png"), svg = dir.filePath("figure.svg"), pdf = dir.filePath("figure.pdf");
    QString error;
    QVERIFY2(FigureExporter::exportFigure(view, png, dpi, &error), qPrintable(error));
    QImage decoded(png);
    QVERIFY2(!decoded.isNull(), "exported PNG does not decode");
    const QSize expected = FigureExporter::pngPixelSize(view->size(), dpi);
    QCOMPARE(decoded.size(), expected);
    QCOMPARE(expected.width(), qRound(view->width() * dpi / 96.0));
    QVERIFY2(distinctColours(decoded) > 3, "exported PNG is blank");

    QVERIFY2(FigureExporter::exportFigure(view, svg, dpi, &error), qPrintable(error));
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&s);
    QString root;
    int drawing = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (root.isEmpty()) root = xml.name().toString();
        if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("image") ||
            xml.name() == QLatin1String("polyline") || xml.name() == QLatin1String("rect"))
            ++drawing;
    }
    QVERIFY2(!xml.hasError(), qPrintable("exported SVG does not parse: " + xml.errorString()));
    QCOMPARE(root, QString("svg"));
    QVERIFY2(drawing > 0, "exported SVG has no drawing");

    QVERIFY2(FigureExporter::exportFigure(view, pdf, dpi, &error), qPrintable(error));
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    const QByteArray bytes = p.readAll();
    QVERIFY2(bytes.startsWith("%PDF"), "exported PDF does not start with %PDF");
    QVERIFY(bytes.size() > 500);
}

} // namespace dlab::test
