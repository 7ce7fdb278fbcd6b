// The duality learner's schedules alone (DualitySchedules.hpp), on scripted
// sequences: no chains, no data. Each case says what the schedule must do
// and at which step, so a schedule that never decays, decays at once or
// ignores the attention fails.
#include "engine/experiments/duality/DualitySchedules.hpp"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <functional>

using namespace dlab;

namespace {
// Feeds `steps` values of one parameter (value(step)) and records the actions.
std::vector<ScheduleAction> feed(PlateauSchedule& s, int steps, const std::function<double(int)>& value,
                                 const std::function<bool(int)>& decided)
{
    std::vector<ScheduleAction> actions;
    for (int i = 0; i < steps; ++i)
        actions.push_back(s.onStep({value(i), 1.0}, decided(i)));
    return actions;
}
int firstStep(const std::vector<ScheduleAction>& a, ScheduleAction what)
{
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] == what) return int(i);
    return -1;
}
int count(const std::vector<ScheduleAction>& a, ScheduleAction what)
{
    return int(std::count(a.begin(), a.end(), what));
}
} // namespace

class TestDualitySchedules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attentionDecidesOnAnySlot()
    {
        SlotVector w{0.01, 0.01, 0.01, 0.93, 0.02, 0.01, 0.01};
        const AttentionDecision d = decideAttention(w, 0.9);
        QCOMPARE(d.slot, 3); // not only the slots of a known solution
        QVERIFY(d.decided);
        QVERIFY(!decideAttention(w, 0.95).decided);
    }

    void flatParametersDecayThenStop()
    {
        // Constant parameters, attention decided throughout: windows of 10
        // steps; the first window has nothing to compare with, so the decays
        // come at the ends of windows 2, 3, 4 and the stop at window 5.
        PlateauSchedule s(10, 0.01, 3);
        const auto a = feed(
            s, 55, [](int) { return 0.8; }, [](int) { return true; });
        QCOMPARE(firstStep(a, ScheduleAction::DecayRates), 19);
        QCOMPARE(count(a, ScheduleAction::DecayRates), 3);
        QCOMPARE(firstStep(a, ScheduleAction::Stop), 49);
        QCOMPARE(s.decays(), 3);
        // The final average of a stopped run covers the last window and what came after it.
        QCOMPARE(s.stepsSinceLastWindow(), 10LL + 5);
    }

    void driftingParametersGoOn()
    {
        // A parameter moving 5 % per window is no plateau at min drift 1 %.
        PlateauSchedule s(10, 0.01, 3);
        const auto a = feed(
            s, 200, [](int i) { return 1.0 + 0.005 * i; }, [](int) { return true; });
        QCOMPARE(count(a, ScheduleAction::GoOn), 200);
        QCOMPARE(s.decays(), 0);
    }

    void undecidedAttentionHoldsTheSchedule()
    {
        // Flat parameters, but the attention hesitates every 15th step: no
        // window of 10 decided steps ever pairs with the next, so no decay.
        PlateauSchedule s(10, 0.01, 3);
        const auto a = feed(
            s, 300, [](int) { return 0.8; }, [](int i) { return i % 15 != 14; });
        QCOMPARE(count(a, ScheduleAction::GoOn), 300);
        // Once it stays decided the schedule runs as usual: first decay 2 windows later.
        const auto b = feed(
            s, 20, [](int) { return 0.8; }, [](int) { return true; });
        QCOMPARE(firstStep(b, ScheduleAction::DecayRates), 19);
    }

    void penaltyDoublesOnlyWhileOnTheIdentity()
    {
        PenaltySchedule p(0.1, 0.8, 5);
        for (int i = 0; i < 4; ++i)
            p.onStep(true);
        QCOMPARE(p.penalty(), 0.1); // a window not yet full
        p.onStep(true);
        QCOMPARE(p.penalty(), 0.2);
        for (int i = 0; i < 4; ++i)
            p.onStep(true);
        p.onStep(false); // leaving the identity restarts the window
        for (int i = 0; i < 4; ++i)
            p.onStep(true);
        QCOMPARE(p.penalty(), 0.2);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(p.onStep(true), ScheduleAction::GoOn); // never stops a run
        QCOMPARE(p.penalty(), 0.8);                         // capped
        PenaltySchedule off(0.0, 3.2, 5);
        for (int i = 0; i < 50; ++i)
            off.onStep(true);
        QCOMPARE(off.penalty(), 0.0); // switched off stays off
    }

    void fitTestSeparatesNoiseFromMisfit()
    {
        // Scripted loss histories with the sizes measured at β = 0.2, 8×8:
        // noise 0.0125 per step. A fit whose unbiased loss scatters around 0
        // (±0.01, as single steps do) fits; a systematic misfit of 0.46 (the
        // slot-0 false minimum) or of 5× the noise does not.
        std::vector<double> loss, unbiased;
        auto append = [&](int n, double misfit) {
            for (int i = 0; i < n; ++i) {
                const double u = misfit + (i % 2 ? 0.01 : -0.01);
                unbiased.push_back(u);
                loss.push_back(u + 0.0125);
            }
        };
        append(150, 0.0);  // steps 0–149: the dual
        append(150, 0.46); // 150–299: a false minimum
        append(150, 5 * 0.0125);
        const FitWindow dual = fitWindow(loss, unbiased, 0, 150);
        QVERIFY2(std::abs(dual.misfit) < 1e-12 && std::abs(dual.noise - 0.0125) < 1e-12,
                 qPrintable(QString("window means wrong: misfit %1 (expected 0), noise %2 (expected 0.0125)")
                                .arg(dual.misfit)
                                .arg(dual.noise)));
        QVERIFY(dual.fits(4.0));
        QVERIFY(!fitWindow(loss, unbiased, 150, 300).fits(4.0));
        QVERIFY(!fitWindow(loss, unbiased, 300, 450).fits(4.0));
        QVERIFY(fitWindow(loss, unbiased, 300, 450).fits(6.0)); // the tolerance is what decides
        // Windows reaching outside the history are clamped; an empty one (no noise estimate) never fits.
        QCOMPARE(fitWindow(loss, unbiased, -50, 150).misfit, dual.misfit);
        QVERIFY(!fitWindow(loss, unbiased, 500, 600).fits(4.0));
    }

    void fitTestCapsTheNoiseAtTheSignal()
    {
        // β = 0.15, 8×8: a fit far up the wrong valley (|θ2| ≈ 7) had misfit
        // 0.15 against a model noise of 0.6 and passed 4× noise; the data's
        // signal Σ D_a² is 1.16, so capped at 1 % of it the reference is
        // 0.0116 and the fit fails. The dual (misfit 0.0015, noise 0.0125 at
        // β = 0.2, signal 1.32) still fits with the cap.
        FitWindow wrong{0.15, 0.6};
        QVERIFY(wrong.fits(4.0)); // uncapped: the noise hides the misfit
        wrong.signal = 1.16;
        wrong.signalFraction = 0.01;
        QCOMPARE(wrong.reference(), 0.0116);
        QVERIFY2(!wrong.fits(4.0), "a misfit of 13 % of the data's signal must fail the capped test");
        FitWindow dual{0.0015, 0.0125, 1.32, 0.01};
        QCOMPARE(dual.reference(), 0.0125); // below the cap (0.0132): the noise itself
        QVERIFY2(dual.fits(4.0), "the dual's misfit (0.1 % of the signal) must fit");
    }

    void fitTestAllowsForTheMisfitsOwnError()
    {
        // β = 0.1, 8×8, default start: the dual (β̃ = 1.15, an ordered model
        // whose loss is dominated by rare broken links) had window misfits of
        // 0.10–0.19 with block standard errors 0.01–0.07, against a capped
        // reference of 0.0107 (signal 1.07). Scripted: blocks of 15 steps
        // alternating between misfit 0.0 and 0.24 (mean 0.12, standard error
        // 0.04) cannot be told from 4 × 0.0107 within two errors and fit; the
        // same mean with no block-to-block scatter is a false minimum.
        std::vector<double> loss, unbiased, steadyLoss, steady;
        for (int i = 0; i < 150; ++i) {
            const double u = (i / 15) % 2 ? 0.24 : 0.0;
            unbiased.push_back(u);
            loss.push_back(u + 0.1);
            steady.push_back(0.12);
            steadyLoss.push_back(0.22);
        }
        FitWindow scattered = fitWindow(loss, unbiased, 0, 150);
        scattered.signal = 1.07;
        scattered.signalFraction = 0.01;
        QVERIFY2(std::abs(scattered.misfit - 0.12) < 1e-12 && std::abs(scattered.misfitError - 0.04) < 1e-12,
                 qPrintable(QString("misfit %1 ± %2, expected 0.12 ± 0.04 (10 blocks of 15 steps)")
                                .arg(scattered.misfit)
                                .arg(scattered.misfitError)));
        QVERIFY2(scattered.fits(4.0), "a misfit within two of its errors of the tolerance must fit");
        FitWindow flat = fitWindow(steadyLoss, steady, 0, 150);
        flat.signal = 1.07;
        flat.signalFraction = 0.01;
        QCOMPARE(flat.misfitError, 0.0);
        QVERIFY2(!flat.fits(4.0), "a steady misfit of 11 % of the signal must fail");
    }

    void misfitPlateausDecayBeforeTheyRestart()
    {
        // A failed plateau first halves the rates; a later failure restarts
        // unless its misfit fell by 30 % since the last failure (jitter falls
        // with the rates, a false minimum's misfit does not).
        auto window = [](double misfit) { return FitWindow{misfit, 0.01}; };
        MisfitPlateaus jitter(4.0, 0.3);
        QCOMPARE(jitter.onPlateau(window(0.2)), FitVerdict::DecayRates);
        QCOMPARE(jitter.onPlateau(window(0.1)), FitVerdict::DecayRates); // halved: still going down
        QCOMPARE(jitter.onPlateau(window(0.03)), FitVerdict::Fits);
        MisfitPlateaus falseMinimum(4.0, 0.3);
        QCOMPARE(falseMinimum.onPlateau(window(0.46)), FitVerdict::DecayRates);
        QCOMPARE(falseMinimum.onPlateau(window(0.40)), FitVerdict::Restart); // −13 %: not jitter
        MisfitPlateaus fits(4.0, 0.3);
        QCOMPARE(fits.onPlateau(window(0.0015)), FitVerdict::Fits);
    }

    void stallWatchRestartsStalledMixtures()
    {
        // Windows of 100 steps after 100 grace steps. An undecided mixture
        // whose entropy falls by 0.05 per window (the 50/50 slot-0/3 mix) is
        // stalled at the end of its second watched window (step 300); one
        // whose entropy falls by 0.3 per window is not, nor is anything
        // within the grace steps.
        auto firstStall = [](const std::function<double(int)>& entropy, bool decided,
                             const std::function<double(int)>& misfit, int steps) {
            StallWatch w(100, 0.1, 0.3, 4.0, 100);
            for (int i = 0; i < steps; ++i)
                if (w.onStep(entropy(i), decided, misfit(i) + 0.01, misfit(i), 1.0, 0.01)) return i;
            return -1;
        };
        auto flatMisfit = [](int) { return 0.5; };
        QCOMPARE(firstStall([](int i) { return 1.9 - 0.0005 * i; }, false, flatMisfit, 1000), 299);
        QCOMPARE(firstStall([](int i) { return std::max(0.0, 1.9 - 0.003 * i); }, false, flatMisfit, 600), -1);
        // Decided: a misfit of 0.5 that does not fall (the decided slot-0 fit)
        // is stalled after its second window; one that halves every window,
        // or one that fits (0.01 against noise 0.01), is not.
        auto tiny = [](int) { return 0.0; };
        QCOMPARE(firstStall(tiny, true, flatMisfit, 1000), 299);
        QCOMPARE(firstStall(
                     tiny, true, [](int i) { return 0.5 * std::pow(0.5, i / 100); }, 1000),
                 -1);
        QCOMPARE(firstStall(
                     tiny, true, [](int) { return 0.01; }, 1000),
                 -1);
        // Switching between decided and undecided starts the windows afresh.
        StallWatch w(100, 0.1, 0.3, 4.0, 0);
        int stalls = 0;
        for (int i = 0; i < 1000; ++i)
            stalls += w.onStep(1.0, (i / 150) % 2 == 0, 0.51, 0.5, 1.0, 0.01);
        QCOMPARE(stalls, 0);
    }
};

QTEST_APPLESS_MAIN(TestDualitySchedules)
#include "tst_duality_schedules.moc"
