// MADE and the conditionals of autoregressive networks: hand-written
// gradients against central finite differences, the autoregressive property,
// exact normalisation by enumeration (and quadrature for angles), ancestral
// sampling against the exact probabilities, and thread-count independence.
#include "engine/core/ParameterError.hpp"
#include "engine/nn/AutoregressiveModel.hpp"
#include "engine/nn/BetaConditional.hpp"
#include "engine/nn/CategoricalConditional.hpp"
#include "engine/nn/SpecialFunctions.hpp"
#include "engine/nn/SpinConditional.hpp"
#include "engine/nn/VonMisesMixture.hpp"

#include <QtTest>
#include <cmath>
#include <numbers>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::nn;

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

Eigen::MatrixXd randomMatrix(Eigen::Index r, Eigen::Index c, RngStream& rng, double scale = 1.0)
{
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index i = 0; i < r; ++i)
        for (Eigen::Index j = 0; j < c; ++j)
            m(i, j) = scale * rng.normal();
    return m;
}

// Random values a conditional accepts.
Eigen::MatrixXd randomValues(const Conditional& c, Eigen::Index rows, int sites, RngStream& rng)
{
    Eigen::MatrixXd v(rows, sites);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (int i = 0; i < sites; ++i) {
            if (c.name() == "bernoulli")
                v(r, i) = rng.uniform() < 0.5 ? -1.0 : 1.0;
            else if (c.name() == "categorical")
                v(r, i) = double(rng.below(std::uint32_t(c.outputsPerSite())));
            else
                v(r, i) = kTwoPi * (0.02 + 0.96 * rng.uniform());
        }
    return v;
}

std::shared_ptr<const Conditional> makeConditional(const QString& name)
{
    if (name == "bernoulli") return std::make_shared<SpinConditional>();
    if (name == "categorical")
        return std::make_shared<CategoricalConditional>(std::vector<double>{-1, -0.5, 0, 0.5, 1});
    if (name == "vonmises") return std::make_shared<VonMisesMixture>(3);
    return std::make_shared<BetaConditional>();
}

MadeShape smallShape(int sites, std::vector<int> hidden, Activation a = Activation::Tanh, bool direct = true)
{
    MadeShape s;
    s.sites = sites;
    s.hidden = std::move(hidden);
    s.activation = a;
    s.direct = direct;
    return s;
}

// All 2^N spin configurations as rows of ±1.
Eigen::MatrixXd allSpinStates(int N)
{
    Eigen::MatrixXd v(Eigen::Index(1) << N, N);
    for (Eigen::Index k = 0; k < v.rows(); ++k)
        for (int i = 0; i < N; ++i)
            v(k, i) = (k >> i) & 1 ? 1.0 : -1.0;
    return v;
}

// Random weights within the masks, far from the near-uniform initialisation.
void perturb(AutoregressiveModel& model, double scale, RngStream& rng)
{
    model.parameters() += randomMatrix(model.parameters().size(), 1, rng, scale);
    model.network().zeroMasked(model.parameters());
}

} // namespace

class TestMade : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void besselFunctionsMatchTheStandardLibrary()
    {
        for (double k : {1e-6, 0.01, 0.5, 1.0, 3.0, 9.0, 14.99, 15.01, 25.0, 60.0, 300.0}) {
            const double i0 = std::cyl_bessel_i(0.0, k), i1 = std::cyl_bessel_i(1.0, k);
            QVERIFY2(std::abs(logBesselI0(k) - std::log(i0)) < 1e-12 * std::max(1.0, std::log(i0)),
                     qPrintable(QString("ln I0(%1) = %2, expected %3")
                                    .arg(k)
                                    .arg(logBesselI0(k), 0, 'g', 16)
                                    .arg(std::log(i0), 0, 'g', 16)));
            QVERIFY2(std::abs(besselRatioI1I0(k) - i1 / i0) < 1e-12, qPrintable(QString("I1/I0(%1) = %2, expected %3")
                                                                                    .arg(k)
                                                                                    .arg(besselRatioI1I0(k), 0, 'g', 16)
                                                                                    .arg(i1 / i0, 0, 'g', 16)));
        }
        // Far beyond std::cyl_bessel_i's range: ln I0(κ) → κ − ½ ln(2πκ) + 1/(8κ).
        const double k = 5000;
        QVERIFY(std::abs(logBesselI0(k) - (k - 0.5 * std::log(kTwoPi * k) + 1 / (8 * k))) < 1e-8);
    }

    void digammaMatchesKnownValues()
    {
        const double euler = 0.57721566490153286;
        QVERIFY(std::abs(digamma(1.0) + euler) < 1e-13);
        QVERIFY(std::abs(digamma(0.5) + euler + 2 * std::log(2.0)) < 1e-13);
        QVERIFY(std::abs(digamma(10.0) - (-euler + 7129.0 / 2520.0)) < 1e-13); // ψ(n) = −γ + H_{n−1}
        for (double x : {0.03, 0.7, 2.5, 7.3, 40.0}) {
            const double h = 1e-5 * x;
            const double numeric = (std::lgamma(x + h) - std::lgamma(x - h)) / (2 * h);
            QVERIFY2(std::abs(digamma(x) - numeric) < 1e-7 * std::max(1.0, std::abs(numeric)),
                     qPrintable(QString("psi(%1) = %2, d lnGamma/dx = %3").arg(x).arg(digamma(x)).arg(numeric)));
        }
    }

    void conditionalGradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<QString>("conditional");
        for (const char* c : {"bernoulli", "categorical", "vonmises", "beta"})
            QTest::newRow(c) << QString(c);
    }
    void conditionalGradientsMatchFiniteDifferences()
    {
        QFETCH(QString, conditional);
        const auto c = makeConditional(conditional);
        RngStream rng(11, 0);
        const int rows = 40, d = c->outputsPerSite();
        Eigen::MatrixXd out = randomMatrix(rows, d, rng, 1.5);
        const Eigen::VectorXd values = randomValues(*c, rows, 1, rng).col(0);
        Eigen::VectorXd lp(rows), lp2(rows), up(rows), down(rows);
        Eigen::MatrixXd grad(rows, d);
        c->logProbGradient(out, values, lp, grad);
        c->logProb(out, values, lp2);
        QCOMPARE((lp - lp2).cwiseAbs().maxCoeff(), 0.0);
        double worst = 0;
        const double h = 1e-6;
        for (int j = 0; j < d; ++j) {
            Eigen::MatrixXd o = out;
            o.col(j).array() += h;
            c->logProb(o, values, up);
            o.col(j).array() -= 2 * h;
            c->logProb(o, values, down);
            const Eigen::VectorXd numeric = (up - down) / (2 * h);
            for (int r = 0; r < rows; ++r)
                worst = std::max(worst, std::abs(grad(r, j) - numeric[r]) / std::max(1.0, std::abs(numeric[r])));
        }
        QVERIFY2(worst < 1e-7, qPrintable(QString("worst relative gradient error %1").arg(worst)));
    }

    void madeGradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("activation");
        QTest::addColumn<bool>("direct");
        QTest::newRow("direct only") << 0 << int(Activation::Tanh) << true;
        QTest::newRow("1 tanh layer + direct") << 1 << int(Activation::Tanh) << true;
        QTest::newRow("2 relu layers") << 2 << int(Activation::ReLU) << false;
        QTest::newRow("2 tanh layers + direct") << 2 << int(Activation::Tanh) << true;
    }
    void madeGradientsMatchFiniteDifferences()
    {
        QFETCH(int, layers);
        QFETCH(int, activation);
        QFETCH(bool, direct);
        RngStream rng(3, 1);
        MadeShape s = smallShape(5, std::vector<int>(std::size_t(layers), 7), Activation(activation), direct);
        s.inputsPerSite = 2;
        s.outputsPerSite = 3;
        Made made(s, rng);
        made.parameters() += 0.3 * randomMatrix(made.parameters().size(), 1, rng);
        made.zeroMasked(made.parameters());
        const Eigen::MatrixXd x = randomMatrix(6, made.inputs(), rng);
        const Eigen::MatrixXd weight = randomMatrix(6, made.outputs(), rng);
        // L = Σ weight ⊙ out, so dL/dout = weight.
        auto loss = [&](const Made& m, const Eigen::MatrixXd& in) {
            Eigen::MatrixXd out;
            m.forward(in, out);
            return (out.array() * weight.array()).sum();
        };
        Made::Cache cache;
        Eigen::MatrixXd out, dx;
        made.forward(x, out, &cache);
        Eigen::VectorXd g;
        made.backward(x, cache, weight, g, &dx);
        // Masked weights (held at 0) get no gradient; every other weight
        // must match finite differences.
        Eigen::VectorXd open = Eigen::VectorXd::Ones(made.parameters().size());
        made.zeroMasked(open);
        QVERIFY2(open.sum() < open.size(), "the masks removed no weight");
        const double h = 1e-6;
        double worst = 0;
        for (Eigen::Index i = 0; i < made.parameters().size(); ++i) {
            if (open[i] == 0) {
                QCOMPARE(g[i], 0.0);
                continue;
            }
            Made m = made;
            const double keep = m.parameters()[i];
            m.parameters()[i] = keep + h;
            const double up = loss(m, x);
            m.parameters()[i] = keep - h;
            const double numeric = (up - loss(m, x)) / (2 * h);
            worst = std::max(worst, std::abs(g[i] - numeric) / std::max(1.0, std::abs(numeric)));
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString("parameter gradient: worst relative error %1").arg(worst)));
        double worstX = 0;
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            for (Eigen::Index r = 0; r < x.rows(); ++r) {
                Eigen::MatrixXd xp = x, xm = x;
                xp(r, j) += h;
                xm(r, j) -= h;
                const double numeric = (loss(made, xp) - loss(made, xm)) / (2 * h);
                worstX = std::max(worstX, std::abs(dx(r, j) - numeric) / std::max(1.0, std::abs(numeric)));
            }
        QVERIFY2(worstX < 1e-6, qPrintable(QString("input gradient: worst relative error %1").arg(worstX)));
    }

    // ∂ ln p(x_i | ·)/∂x_j = 0 for j ≥ i, through the network's input gradient
    // (exactly zero) and by changing x_j (p(x_i | ·) unchanged).
    void outputsOfSiteIDependOnlyOnEarlierSites_data()
    {
        QTest::addColumn<QString>("conditional");
        for (const char* c : {"bernoulli", "vonmises"})
            QTest::newRow(c) << QString(c);
    }
    void outputsOfSiteIDependOnlyOnEarlierSites()
    {
        QFETCH(QString, conditional);
        const auto c = makeConditional(conditional);
        RngStream rng(5, 2);
        const int N = 9;
        AutoregressiveModel model(smallShape(N, {20, 20}), c, rng);
        perturb(model, 0.2, rng);
        const Eigen::MatrixXd values = randomValues(*c, 8, N, rng);
        const Eigen::MatrixXd x = model.encode(values);
        const int din = c->inputsPerSite(), dout = c->outputsPerSite();
        Made::Cache cache;
        Eigen::MatrixXd out, dx;
        model.network().forward(x, out, &cache);
        for (int i = 0; i < N; ++i) {
            Eigen::MatrixXd dOut = Eigen::MatrixXd::Zero(out.rows(), out.cols());
            dOut.middleCols(i * dout, dout) = randomMatrix(out.rows(), dout, rng);
            Eigen::VectorXd g;
            model.network().backward(x, cache, dOut, g, &dx);
            const double later = dx.rightCols(Eigen::Index(N - i) * din).cwiseAbs().maxCoeff();
            QVERIFY2(later == 0.0,
                     qPrintable(QString("site %1's outputs depend on sites ≥ %1 (|∂/∂x| = %2)").arg(i).arg(later)));
            if (i > 0)
                QVERIFY2(dx.leftCols(Eigen::Index(i) * din).cwiseAbs().maxCoeff() > 0,
                         qPrintable(QString("site %1's outputs ignore every earlier site").arg(i)));
        }
        const Eigen::MatrixXd before = model.siteLogProbs(values);
        for (int j = 0; j < N; ++j) {
            Eigen::MatrixXd changed = values;
            for (Eigen::Index r = 0; r < changed.rows(); ++r)
                changed(r, j) = conditional == "bernoulli" ? -changed(r, j) : std::fmod(changed(r, j) + 2.0, kTwoPi);
            const Eigen::MatrixXd after = model.siteLogProbs(changed);
            const double diff = j == 0 ? 0.0 : (after - before).leftCols(j).cwiseAbs().maxCoeff();
            QVERIFY2(diff == 0.0,
                     qPrintable(QString("changing site %1 changed an earlier conditional by %2").arg(j).arg(diff)));
        }
    }

    void untrainedSpinModelIsNormalisedOnTheFourByFourTorus()
    {
        RngStream rng(7, 0);
        AutoregressiveModel model(smallShape(16, {32, 32}), std::make_shared<SpinConditional>(), rng);
        perturb(model, 0.5, rng); // far from uniform
        const Eigen::VectorXd lp = model.logProb(allSpinStates(16));
        const double total = lp.array().exp().sum();
        QVERIFY2(std::abs(total - 1.0) < 1e-9, qPrintable(QString("Σ p = %1").arg(total, 0, 'g', 17)));
        QVERIFY2(lp.maxCoeff() - lp.minCoeff() > 1.0, "the test network is too close to uniform to test anything");
    }

    void categoricalModelIsNormalised()
    {
        RngStream rng(7, 1);
        const auto c = std::make_shared<CategoricalConditional>(std::vector<double>{-1, -0.5, 0, 0.5, 1});
        AutoregressiveModel model(smallShape(5, {16}), c, rng);
        perturb(model, 0.5, rng);
        Eigen::MatrixXd all(3125, 5);
        for (int k = 0; k < 3125; ++k)
            for (int i = 0, v = k; i < 5; ++i, v /= 5)
                all(k, i) = v % 5;
        const double total = model.logProb(all).array().exp().sum();
        QVERIFY2(std::abs(total - 1.0) < 1e-9, qPrintable(QString("Σ p = %1").arg(total, 0, 'g', 17)));
    }

    // ∫∫ p(u1, u2) du1 du2 = 1 by the periodic trapezoidal rule (spectrally
    // accurate for the smooth periodic von Mises density).
    void vonMisesModelIsNormalised()
    {
        RngStream rng(7, 2);
        AutoregressiveModel model(smallShape(2, {8}), std::make_shared<VonMisesMixture>(2), rng);
        perturb(model, 0.3, rng);
        const int n = 400;
        Eigen::MatrixXd grid(n * n, 2);
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b)
                grid.row(a * n + b) << kTwoPi * a / n, kTwoPi * b / n;
        const double total = model.logProb(grid).array().exp().sum() / (double(n) * n);
        QVERIFY2(std::abs(total - 1.0) < 1e-9, qPrintable(QString("∫ p du = %1").arg(total, 0, 'g', 17)));
    }

    void betaConditionalIsNormalised()
    {
        BetaConditional c;
        // Midpoint rule on u in (0, 1), with a, b > 1 so the density is smooth.
        Eigen::MatrixXd out(1, 2);
        out << 1.7, 0.9;
        const int n = 200000;
        double total = 0;
        Eigen::VectorXd lp(1), v(1);
        for (int k = 0; k < n; ++k) {
            v[0] = kTwoPi * (k + 0.5) / n;
            c.logProb(out, v, lp);
            total += std::exp(lp[0]) / n;
        }
        QVERIFY2(std::abs(total - 1.0) < 1e-6, qPrintable(QString("∫ p du = %1").arg(total, 0, 'g', 12)));
    }

    // Every one of the 16 states of a 4-spin model, sampled 2·10⁵ times: a χ²
    // test against the exact p_θ, and sample()'s ln p equals logProb().
    void ancestralSamplesFollowTheModel()
    {
        RngStream rng(9, 0);
        const int N = 4;
        AutoregressiveModel model(smallShape(N, {12}), std::make_shared<SpinConditional>(), rng);
        perturb(model, 0.7, rng);
        const Eigen::VectorXd p = model.logProb(allSpinStates(N)).array().exp();
        Eigen::VectorXd lp;
        const int count = 200000;
        const Eigen::MatrixXd s = model.sample(count, RngStream(21, 4), &lp);
        QVERIFY((lp - model.logProb(s)).cwiseAbs().maxCoeff() < 1e-12);
        std::vector<double> counts(16, 0);
        for (int r = 0; r < count; ++r) {
            int k = 0;
            for (int i = 0; i < N; ++i)
                k |= (s(r, i) > 0 ? 1 : 0) << i;
            counts[std::size_t(k)] += 1;
        }
        double chi2 = 0;
        for (int k = 0; k < 16; ++k)
            chi2 += std::pow(counts[std::size_t(k)] - count * p[k], 2) / (count * p[k]);
        // 15 degrees of freedom: P(χ² > 37.7) = 0.001.
        QVERIFY2(chi2 < 37.7, qPrintable(QString("chi² = %1 with 15 degrees of freedom").arg(chi2)));
    }

    void incrementalSweepMatchesTheForwardPass()
    {
        RngStream rng(13, 0);
        const auto c = std::make_shared<VonMisesMixture>(2);
        AutoregressiveModel model(smallShape(12, {30, 17}, Activation::ReLU), c, rng);
        const Eigen::MatrixXd values = randomValues(*c, 5, 12, rng);
        const Eigen::MatrixXd x = model.encode(values);
        Eigen::MatrixXd full, site;
        model.network().forward(x, full);
        Made::Sweep sweep(model.network(), 5);
        double worst = 0;
        for (int i = 0; i < 12; ++i) {
            sweep.siteOutputs(i, site);
            worst = std::max(worst, (site - full.middleCols(i * 6, 6)).cwiseAbs().maxCoeff());
            sweep.inputs().middleCols(i * 2, 2) = x.middleCols(i * 2, 2);
        }
        QVERIFY2(worst < 1e-12, qPrintable(QString("sweep and forward differ by %1").arg(worst)));
    }

    void samplersHaveTheRightMoments()
    {
        RngStream rng(17, 0);
        for (double kappa : {0.3, 2.0, 30.0}) {
            const int n = 100000;
            double sc = 0, ss = 0;
            for (int k = 0; k < n; ++k) {
                const double t = VonMisesMixture::sampleVonMises(kappa, rng);
                sc += std::cos(t);
                ss += std::sin(t);
            }
            // ⟨cos θ⟩ = I1/I0, ⟨sin θ⟩ = 0; standard error ≤ 1/√n.
            const double tol = 5 / std::sqrt(double(n));
            QVERIFY2(
                std::abs(sc / n - besselRatioI1I0(kappa)) < tol,
                qPrintable(
                    QString("κ = %1: <cos> = %2, expected %3").arg(kappa).arg(sc / n).arg(besselRatioI1I0(kappa))));
            QVERIFY(std::abs(ss / n) < tol);
        }
        for (double shape : {0.4, 1.0, 6.5}) {
            const int n = 100000;
            double sum = 0;
            for (int k = 0; k < n; ++k)
                sum += BetaConditional::sampleGamma(shape, rng);
            // Gamma(a): mean a, variance a.
            QVERIFY2(std::abs(sum / n - shape) < 5 * std::sqrt(shape / n),
                     qPrintable(QString("Gamma(%1) mean %2").arg(shape).arg(sum / n)));
        }
    }

    void resultsDoNotDependOnTheThreadCount()
    {
        RngStream rng(19, 0);
        AutoregressiveModel model(smallShape(36, {64}), std::make_shared<SpinConditional>(), rng);
        const RngStream sampling(23, 1);
        auto run = [&](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            Eigen::MatrixXd s = model.sample(1000, sampling);
            Eigen::VectorXd w = Eigen::VectorXd::Constant(1000, -1e-3), g;
            model.weightedLogProbGradient(s, w, g);
            return std::make_pair(s, g);
        };
        const auto one = run(1), two = run(2);
        QVERIFY(one.first == two.first);
        QVERIFY(one.second == two.second);
    }

    void badShapesAreRefusedByName()
    {
        RngStream rng(1, 1);
        MadeShape s = smallShape(1, {4});
        QVERIFY_THROWS_EXCEPTION(ParameterError, Made(s, rng));
        s = smallShape(8, {}, Activation::Tanh, false);
        try {
            Made m(s, rng);
            QFAIL("a MADE with neither hidden layers nor direct connection was accepted");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("hidden"));
        }
    }
};

QTEST_APPLESS_MAIN(TestMade)
#include "tst_made.moc"
