// The duality learner behind the Experiment contract: bounded steps, an
// immutable snapshot with everything the page plots, cancellation that keeps
// what was computed, and the sweep's rows and β list parsing.
#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityExperiment.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <QtTest>
#include <chrono>
#include <cmath>

using namespace dlab;

class TestDualityExperiment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void snapshotHoldsWhatThePagePlots()
    {
        DualityLearnerParams p;
        p.seed = 5;
        DualityExperiment e(p, 4);
        QCOMPARE(QString::fromStdString(e.name()), QString("duality"));
        Feedback fb;
        // Constructing does no Monte Carlo (it runs on the GUI thread): the
        // first snapshot says the data are being prepared.
        const auto first = std::dynamic_pointer_cast<const DualitySnapshot>(e.snapshot());
        QVERIFY(first);
        QVERIFY(first->preparing);
        QCOMPARE(first->step, 0LL);
        QVERIFY(e.learner() == nullptr);
        e.step(fb); // generates the data and builds the learner
        const auto ready = std::dynamic_pointer_cast<const DualitySnapshot>(e.snapshot());
        QVERIFY(!ready->preparing);
        QCOMPARE(ready->step, 0LL);
        QCOMPARE(int(ready->dataLattice.size()), 64);
        for (int i = 0; i < 10; ++i)
            e.step(fb);
        const auto s = std::dynamic_pointer_cast<const DualitySnapshot>(e.snapshot());
        QCOMPARE(s->step, 40LL);
        QCOMPARE(first->step, 0LL); // an earlier snapshot does not change
        QCOMPARE(int(s->loss.size()), 40);
        QCOMPARE(s->attention.size(), s->loss.size());
        QCOMPARE(s->t[0].size(), s->loss.size());
        QCOMPARE(s->theta2.size(), s->loss.size());
        QCOMPARE(s->entropy.size(), s->loss.size());
        for (const auto& row : s->attention) {
            double sum = 0;
            for (double w : row)
                sum += w;
            QVERIFY(std::abs(sum - 1) < 1e-12);
        }
        QCOMPARE(int(s->modelLattice.size()), 64);
        QCOMPARE(int(s->dataLattice.size()), 64);
        QCOMPARE(int(s->featureNames.size()), 13);
        QCOMPARE(s->featureTarget.size(), s->featureModel.size());
        // β̃(0.2) = −½ ln tanh 0.2 = 0.8113241…
        QVERIFY2(std::abs(s->betaDual - 0.8113241) < 1e-6, qPrintable(QString("β̃ = %1").arg(s->betaDual, 0, 'f', 7)));
        QVERIFY(std::abs(s->theta3Dual - std::cosh(2 * s->betaDual)) < 1e-12);
        QVERIFY(!s->verdict.empty());
        QVERIFY(!s->finished);

        DualityLearnerParams bad;
        bad.beta = -1;
        QVERIFY_THROWS_EXCEPTION(ParameterError, DualityExperiment(bad, 4)); // at once, not on the worker
    }

    void stepIsBounded()
    {
        // One step() does exactly the optimiser steps it was built for, never
        // more (its time is measured in `bench --only duality`, not here).
        DualityLearnerParams p;
        DualityExperiment e(p, 3);
        Feedback fb;
        e.step(fb); // prepares
        QCOMPARE(e.learner()->steps(), 0LL);
        for (long long i = 1; i <= 4; ++i) {
            e.step(fb);
            QCOMPARE(e.learner()->steps(), 3 * i);
        }
        // The last step stops at maxSteps even when that is not a multiple.
        p.maxSteps = 5;
        DualityExperiment f(p, 3);
        for (int i = 0; i < 4; ++i)
            f.step(fb);
        QCOMPARE(f.learner()->steps(), 5LL);
        QVERIFY(f.learner()->finished());
    }

    void cancelledStepKeepsState()
    {
        DualityLearnerParams p;
        DualityExperiment e(p, 4);
        Feedback fb;
        e.step(fb); // prepares
        e.step(fb);
        fb.cancel();
        e.step(fb);
        const auto s = std::dynamic_pointer_cast<const DualitySnapshot>(e.snapshot());
        QCOMPARE(s->step, 4LL);
        QCOMPARE(int(s->loss.size()), 4);
    }

    void parsesBetaLists()
    {
        const auto r = parseBetaList("0.1:0.4:0.025");
        QCOMPARE(int(r.size()), 13);
        QVERIFY(std::abs(r.back() - 0.4) < 1e-12);
        QCOMPARE(int(parseBetaList("0.2,0.3").size()), 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBetaList("0.4:0.1:0.1"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBetaList("a,b"));
    }

    void sweepRowsInOrder()
    {
        DualitySweepParams p;
        p.base.L = 4;
        p.base.maxSteps = 20;
        p.betas = {0.2, 0.3};
        p.seeds = 2;
        const auto rows = runDualitySweep(p);
        QCOMPARE(int(rows.size()), 4);
        QCOMPARE(rows[0].beta, 0.2);
        QCOMPARE(rows[1].seed, std::uint64_t(2));
        QCOMPARE(rows[2].beta, 0.3);
        for (const auto& r : rows)
            QCOMPARE(r.result.steps, 20LL);
    }

    void sweepGridOverKappa()
    {
        DualitySweepParams p;
        p.base.L = 4;
        p.base.maxSteps = 5;
        p.betas = {0.2, 0.3};
        p.kappas = {0.0, 0.1};
        p.seeds = 1;
        const auto rows = runDualitySweep(p);
        QCOMPARE(int(rows.size()), 4);
        // κ outermost, then β, then seed.
        QCOMPARE(rows[0].kappa, 0.0);
        QCOMPARE(rows[1].kappa, 0.0);
        QCOMPARE(rows[1].beta, 0.3);
        QCOMPARE(rows[2].kappa, 0.1);
        QCOMPARE(rows[2].beta, 0.2);
        p.kappas = {0.0, 9.0};
        try {
            p.validate();
            QFAIL("κ = 9 is outside the allowed range and must be refused");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("kappas"));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseValueList("0,x", "kappas"));
    }
};

QTEST_APPLESS_MAIN(TestDualityExperiment)
#include "tst_duality_experiment.moc"
