// The Gaussian scalar-field RBM (experiment E1): gradients against finite
// differences and against their sampled estimate, and the learned spectrum
// of K against the exact free-field spectrum, which the test derives from the
// target kernel itself (eigenvalues of K^φ = −∇² + m²), never from a list.
#include "FieldsTestSupport.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/RbmExperiment.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/Statistics.hpp"

#include <Eigen/Eigenvalues>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace dlab;
using namespace dlab::fieldtheory;

namespace {

// Ascending eigenvalues of the N_v = 10 periodic-chain kernel, m² = 4.
std::vector<double> exactChainSpectrum(int n = 10, double m2 = 4.0)
{
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(fields::freeFieldKernel(fields::FreeFieldGeometry::Chain, n, m2));
    const Eigen::VectorXd e = es.eigenvalues();
    return {e.data(), e.data() + e.size()};
}

std::shared_ptr<const RbmSnapshot> train(const RbmParams& p)
{
    RbmExperiment x(p);
    test::runToEnd(x);
    return x.current();
}

QString spectra(const std::vector<double>& learned, const std::vector<double>& exact)
{
    QString s;
    for (std::size_t i = 0; i < learned.size(); ++i)
        s += QString(" %1/%2").arg(learned[i], 0, 'f', 4).arg(exact[i], 0, 'f', 4);
    return "learned/exact:" + s;
}

} // namespace

class TestFieldsRbm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void analyticGradientsMatchFiniteDifferences()
    {
        RngStream rng(5, 0);
        GaussianRbm rbm(6, 4, 7.0, 1.3, 0.3, rng);
        const Eigen::MatrixXd c = fields::freeFieldKernel(fields::FreeFieldGeometry::Chain, 6, 2.0).inverse();
        const Eigen::MatrixXd gw = rbm.weightGradient(c, *rbm.inverseKernel());
        const double gm = GaussianRbm::mu2Gradient(c, *rbm.inverseKernel());
        const double h = 1e-6;
        for (Eigen::Index i = 0; i < 6; ++i)
            for (Eigen::Index a = 0; a < 4; ++a) {
                Eigen::MatrixXd w = rbm.weights();
                w(i, a) += h;
                const double up = GaussianRbm(w, rbm.mu2(), rbm.sigma()).logLikelihood(c);
                w(i, a) -= 2 * h;
                const double down = GaussianRbm(w, rbm.mu2(), rbm.sigma()).logLikelihood(c);
                const double numeric = (up - down) / (2 * h);
                QVERIFY2(
                    std::abs(numeric - gw(i, a)) < 1e-6,
                    qPrintable(
                        QString("dℓ/dW(%1,%2): analytic %3, differences %4").arg(i).arg(a).arg(gw(i, a)).arg(numeric)));
            }
        const double up = GaussianRbm(rbm.weights(), rbm.mu2() + h, rbm.sigma()).logLikelihood(c);
        const double down = GaussianRbm(rbm.weights(), rbm.mu2() - h, rbm.sigma()).logLikelihood(c);
        QVERIFY2(std::abs((up - down) / (2 * h) - gm) < 1e-6,
                 qPrintable(QString("dℓ/dμ²: analytic %1, differences %2").arg(gm).arg((up - down) / (2 * h))));
    }

    void learnsTheFreeFieldSpectrumFromTheKernel()
    {
        RbmParams p; // N_v = N_h = 10, m² = 4, μ² = 9, the reference settings
        const auto s = train(p);
        const auto exact = exactChainSpectrum();
        QCOMPARE(s->spectrum.size(), exact.size());
        for (std::size_t i = 0; i < exact.size(); ++i)
            QVERIFY2(std::abs(s->spectrum[i] / exact[i] - 1) < 0.01,
                     qPrintable(QString("mode %1 off by more than 1 %: ").arg(i) + spectra(s->spectrum, exact)));
        QCOMPARE(s->representable, 10);
        QCOMPARE(s->clamped, 0);
        QCOMPARE(s->backoffs, 0LL);
    }

    void hiddenUnitsCutOffTheUltraviolet()
    {
        RbmParams p;
        p.hidden = 7;
        const auto s = train(p);
        const auto exact = exactChainSpectrum();
        // N_v − N_h = 3 eigenvalues stay at μ²; the lowest 7 are learned.
        int atMu2 = 0;
        for (double e : s->spectrum)
            atMu2 += std::abs(e / p.mu2 - 1) < 0.005 ? 1 : 0;
        QVERIFY2(atMu2 == 3, qPrintable(QString("%1 eigenvalues at μ² = 9, expected 3; ").arg(atMu2) +
                                        spectra(s->spectrum, exact)));
        for (std::size_t i = 0; i < 7; ++i)
            QVERIFY2(std::abs(s->spectrum[i] / exact[i] - 1) < 0.01,
                     qPrintable(QString("mode %1 off by more than 1 %: ").arg(i) + spectra(s->spectrum, exact)));
    }

    void rbmMassClampsTheModesAboveIt()
    {
        RbmParams p;
        p.mu2 = 5.8;
        const auto s = train(p);
        const auto exact = exactChainSpectrum();
        int above = 0;
        for (double e : exact)
            above += e >= p.mu2 ? 1 : 0;
        QCOMPARE(s->clamped, above);
        for (std::size_t i = 0; i < exact.size() - std::size_t(above); ++i)
            QVERIFY2(std::abs(s->spectrum[i] / exact[i] - 1) < 0.01,
                     qPrintable(QString("mode %1: ").arg(i) + spectra(s->spectrum, exact)));
        for (double e : s->spectrum)
            QVERIFY2(e <= p.mu2 * (1 + 1e-9), "K's eigenvalues can never exceed μ²");
    }

    void sampledGradientAgreesWithTheAnalyticOne()
    {
        // At fixed weights, σ²(C_batch − C_chains)W averaged over many
        // mini-batches and Gibbs steps must equal σ²(C − K⁻¹)W within its
        // statistical error, entry by entry (a χ² over all entries).
        RngStream rng(8, 0);
        const int nv = 10, nh = 10;
        GaussianRbm rbm(nv, nh, 9.0, 1.0, 0.45, rng);
        QVERIFY(rbm.inverseKernel().has_value());
        RngStream dataRng(9, 0);
        const RbmTarget target = freeFieldTarget(fields::FreeFieldGeometry::Chain, nv, 4.0, 0, dataRng);
        const Eigen::MatrixXd analytic = rbm.weightGradient(target.covariance, *rbm.inverseKernel());
        const Eigen::MatrixXd chol = target.covariance.llt().matrixL();
        fields::FieldRandom noise(RngStream(10, 0));
        Eigen::MatrixXd chains = Eigen::MatrixXd::Zero(64, nv);
        rbm.gibbs(chains, 200, noise); // equilibrate
        const int batches = 6000;
        std::vector<std::vector<double>> series(std::size_t(nv * nh));
        for (int b = 0; b < batches; ++b) {
            Eigen::MatrixXd z(64, nv);
            for (Eigen::Index r = 0; r < 64; ++r)
                for (Eigen::Index i = 0; i < nv; ++i)
                    z(r, i) = dataRng.normal();
            const Eigen::MatrixXd x = z * chol.transpose();
            rbm.gibbs(chains, 3, noise);
            const Eigen::MatrixXd g = rbm.weightGradient(x.transpose() * x / 64.0, chains.transpose() * chains / 64.0);
            for (Eigen::Index k = 0; k < g.size(); ++k)
                series[std::size_t(k)].push_back(g.data()[k]);
        }
        double chi2 = 0, worst = 0;
        for (Eigen::Index k = 0; k < analytic.size(); ++k) {
            const Estimate e = binningEstimate(series[std::size_t(k)]);
            const double z = (e.mean - analytic.data()[k]) / e.error;
            chi2 += z * z;
            worst = std::max(worst, std::abs(z));
        }
        // 100 entries: χ² ≈ 100 ± 14 (binning errors are themselves ±12 %, so allow more).
        QVERIFY2(chi2 < 200 && worst < 5,
                 qPrintable(QString("sampled vs analytic gradient: χ² = %1 over 100 entries, worst |z| = %2")
                                .arg(chi2)
                                .arg(worst)));
        // And it is not trivially zero: the analytic gradient is many errors away from 0.
        QVERIFY2(analytic.norm() > 0.05, "the test point should have a sizeable gradient");
    }

    void trainingFromSamplesApproachesTheirMaximumLikelihood()
    {
        // From 4000 exact samples the best any Gaussian model can do is the
        // inverse sample covariance; the trained RBM must land near it, and
        // far closer to it than its spread around the exact spectrum.
        RbmParams p;
        p.gradient = RbmGradient::Samples;
        p.dataSamples = 4000;
        p.epochs = 300;
        RbmExperiment x(p);
        test::runToEnd(x);
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(x.target().samples.transpose() * x.target().samples /
                                                          double(x.target().samples.rows()));
        const Eigen::VectorXd c = es.eigenvalues();
        std::vector<double> mle;
        for (Eigen::Index i = c.size() - 1; i >= 0; --i)
            mle.push_back(1.0 / c[i]);
        const auto s = x.current();
        double worst = 0;
        for (std::size_t i = 0; i < mle.size(); ++i)
            worst = std::max(worst, std::abs(s->spectrum[i] / mle[i] - 1));
        QVERIFY2(worst < 0.05, qPrintable(QString("RBM vs the samples' own maximum likelihood, worst %1; ").arg(worst) +
                                          spectra(s->spectrum, mle)));
    }

    void stepsThatWouldBreakPositivityBackOff()
    {
        RbmParams p;
        p.learningRate = 8.0; // far too large: raw steps overshoot μ²
        p.momentum = 0.0;
        p.epochs = 60;
        RbmExperiment x(p);
        Feedback f;
        while (!x.done()) {
            x.step(f);
            QVERIFY2(x.rbm().inverseKernel().has_value(), "K must stay positive definite");
        }
        QVERIFY2(x.current()->backoffs > 0, "a learning rate of 8 should have needed back-offs");
    }

    void learnsADataSetsCorrelatorFromNpy()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("fields.npy").toStdString();
        RngStream rng(12, 0);
        const RbmTarget source = freeFieldTarget(fields::FreeFieldGeometry::Torus, 3, 1.0, 5000, rng);
        std::vector<double> flat(std::size_t(source.samples.size()));
        for (Eigen::Index r = 0; r < source.samples.rows(); ++r)
            for (Eigen::Index i = 0; i < 9; ++i)
                flat[std::size_t(r * 9 + i)] = source.samples(r, i);
        writeNpyFloat64(path, {5000, 3, 3}, flat);
        const RbmTarget t = dataTarget(path);
        QCOMPARE(t.visible(), 9);
        // The inverse spectrum holds the variances: their sum is tr C.
        double sum = 0;
        for (double v : t.inverseSpectrum)
            sum += v;
        QVERIFY(std::abs(sum - t.covariance.trace()) < 1e-9);
        QVERIFY(std::is_sorted(t.spectrum.begin(), t.spectrum.end()));
        RbmParams p;
        p.target = RbmTargetKind::Data;
        p.dataPath = path;
        p.hidden = 9;
        p.mu2 = 12.0;
        const auto s = train(p);
        QVERIFY2(s->maxRelativeError < 0.01,
                 qPrintable("data-set spectrum not learned to 1 %: " + spectra(s->spectrum, s->exactSpectrum)));
    }

    void badParametersNameTheField()
    {
        auto expectError = [](auto edit, const char* field) {
            RbmParams p;
            edit(p);
            try {
                RbmExperiment x(p);
                QFAIL(qPrintable(QString("no error for a bad %1").arg(field)));
            } catch (const ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), QString(field));
            }
        };
        expectError([](auto& p) { p.hidden = 0; }, "hidden");
        expectError([](auto& p) { p.mu2 = -1; }, "mu2");
        expectError([](auto& p) { p.initScale = 5; }, "initScale"); // K indefinite from the start
        expectError([](auto& p) { p.target = RbmTargetKind::Data; }, "data");
        expectError(
            [](auto& p) {
                p.gradient = RbmGradient::Samples;
                p.dataSamples = 10;
            },
            "batch");
        QVERIFY_THROWS_EXCEPTION(ParameterError, parseRbmGradient("contrastive"));
    }
};

QTEST_GUILESS_MAIN(TestFieldsRbm)
#include "tst_fields_rbm.moc"
