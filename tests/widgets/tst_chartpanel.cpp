// ChartPanel: decimation keeps the envelope of huge series, reference lines
// and error bars extend the axes, log axes drop non-positive points, every
// grid line is at a labelled tick, and the panel renders and exports.
#include "WidgetChecks.hpp"
#include "widgets/ChartPanel.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

using dlab::widgets::ChartPanel;

class TestChartPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decimationKeepsExtremesAndEnds()
    {
        const std::size_t n = 1'000'000;
        std::vector<double> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i)
            x[i] = double(i), y[i] = std::sin(i * 1e-4);
        y[123457] = 50;  // a spike that must survive
        y[876543] = -50; // and a dip
        const auto pts = ChartPanel::decimate(x.data(), y.data(), n, 500);
        QVERIFY2(pts.size() <= 1002, qPrintable(QString("kept %1 points").arg(pts.size())));
        double lo = 0, hi = 0;
        for (const auto& p : pts)
            lo = std::min(lo, p.y()), hi = std::max(hi, p.y());
        QCOMPARE(hi, 50.0);
        QCOMPARE(lo, -50.0);
        QCOMPARE(pts.front().x(), 0.0);
        QCOMPARE(pts.back().x(), double(n - 1));
        for (std::size_t i = 1; i < pts.size(); ++i)
            QVERIFY2(pts[i].x() >= pts[i - 1].x(), "decimated points must stay in x order");
    }

    void logDecimationKeepsEveryDecade()
    {
        // On a log axis 1 … 10 is as wide as 10⁵ … 10⁶: bucketing by index
        // would leave it a single straight segment.
        const std::size_t n = 1'000'000;
        std::vector<double> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i)
            x[i] = double(i + 1), y[i] = 1.0 / std::sqrt(x[i]);
        const auto pts = ChartPanel::decimate(x.data(), y.data(), n, 300, true);
        const auto firstDecade = std::count_if(pts.begin(), pts.end(), [](const QPointF& p) { return p.x() < 10; });
        QVERIFY2(firstDecade >= 9, qPrintable(QString("%1 points below x = 10").arg(firstDecade)));
        QVERIFY(pts.size() <= 602);
    }

    void smallSeriesAreKeptWhole()
    {
        const double x[] = {0, 1, 2}, y[] = {1, NAN, 3};
        const auto pts = ChartPanel::decimate(x, y, 3, 100);
        QCOMPARE(pts.size(), std::size_t(2)); // the NaN is dropped
    }

    void hugeSeriesStaySmallInTheChart()
    {
        ChartPanel c;
        c.resize(600, 300);
        const int id = c.addLine("loss");
        std::vector<double> x(1'000'000), y(1'000'000);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = double(i + 1), y[i] = 1.0 / double(i + 1);
        QElapsedTimer t;
        t.start();
        c.setLineData(id, x, y);
        qInfo() << "10^6-point series handed over in" << t.elapsed() << "ms," << c.plottedPoints(id)
                << "points plotted";
        QVERIFY(c.plottedPoints(id) <= 600 + 2);
        c.setLogX(true);
        c.setLogY(true);
        c.setLineData(id, x, y);
        QVERIFY(c.plottedPoints(id) > 100);
    }

    void referenceLinesAndErrorBarsExtendTheAxes()
    {
        ChartPanel c;
        c.resize(500, 300);
        c.setAxisTitles("sweep", "energy per site E/N");
        const int line = c.addLine("E");
        const int ref = c.addReferenceLine("exact", Qt::red);
        const int bars = c.addErrorBars("C");
        c.setLineData(line, std::vector<double>{0, 1, 2}, std::vector<double>{-1.0, -1.1, -1.05});
        c.setReferenceValue(ref, -2.0);
        c.setErrorBarData(bars, {1.0}, {0.0}, {0.5});
        auto* y = qobject_cast<QValueAxis*>(c.chart()->axes(Qt::Vertical).first());
        QVERIFY(y);
        QVERIFY2(y->min() < -2.0 && y->max() > 0.5, "axis must include reference line and error bar ends");
        QCOMPARE(c.chart()->axes(Qt::Horizontal).first()->titleText(), QString("sweep"));
        c.setReferenceValue(ref, NAN); // hides it
        QVERIFY(y->min() > -2.0);
    }

    void everyGridLineIsALabelledTick()
    {
        // QCategoryAxis draws a grid line at every category boundary, the
        // first one's start included. A start left over from the first
        // (empty, [−0.06, 1.06]) layout drew a stray line at y = −0.06.
        ChartPanel c;
        c.resize(500, 300);
        const int line = c.addLine("t");
        const int ref = c.addReferenceLine("β", Qt::gray);
        const std::vector<std::pair<double, double>> ranges{{-0.9, 0.9}, {0.3, 0.8}, {-2.5, 2.7}, {1e6, 1e6 + 3}};
        for (const auto& [lo, hi] : ranges) {
            c.setLineData(line, std::vector<double>{0, 10, 20}, std::vector<double>{lo, hi, lo});
            c.setReferenceValue(ref, (lo + hi) / 2);
            for (auto orientation : {Qt::Horizontal, Qt::Vertical}) {
                auto* a = qobject_cast<QCategoryAxis*>(c.chart()->axes(orientation).first());
                QVERIFY(a);
                const QStringList labels = a->categoriesLabels();
                QVERIFY2(labels.size() >= 3,
                         qPrintable(QString("%1 ticks on [%2, %3]").arg(labels.size()).arg(lo).arg(hi)));
                QList<double> ticks;
                for (const QString& label : labels) {
                    const double v = a->endValue(label);
                    QVERIFY2(v >= a->min() && v <= a->max(), qPrintable("tick " + label + " outside the axis range"));
                    QVERIFY2(std::abs(label.toDouble() - v) <= 1e-9 * std::max(1.0, std::abs(v)),
                             qPrintable(QString("label %1 on the tick at %2").arg(label).arg(v, 0, 'g', 17)));
                    ticks << v;
                }
                for (const QString& label : labels)
                    QVERIFY2(ticks.contains(a->startValue(label)),
                             qPrintable(QString("a grid line at %1, which is not a tick (range [%2, %3])")
                                            .arg(a->startValue(label), 0, 'g', 17)
                                            .arg(a->min())
                                            .arg(a->max())));
            }
        }
    }

    void narrowChartsThinTheirTicks()
    {
        // Qt Charts elides a horizontal category-axis label to "..." when it
        // is wider than the axis length / (ticks + 1), and vertical labels
        // overlap when closer than their height: narrow panels get fewer ticks.
        ChartPanel c;
        c.setPresentationScale(1.8);
        const int id = c.addLine("accuracy");
        c.setLineData(id, std::vector<double>{1, 13, 26}, std::vector<double>{0.11, 0.6, 0.98});
        auto labelsFit = [&](Qt::Orientation o) {
            auto* a = qobject_cast<QCategoryAxis*>(c.chart()->axes(o).first());
            const QFontMetricsF fm(a->labelsFont());
            const double length = o == Qt::Horizontal ? c.chart()->plotArea().width() : c.chart()->plotArea().height();
            // Horizontal labels are elided beyond length / (ticks + 1); vertical ones must not overlap.
            const QStringList labels = a->categoriesLabels();
            const double spacing =
                labels.size() > 1 ? (a->endValue(labels[1]) - a->endValue(labels[0])) / (a->max() - a->min()) * length
                                  : length;
            const double room = o == Qt::Horizontal ? std::min(spacing, length / (a->count() + 1)) - 8 : spacing;
            for (const QString& label : labels) {
                const double extent = o == Qt::Horizontal ? fm.horizontalAdvance(label) : fm.height();
                if (extent > room) {
                    qWarning() << "label" << label << extent << "px, room" << room << "px";
                    return false;
                }
            }
            return a->count() >= 1;
        };
        c.resize(240, 200);
        c.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c));
        QTRY_VERIFY(labelsFit(Qt::Horizontal));
        QTRY_VERIFY(labelsFit(Qt::Vertical));
        const int narrowTicks = c.chart()->axes(Qt::Vertical).first()->property("count").toInt();
        c.resize(900, 700);
        QTRY_VERIFY(c.chart()->axes(Qt::Vertical).first()->property("count").toInt() > narrowTicks);
        QVERIFY(labelsFit(Qt::Horizontal));
        QVERIFY(labelsFit(Qt::Vertical));
    }

    void legendEntriesCanBeLeftOut()
    {
        dlab::widgets::ChartPanel chart;
        const int line = chart.addLine("curve");
        const int points = chart.addErrorBars("points");
        chart.setLineData(line, std::vector<double>{0, 1}, std::vector<double>{0, 1});
        chart.setErrorBarData(points, {0.5}, {0.5}, {0.1});
        chart.resize(400, 300);
        chart.show();
        QCoreApplication::processEvents();
        auto visibleMarkers = [&] {
            int n = 0;
            for (auto* m : chart.chart()->legend()->markers())
                n += m->isVisible();
            return n;
        };
        QCOMPARE(visibleMarkers(), 2);
        chart.setLegendEntryVisible(points, false);
        QCOMPARE(visibleMarkers(), 1);
        QCOMPARE(chart.chart()->legend()->markers().front()->label(), QString("curve"));
        chart.setLegendEntryVisible(points, true);
        QCOMPARE(visibleMarkers(), 2);
    }

    void rendersAndExports()
    {
        ChartPanel c;
        c.resize(480, 320);
        c.setTitle("test");
        c.setAxisTitles("x (units)", "y (units)");
        const int id = c.addLine("data");
        std::vector<double> x(100), y(100);
        for (int i = 0; i < 100; ++i)
            x[i] = i, y[i] = std::cos(i / 10.0);
        c.setLineData(id, x, y);
        c.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c));
        QVERIFY(dlab::test::distinctColours(c.grab().toImage()) > 3);
        QTemporaryDir dir;
        dlab::test::checkExports(&c, dir, 150);
        c.setPresentationScale(1.8);
        dlab::test::checkExports(&c, dir, 96);
    }

    void zoomPanResetAndReadout()
    {
        ChartPanel c;
        c.resize(500, 360);
        const int id = c.addLine("line");
        c.setLineData(id, std::vector<double>{0, 10}, std::vector<double>{0, 10});
        const int pts = c.addErrorBars("points");
        c.setErrorBarData(pts, {5}, {2}, {0.5});
        c.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c));
        const QRectF full = c.viewRange();
        QVERIFY(full.left() <= 0 && full.right() >= 10);
        // Zoom in around the panel's centre: both ranges shrink, around it.
        const QPointF centre(c.width() / 2.0, c.height() / 2.0);
        c.zoom(0.5, centre);
        QVERIFY(c.hasUserView());
        const QRectF zoomed = c.viewRange();
        QVERIFY2(zoomed.width() < 0.55 * full.width() && zoomed.height() < 0.55 * full.height(),
                 qPrintable(QString("zoomed to %1 × %2").arg(zoomed.width()).arg(zoomed.height())));
        // New data does not undo the user's zoom …
        c.setLineData(id, std::vector<double>{0, 20}, std::vector<double>{0, 20});
        QCOMPARE(c.viewRange(), zoomed);
        // … panning moves it, and a reset gives the automatic range back.
        c.pan(QPointF(50, 0));
        QVERIFY(c.viewRange().left() < zoomed.left());
        c.resetView();
        QVERIFY(!c.hasUserView());
        QVERIFY(c.viewRange().right() >= 20);
        // The readout names the nearest point with its error bar.
        QApplication::processEvents();
        const QPointF at = c.chart()->mapToPosition(QPointF(5, 2));
        const QString text = c.readoutAt(at + QPointF(1, 1));
        QVERIFY2(text.startsWith("points: x = 5, y = 2 ± 0.5"), qPrintable(text));
        QVERIFY(c.readoutAt(QPointF(1, 1)).isEmpty()); // outside the plot area
    }

    void followsAPaletteChange()
    {
        ChartPanel c;
        const int ref = c.addReferenceLine("exact", QColor(0, 0, 0));
        c.setReferenceValue(ref, 1.0);
        QPalette dark = c.palette();
        dark.setColor(QPalette::Window, QColor(18, 18, 18));
        dark.setColor(QPalette::WindowText, QColor(245, 245, 245));
        c.setPalette(dark);
        QCOMPARE(c.chart()->backgroundBrush().color(), QColor(18, 18, 18));
        QCOMPARE(c.chart()->titleBrush().color(), QColor(245, 245, 245));
        QVERIFY2(c.chart()->axes(Qt::Horizontal).first()->labelsColor().lightness() > 200,
                 "axis labels must be light on a dark ground");
    }
};

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
