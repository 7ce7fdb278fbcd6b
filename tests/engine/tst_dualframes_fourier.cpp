// Experiment C3, a sine in noise: the exact matched-detector accuracy
// against a Monte Carlo of the detector, the power spectrum, and the claim
// that the feature-separation layer learns the Fourier mode and beats the
// plain network.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/dualframes/FourierExperiment.hpp"

#include <QtTest>
#include <cmath>
#include <numbers>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::dualframes;

namespace {

std::shared_ptr<const FourierSnapshot> runToEnd(FourierExperiment& e)
{
    Feedback f;
    for (int guard = 0; !e.done() && guard < 1'000'000; ++guard)
        e.step(f);
    return e.current();
}

} // namespace

class TestDualFramesFourier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactMatchedDetectorAgreesWithSimulation_data()
    {
        QTest::addColumn<double>("amplitude");
        QTest::newRow("A = 0.2") << 0.2;
        QTest::newRow("A = 0.4") << 0.4;
    }

    void exactMatchedDetectorAgreesWithSimulation()
    {
        // 40 000 fresh signals through the detector with the exact
        // threshold: the hit rate is binomial, so 4 standard errors.
        QFETCH(double, amplitude);
        SignalSpec spec;
        spec.amplitude = amplitude;
        const MatchedDetector exact = matchedDetectorExact(spec);
        const SignalSet data = makeSignals(spec, 40000, 11, 3);
        const Eigen::VectorXd q = modePower(data.x, spec.frequency) * (2.0 / (spec.length * spec.noise * spec.noise));
        const double simulated = thresholdAccuracy(q, data.labels, exact.threshold);
        const double error = std::sqrt(exact.accuracy * (1 - exact.accuracy) / 40000.0);
        QVERIFY2(std::abs(simulated - exact.accuracy) < 4 * error,
                 qPrintable(QString("A = %1: exact accuracy %2, simulated %3 ± %4")
                                .arg(amplitude)
                                .arg(exact.accuracy)
                                .arg(simulated)
                                .arg(error)));
        // No threshold does better on the same data than the exact one by
        // more than the statistics allow (it is the Bayes optimum).
        const double fitted = thresholdAccuracy(q, data.labels, bestThreshold(q, data.labels));
        QVERIFY2(fitted < exact.accuracy + 4 * error,
                 qPrintable(QString("fitted threshold %1 beats the exact optimum %2").arg(fitted).arg(exact.accuracy)));
        // Without a signal nothing beats chance.
        spec.amplitude = 0;
        QVERIFY(std::abs(matchedDetectorExact(spec).accuracy - 0.5) < 1e-9);
    }

    void powerSpectrumPeaksAtTheMode()
    {
        Eigen::VectorXd w(64);
        for (int t = 0; t < 64; ++t)
            w[t] = std::cos(2 * std::numbers::pi * 5 * t / 64 + 0.3);
        const Eigen::VectorXd p = powerSpectrum(w);
        QCOMPARE(p.size(), Eigen::Index(33));
        Eigen::Index peak;
        p.maxCoeff(&peak);
        QCOMPARE(int(peak), 5);
        QVERIFY(std::abs(p[5] - 32.0 * 32.0) < 1e-9); // |Σ cos e^{−iωt}|² = (N/2)²
        QVERIFY(p[4] < 1e-20 && p[6] < 1e-20);
    }

    void separationLearnsTheFourierModeAndBeatsThePlainNetwork()
    {
        // Defaults: N = 128, k = 16, A = 0.4, σ = 1 (matched detector 0.897).
        std::vector<double> gap;
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            FourierParams p;
            p.seed = seed;
            FourierExperiment e(p);
            const auto s = runToEnd(e);
            QCOMPARE(s->weightsFrequency, s->signalFrequency);
            QVERIFY2(s->accuracySeparation >= 0.85,
                     qPrintable(QString("seed %1: feature separation %2, expected ≥ 0.85").arg(seed).arg(s->accuracySeparation)));
            // Within a few points of the best there is (same test set).
            QVERIFY2(s->accuracySeparation >= s->accuracyMatched - 0.04,
                     qPrintable(QString("seed %1: separation %2 vs matched detector %3")
                                    .arg(seed)
                                    .arg(s->accuracySeparation)
                                    .arg(s->accuracyMatched)));
            QVERIFY2(s->modeFraction > 0.8,
                     qPrintable(QString("seed %1: only %2 of the weights' norm in the cos/sin pair at k").arg(seed).arg(s->modeFraction)));
            gap.push_back(s->accuracySeparation - s->accuracyPlain);
        }
        double mean = 0, var = 0;
        for (double g : gap)
            mean += g / double(gap.size());
        for (double g : gap)
            var += (g - mean) * (g - mean) / double(gap.size() - 1);
        const double margin = 3 * std::sqrt(var / double(gap.size()));
        QVERIFY2(mean > margin, qPrintable(QString("separation − plain = %1 %2 %3: mean %4 not above 3 standard errors %5")
                                               .arg(gap[0])
                                               .arg(gap[1])
                                               .arg(gap[2])
                                               .arg(mean)
                                               .arg(margin)));
    }

    void resultsDoNotDependOnTheThreadCount()
    {
        FourierParams p;
        p.length = 64;
        p.train = 600;
        p.validation = 200;
        p.test = 400;
        p.separationEpochs = 5;
        p.plainEpochs = 3;
        auto run = [&](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            FourierExperiment e(p);
            return runToEnd(e);
        };
        const auto one = run(1), two = run(2);
        QVERIFY(one->weights == two->weights);
        QCOMPARE(one->accuracyPlain, two->accuracyPlain);
        QCOMPARE(one->accuracySeparation, two->accuracySeparation);
    }

    void badParametersNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("N") << "N";
        QTest::newRow("frequency") << "frequency";
        QTest::newRow("amplitude") << "amplitude";
        QTest::newRow("noise") << "noise";
    }

    void badParametersNameTheField()
    {
        QFETCH(QString, field);
        FourierParams p;
        if (field == "N") p.length = 8;
        if (field == "frequency") p.frequency = 64; // = N/2: not a cos/sin pair
        if (field == "amplitude") p.amplitude = -1;
        if (field == "noise") p.noise = 0;
        try {
            FourierExperiment e(p);
            QFAIL("expected a ParameterError");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(QString(e.what()).contains("allowed"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDualFramesFourier)
#include "tst_dualframes_fourier.moc"
