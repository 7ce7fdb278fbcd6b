// Heatmap: automatic and fixed colour range, labels, rendering and export.
#include "WidgetChecks.hpp"
#include "widgets/Heatmap.hpp"

#include <QtTest>

using dlab::widgets::Heatmap;

class TestHeatmap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rangeFollowsDataUnlessFixed()
    {
        Heatmap h;
        h.setMatrix(2, 3, {1, 2, 3, 4, 5, 6});
        QCOMPARE(h.rangeLow(), 1.0);
        QCOMPARE(h.rangeHigh(), 6.0);
        h.setRange(-1, 1);
        h.setMatrix(2, 3, {1, 2, 3, 4, 5, 60});
        QCOMPARE(h.rangeHigh(), 1.0);
        h.setAutoRange();
        QCOMPARE(h.rangeHigh(), 60.0);
    }

    void rendersNonBlankAndExports()
    {
        Heatmap h;
        h.resize(420, 360);
        h.setTitle("coupling matrix");
        h.setColorBarLabel("weight");
        h.setMatrix(3, 3, {1, 0.2, 0, 0.2, 1, 0.3, 0, 0.3, 1});
        h.setRowLabels({"t0", "t1", "t2"});
        h.setColumnLabels({"t0", "t1", "t2"});
        const QImage img = h.grab().toImage();
        QVERIFY(dlab::test::distinctColours(img) > 5);
        QVERIFY(h.matrixRect().width() > 100);
        QTemporaryDir dir;
        dlab::test::checkExports(&h, dir, 300);
    }

    void emptyMatrixDoesNotCrash()
    {
        Heatmap h;
        h.resize(200, 200);
        h.setMatrix(0, 0, {});
        QVERIFY(!h.grab().isNull());
    }
};

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
