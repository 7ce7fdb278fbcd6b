// engine/experiments/fieldtheory: the diffusion model (E3) against a target
// whose score is known exactly. At λ = 0, φ⁴ is the Gaussian free field
// S = ½ φᵀAφ, so the noised law at noise σ is N(0, A⁻¹ + σ²) and its score is
// −(A⁻¹ + σ²)⁻¹ x. The tests check
//  - the score loss: its value is the denoising-score-matching objective
//    E λ(σ)|σ s + z|²_W / V written through score(), and its gradient matches
//    central finite differences (the convolution layer alone is checked in
//    tst_nn_conv);
//  - the reverse SDE and the probability-flow ODE driven by the exact score
//    reproduce the exact ⟨φ²⟩ and χ2 (the samplers apart from learning);
//  - a network trained by the experiment on exact free-field samples has a
//    score close to the exact one, far closer than the Gaussian denoiser it
//    starts from, and its generated ⟨φ²⟩ and χ2 match the exact values
//    within errors;
//  - runs are reproducible from the seed, cancelling keeps the data, bad
//    parameters name their field.
// Exact values are used here only to judge results, never to train.
#include "FieldsTestSupport.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/DiffusionExperiment.hpp"
#include "engine/fields/FreeField.hpp"
#include "engine/io/Npy.hpp"

#include <Eigen/Eigenvalues>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <cmath>

using namespace dlab;
using namespace dlab::fieldtheory;
using dlab::test::expectWithin;
using dlab::test::runToEnd;

namespace {

constexpr int kL = 8;
constexpr double kKappa = 0.2; // free field: χ2 = 1/(2(1 − 4κ)) = 2.5, modes 1/A_p from 0.28 to 2.5

// The free field of Phi4Action(L, κ, 0) as S = ½ φᵀAφ, A = 2·1 − 2κ·(adjacency),
// in its eigenbasis: A = U diag(a) Uᵀ.
struct GaussianTarget {
    Eigen::MatrixXd U;
    Eigen::VectorXd a;

    GaussianTarget(int L, double kappa)
    {
        const Eigen::Index V = Eigen::Index(L) * L;
        // freeFieldKernel(Torus, L, 0) = 4·1 − adjacency.
        const Eigen::MatrixXd adjacency =
            4.0 * Eigen::MatrixXd::Identity(V, V) - fields::freeFieldKernel(fields::FreeFieldGeometry::Torus, L, 0.0);
        const Eigen::MatrixXd A = 2.0 * Eigen::MatrixXd::Identity(V, V) - 2.0 * kappa * adjacency;
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(A);
        U = eig.eigenvectors();
        a = eig.eigenvalues();
    }
    Eigen::Index volume() const { return a.size(); }
    // ⟨φ²⟩ and χ2 = V⟨M²⟩ = (1/V) 1ᵀ C 1 of a Gaussian with the eigenvectors
    // of A and the mode variances `variance`.
    double phiSquared(const Eigen::VectorXd& variance) const { return variance.sum() / double(volume()); }
    double chi2(const Eigen::VectorXd& variance) const
    {
        const Eigen::VectorXd proj = U.transpose() * Eigen::VectorXd::Ones(volume());
        return proj.cwiseAbs2().dot(variance) / double(volume());
    }
    Eigen::VectorXd variances() const { return a.cwiseInverse(); }
    // n exact samples, one per column: x = A^{-1/2} ξ.
    Eigen::MatrixXd sample(Eigen::Index n, fields::FieldRandom& r) const
    {
        Eigen::MatrixXd xi(volume(), n);
        r.fillNormal(xi.data(), std::size_t(xi.size()));
        return U * (a.cwiseSqrt().cwiseInverse().asDiagonal() * xi);
    }
    // ∇ ln p_σ(x) = −(A⁻¹ + σ²)⁻¹ x for every column.
    Eigen::MatrixXd score(const Eigen::MatrixXd& x, double sigma) const
    {
        const Eigen::VectorXd d = (a.cwiseInverse().array() + sigma * sigma).inverse().matrix();
        return -(U * (d.asDiagonal() * (U.transpose() * x)));
    }
};

void writeSet(const QString& path, const Eigen::MatrixXd& x, int L)
{
    const std::vector<double> values(x.data(), x.data() + x.size()); // column k = configuration k, site x + L·y
    writeNpyFloat64(path.toStdString(), {std::size_t(x.cols()), std::size_t(L), std::size_t(L)}, values);
}

} // namespace

class TestFieldsDiffusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoreLossIsDenoisingScoreMatchingWithExactGradient()
    {
        ScoreNetworkShape shape;
        shape.L = 4;
        shape.channels = 3;
        shape.layers = 3; // the middle layer has the global (channel-mean) pathway
        shape.sigmaData = 0.8;
        shape.zeroModeWeight = 2.0;
        RngStream rng(5, 0);
        ScoreNetwork net(shape, rng);
        // A generic point: non-zero biases, no accidental symmetry.
        fields::FieldRandom r{RngStream(5, 1)};
        for (Eigen::Index i = 0; i < net.parameters().size(); ++i)
            net.parameters()[i] += 0.2 * r.normal();
        const Eigen::Index V = 16, B = 3;
        Eigen::MatrixXd x0(V, B), z(V, B);
        r.fillNormal(x0.data(), std::size_t(x0.size()));
        r.fillNormal(z.data(), std::size_t(z.size()));
        x0 *= 0.8;
        const Eigen::VectorXd sigma = (Eigen::VectorXd(B) << 0.05, 0.7, 6.0).finished();

        // The loss is E λ(σ)(|σs + z|² + w V mean(σs + z)²)/V, λ = (σ² + σ_d²)/σ_d².
        const Eigen::MatrixXd s = net.score(x0 + z * sigma.asDiagonal(), sigma);
        double expected = 0;
        for (Eigen::Index b = 0; b < B; ++b) {
            const Eigen::VectorXd e = sigma[b] * s.col(b) + z.col(b);
            const double lambda = (sigma[b] * sigma[b] + 0.64) / 0.64;
            expected += lambda * (e.squaredNorm() + shape.zeroModeWeight * double(V) * e.mean() * e.mean()) / double(V);
        }
        expected /= double(B);
        Eigen::VectorXd g;
        const double value = net.lossAndGradient(x0, z, sigma, g);
        QVERIFY2(
            std::abs(value - expected) < 1e-10 * std::abs(expected),
            qPrintable(QString("loss %1, the score-matching objective through score() %2").arg(value).arg(expected)));
        QCOMPARE(net.loss(x0, z, sigma), value);

        // Every parameter against a central difference.
        const double h = 1e-5;
        double worst = 0;
        Eigen::Index worstAt = -1;
        for (Eigen::Index i = 0; i < net.parameters().size(); ++i) {
            const double p = net.parameters()[i];
            net.parameters()[i] = p + h;
            const double up = net.loss(x0, z, sigma);
            net.parameters()[i] = p - h;
            const double down = net.loss(x0, z, sigma);
            net.parameters()[i] = p;
            const double fd = (up - down) / (2 * h), err = std::abs(fd - g[i]) / std::max(1.0, std::abs(fd));
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString("gradient off finite differences by %1 at parameter %2 of %3")
                                              .arg(worst)
                                              .arg(worstAt)
                                              .arg(net.parameters().size())));
    }

    // The prior x(1) ~ N(0, σ(1)²) ignores the data's own variance Σ_p in
    // p_1 = N(0, Σ + σ(1)²). The ODE is a deterministic flow that carries this
    // into the result: for a Gaussian, mode p ends with variance
    // (Σ_p + σ(t_min)²) σ(1)²/(Σ_p + σ(1)²), a relative bias −Σ_p/σ(1)² (here
    // −0.74 % in ⟨φ²⟩, −2.5 % in χ2). The SDE contracts the initial error
    // quadratically, ((Σ_p + σ(t_min)²)/(Σ_p + σ(1)²))², and ends on Σ.
    void exactScoreReverseProcessesReproduceTheGaussian_data()
    {
        QTest::addColumn<int>("sampler");
        QTest::newRow("reverse SDE") << int(ReverseSampler::Sde);
        QTest::newRow("probability-flow ODE") << int(ReverseSampler::ProbabilityFlow);
    }
    void exactScoreReverseProcessesReproduceTheGaussian()
    {
        QFETCH(int, sampler);
        const GaussianTarget target(kL, kKappa);
        // The matrix above is Phi4Action's: its exact values are FreeField's.
        const auto exact = fields::gaussianPhi4(kL, kKappa);
        QVERIFY(std::abs(target.phiSquared(target.variances()) - exact.phiSquared) < 1e-12);
        QVERIFY(std::abs(target.chi2(target.variances()) - exact.chi2) < 1e-12);

        const DiffusionParams defaults;
        const VeSde sde{25.0, defaults.tMin}; // σ(1)² = 96.9 ≫ every Σ_p = 1/a_p ≤ 2.5
        Eigen::VectorXd law = target.variances();
        if (ReverseSampler(sampler) == ReverseSampler::ProbabilityFlow) {
            const double s1 = std::pow(sde.sigma(1.0), 2), s0 = std::pow(sde.sigma(sde.tMin), 2);
            law = ((law.array() + s0) * s1 / (law.array() + s1)).matrix();
        }
        fields::FieldRandom prior{RngStream(9, 0)};
        const Eigen::Index n = 4096;
        Eigen::MatrixXd x1(target.volume(), n);
        prior.fillNormal(x1.data(), std::size_t(x1.size()));
        x1 *= sde.sigma(1.0);
        ReverseDiffusion reverse(sde, ReverseSampler(sampler), defaults.reverseSteps, x1, RngStream(9, 1));
        const ScoreFunction score = [&](const Eigen::MatrixXd& x, double t) { return target.score(x, sde.sigma(t)); };
        while (!reverse.done())
            reverse.advance(score);
        const auto e = setEstimates(reverse.state(), 1);
        expectWithin("<phi^2>", e.phiSquared, target.phiSquared(law));
        expectWithin("chi2", e.chi2, target.chi2(law));
    }

    void trainedScoreIsCloseToTheExactOneAndSamplesTheGaussian()
    {
        const auto started = std::chrono::steady_clock::now();
        const GaussianTarget target(kL, kKappa);
        const auto exact = fields::gaussianPhi4(kL, kKappa);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        fields::FieldRandom r{RngStream(21, 0)};
        DiffusionParams p;
        p.L = kL;
        p.kappa = kKappa;
        p.lambda = 0.0;
        p.trainPath = dir.filePath("train.npy").toStdString();
        p.testPath = dir.filePath("test.npy").toStdString();
        p.samples = 1024;
        p.channels = 8;
        // A smaller network than the default, trained harder, so the test
        // stays near 10 CPU-seconds: 8 channels, 3 layers (7×7 receptive
        // field, the correlation length here is ≈ 1), 24 epochs at 6·10⁻³.
        // With 4 layers and 8 epochs at 2·10⁻³ the small-σ score (σ < 0.3,
        // 9 % of the training draws) stays close to the Gaussian denoiser and
        // the generated ⟨φ²⟩, a UV quantity, comes out ≈ 5 % high (z ≈ 10).
        p.layers = 3;
        p.epochs = 24;
        p.learningRate = 6e-3;
        p.langevinSteps = 0;
        p.seed = 3;
        writeSet(dir.filePath("train.npy"), target.sample(4096, r), kL);
        writeSet(dir.filePath("test.npy"), target.sample(p.samples, r), kL);
        DiffusionExperiment x(p);
        runToEnd(x);

        // The score error where training puts its weight: the excess of the
        // denoising loss over its minimum, E_σ λ(σ) σ² |s − s_exact|² / V with
        // σ drawn as in training (the loss is this plus a constant), for the
        // learned score and for the Gaussian denoiser with the data's variance
        // that training starts from. Fresh data, not the training set.
        const ScoreNetwork& net = x.network();
        const double d2 = std::pow(net.shape().sigmaData, 2);
        const VeSde sde = x.params().sde(); // σ_max as chosen from the training data
        qInfo("sigma_max from the data: %g", x.params().sigmaMax);
        const Eigen::MatrixXd x0 = target.sample(2048, r);
        double learnedExcess = 0, gaussianExcess = 0;
        for (Eigen::Index k = 0; k < x0.cols(); ++k) {
            const double sigma = sde.sigma(sde.tMin + (1.0 - sde.tMin) * r.uniform());
            Eigen::VectorXd z(x0.rows());
            r.fillNormal(z.data(), std::size_t(z.size()));
            const Eigen::MatrixXd noisy = x0.col(k) + sigma * z;
            const Eigen::MatrixXd exactScore = target.score(noisy, sigma);
            const double weight = (sigma * sigma + d2) / d2 * sigma * sigma / double(x0.rows());
            learnedExcess +=
                weight * (net.score(noisy, Eigen::VectorXd::Constant(1, sigma)) - exactScore).squaredNorm();
            gaussianExcess += weight * (-noisy / (sigma * sigma + d2) - exactScore).squaredNorm();
        }
        const QString msg = QString("excess score-matching loss: learned %1, Gaussian denoiser %2 (ratio %3)")
                                .arg(learnedExcess / double(x0.cols()))
                                .arg(gaussianExcess / double(x0.cols()))
                                .arg(learnedExcess / gaussianExcess);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(learnedExcess < 0.25 * gaussianExcess, qPrintable("learned score too far off: " + msg));

        const auto snapshot = x.current();
        QCOMPARE(int(snapshot->sets.size()), 3); // train, test, generated (no Langevin row)
        const auto& generated = snapshot->sets[2].estimates;
        expectWithin("generated <phi^2>", generated.phiSquared, exact.phiSquared);
        expectWithin("generated chi2", generated.chi2, exact.chi2);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        qInfo("trained and sampled in %.1f s (training %.1f s, sampling %.1f s)", seconds, snapshot->secondsTraining,
              snapshot->secondsSampling);
    }

    // σ(1) of the chosen σ_max is the largest distance between training
    // configurations, never below that of σ_max = 25.
    void sigmaMaxFromTheDataCoversTheLargestDistance()
    {
        Eigen::MatrixXd x = Eigen::MatrixXd::Zero(64, 3);
        x.col(1).setConstant(2.0);  // distance 16 from column 0
        x.col(2).setConstant(-2.0); // distance 32 from column 1: the largest
        const double s = dataSigmaMax(x);
        QVERIFY2(
            std::abs(VeSde{s, 1e-3}.sigma(1.0) - 32.0) < 1e-9,
            qPrintable(QString("sigma_max %1 gives sigma(1) = %2, expected 32").arg(s).arg(VeSde{s, 1e-3}.sigma(1.0))));
        QCOMPARE(dataSigmaMax(0.01 * x), 25.0);
    }

    void runsAreReproducibleAndCancellingKeepsTheData()
    {
        DiffusionParams p;
        p.L = 4;
        p.kappa = 0.25;
        p.trainSize = 64;
        p.samples = 32;
        p.hmcChains = 2;
        p.hmcThermalize = 50;
        p.hmcEvery = 2;
        p.channels = 4;
        p.layers = 3;
        p.epochs = 2;
        p.reverseSteps = 10;
        p.langevinSteps = 5;
        p.seed = 4;
        DiffusionExperiment a(p), b(p);
        runToEnd(a);
        runToEnd(b);
        QCOMPARE(int(a.generated().cols()), p.samples);
        QVERIFY2(a.generated() == b.generated() && a.langevin() == b.langevin(), "two runs from the same seed differ");
        QVERIFY(a.current()->sets.size() == 4);

        // Cancelled during training: the data sets and the losses so far stay.
        DiffusionExperiment c(p);
        Feedback f;
        while (c.current()->phase != DiffusionPhase::Training)
            c.step(f);
        c.step(f);
        f.cancel();
        c.step(f);
        QVERIFY(!c.done());
        QCOMPARE(c.trainingSet(), a.trainingSet());
        QCOMPARE(c.testSet(), a.testSet());
        QCOMPARE(int(c.current()->sets.size()), 2);
    }

    void badParametersNameTheField()
    {
        auto expectError = [](auto edit, const char* field) {
            DiffusionParams p;
            edit(p);
            try {
                DiffusionExperiment x(p);
                QFAIL(qPrintable(QString("no error for a bad %1").arg(field)));
            } catch (const ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), QString(field));
            }
        };
        expectError([](auto& p) { p.layers = 1; }, "layers");
        expectError([](auto& p) { p.reverseSteps = 0; }, "reverseSteps");
        expectError([](auto& p) { p.sigmaMax = 1.2; }, "sigmaMax");
        expectError(
            [](auto& p) {
                p.lambda = 0;
                p.kappa = 0.3;
            },
            "kappa");
        expectError([](auto& p) { p.trainPath = "/nonexistent/train.npy"; }, "train");
        QTemporaryDir dir;
        const Eigen::MatrixXd wrongSize = Eigen::MatrixXd::Zero(16, 32); // L = 4 configurations
        writeSet(dir.filePath("small.npy"), wrongSize, 4);
        const std::string small = dir.filePath("small.npy").toStdString();
        expectError([&](auto& p) { p.testPath = small; }, "test");
        QVERIFY_THROWS_EXCEPTION(ParameterError, parseReverseSampler("ddpm"));
    }
};

QTEST_GUILESS_MAIN(TestFieldsDiffusion)
#include "tst_fields_diffusion.moc"
