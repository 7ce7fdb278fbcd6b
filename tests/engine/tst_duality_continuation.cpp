// Continuation in β (DualityContinuation.hpp): each stage starts from the
// previous stage's learned parameters, never from anything exact, and a bad
// path is refused naming the field.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"

#include <QtTest>

using namespace dlab;

class TestDualityContinuation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stagesStartWhereThePreviousEnded()
    {
        DualityPathParams p;
        p.base.L = 4;
        p.base.maxSteps = 30;
        p.base.chains = 16;
        p.base.dataSamples = 8;
        p.base.dataThermalize = 20;
        p.betas = {0.2, 0.3, 0.4};
        std::vector<double> seen;
        const auto stages = runDualityPath(p, nullptr, [&](const DualityStage& s) { seen.push_back(s.beta); });
        QCOMPARE(int(stages.size()), 3);
        QCOMPARE(seen, p.betas);
        for (std::size_t i = 1; i < stages.size(); ++i) {
            const DualityResult& before = stages[i - 1].result;
            const DualityParameters& start = stages[i].result.init;
            // t, θ2, θ3 averaged over the previous stage's final window; θ1 as it ended.
            QCOMPARE(start.t.t0, before.t.t0);
            QCOMPARE(start.theta2, before.theta2);
            QCOMPARE(start.theta3, before.theta3);
            QCOMPARE(start.theta1, before.last.theta1);
            QCOMPARE(stages[i].result.restarts, 0); // a stage never jumps to a random draw
            QCOMPARE(stages[i].result.betaDualExact > 0, true);
        }
        const DualityLearnerParams q = stageParams(p, 1, &stages[0].result);
        QCOMPARE(q.beta, 0.3);
        QCOMPARE(q.lrT, p.base.lrT * p.continuationRate);
        QCOMPARE(q.maxRestarts, 0);
    }

    void refusesABadPath()
    {
        DualityPathParams p;
        try {
            p.validate();
            QFAIL("an empty path must be refused");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("path"));
        }
        p.betas = {0.2, 9.0};
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.validate());
    }
};

QTEST_APPLESS_MAIN(TestDualityContinuation)
#include "tst_duality_continuation.moc"
