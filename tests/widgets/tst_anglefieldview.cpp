// AngleFieldView: angles map onto a cyclic colour wheel (0 and 2π alike),
// marks are counted and drawn, and the view exports as PNG, SVG and PDF.
#include "WidgetChecks.hpp"
#include "widgets/AngleFieldView.hpp"

#include <QtTest>
#include <cmath>
#include <numbers>

using dlab::widgets::AngleFieldView;

class TestAngleFieldView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theWheelIsCyclicAndDistinguishesDirections()
    {
        const double twoPi = 2 * std::numbers::pi;
        QCOMPARE(AngleFieldView::wheelColor(0).rgb(), AngleFieldView::wheelColor(twoPi).rgb());
        QCOMPARE(AngleFieldView::wheelColor(-1.0).rgb(), AngleFieldView::wheelColor(twoPi - 1.0).rgb());
        // Opposite directions are far apart in colour.
        const QColor a = AngleFieldView::wheelColor(0.3), b = AngleFieldView::wheelColor(0.3 + std::numbers::pi);
        const int distance =
            std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
        QVERIFY2(distance > 150, qPrintable(QString("colour distance %1").arg(distance)));
    }

    void cellsTakeTheirWheelColourAndMarksAreCounted()
    {
        AngleFieldView v;
        std::vector<double> angles(12);
        for (int i = 0; i < 12; ++i)
            angles[std::size_t(i)] = 0.5 * i;
        v.setAngles(angles, 4, 3);
        QCOMPARE(v.gridWidth(), 4);
        QCOMPARE(v.gridHeight(), 3);
        QCOMPARE(QColor(v.image().pixel(1, 2)).rgb(), AngleFieldView::wheelColor(0.5 * 9).rgb());
        std::vector<std::int8_t> marks(12, 0);
        marks[5] = 1;
        marks[11] = -1; // the corner after the last cell: drawn on the edges (torus)
        v.setCornerMarks(marks);
        QCOMPARE(v.markCount(), 2);
        v.setAngles(std::vector<double>(20, 0.0), 5, 4); // another size drops marks that no longer fit
        QCOMPARE(v.markCount(), 0);
    }

    void rendersAndExports()
    {
        AngleFieldView v;
        std::vector<double> angles(64);
        for (int i = 0; i < 64; ++i)
            angles[std::size_t(i)] = std::atan2(i / 8 - 3.5, i % 8 - 3.5);
        v.setAngles(angles, 8, 8);
        std::vector<std::int8_t> marks(64, 0);
        marks[3 + 8 * 3] = 1;
        v.setCornerMarks(marks);
        v.setTitle("a vortex");
        v.resize(400, 420);
        QTemporaryDir dir;
        dlab::test::checkExports(&v, dir, 150);
    }
};

QTEST_MAIN(TestAngleFieldView)
#include "tst_anglefieldview.moc"
