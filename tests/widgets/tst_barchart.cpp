// BarChart: bars drawn at their values (a bar's top pixel row follows its
// value on the axis), empty slots for NaN, the reference line, presentation
// scale, rendering and export.
#include "WidgetChecks.hpp"
#include "widgets/BarChart.hpp"

#include <QtTest>
#include <cmath>

using dlab::widgets::BarChart;

namespace {

// Topmost row in column x whose pixel has the colour c (−1 if none).
int topOf(const QImage& img, int x, QColor c)
{
    for (int y = 0; y < img.height(); ++y)
        if (QColor(img.pixel(x, y)) == c) return y;
    return -1;
}

} // namespace

class TestBarChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void barHeightsFollowTheirValues()
    {
        BarChart b;
        b.resize(400, 300);
        b.setRange(0, 1);
        const QColor red(200, 0, 0), blue(0, 0, 200);
        b.setBars({"a", "b"}, {0.25, 0.75}, {}, {red, blue});
        const QImage img = b.grab().toImage();
        // The two bars sit in the two halves of the plot; find each one's top.
        int redTop = -1, blueTop = -1;
        for (int x = 0; x < img.width() && (redTop < 0 || blueTop < 0); ++x) {
            if (redTop < 0) redTop = topOf(img, x, red);
            if (blueTop < 0) blueTop = topOf(img, x, blue);
        }
        QVERIFY2(redTop > 0 && blueTop > 0, "both bars must be drawn");
        int bottom = redTop; // the bars share the bottom edge (value 0)
        const int x = [&] {
            for (int c = 0; c < img.width(); ++c)
                if (topOf(img, c, red) >= 0) return c;
            return -1;
        }();
        while (bottom + 1 < img.height() && QColor(img.pixel(x, bottom + 1)) == red)
            ++bottom;
        const double redHeight = bottom - redTop + 1, blueHeight = bottom - blueTop + 1;
        QVERIFY2(std::abs(blueHeight / redHeight - 3.0) < 0.1,
                 qPrintable(QString("heights %1 and %2 px for values 0.25 and 0.75").arg(redHeight).arg(blueHeight)));
    }

    void nanLeavesAnEmptySlot()
    {
        BarChart b;
        b.resize(300, 200);
        const QColor green(0, 160, 0);
        b.setBars({"done", "not yet"}, {0.5, NAN}, {}, {green, green});
        const QImage img = b.grab().toImage();
        int columns = 0;
        for (int x = 0; x < img.width(); ++x)
            columns += topOf(img, x, green) >= 0;
        QVERIFY(columns > 10);
        b.setBars({"done", "not yet"}, {0.5, 0.5}, {}, {green, green});
        const QImage two = b.grab().toImage();
        int both = 0;
        for (int x = 0; x < two.width(); ++x)
            both += topOf(two, x, green) >= 0;
        QVERIFY2(std::abs(both - 2 * columns) <= 2, qPrintable(QString("%1 vs %2 columns").arg(both).arg(columns)));
    }

    void rendersNonBlankAndExports()
    {
        BarChart b;
        b.resize(360, 260);
        b.setTitle("test accuracy");
        b.setAxisTitle("accuracy");
        b.setRange(0.4, 1.0);
        b.setBars({"plain", "separation", "matched"}, {0.85, 0.88, 0.89}, {0.01, 0.01, 0.01});
        b.setReference(0.897, "best possible 0.897");
        QVERIFY(dlab::test::distinctColours(b.grab().toImage()) > 5);
        b.setPresentationScale(1.6);
        QVERIFY(dlab::test::distinctColours(b.grab().toImage()) > 5);
        QTemporaryDir dir;
        dlab::test::checkExports(&b, dir, 150);
    }
};

QTEST_MAIN(TestBarChart)
#include "tst_barchart.moc"
