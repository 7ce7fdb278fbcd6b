// ChartPanel: decimation keeps the envelope of huge series, reference lines
// and error bars extend the axes, log axes drop non-positive points, and the
// panel renders and exports.
#include "WidgetChecks.hpp"
#include "widgets/ChartPanel.hpp"

#include <QChart>
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
};

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
