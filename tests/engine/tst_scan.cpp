// The β scan: Monte Carlo estimates against Kaufman's exact finite-torus E/N
// and C within error bars, reproducible from the seed, sizes independent of
// each other, cancellation keeps the finished points, bad input names the field.
#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/scan/BetaScan.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {

std::vector<BetaScanRow> runScan(const BetaScanParams& p)
{
    BetaScanExperiment scan(p);
    Feedback f;
    while (!scan.finished())
        scan.step(f);
    return scan.rows();
}

BetaScanParams smallScan()
{
    BetaScanParams p;
    p.sizes = {8};
    p.betas = {0.3, exact::criticalBeta(), 0.6};
    p.sweeps = 6000;
    p.thermalize = 200;
    p.algo = McAlgorithm::Wolff;
    p.seed = 11;
    return p;
}

double z(const Estimate& e, double exact) { return (e.mean - exact) / e.error; }

} // namespace

class TestScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void agreesWithKaufmanWithinErrorBars()
    {
        const auto rows = runScan(smallScan());
        QCOMPARE(rows.size(), std::size_t(3));
        for (const auto& r : rows) {
            const auto k = exact::kaufmanTorus(8, r.beta);
            QCOMPARE(r.exact.energyPerSite, k.energyPerSite);
            const auto& e = r.estimates;
            QVERIFY(e.energyPerSite.error > 0 && e.specificHeat.error > 0 && e.binder.error > 0);
            QVERIFY2(std::abs(z(e.energyPerSite, k.energyPerSite)) < 4.5,
                     qPrintable(QString("β = %1: E/N = %2 ± %3, Kaufman %4")
                                    .arg(r.beta)
                                    .arg(e.energyPerSite.mean)
                                    .arg(e.energyPerSite.error)
                                    .arg(k.energyPerSite)));
            QVERIFY2(std::abs(z(e.specificHeat, k.specificHeat)) < 4.5,
                     qPrintable(QString("β = %1: C = %2 ± %3, Kaufman %4")
                                    .arg(r.beta)
                                    .arg(e.specificHeat.mean)
                                    .arg(e.specificHeat.error)
                                    .arg(k.specificHeat)));
        }
        // |m| and U_L rise through the transition.
        QVERIFY(rows[0].estimates.absMagnetization.mean < rows[2].estimates.absMagnetization.mean);
        QVERIFY(rows[0].estimates.binder.mean < rows[2].estimates.binder.mean);
    }

    void sameSeedSameRowsAndSizesIndependent()
    {
        BetaScanParams p = smallScan();
        p.sweeps = 300;
        const auto a = runScan(p);
        const auto b = runScan(p);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QCOMPARE(a[i].estimates.energyPerSite.mean, b[i].estimates.energyPerSite.mean);
        // Adding a size leaves the first size's numbers as they were.
        p.sizes = {8, 6};
        const auto both = runScan(p);
        QCOMPARE(both.size(), 2 * a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(both[2 * i].L, 8);
            QCOMPARE(both[2 * i + 1].L, 6);
            QCOMPARE(both[2 * i].estimates.specificHeat.mean, a[i].estimates.specificHeat.mean);
        }
    }

    void cancellingKeepsFinishedPoints()
    {
        BetaScanParams p = smallScan();
        p.sweeps = 300;
        BetaScanExperiment scan(p);
        Feedback f;
        while (scan.rows().size() < 2)
            scan.step(f);
        f.cancel();
        scan.step(f);
        const auto s = std::static_pointer_cast<const BetaScanSnapshot>(scan.snapshot());
        QCOMPARE(s->rows.size(), std::size_t(2));
        QVERIFY(!s->finished);
        QCOMPARE(s->points, std::size_t(3));
        QVERIFY(s->curves && s->curves->beta.size() > 100);
        QCOMPARE(s->curves->energy.size(), std::size_t(1));
    }

    void badParametersNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("no L") << "L";
        QTest::newRow("L too big") << "L";
        QTest::newRow("β ≤ 0") << "betas";
        QTest::newRow("repeated β") << "betas";
        QTest::newRow("few sweeps") << "sweeps";
    }
    void badParametersNameTheField()
    {
        QFETCH(QString, field);
        BetaScanParams p = smallScan();
        const QString row = QTest::currentDataTag();
        if (row == "no L") p.sizes.clear();
        if (row == "L too big") p.sizes = {BetaScanParams::kMaxL + 1};
        if (row == "β ≤ 0") p.betas = {0.3, -0.1};
        if (row == "repeated β") p.betas = {0.3, 0.3};
        if (row == "few sweeps") p.sweeps = 10;
        try {
            BetaScanExperiment scan(p);
            QFAIL("expected a ParameterError");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
        }
    }
};

QTEST_GUILESS_MAIN(TestScan)
#include "tst_scan.moc"
