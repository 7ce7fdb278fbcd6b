// The plaquette-model sweep figure ((t0, t1) against (β, κ)) and the split of
// a sweep between it and the β ↔ β̃ plot: runs are sorted by where their
// attention settled, t0 is folded by the sublattice flip before averaging,
// diverged runs are left out, only κ = 0 runs reach the β ↔ β̃ plot, and the
// figure exports as PNG / SVG / PDF. Set DLAB_FIGURE_DIR to keep the files.
#include "DualityPlot.hpp"
#include "PlaquettePlot.hpp"

#include "engine/lattice/LinkNeighbourhood.hpp"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using dlab::DualitySweepRow;
using dlab::figures::PlaquettePlot;
using Solution = PlaquettePlot::Solution;

namespace {

DualitySweepRow run(double beta, double kappa, int slot, double t0, double t1, std::uint64_t seed = 1)
{
    DualitySweepRow r;
    r.beta = beta;
    r.kappa = kappa;
    r.seed = seed;
    r.result.t = {t0, t1, 0.0};
    r.result.attention.fill(0.02);
    r.result.attention[slot] = 0.88;
    r.result.classification.selectedSlot = slot;
    r.result.classification.frame = dlab::DualityFrame::Undecided;
    return r;
}

// A sweep as the learner reports it: at κ = 0.1 two seeds find a dual-like
// solution on opposite sublattice images, one keeps the link itself.
std::vector<DualitySweepRow> sweep()
{
    using namespace dlab;
    std::vector<DualitySweepRow> rows{
        run(0.2, 0.0, PerpendicularAtTailMinus, 0.81, 0.01, 1),
        run(0.2, 0.0, PerpendicularAtHeadPlus, 0.79, -0.01, 2),
        run(0.2, 0.1, PerpendicularAtTailMinus, 0.70, 0.03, 1),
        run(0.2, 0.1, PerpendicularAtHeadPlus, -0.68, 0.01, 2),
        run(0.2, 0.1, Itself, 0.2, 0.1, 3),
        run(0.3, 0.1, ParallelPlus, 0.19, 0.28, 1),
        run(0.3, 0.1, PerpendicularAtTailMinus, dlab::kDualityCouplingLimit, 0.0, 2),
    };
    rows[0].result.classification.frame = dlab::DualityFrame::Dual;
    rows[1].result.classification.frame = dlab::DualityFrame::Dual;
    return rows;
}

} // namespace

class TestPlaquettePlot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sortsRunsByWhereTheAttentionSettled()
    {
        const auto rows = sweep();
        QCOMPARE(PlaquettePlot::solutionOf(rows[2]), Solution::DualLike);
        QCOMPARE(PlaquettePlot::solutionOf(rows[3]), Solution::DualLike);
        QCOMPARE(PlaquettePlot::solutionOf(rows[4]), Solution::Identity);
        QCOMPARE(PlaquettePlot::solutionOf(rows[5]), Solution::Other);
        QCOMPARE(PlaquettePlot::solutionOf(rows[6]), Solution::Diverged);
        DualitySweepRow weak = rows[2];
        weak.result.attention.fill(1.0 / 7);
        QCOMPARE(PlaquettePlot::solutionOf(weak), Solution::Other);
    }

    void foldsTheSublatticeImageBeforeAveraging()
    {
        // (0.70, 0.03) and (−0.68, 0.01) are the same model up to s → (−1)^{x+y} s:
        // the point is |t0| = 0.69 ± 0.01, t1 = 0.02 ± 0.01, not t0 ≈ 0.
        const auto pts = PlaquettePlot::points(sweep(), Solution::DualLike);
        QCOMPARE(int(pts.size()), 2); // (κ 0, β 0.2) and (κ 0.1, β 0.2); the diverged run is out
        const auto& p = pts[1];
        QCOMPARE(p.kappa, 0.1);
        QCOMPARE(p.runs, 2);
        QVERIFY2(std::abs(p.t0 - 0.69) < 1e-12, qPrintable(QString("mean |t0| %1, expected 0.69").arg(p.t0)));
        QVERIFY2(std::abs(p.t0Error - 0.01) < 1e-12, qPrintable(QString("error %1, expected 0.01").arg(p.t0Error)));
        QVERIFY2(std::abs(p.t1 - 0.02) < 1e-12, qPrintable(QString("mean t1 %1, expected 0.02").arg(p.t1)));
        QVERIFY2(std::abs(p.t1Error - 0.01) < 1e-12, qPrintable(QString("t1 error %1, expected 0.01").arg(p.t1Error)));
        QCOMPARE(PlaquettePlot::kappasOf(sweep()), (std::vector<double>{0.0, 0.1}));
    }

    void dualityPlotTakesOnlyThePlainIsingRuns()
    {
        const auto pts = dlab::figures::DualityPlot::pointsForFrame(sweep(), dlab::DualityFrame::Dual);
        QCOMPARE(int(pts.size()), 1);
        QCOMPARE(pts[0].runs, 2);
        QVERIFY(std::abs(pts[0].t0 - 0.80) < 1e-12);
        auto shifted = sweep();
        for (auto& r : shifted)
            r.kappa += 0.05; // no κ = 0 run is left
        QVERIFY(dlab::figures::DualityPlot::pointsForFrame(shifted, dlab::DualityFrame::Dual).empty());
        QVERIFY(dlab::figures::hasPlaquetteRuns(sweep()));
        QVERIFY(!dlab::figures::hasPlaquetteRuns({sweep()[0]}));
    }

    void exportsPngSvgPdf()
    {
        QTemporaryDir tmp;
        const QString dir =
            qEnvironmentVariableIsSet("DLAB_FIGURE_DIR") ? qEnvironmentVariable("DLAB_FIGURE_DIR") : tmp.path();
        QStringList written;
        QString error;
        QVERIFY2(dlab::figures::writePlaquettePlotFiles(sweep(), dir, &written, &error), qPrintable(error));
        QCOMPARE(written.size(), 3);
        const QImage png(QDir(dir).filePath("plaquette.png"));
        QVERIFY2(!png.isNull(), "plaquette.png should decode");
        // 1100 × 520 logical pixels at 300 DPI.
        QCOMPARE(png.size(), QSize(int(std::lround(1100 * 300 / 96.0)), int(std::lround(520 * 300 / 96.0))));
        QFile svg(QDir(dir).filePath("plaquette.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY2(svg.readAll().contains("<svg"), "plaquette.svg should be an SVG document");
        QFile pdf(QDir(dir).filePath("plaquette.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY2(pdf.read(4) == "%PDF", "plaquette.pdf should start with %PDF");
    }
};

QTEST_MAIN(TestPlaquettePlot)
#include "tst_gui_plaquette_plot.moc"
