// FigureExporter: pixel size from DPI, format by suffix, clear errors; PDFs
// checked in a second renderer (poppler's pdftoppm): lattices stay lossless
// and every legend entry of a chart is drawn.
#include "WidgetChecks.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/LatticeView.hpp"

#include <QProcess>
#include <QStandardPaths>

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QtTest>

using dlab::widgets::FigureExporter;

namespace {

// Page 1 of `pdf` rendered by poppler at 96 DPI (one pixel per view pixel).
QImage renderWithPoppler(const QString& pdf, const QTemporaryDir& dir)
{
    const QString tool = QStandardPaths::findExecutable("pdftoppm");
    if (tool.isEmpty()) {
        qWarning("pdftoppm not found: install poppler-utils (packaging/install-deps.sh does)");
        return {};
    }
    QProcess p;
    p.start(tool, {"-r", "96", "-png", "-singlefile", pdf, dir.filePath("page")});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) return {};
    return QImage(dir.filePath("page.png")).convertToFormat(QImage::Format_RGB32);
}

} // namespace

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

    void pdfLatticesAreLosslessInPoppler()
    {
        // One minority spin in a 16×16 lattice, 20 px cells: JPEG made it a smudge.
        dlab::widgets::LatticeView view;
        std::vector<std::int8_t> spins(16 * 16, 1);
        spins[5 + 16 * 7] = -1;
        view.setValues(spins.data(), 16, 16);
        view.resize(320, 320);
        QTemporaryDir dir;
        const QString pdf = dir.filePath("lattice.pdf");
        QString error;
        QVERIFY2(FigureExporter::exportPdf(&view, pdf, &error), qPrintable(error));
        const QImage page = renderWithPoppler(pdf, dir);
        QVERIFY2(!page.isNull(), "pdftoppm did not render the PDF");
        const QImage screen = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QRectF grid = view.gridRect();
        const double cell = grid.width() / 16;
        // Sample inside the minority cell and around it: the colours must be
        // the view's own, not blends.
        for (auto [cx, cy] : {std::pair{5, 7}, std::pair{4, 7}, std::pair{6, 7}, std::pair{5, 6}, std::pair{5, 8}}) {
            for (double f : {0.2, 0.5, 0.8}) {
                const QPointF at(grid.left() + (cx + f) * cell, grid.top() + (cy + f) * cell);
                const QColor want = screen.pixelColor(at.toPoint());
                const QPointF scaled(at.x() * page.width() / view.width(), at.y() * page.height() / view.height());
                const QColor got = page.pixelColor(scaled.toPoint());
                const int diff = std::max({std::abs(want.red() - got.red()), std::abs(want.green() - got.green()),
                                           std::abs(want.blue() - got.blue())});
                QVERIFY2(diff <= 3, qPrintable(QString("cell (%1, %2): PDF pixel %3, screen %4 (lossy image?)")
                                                   .arg(cx)
                                                   .arg(cy)
                                                   .arg(got.name(), want.name())));
            }
        }
    }

    void pdfChartsShowEveryLegendEntryInPoppler()
    {
        dlab::widgets::ChartPanel chart;
        chart.setTitle("three series");
        chart.setAxisTitles("x [1]", "y [1]");
        const std::vector<double> x{0, 1, 2, 3};
        const QColor colours[] = {QColor(230, 0, 0), QColor(0, 160, 0), QColor(0, 0, 230)};
        for (int i = 0; i < 3; ++i) {
            const int id = chart.addLine(QString("series %1").arg(i), colours[i], 3);
            chart.setLineData(id, x, std::vector<double>{double(i), double(i) + 1, double(i), double(i) + 1});
        }
        chart.resize(600, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTemporaryDir dir;
        const QString pdf = dir.filePath("chart.pdf");
        QString error;
        QVERIFY2(FigureExporter::exportPdf(&chart, pdf, &error), qPrintable(error));
        const QImage page = renderWithPoppler(pdf, dir);
        QVERIFY2(!page.isNull(), "pdftoppm did not render the PDF");
        // The legend sits below the plot: each series' colour must appear there
        // (Ghostscript once drew only the first entry).
        const int legendTop = page.height() * 85 / 100;
        for (const QColor& c : colours) {
            int hits = 0;
            for (int yy = legendTop; yy < page.height(); ++yy)
                for (int xx = 0; xx < page.width(); ++xx) {
                    const QColor p = page.pixelColor(xx, yy);
                    if (std::abs(p.red() - c.red()) < 40 && std::abs(p.green() - c.green()) < 40 &&
                        std::abs(p.blue() - c.blue()) < 40)
                        ++hits;
                }
            QVERIFY2(hits >= 4,
                     qPrintable(QString("legend marker %1 missing in the PDF (%2 pixels)").arg(c.name()).arg(hits)));
        }
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
