// MonteCarloExperiment: parameter validation, reproducibility from the seed,
// agreement with Kaufman's exact finite-torus values within error bars,
// persistent chains across coupling changes, bounded memory, cancellation.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {

std::shared_ptr<const MonteCarloSnapshot> snap(const MonteCarloExperiment& e)
{
    return std::dynamic_pointer_cast<const MonteCarloSnapshot>(e.snapshot());
}

void steps(MonteCarloExperiment& e, int n)
{
    Feedback f;
    for (int i = 0; i < n; ++i)
        e.step(f);
}

} // namespace

class TestMonteCarlo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badParametersNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("beta");
        QTest::addColumn<double>("t1");
        QTest::addColumn<QString>("algo");
        QTest::addColumn<int>("chains");
        QTest::addColumn<int>("sweepsPerStep");
        QTest::newRow("L=1") << "L" << 1 << 0.3 << 0.0 << "metropolis" << 1 << 1;
        QTest::newRow("beta=nan") << "beta" << 8 << std::nan("") << 0.0 << "metropolis" << 1 << 1;
        QTest::newRow("t1 huge") << "t1" << 8 << 0.3 << 100.0 << "metropolis" << 1 << 1;
        QTest::newRow("chains=0") << "chains" << 8 << 0.3 << 0.0 << "metropolis" << 0 << 1;
        QTest::newRow("sweeps=0") << "sweepsPerStep" << 8 << 0.3 << 0.0 << "metropolis" << 1 << 0;
        QTest::newRow("wolff+t1") << "algo" << 8 << 0.3 << 0.1 << "wolff" << 1 << 1;
    }
    void badParametersNameTheField()
    {
        QFETCH(QString, field);
        MonteCarloParams p;
        QFETCH(int, L);
        p.L = L;
        QFETCH(double, beta);
        p.beta = beta;
        QFETCH(double, t1);
        p.t1 = t1;
        QFETCH(QString, algo);
        p.algo = parseMcAlgorithm(algo.toStdString());
        QFETCH(int, chains);
        p.chains = chains;
        QFETCH(int, sweepsPerStep);
        p.sweepsPerStep = sweepsPerStep;
        try {
            MonteCarloExperiment e(p);
            QFAIL("expected a ParameterError");
        } catch (const ParameterError& err) {
            QCOMPARE(QString::fromStdString(err.field()), field);
            QVERIFY2(QString(err.what()).contains("allowed"), err.what());
        }
    }

    void sameSeedSameRun()
    {
        MonteCarloParams p;
        p.L = 16;
        p.chains = 2;
        p.seed = 42;
        MonteCarloExperiment a(p), b(p);
        steps(a, 50);
        steps(b, 50);
        QVERIFY(snap(a)->configuration == snap(b)->configuration);
        QCOMPARE(snap(a)->energy, snap(b)->energy);
        p.seed = 43;
        MonteCarloExperiment c(p);
        steps(c, 50);
        QVERIFY2(snap(a)->configuration != snap(c)->configuration, "different seeds should give different runs");
    }

    void agreesWithKaufmanWithinErrorBars_data()
    {
        QTest::addColumn<double>("beta");
        QTest::addColumn<int>("chains");
        QTest::newRow("disordered") << 0.3 << 1;
        QTest::newRow("critical, 4 chains") << 0.4406868 << 4;
        QTest::newRow("ordered") << 0.6 << 1;
    }
    void agreesWithKaufmanWithinErrorBars()
    {
        QFETCH(double, beta);
        QFETCH(int, chains);
        MonteCarloParams p;
        p.L = 8;
        p.beta = beta;
        p.chains = chains;
        p.sweepsPerStep = 100;
        p.seed = 7;
        // Cold start in the ordered phase: a hot start may freeze into stripes on a small torus.
        p.start = beta > exact::criticalBeta() ? McStart::Cold : McStart::Hot;
        MonteCarloExperiment e(p);
        steps(e, 400 / chains);
        const auto est = e.estimates();
        const auto ex = exact::kaufmanTorus(8, beta);
        QVERIFY(snap(e)->exact.available);
        QCOMPARE(snap(e)->exact.energyPerSite, ex.energyPerSite);
        const double zE = (est.energyPerSite.mean - ex.energyPerSite) / est.energyPerSite.error;
        const double zC = (est.specificHeat.mean - ex.specificHeat) / est.specificHeat.error;
        QVERIFY2(std::abs(zE) < 4.5, qPrintable(QString("energy/site %1 ± %2, exact %3")
                                                    .arg(est.energyPerSite.mean)
                                                    .arg(est.energyPerSite.error)
                                                    .arg(ex.energyPerSite)));
        QVERIFY2(std::abs(zC) < 4.5, qPrintable(QString("C %1 ± %2, exact %3")
                                                    .arg(est.specificHeat.mean)
                                                    .arg(est.specificHeat.error)
                                                    .arg(ex.specificHeat)));
        QVERIFY(est.susceptibility.error > 0);
        QVERIFY2(
            est.tauIntEnergy >= 0.5 && est.tauIntEnergy < 0.02 * double(est.sweepsPerChain),
            qPrintable(QString("τ_int(E) = %1 sweeps over %2 sweeps").arg(est.tauIntEnergy).arg(est.sweepsPerChain)));
    }

    void noExactValuesWithPlaquetteCoupling()
    {
        MonteCarloParams p;
        p.L = 8;
        p.t1 = 0.1;
        MonteCarloExperiment e(p);
        QVERIFY(!snap(e)->exact.available);
    }

    void couplingChangeKeepsConfigurationRestartsStatistics()
    {
        MonteCarloParams p;
        p.L = 16;
        p.thermalize = 10;
        p.sweepsPerStep = 10;
        MonteCarloExperiment e(p);
        steps(e, 20);
        QVERIFY(e.estimates().samples > 0);
        const auto before = snap(e)->configuration;
        p.beta = 0.5;
        e.setParams(p);
        QCOMPARE(snap(e)->configuration, before);
        QCOMPARE(e.estimates().samples, 0LL);
        QCOMPARE(snap(e)->sweepsSinceChange, 0LL);
        QCOMPARE(snap(e)->params.beta, 0.5);
        p.algo = McAlgorithm::Wolff;
        e.setParams(p); // algorithm change continues from the same configuration
        QCOMPARE(snap(e)->configuration, before);
        steps(e, 1);
        p.L = 32;
        QVERIFY_THROWS_EXCEPTION(ParameterError, e.setParams(p));
    }

    void memoryStaysBounded()
    {
        MonteCarloParams p;
        p.L = 2;
        p.thermalize = 0;
        p.sweepsPerStep = 10000;
        MonteCarloExperiment e(p);
        steps(e, 30); // 3·10⁵ sweeps
        const auto s = snap(e);
        QCOMPARE(s->sweeps, 300000LL);
        QVERIFY2(s->seriesSweep.size() <= 4096, "display series must be thinned");
        QVERIFY2(e.estimates().samples <= (1 << 17), "stored samples must be thinned");
        QVERIFY(e.estimates().samples >= (1 << 15));
        QVERIFY2(s->seriesSweep.front() == 0 && s->seriesSweep.back() > 0.99 * double(s->sweeps),
                 "thinned display series must still span the whole run");
    }

    void tauIntDoesNotGrowWithThinning()
    {
        // β = 0.2 on 4×4: τ_int(E) is about one sweep. Thinning the stored
        // series (every 2nd, then 4th sweep) must not raise the estimate to
        // half the spacing, as it did when τ_int was taken from the thinned series.
        MonteCarloParams p;
        p.L = 4;
        p.beta = 0.2;
        p.thermalize = 0;
        p.sweepsPerStep = 10000;
        MonteCarloExperiment e(p);
        steps(e, 5); // 5·10⁴ sweeps, unthinned
        const double early = e.estimates().tauIntEnergy;
        steps(e, 55); // 6·10⁵ sweeps: stored every 4th sweep
        const auto late = e.estimates();
        QVERIFY2(late.samples < 600000 / 2, "the series should have been thinned");
        QVERIFY2(std::abs(late.tauIntEnergy - early) < 0.25 * early && late.tauIntEnergy < 1.9,
                 qPrintable(QString("τ_int(E) was %1 sweeps early, %2 after thinning (expected the same, < 2)")
                                .arg(early)
                                .arg(late.tauIntEnergy)));
    }

    void startIsWhatTheUserChose()
    {
        MonteCarloParams p;
        p.L = 32;
        p.beta = 0.8; // deep in the ordered phase: the start is still the user's
        auto startM = [&] {
            const auto s = snap(MonteCarloExperiment(p));
            double m = 0;
            for (auto spin : s->configuration)
                m += spin;
            return m / double(s->configuration.size());
        };
        p.start = McStart::Hot;
        QVERIFY2(std::abs(startM()) < 0.2, "a hot start is random spins, |m| ≈ 0");
        p.start = McStart::Cold;
        QCOMPARE(startM(), 1.0);
        QVERIFY(parseMcStart("cold") == McStart::Cold);
        QVERIFY_THROWS_EXCEPTION(ParameterError, parseMcStart("warm"));
    }

    void binderCumulantLimits()
    {
        // U_L = 1 − ⟨m⁴⟩/(3⟨m²⟩²): 2/3 when |m| is fixed (deep order), 0 for
        // Gaussian m (high temperature, L² ≫ correlation area).
        MonteCarloParams p;
        p.L = 8;
        p.sweepsPerStep = 100;
        p.seed = 3;
        p.beta = 0.9;
        p.start = McStart::Cold;
        MonteCarloExperiment ordered(p);
        steps(ordered, 50);
        const Estimate uo = ordered.estimates().binder;
        QVERIFY2(std::abs(uo.mean - 2.0 / 3.0) < 0.005,
                 qPrintable(QString("U_L = %1 ± %2 at β = 0.9, expected ≈ 2/3").arg(uo.mean).arg(uo.error)));
        p.beta = 0.05;
        p.L = 16;
        p.start = McStart::Hot;
        MonteCarloExperiment hot(p);
        steps(hot, 50);
        const Estimate uh = hot.estimates().binder;
        QVERIFY2(std::abs(uh.mean) < 5 * uh.error + 0.02,
                 qPrintable(QString("U_L = %1 ± %2 at β = 0.05, expected ≈ 0").arg(uh.mean).arg(uh.error)));
    }

    void cancelledStepReturnsAtOnce()
    {
        MonteCarloParams p;
        p.L = 64;
        p.sweepsPerStep = 100000;
        MonteCarloExperiment e(p);
        Feedback f;
        f.cancel();
        e.step(f);
        QCOMPARE(snap(e)->sweeps, 0LL);
    }
};

QTEST_GUILESS_MAIN(TestMonteCarlo)
#include "tst_montecarlo.moc"
