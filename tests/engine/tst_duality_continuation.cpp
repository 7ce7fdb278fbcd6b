// Continuation in β (DualityContinuation.hpp): each stage starts from the
// previous stage's learned parameters, never from anything exact, and a bad
// path is refused naming the field.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"
#include "engine/experiments/duality/DualityPathExperiment.hpp"

#include <QtTest>

using namespace dlab;

namespace {

// 4×4, few chains and steps: stages finish in milliseconds.
DualityPathParams tinyPath()
{
    DualityPathParams p;
    p.base.L = 4;
    p.base.maxSteps = 30;
    p.base.chains = 16;
    p.base.dataSamples = 8;
    p.base.dataThermalize = 20;
    return p;
}

} // namespace

class TestDualityContinuation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stagesStartWhereThePreviousEnded()
    {
        DualityPathParams p = tinyPath();
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
        // Later stages use the path's plateau drift; the first stage the run's own.
        p.continuationDrift = 0.002;
        QCOMPARE(stageParams(p, 1, &stages[0].result).minDrift, 0.002);
        p.base.minDrift = 0.02;
        QCOMPARE(stageParams(p, 0, nullptr).minDrift, 0.02);
    }

    // The GUI's "Continue to β" runs the path as an Experiment in small
    // steps; it must walk exactly the stages runDualityPath walks.
    void thePathAsAnExperimentGivesTheSameStages()
    {
        DualityPathParams p = tinyPath();
        p.base.seed = 7;
        p.betas = {0.2, 0.25, 0.3};
        const auto expected = runDualityPath(p);
        DualityPathExperiment x(p);
        Feedback feedback;
        int steps = 0;
        bool sawCurrentStage = false;
        while (!x.finished() && steps++ < 10000) {
            x.step(feedback);
            auto s = std::dynamic_pointer_cast<const DualityPathSnapshot>(x.snapshot());
            sawCurrentStage |= s->currentBeta.has_value() && *s->currentBeta == p.betas[s->stages.size()];
        }
        QVERIFY2(x.finished(), "three stages of 30 optimiser steps must finish within 10000 experiment steps");
        QVERIFY(sawCurrentStage);
        auto s = std::dynamic_pointer_cast<const DualityPathSnapshot>(x.snapshot());
        QCOMPARE(int(s->stages.size()), 3);
        QVERIFY(s->finished);
        QVERIFY(!s->currentBeta);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(s->stages[i].beta, expected[i].beta);
            QCOMPARE(s->stages[i].result.t.t0, expected[i].result.t.t0);
            QCOMPARE(s->stages[i].result.theta3, expected[i].result.theta3);
            QCOMPARE(s->stages[i].result.steps, expected[i].result.steps);
        }
    }

    void cancellingKeepsTheFinishedStagesOnly()
    {
        DualityPathParams p = tinyPath();
        p.betas = {0.2, 0.3};
        DualityPathExperiment x(p);
        Feedback feedback;
        auto stages = [&] { return std::dynamic_pointer_cast<const DualityPathSnapshot>(x.snapshot())->stages; };
        for (int i = 0; i < 10000 && stages().empty(); ++i)
            x.step(feedback);
        QCOMPARE(int(stages().size()), 1);
        x.step(feedback); // into the second stage
        feedback.cancel();
        x.step(feedback);
        QCOMPARE(int(stages().size()), 1);
        QVERIFY(!x.finished());
    }

    void continuationBetasWalkEitherWayAndEndAtTheTarget()
    {
        const auto up = continuationBetas(0.2, 0.3, 0.025);
        QCOMPARE(int(up.size()), 5);
        QCOMPARE(up.front(), 0.2);
        QCOMPARE(up.back(), 0.3);
        QVERIFY(std::abs(up[2] - 0.25) < 1e-12);
        const auto down = continuationBetas(0.5, 0.42, 0.05); // last step shorter
        QCOMPARE(int(down.size()), 3);
        QVERIFY(std::abs(down[1] - 0.45) < 1e-12);
        QCOMPARE(down.back(), 0.42);
        QCOMPARE(int(continuationBetas(0.3, 0.3, 0.1).size()), 1);
        try {
            continuationBetas(0.2, 0.7, 0.0);
            QFAIL("a zero step must be refused");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("path_step"));
        }
        QVERIFY_THROWS_EXCEPTION(ParameterError, continuationBetas(0.1, 4.0, 0.001)); // > 400 stages
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
        p.betas = {0.2, 0.3};
        p.continuationDrift = -0.1;
        try {
            p.validate();
            QFAIL("a negative continuation drift must be refused");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("continuation_drift"));
        }
    }
};

QTEST_APPLESS_MAIN(TestDualityContinuation)
#include "tst_duality_continuation.moc"
