// Experiments D1–D3 against exact results: free energies by two exact methods
// (Kaufman, transfer matrix, enumeration), a MADE trained on exact Boltzmann
// samples of the 4×4 torus (KL by enumeration, F from the offset), VAN's
// variational bound, the XY network's O(2) test, the schedules, and
// thread-count independence.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/autoregressive/ExactIsing.hpp"
#include "engine/experiments/autoregressive/HamiltonianLearning.hpp"
#include "engine/experiments/autoregressive/LineFit.hpp"
#include "engine/experiments/autoregressive/Schedules.hpp"
#include "engine/experiments/autoregressive/SpinRows.hpp"
#include "engine/experiments/autoregressive/Sweeps.hpp"
#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"
#include "engine/experiments/autoregressive/XyLearning.hpp"
#include "engine/experiments/autoregressive/XyMonteCarlo.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/TransferMatrix.hpp"

#include <QtTest>
#include <cmath>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::autoregressive;

namespace {

// Steps an experiment to its end on this thread.
template <class Snapshot, class E> std::shared_ptr<const Snapshot> runToEnd(E& e)
{
    Feedback f;
    for (int k = 0; k < 10'000'000 && !e.finished(); ++k)
        e.step(f);
    return std::static_pointer_cast<const Snapshot>(e.snapshot());
}

} // namespace

class TestAutoregressive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The free energies quoted for the experiments, by two exact methods.
    void freeEnergiesAgreeBetweenKaufmanTransferMatrixAndEnumeration()
    {
        const ExactIsing four(4, 0.44);
        QVERIFY(std::abs(exact::kaufmanTorus(4, 0.44).freeEnergyPerSite - four.freeEnergyPerSite()) < 1e-12);
        QVERIFY(std::abs(exact::transferMatrixFreeEnergyPerSite(4, 4, 0.44) - four.freeEnergyPerSite()) < 1e-12);
        // L = 8, β = 0.44: −2.1333916025 by both methods.
        const double tm8 = exact::transferMatrixFreeEnergyPerSite(8, 8, 0.44);
        const double k8 = exact::kaufmanTorus(8, 0.44).freeEnergyPerSite;
        QVERIFY2(std::abs(tm8 - k8) < 1e-11,
                 qPrintable(QString("L = 8: transfer matrix %1, Kaufman %2").arg(tm8, 0, 'g', 13).arg(k8, 0, 'g', 13)));
        QVERIFY(std::abs(k8 - -2.1333916025) < 5e-11);
        // L = 16 (Kaufman only; 2^16 rows are beyond the transfer matrix here).
        QVERIFY(std::abs(exact::kaufmanTorus(16, 0.44).freeEnergyPerSite - -2.1163640554) < 5e-11);
        QVERIFY(std::abs(exact::kaufmanTorus(16, 0.4).freeEnergyPerSite - -2.1995004566) < 5e-11);
        QVERIFY(std::abs(exact::kaufmanTorus(16, 0.5).freeEnergyPerSite - -2.0570016440) < 5e-11);
        // A rectangle: the transfer matrix against enumeration-free symmetry L×M = M×L.
        QVERIFY(std::abs(double(exact::transferMatrixLogZ(3, 5, 0.3) - exact::transferMatrixLogZ(5, 3, 0.3))) < 1e-10);
    }

    void exactSamplesFollowTheBoltzmannDistribution()
    {
        const ExactIsing e(3, 0.4);
        RngStream rng(1, 0);
        const int n = 200000;
        const Eigen::VectorXd E = isingEnergies(e.sample(n, rng), 3);
        const double exactU = e.probabilities().dot(e.energies());
        const double var = e.probabilities().dot(e.energies().cwiseAbs2()) - exactU * exactU;
        QVERIFY2(std::abs(E.mean() - exactU) < 5 * std::sqrt(var / n),
                 qPrintable(QString("<E> = %1, exact %2").arg(E.mean()).arg(exactU)));
    }

    void blockSpinsSumTwoByTwoPlaquettes()
    {
        // 4×4: left half up, right half down.
        Eigen::MatrixXd s(1, 16);
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x)
                s(0, x + 4 * y) = x < 2 ? 1 : -1;
        const Eigen::MatrixXd b2 = blockSpinRows(s, 4, 2), b1 = blockSpinRows(s, 4, 1);
        QCOMPARE(b2.cols(), Eigen::Index(4));
        // S = +4 → category 4, −4 → 0; stride 1 block at x = 1 straddles: S = 0 → 2.
        QCOMPARE(b2(0, 0), 4.0);
        QCOMPARE(b2(0, 1), 0.0);
        QCOMPARE(b1(0, 1), 2.0);
        QCOMPARE(b1(0, 3), 2.0); // wraps around: x = 3 and x = 0
        QVERIFY_THROWS_EXCEPTION(ParameterError, blockSpinRows(Eigen::MatrixXd::Ones(1, 9), 3, 2));
    }

    void lineFitRecoversALine()
    {
        Eigen::VectorXd x(5), y(5);
        x << -2, -1, 0, 1, 2;
        y = 3 * x.array() - 1;
        const LineFit f = fitLine(x, y);
        QVERIFY(std::abs(f.slope - 3) < 1e-14 && std::abs(f.intercept + 1) < 1e-14 && std::abs(f.r2 - 1) < 1e-14);
        QVERIFY(f.slopeError < 1e-12);
        y[0] += 1;
        y[4] -= 1;
        const LineFit g = fitLine(x, y); // slope 3 − 0.4, residuals known
        QVERIFY(std::abs(g.slope - 2.6) < 1e-12 && g.r2 < 1 && g.slopeError > 0);
    }

    void betaAnnealingRisesToTheTarget()
    {
        const BetaAnnealing a{0.44, 0.998};
        QVERIFY(std::abs(a(1) - 0.44 * 0.002) < 1e-15);
        QVERIFY(a(1000) < a(2000) && a(2000) < 0.44);
        QVERIFY(std::abs(a(10000) - 0.44) < 0.44 * 3e-9);
        QCOMPARE((BetaAnnealing{0.3, 0.0})(1), 0.3);
    }

    void earlyStoppingWaitsForItsPatience()
    {
        EarlyStopping s(2, 0.01);
        QVERIFY(!s.update(1.0));
        QVERIFY(!s.update(0.9));   // improved
        QVERIFY(!s.update(0.895)); // not by more than 0.01: 1
        QVERIFY(s.update(0.95));   // 2: stop
        QCOMPARE(s.best(), 0.895);
        EarlyStopping never(0, 0);
        for (int k = 0; k < 10; ++k)
            QVERIFY(!never.update(1.0));
    }

    // D1 on the 4×4 torus with exact Boltzmann samples: KL(p‖p_θ) by
    // enumeration is small, and the unit-slope offset ⟨E − H_θ⟩ (which has
    // the expectation F − T·KL/N) gives F within its error.
    void hamiltonianLearnedFromExactSamplesGivesTheFreeEnergy()
    {
        LearnedHamiltonianParams p;
        p.L = 4;
        p.beta = 0.35;
        p.data = IsingData::Exact;
        p.samples = 20000;
        p.heldOut = 5000;
        p.network.hidden = {32};
        p.epochs = 30;
        p.seed = 3;
        LearnedHamiltonianExperiment e(p);
        const auto s = runToEnd<LearnedHamiltonianSnapshot>(e);
        const ExactIsing exact(4, p.beta);
        const double kl = exact.klFromModel(e.model().logProb(exact.states()));
        QVERIFY2(kl < 0.02, qPrintable(QString("KL(p||p_theta) = %1 nats").arg(kl)));
        const double T = 1 / p.beta, N = 16;
        const double expected = exact.freeEnergyPerSite() - T * kl / N;
        QVERIFY2(std::abs(s->freeEnergyUnitSlope - expected) < 4 * s->freeEnergyUnitSlopeError + 1e-4,
                 qPrintable(QString("F/N from the offset %1 ± %2, exact F/N %3 (− T·KL/N = %4)")
                                .arg(s->freeEnergyUnitSlope, 0, 'f', 5)
                                .arg(s->freeEnergyUnitSlopeError, 0, 'f', 5)
                                .arg(exact.freeEnergyPerSite(), 0, 'f', 5)
                                .arg(expected, 0, 'f', 5)));
        QVERIFY2(std::abs(s->freeEnergyUnitSlope - exact.freeEnergyPerSite()) <
                     0.01 * std::abs(exact.freeEnergyPerSite()),
                 "the offset misses F by more than 1 %");
        QVERIFY2(std::abs(s->fit.slope - 1) < 0.05, qPrintable(QString("slope %1").arg(s->fit.slope)));
        QCOMPARE(s->exactFreeEnergy, exact::kaufmanTorus(4, p.beta).freeEnergyPerSite);
        // The held-out NLL per spin estimates the entropy from above.
        QVERIFY(s->heldOutNll > s->exactEntropy - 4 * s->heldOutNllError);
        QVERIFY(s->heldOutNll < s->exactEntropy + 0.02);
        QVERIFY(s->z2Asymmetry > 0); // nothing made the network symmetric
    }

    // D2 on the 4×4 torus: F_q ≥ F (exactly, by enumerating q), the sampled
    // F_q agrees with the enumerated one, and it is within 10⁻³ of F.
    void vanBoundsTheFreeEnergyFromAbove()
    {
        VanParams p;
        p.L = 4;
        p.beta = 0.44;
        p.steps = 1200;
        p.batch = 500;
        p.learningRate = 2e-3;
        p.anneal = 0.995;
        p.network.hidden = {32};
        p.evaluationSamples = 20000;
        p.seed = 5;
        VanExperiment van(p);
        const auto s = runToEnd<VanSnapshot>(van);
        const ExactIsing exact(4, p.beta);
        // The symmetrised model ½[q(s) + q(−s)] is normalised, and its F_q by
        // enumeration is what the samples estimate.
        const Eigen::VectorXd logQ = van.logProbabilities(exact.states());
        QVERIFY(std::abs(logQ.array().exp().sum() - 1) < 1e-9);
        const double exactFq = exact.variationalFreeEnergyPerSite(logQ);
        const VanEstimates& e = s->evaluation;
        const double F = exact.freeEnergyPerSite();
        QVERIFY2(e.freeEnergy >= F - 3 * e.freeEnergyError,
                 qPrintable(QString("F_q/N = %1 ± %2 below F/N = %3").arg(e.freeEnergy).arg(e.freeEnergyError).arg(F)));
        QVERIFY2(std::abs(e.freeEnergy - exactFq) < 4 * e.freeEnergyError,
                 qPrintable(QString("sampled F_q/N = %1 ± %2, enumerated %3")
                                .arg(e.freeEnergy)
                                .arg(e.freeEnergyError)
                                .arg(exactFq)));
        QVERIFY(exactFq >= F);
        const double rel = std::abs(e.freeEnergy - F) / std::abs(F);
        QVERIFY2(rel < 1e-3,
                 qPrintable(QString("relative error %1 (F_q/N %2, F/N %3)").arg(rel).arg(e.freeEnergy).arg(F)));
        QVERIFY2(std::abs(e.isFreeEnergy - F) < 4 * e.isFreeEnergyError + 1e-5,
                 qPrintable(QString("F_IS/N = %1 ± %2, F/N = %3").arg(e.isFreeEnergy).arg(e.isFreeEnergyError).arg(F)));
        QVERIFY(e.effectiveSampleFraction > 0.5 && e.effectiveSampleFraction <= 1.0);
        const double U = exact.probabilities().dot(exact.energies()) / 16;
        QVERIFY2(std::abs(e.isEnergy - U) < 4 * e.isEnergyError,
                 qPrintable(QString("E_IS/N = %1 ± %2, exact %3").arg(e.isEnergy).arg(e.isEnergyError).arg(U)));
        QCOMPARE(s->optimiserStep, 1200LL);
    }

    void vanEnumeratedBoundHoldsExactly()
    {
        // KL(q‖p) ≥ 0 for any q: F_q computed by enumeration never goes below F.
        VanParams p;
        p.L = 4;
        p.steps = 200;
        p.batch = 200;
        p.network.hidden = {16};
        p.evaluationSamples = 0;
        p.z2 = false;
        VanExperiment van(p);
        const auto s = runToEnd<VanSnapshot>(van);
        Q_UNUSED(s);
        const ExactIsing exact(4, p.beta);
        // The unsymmetrised model's ln q of every state.
        const Eigen::VectorXd logQ = van.logProbabilities(exact.states());
        QVERIFY(std::abs(logQ.array().exp().sum() - 1) < 1e-9);
        QVERIFY(exact.variationalFreeEnergyPerSite(logQ) >= exact.freeEnergyPerSite());
    }

    void resultsAreTheSameForAnyThreadCount()
    {
        auto vanRun = [](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            VanParams p;
            p.L = 6;
            p.steps = 15;
            p.batch = 300;
            p.network.hidden = {24};
            p.evaluationSamples = 600;
            VanExperiment van(p);
            return runToEnd<VanSnapshot>(van);
        };
        const auto a = vanRun(1), b = vanRun(2);
        QVERIFY(a->freeEnergy == b->freeEnergy);
        QCOMPARE(a->evaluation.freeEnergy, b->evaluation.freeEnergy);
        auto d1Run = [](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            LearnedHamiltonianParams p;
            p.L = 4;
            p.samples = 400;
            p.heldOut = 100;
            p.chains = 4;
            p.epochs = 3;
            p.network.hidden = {8};
            LearnedHamiltonianExperiment e(p);
            return runToEnd<LearnedHamiltonianSnapshot>(e);
        };
        const auto c = d1Run(1), d = d1Run(2);
        QVERIFY(c->testNll == d->testNll);
        QCOMPARE(c->fit.slope, d->fit.slope);
    }

    void xyMonteCarloKeepsConfigurationsAndFinishes()
    {
        XyMonteCarloParams p;
        p.L = 6;
        p.chains = 3;
        p.thermalize = 20;
        p.sweeps = 50;
        p.keepEvery = 10;
        XyMonteCarloExperiment e(p);
        const auto s = runToEnd<XyMonteCarloSnapshot>(e);
        QVERIFY(s->finished);
        QCOMPARE(e.kept().size(), std::size_t(3 * 5));
        QCOMPARE(s->estimates.samples, 150LL);
        QCOMPARE(s->angles.size(), std::size_t(36));
    }

    // D3 at L = 4: the network learns (NLL below the uniform density's 0),
    // and its H_θ barely changes under global rotations it never saw as such.
    void xyNetworkLearnsAnO2InvariantDensity()
    {
        XyLearningParams p;
        p.L = 4;
        p.T = 0.7;
        p.samples = 3000;
        p.heldOut = 500;
        p.chains = 4;
        p.thermalize = 100;
        p.sweepsBetween = 2;
        p.network.hidden = {32};
        p.epochs = 15;
        p.generated = 500;
        XyLearningExperiment e(p);
        const auto s = runToEnd<XyLearningSnapshot>(e);
        QVERIFY2(s->heldOutNll < -0.3, qPrintable(QString("NLL per site %1").arg(s->heldOutNll)));
        QCOMPARE(int(s->o2.size()), p.rotations + 1);
        QVERIFY2(s->o2Spread < 0.02, qPrintable(QString("O(2) spread %1").arg(s->o2Spread)));
        // Rotation by 2π is the identity: the first and last rows agree.
        QVERIFY(std::abs(s->o2.front().hMean - s->o2.back().hMean) < 1e-9);
        // Generated samples have the energy scale of the data (ordered at T = 0.7).
        QVERIFY2(s->energyGenerated.mean < -1.2, qPrintable(QString("E/N of samples %1").arg(s->energyGenerated.mean)));
        QVERIFY(s->vortexMc.error > 0 || s->vortexMc.mean == 0);
    }

    void hamiltonianSweepFillsOneRowPerTemperature()
    {
        LearnedHamiltonianParams p;
        p.L = 4;
        p.data = IsingData::Exact;
        p.samples = 3000;
        p.heldOut = 1000;
        p.network.hidden = {16};
        p.epochs = 8;
        const auto sweep = makeHamiltonianSweep(p, {1.5, 4.0});
        const auto s = runToEnd<HamiltonianSweep::SweepSnapshot>(*sweep);
        QCOMPARE(int(s->rows.size()), 2);
        QCOMPARE(s->rows[0].T, 1.5);
        // Entropy grows with T, and the learned estimate follows it.
        QVERIFY2(s->rows[0].nll < s->rows[1].nll,
                 qPrintable(QString("NLL/spin %1 at T = 1.5, %2 at T = 4").arg(s->rows[0].nll).arg(s->rows[1].nll)));
        QVERIFY_THROWS_EXCEPTION(ParameterError, makeHamiltonianSweep(p, {1.0, -2.0}));
    }

    void badParametersAreRefusedByName()
    {
        auto field = [](auto&& f) {
            try {
                f();
            } catch (const ParameterError& e) {
                return QString::fromStdString(e.field());
            }
            return QString();
        };
        LearnedHamiltonianParams d1;
        d1.L = 40;
        QCOMPARE(field([&] { d1.validate(); }), QString("L"));
        d1.L = 8;
        d1.data = IsingData::Exact;
        QCOMPARE(field([&] { d1.validate(); }), QString("data"));
        VanParams van;
        van.anneal = 1.0;
        QCOMPARE(field([&] { van.validate(); }), QString("anneal"));
        XyLearningParams xy;
        xy.network.hidden = {};
        xy.network.direct = false;
        QCOMPARE(field([&] { xy.validate(); }), QString("hidden"));
        QCOMPARE(field([] { parseHiddenWidths("64,,x"); }), QString("hidden"));
        QCOMPARE(field([] { parseAngleConditional("gauss"); }), QString("conditional"));
    }
};

QTEST_APPLESS_MAIN(TestAutoregressive)
#include "tst_autoregressive.moc"
