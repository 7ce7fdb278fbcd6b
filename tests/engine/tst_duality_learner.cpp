// End-to-end duality learning on 8×8: from data at β = 0.2 the learner must
// find the Kramers–Wannier dual (or its antiferromagnetic image) at the table
// values of docs/experiments/duality.md; with the identity penalty off, whatever it ends at must
// be named correctly by `frame`.
#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>
#include <cmath>
#include <tbb/global_control.h>

using namespace dlab;

namespace {
// The table of docs/experiments/duality.md written out independently of DualityFrames.
struct Row {
    const char* frame;
    double t0, theta2, theta3;
    std::vector<int> slots;
};
std::vector<Row> table(double beta)
{
    const double bd = -0.5 * std::log(std::tanh(beta));
    return {{"original", beta, 1.0, 0.0, {6}},
            {"antiferro", -beta, -1.0, 0.0, {6}},
            {"dual", bd, -std::sinh(2 * bd), std::cosh(2 * bd), {1, 2}},
            {"dual-antiferro", -bd, std::sinh(2 * bd), std::cosh(2 * bd), {1, 2}}};
}
bool near(double value, double expected, double rel, double absScale = 0)
{
    return std::abs(value - expected) <= rel * std::max(std::abs(expected), absScale);
}
QString describe(const DualityResult& r)
{
    return QString("frame %1, t0 = %2, θ2 = %3, θ3 = %4, slot %5 (w = %6), steps %7")
        .arg(frameName(r.classification.frame))
        .arg(r.t.t0)
        .arg(r.theta2)
        .arg(r.theta3)
        .arg(r.classification.selectedSlot)
        .arg(r.attention[std::max(0, r.classification.selectedSlot)])
        .arg(r.steps);
}
} // namespace

class TestDualityLearner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findsKramersWannierDualAtBeta02()
    {
        DualityLearnerParams p; // defaults: 8×8, β = 0.2, penalty on
        p.seed = 7;
        DualityLearner learner(p);
        const DualityResult r = learner.run();
        qInfo("%s", qPrintable(describe(r)));
        const DualityFrame f = r.classification.frame;
        QVERIFY2(isDualFrame(f), qPrintable("expected a dual frame: " + describe(r)));
        const Row e = table(0.2)[f == DualityFrame::Dual ? 2 : 3];
        QVERIFY2(near(r.t.t0, e.t0, 0.03), qPrintable(QString("t0 not within 3 %% of %1: ").arg(e.t0) + describe(r)));
        QVERIFY2(near(r.theta2, e.theta2, 0.05),
                 qPrintable(QString("θ2 not within 5 %% of %1: ").arg(e.theta2) + describe(r)));
        QVERIFY2(near(r.theta3, e.theta3, 0.05),
                 qPrintable(QString("θ3 not within 5 %% of %1: ").arg(e.theta3) + describe(r)));
        const int slot = r.classification.selectedSlot;
        QVERIFY2(slot == 1 || slot == 2, qPrintable("attention not on slot 1 or 2: " + describe(r)));
        QCOMPARE(r.betaDualExact, exact::kramersWannierDual(0.2));
        // The learner's own verdict agrees: its misfit is within the fit
        // tolerance of its sampling noise (measured: misfit ≈ 0.2 × noise).
        QVERIFY2(
            r.fits && r.misfit < p.fitTolerance * r.noise,
            qPrintable(
                QString("the dual fails the learner's own fit test: misfit %1, noise %2: ").arg(r.misfit).arg(r.noise) +
                describe(r)));
    }

    void namesTheFrameWithoutPenalty()
    {
        // Without the penalty, from t0 = 0.1, the learner must still end at
        // *some* row of the table (seed 1: the original model itself, the
        // trivial solution), and `frame` must name exactly that row.
        DualityLearnerParams p;
        p.identityPenalty = 0.0;
        p.tInit.t0 = 0.1;
        p.maxSteps = 3000;
        p.seed = 1;
        DualityLearner learner(p);
        const DualityResult r = learner.run();
        qInfo("penalty off, seed 1: %s", qPrintable(describe(r)));
        const int slot = r.classification.selectedSlot;
        QString fitting;
        for (const Row& e : table(0.2)) {
            const bool fits = std::count(e.slots.begin(), e.slots.end(), slot) && r.attention[slot] >= 0.5 &&
                              near(r.t.t0, e.t0, 0.1) && near(r.theta2, e.theta2, 0.1) &&
                              near(r.theta3, e.theta3, 0.1, 1.0);
            if (fits) fitting += e.frame;
        }
        QVERIFY2(!fitting.isEmpty(), qPrintable("the run fits no row of the table: " + describe(r)));
        QCOMPARE(QString(frameName(r.classification.frame)), fitting);
    }

    void neutralStartsFindADualFrame()
    {
        // Issue 13: from neutral starts (random signs of θ2, θ3, t0 anywhere
        // in [−0.5, 0.5]; each draw the best of 8 by the learner's own loss,
        // exploration chains, restarts on a stall) at β = 0.2 on 8×8, seeds
        // 1–3: at least 2 end in a dual frame with |t0| within 3 % of β̃
        // (measured: all 3, after 0, 1 and 2 restarts, stopping by themselves
        // after 1499, 1949 and 2087 steps; seeds 1–10: 10 of 10). The learner
        // before multi-start and the stall watch found 1 of these 3 within the
        // step limit, and a learner that is handed nothing and learns nothing
        // ends in no dual frame.
        DualityLearnerParams p;
        p.init = DualityInit::Neutral;
        p.maxSteps = 2400;
        const double bd = exact::kramersWannierDual(0.2);
        int dual = 0;
        QString all;
        for (std::uint64_t seed : {1, 2, 3}) {
            p.seed = seed;
            DualityLearner learner(p);
            const DualityResult r = learner.run();
            // The start really is neutral: drawn, not the default.
            QVERIFY(std::abs(r.init.t.t0) <= 0.5 && std::abs(r.init.theta2) >= 0.1 && std::abs(r.init.theta2) <= 1.0);
            const bool ok = isDualFrame(r.classification.frame) && near(std::abs(r.t.t0), bd, 0.03);
            dual += ok;
            all += QString("\n seed %1 (start t0 = %2, θ2 = %3, θ3 = %4, %5 restarts): ")
                       .arg(seed)
                       .arg(r.init.t.t0, 0, 'f', 2)
                       .arg(r.init.theta2, 0, 'f', 2)
                       .arg(r.init.theta3, 0, 'f', 2)
                       .arg(r.restarts) +
                   describe(r);
        }
        qInfo("%d of 3 in a dual frame within 3 %% of β̃ = %.5f:%s", dual, bd, qPrintable(all));
        QVERIFY2(dual >= 2, qPrintable(QString("expected ≥ 2 of 3 seeds in a dual frame, got %1:").arg(dual) + all));
    }

    void sameSeedSameResult()
    {
        DualityLearnerParams p;
        p.maxSteps = 60;
        p.seed = 3;
        // Different thread counts must not change a single number.
        DualityLearner a(p), b(p);
        {
            tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
            a.run();
        }
        b.run();
        QCOMPARE(a.couplings(), b.couplings());
        QCOMPARE(a.history().loss, b.history().loss);
    }

    void rejectsBadParameters()
    {
        DualityLearnerParams p;
        p.beta = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DualityLearner{p});
        p = {};
        p.learn = {false, false, false};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DualityLearner{p});
        p = {};
        p.update = DualityUpdate::SwendsenWang;
        p.learn = {true, true, false};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DualityLearner{p});
    }
};

QTEST_APPLESS_MAIN(TestDualityLearner)
#include "tst_duality_learner.moc"
