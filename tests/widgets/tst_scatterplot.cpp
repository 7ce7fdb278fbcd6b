// ScatterPlot: 10⁴ points by class, zoom about the cursor, hover picking,
// tick labels that fit narrow plots, rendering and export.
#include "WidgetChecks.hpp"
#include "widgets/ScatterPlot.hpp"

#include <QtTest>
#include <cmath>

using dlab::widgets::fittingTicks;
using dlab::widgets::niceTicks;
using dlab::widgets::ScatterPlot;

class TestScatterPlot : public QObject {
    Q_OBJECT
    static void fill(ScatterPlot& s, int n)
    {
        std::vector<double> x(n), y(n);
        std::vector<int> c(n);
        for (int i = 0; i < n; ++i) {
            c[i] = i % 3;
            x[i] = c[i] * 3 + std::cos(i * 0.7);
            y[i] = std::sin(i * 1.3) + c[i];
        }
        s.setPoints(x, y, c);
        s.setClassNames({"ordered", "critical", "disordered"});
    }

private Q_SLOTS:
    void tickLabelsKeepApartOnNarrowAxes()
    {
        // Labels 30 px wide on [−1.7, 1.7]: a wide axis keeps niceTicks' 0.5
        // steps, a narrow one thins them instead of overlapping the labels.
        const auto extent = [](double) { return 30.0; };
        QCOMPARE(fittingTicks(-1.7, 1.7, 600, extent), niceTicks(-1.7, 1.7));
        for (double length : {60.0, 100.0, 150.0, 250.0}) {
            const auto ticks = fittingTicks(-1.7, 1.7, length, extent);
            QVERIFY2(!ticks.empty(), qPrintable(QString("no ticks on %1 px").arg(length)));
            if (ticks.size() < 2) continue; // one label always fits
            const double spacing = (ticks[1] - ticks[0]) / 3.4 * length;
            QVERIFY2(spacing >= 36, qPrintable(QString("labels %1 px apart on %2 px").arg(spacing).arg(length)));
        }
    }

    void legendLeavesRoomForThePlot()
    {
        // Eleven level-set classes in presentation fonts on a narrow panel:
        // the legend shrinks so the plot keeps its share of the width.
        dlab::widgets::ScatterPlot plot;
        QStringList names;
        for (int k = -5; k <= 5; ++k)
            names << QString("V = %1").arg(k / 5.0, 0, 'f', 1);
        plot.setClassNames(names);
        plot.setPresentationScale(1.8);
        plot.resize(300, 400);
        const double share = plot.plotRect().width() / plot.width();
        QVERIFY2(share > 0.3, qPrintable(QString("the plot keeps %1 of the width, expected more than 0.3").arg(share)));
        QVERIFY(plot.legendFont().pointSizeF() < plot.font().pointSizeF() * 1.8);
    }

    void equalAspectKeepsCirclesRound()
    {
        dlab::widgets::ScatterPlot plot;
        std::vector<double> x, y;
        for (int i = 0; i < 100; ++i) {
            x.push_back(std::cos(0.0628 * i));
            y.push_back(std::sin(0.0628 * i));
        }
        plot.resize(600, 300);
        plot.setPoints(x, y);
        plot.setEqualAspect(true);
        auto unitsPerPixel = [&] {
            return std::pair{plot.viewRect().width() / plot.plotRect().width(),
                             plot.viewRect().height() / plot.plotRect().height()};
        };
        auto [ux, uy] = unitsPerPixel();
        QVERIFY2(std::abs(ux / uy - 1) < 1e-9, qPrintable(QString("x %1 vs y %2 units per pixel").arg(ux).arg(uy)));
        QVERIFY(plot.viewRect().contains(QRectF(-1, -1, 2, 2))); // all of the circle is visible
        const double area = plot.viewRect().width() * plot.viewRect().height();
        for (int k = 0; k < 3; ++k) { // resizing back and forth must not zoom out
            plot.resize(300, 600);
            plot.resize(600, 300);
        }
        std::tie(ux, uy) = unitsPerPixel();
        QVERIFY(std::abs(ux / uy - 1) < 1e-9);
        const double after = plot.viewRect().width() * plot.viewRect().height();
        QVERIFY2(std::abs(after / area - 1) < 1e-6, qPrintable(QString("view area %1 → %2").arg(area).arg(after)));
    }

    void tenThousandPointsRenderByClass()
    {
        ScatterPlot s;
        s.resize(500, 400);
        s.setAxisTitles("t-SNE 1", "t-SNE 2");
        fill(s, 10000);
        QCOMPARE(s.pointCount(), std::size_t(10000));
        s.grab(); // first paint loads fonts
        QElapsedTimer t;
        t.start();
        const QImage img = s.grab().toImage();
        qInfo() << "10^4 points drawn in" << t.elapsed() << "ms";
        QVERIFY(dlab::test::distinctColours(img) > 5);
    }

    void zoomKeepsThePointUnderTheCursor()
    {
        ScatterPlot s;
        s.resize(500, 400);
        fill(s, 100);
        const QPointF at = s.plotRect().center() + QPointF(30, -20);
        const QRectF before = s.viewRect();
        s.zoomAt(at, 2.0);
        QVERIFY(std::abs(s.viewRect().width() - before.width() / 2) < 1e-9);
        s.zoomAt(at, 0.5);
        QVERIFY(std::abs(s.viewRect().left() - before.left()) < 1e-9);
        s.resetView();
        QCOMPARE(s.viewRect(), before);
    }

    void hoverFindsTheNearestPoint()
    {
        ScatterPlot s;
        s.resize(400, 400);
        s.setPoints({0.0, 1.0}, {0.0, 1.0}, {0, 1});
        const QRectF r = s.plotRect();
        // (1, 1) is inside the top-right corner, 5 % in from the data edge.
        const QPointF corner(r.left() + r.width() * (1.05 / 1.1), r.top() + r.height() * (0.05 / 1.1));
        QCOMPARE(s.pointNear(corner), 1);
        QCOMPARE(s.pointNear(r.center()), -1);
    }

    void orderedClassesGetDistinctSequentialColours()
    {
        // Eleven level sets V = −1 … 1: the Okabe–Ito palette has eight
        // colours and repeated them; ordered classes take a colour scale.
        ScatterPlot s;
        QStringList names;
        for (int k = -5; k <= 5; ++k)
            names << QString("V = %1").arg(k / 5.0);
        s.setClassNames(names);
        QVERIFY(s.classColor(0) == s.classColor(8)); // unordered: the palette repeats
        s.setOrderedClasses(true);
        QSet<QRgb> seen;
        for (int c = 0; c < 11; ++c) {
            seen.insert(s.classColor(c).rgb());
            auto luminance = [](const QColor& q) { return 0.2126 * q.red() + 0.7152 * q.green() + 0.0722 * q.blue(); };
            if (c > 0)
                QVERIFY2(luminance(s.classColor(c)) > luminance(s.classColor(c - 1)),
                         "ordered classes get lighter along the scale (viridis)");
        }
        QCOMPARE(seen.size(), 11);
    }

    // On the dark projector theme the scale starts above viridis' dark-purple
    // end, so the first level set stands out from the ground too.
    void orderedColoursStayVisibleOnADarkGround()
    {
        ScatterPlot s;
        QStringList names;
        for (int k = -5; k <= 5; ++k)
            names << QString("V = %1").arg(k / 5.0);
        s.setClassNames(names);
        s.setOrderedClasses(true);
        auto luminance = [](const QColor& q) { return 0.2126 * q.red() + 0.7152 * q.green() + 0.0722 * q.blue(); };
        const QColor ground(30, 30, 30);
        QPalette dark = s.palette();
        dark.setColor(QPalette::Base, ground);
        s.setPalette(dark);
        QVERIFY2(luminance(s.classColor(0)) - luminance(ground) > 40,
                 qPrintable(QString("first class %1 on ground %2: too little contrast")
                                .arg(s.classColor(0).name(), ground.name())));
        QSet<QRgb> seen;
        for (int c = 0; c < 11; ++c) {
            seen.insert(s.classColor(c).rgb());
            if (c > 0) QVERIFY2(luminance(s.classColor(c)) > luminance(s.classColor(c - 1)), "not a sequential scale");
        }
        QCOMPARE(seen.size(), 11);
    }

    void exports()
    {
        ScatterPlot s;
        s.resize(400, 300);
        fill(s, 500);
        QTemporaryDir dir;
        dlab::test::checkExports(&s, dir, 120);
    }
};

QTEST_MAIN(TestScatterPlot)
#include "tst_scatterplot.moc"
