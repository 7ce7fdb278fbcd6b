// Handing a sweep's grid points out on demand: every point exactly once, most
// expensive (expected) first, chunks that shrink to single points at the end;
// the duality sweep's cost model ordering the points the way its runs take
// time; the duality sweep's record (a CSV line with every digit) giving its row back
// exactly, and value lists refusing more than 10⁴ values with a clear message.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"
#include "engine/experiments/sweep/SweepPlan.hpp"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

using namespace dlab;

class TestSweepPlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every point handed out exactly once, most expensive first (equal costs
    // in index order), whatever the takers ask for.
    void everyPointOnceMostExpensiveFirst_data()
    {
        QTest::addColumn<int>("takers");
        QTest::addColumn<int>("wanted");
        QTest::newRow("1 taker, one at a time") << 1 << 1;
        QTest::newRow("2 takers, one at a time") << 2 << 1;
        QTest::newRow("3 takers, chunks of 4") << 3 << 4;
        QTest::newRow("2 takers, greedy") << 2 << 1000;
    }
    void everyPointOnceMostExpensiveFirst()
    {
        QFETCH(int, takers);
        QFETCH(int, wanted);
        // Costs spread over two decades, fixed by a formula (no RNG needed), with ties.
        std::vector<double> cost;
        for (int i = 0; i < 31; ++i)
            cost.push_back(1.0 + double((i * 37) % 17) * (i % 3 == 0 ? 6.0 : 1.0));
        sweep::PointDispenser dispenser(cost, takers);
        std::vector<int> handed;
        for (std::vector<int> got; !(got = dispenser.take(wanted)).empty();) {
            QVERIFY2(int(got.size()) <= wanted,
                     qPrintable(QString("asked for %1, got %2").arg(wanted).arg(got.size())));
            handed.insert(handed.end(), got.begin(), got.end());
            QCOMPARE(dispenser.remaining(), 31 - int(handed.size()));
        }
        QCOMPARE(int(handed.size()), 31);
        QCOMPARE(handed, sweep::handOutOrder(cost));
        std::vector<int> seen(31, 0);
        for (std::size_t k = 0; k < handed.size(); ++k) {
            ++seen[std::size_t(handed[k])];
            if (k > 0) {
                const double before = cost[std::size_t(handed[k - 1])], now = cost[std::size_t(handed[k])];
                QVERIFY2(before > now || (before == now && handed[k - 1] < handed[k]),
                         qPrintable(QString("point %1 handed out after %2").arg(handed[k]).arg(handed[k - 1])));
            }
        }
        for (int i = 0; i < 31; ++i)
            QVERIFY2(seen[std::size_t(i)] == 1,
                     qPrintable(QString("point %1 handed out %2 times").arg(i).arg(seen[std::size_t(i)])));
        QVERIFY(dispenser.take(1).empty());
    }

    // A greedy taker gets at most 1/(2·takers) of what is left, and the last
    // points go out one by one, so no taker is left holding a backlog.
    void chunksShrinkTowardsTheEnd()
    {
        sweep::PointDispenser dispenser(std::vector<double>(100, 1.0), 2);
        std::vector<int> sizes;
        for (std::vector<int> got; !(got = dispenser.take(1000)).empty();)
            sizes.push_back(int(got.size()));
        QCOMPARE(sizes.front(), 25); // 100 / (2·2)
        for (std::size_t k = 1; k < sizes.size(); ++k)
            QVERIFY2(sizes[k] <= sizes[k - 1], "a chunk grew");
        QVERIFY2(sizes.size() >= 4 && sizes[sizes.size() - 4] == 1,
                 qPrintable(QString("the last four chunks are not single points (%1 chunks)").arg(sizes.size())));
    }

    void refusesBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::PointDispenser({1.0}, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::handOutOrder({1.0, std::nan("")}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweep::handOutOrder({-1.0}));
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
        r.t = {1.0 / 3.0, -2.0 / 7.0, 4.9e-320}; // a subnormal, which std::stod would refuse
        r.theta2 = -0.4392599779123456;
        r.theta3 = 5.5e20;
        r.attention = {0.1, 0.2, 0.3, 0.05, 0.15, 0.1, 0.1};
        r.entropy = std::numeric_limits<double>::quiet_NaN(); // a diverged run still has a line
        r.loss = std::nextafter(1.0, 2.0);
        r.steps = 123456789;
        r.seconds = 0.25;
        r.converged = true;
        r.classification.frame = DualityFrame::DualAntiferro;
        r.classification.selectedSlot = 2;
        r.classification.distances = {{DualityFrame::Original, 2.5, false},
                                      {DualityFrame::Dual, 0.01, true}}; // two frames absent
        const std::string line = sweepCsvLine(row, 17);
        const DualitySweepRow back = parseSweepCsvLine(line);
        QCOMPARE(sweepCsvLine(back, 17), line);
        QCOMPARE(back.beta, row.beta);
        QCOMPARE(back.seed, row.seed);
        QCOMPARE(back.result.t.t1, r.t.t1);
        QCOMPARE(back.result.t.t2, r.t.t2);
        QCOMPARE(back.result.loss, r.loss);
        QVERIFY(std::isnan(back.result.entropy));
        QCOMPARE(back.result.attention, r.attention);
        QCOMPARE(back.result.classification.frame, r.classification.frame);
        QCOMPARE(int(back.result.classification.distances.size()), 2);
        QCOMPARE(back.result.classification.distances[1].frame, DualityFrame::Dual);
        QCOMPARE(back.result.classification.distances[1].distance, 0.01);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepCsvLine("0.1,0,0.5\n"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepCsvLine(std::string(line).replace(0, 1, "x")));
        // The frame column is one of the five names, nothing else.
        const std::size_t frameAt = line.find("dual-antiferro");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 parseSweepCsvLine(std::string(line).replace(frameAt, 14, "sideways")));
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
