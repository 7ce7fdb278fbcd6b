// Splitting a sweep's grid points over processes by expected cost: every
// point owned exactly once, loads within one point of each other (the bound of
// longest-processing-time-first), the same split every time, and the duality
// sweep's cost model ordering the points the way its runs take time; the
// duality sweep's record (a CSV line with every digit) giving its row back
// exactly, and value lists refusing more than 10⁴ values with a clear message.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"
#include "engine/experiments/sweep/SweepPlan.hpp"

#include <QtTest>
#include <algorithm>
#include <numeric>
#include <stdexcept>

using namespace dlab;

class TestSweepPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyPointOnceAndLoadsBalanced_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("1 worker") << 1;
        QTest::newRow("2 workers") << 2;
        QTest::newRow("3 workers") << 3;
        QTest::newRow("more workers than points") << 40;
    }
    void everyPointOnceAndLoadsBalanced()
    {
        QFETCH(int, workers);
        // Costs spread over two decades, fixed by a formula (no RNG needed).
        std::vector<double> cost;
        for (int i = 0; i < 31; ++i)
            cost.push_back(1.0 + double((i * 37) % 17) * (i % 3 == 0 ? 6.0 : 1.0));
        const auto owner = sweep::assignByCost(cost, workers);
        QCOMPARE(int(owner.size()), 31);
        std::vector<double> load(std::size_t(workers), 0.0);
        std::vector<int> seen(31, 0);
        for (int w = 0; w < workers; ++w) {
            const auto mine = sweep::pointsOf(owner, cost, w);
            for (std::size_t k = 0; k < mine.size(); ++k) {
                ++seen[std::size_t(mine[k])];
                load[std::size_t(w)] += cost[std::size_t(mine[k])];
                if (k > 0)
                    QVERIFY2(cost[std::size_t(mine[k - 1])] >= cost[std::size_t(mine[k])], "not most expensive first");
            }
        }
        for (int i = 0; i < 31; ++i)
            QVERIFY2(seen[std::size_t(i)] == 1,
                     qPrintable(QString("point %1 owned %2 times").arg(i).arg(seen[std::size_t(i)])));
        // LPT: the most loaded worker exceeds the least loaded by at most one point's cost.
        const double maxCost = *std::max_element(cost.begin(), cost.end());
        const auto [lo, hi] = std::minmax_element(load.begin(), load.end());
        if (workers <= 31)
            QVERIFY2(
                *hi - *lo <= maxCost,
                qPrintable(
                    QString("loads %1 … %2 differ by more than the largest cost %3").arg(*lo).arg(*hi).arg(maxCost)));
        QCOMPARE(sweep::assignByCost(cost, workers), owner); // the same split every time
    }

    // Equal costs: the points go round the workers in index order.
    void equalCostsGoRoundRobin()
    {
        const auto owner = sweep::assignByCost(std::vector<double>(6, 1.0), 2);
        QCOMPARE(owner, (std::vector<int>{0, 1, 0, 1, 0, 1}));
    }

    void refusesBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::assignByCost({1.0}, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::assignByCost({1.0, std::nan("")}, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::assignByCost({-1.0}, 2));
    }

    // The duality sweep's points: β, κ, seed by index, and the cost model's
    // shape (slow at small β, slowest near β_c, capped by the step limit).
    void dualitySweepPoints()
    {
        DualitySweepParams p;
        p.betas = {0.1, 0.2, 0.3, 0.44};
        p.kappas = {0.0, 0.1};
        p.seeds = 2;
        p.firstSeed = 5;
        QCOMPARE(p.points(), 16);
        const auto q = p.pointParams(11); // κ index 1, β index 1, seed index 1
        QCOMPARE(q.kappa, 0.1);
        QCOMPARE(q.beta, 0.2);
        QCOMPARE(q.seed, std::uint64_t(6));
        QVERIFY(p.expectedCost(0) > p.expectedCost(2));       // β = 0.1 slower than 0.2
        QVERIFY(p.expectedCost(6) > p.expectedCost(4));       // β_c slower than 0.3
        QCOMPARE(p.expectedCost(6), double(p.base.maxSteps)); // β = 0.44 ≈ β_c: every allowed step
        QCOMPARE(p.expectedCost(0), p.expectedCost(1));       // seeds cost the same
    }

    void dualityRecordRoundTrip()
    {
        DualitySweepRow row;
        row.beta = 0.1 + 1e-17;
        row.kappa = -0.3;
        row.betaDual = 1.1512925464970229;
        row.seed = (1ull << 62) + 3;
        DualityResult& r = row.result;
        r.t = {1.0 / 3.0, -2.0 / 7.0, 1e-300};
        r.theta2 = -0.4392599779123456;
        r.theta3 = 5.5e20;
        r.attention = {0.1, 0.2, 0.3, 0.05, 0.15, 0.1, 0.1};
        r.entropy = 1.9;
        r.loss = std::nextafter(1.0, 2.0);
        r.steps = 123456789;
        r.seconds = 0.25;
        r.converged = true;
        r.classification.frame = "dual-antiferro";
        r.classification.selectedSlot = 2;
        r.classification.distances = {{"original", 2.5, false}, {"dual", 0.01, true}}; // two frames absent
        const std::string line = sweepCsvLine(row, 17);
        const DualitySweepRow back = parseSweepCsvLine(line);
        QCOMPARE(sweepCsvLine(back, 17), line);
        QCOMPARE(back.beta, row.beta);
        QCOMPARE(back.seed, row.seed);
        QCOMPARE(back.result.t.t1, r.t.t1);
        QCOMPARE(back.result.t.t2, r.t.t2);
        QCOMPARE(back.result.loss, r.loss);
        QCOMPARE(back.result.attention, r.attention);
        QCOMPARE(back.result.classification.frame, r.classification.frame);
        QCOMPARE(int(back.result.classification.distances.size()), 2);
        QCOMPARE(back.result.classification.distances[1].frame, std::string("dual"));
        QCOMPARE(back.result.classification.distances[1].distance, 0.01);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepCsvLine("0.1,0,0.5\n"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepCsvLine(std::string(line).replace(0, 1, "x")));
    }

    void valueListsRefuseTinySteps()
    {
        try {
            parseValueList("0.1:0.4:1e-300", "betas");
            QFAIL("a step of 1e-300 was accepted");
        } catch (const ParameterError& e) {
            QCOMPARE(e.field(), std::string("betas"));
            QVERIFY2(std::string(e.what()).find("at most 10000 values") != std::string::npos, e.what());
        }
        QCOMPARE(int(parseValueList("0.1:0.4:0.1", "betas").size()), 4);
    }
};

QTEST_GUILESS_MAIN(TestSweepPlan)
#include "tst_sweep_plan.moc"
