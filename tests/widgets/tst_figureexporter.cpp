// FigureExporter: pixel size from DPI, format by suffix, clear errors.
#include "WidgetChecks.hpp"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QtTest>

using dlab::widgets::FigureExporter;

class TestFigureExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pixelSizeFollowsDpi()
    {
        QCOMPARE(FigureExporter::pngPixelSize(QSize(600, 400), 96), QSize(600, 400));
        QCOMPARE(FigureExporter::pngPixelSize(QSize(600, 400), 300), QSize(1875, 1250));
        QCOMPARE(FigureExporter::pngPixelSize(QSize(100, 50), 192), QSize(200, 100));
    }

    void formatBySuffix()
    {
        QCOMPARE(FigureExporter::formatForPath("a/b.PNG"), FigureExporter::Format::Png);
        QCOMPARE(FigureExporter::formatForPath("x.svg"), FigureExporter::Format::Svg);
        QCOMPARE(FigureExporter::formatForPath("x.pdf"), FigureExporter::Format::Pdf);
        QCOMPARE(FigureExporter::formatForPath("x.jpg"), FigureExporter::Format::Unknown);
    }

    void anyWidgetExports()
    {
        QLabel label("Kramers–Wannier");
        label.setStyleSheet("background: white; color: black; font-size: 24px");
        label.resize(300, 80);
        QTemporaryDir dir;
        dlab::test::checkExports(&label, dir, 300);
        const QImage png(dir.filePath("figure.png"));
        QVERIFY(std::abs(png.dotsPerMeterX() - 300 / 0.0254) < 2);
    }

    void errorsAreReported()
    {
        QLabel label("x");
        label.resize(50, 50);
        QString error;
        QVERIFY(!FigureExporter::exportFigure(&label, "/tmp/figure.jpg", 300, &error));
        QVERIFY2(error.contains(".png"), qPrintable(error));
        QVERIFY(!FigureExporter::exportPng(&label, "/nonexistent-dir/x.png", 300, &error));
        QVERIFY2(error.contains("cannot write"), qPrintable(error));
        QVERIFY(!FigureExporter::exportPng(&label, "/tmp/x.png", 5, &error));
        QVERIFY2(error.contains("DPI"), qPrintable(error));
    }

    void copiesToClipboard()
    {
        QLabel label("clip");
        label.resize(120, 40);
        FigureExporter::copyToClipboard(&label, 192);
        QCOMPARE(QGuiApplication::clipboard()->image().size(), QSize(240, 80));
    }
};

QTEST_MAIN(TestFigureExporter)
#include "tst_figureexporter.moc"
