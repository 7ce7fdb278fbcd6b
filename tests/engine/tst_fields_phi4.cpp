// engine/fields: the φ⁴ samplers against exact results. At λ = 0 the model is
// Gaussian and ⟨φ²⟩, χ2, ⟨|M|⟩ follow from the Fourier modes (FreeField.hpp);
// every sampler must reproduce them within 4σ of its own error bars (Langevin
// its exact finite-ε law, and the exact continuum values after ε → 0). At
// λ ≠ 0 HMC, MALA and the cluster sampler must agree with each other.
#include "FieldsTestSupport.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"
#include "engine/fields/FieldRandom.hpp"
#include "engine/fields/FreeField.hpp"
#include "engine/fields/Phi4Ensemble.hpp"

#include <Eigen/Eigenvalues>
#include <QtTest>
#include <cmath>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::fields;
using dlab::test::expectWithin;

namespace {

Phi4Estimates sample(const Phi4Action& action, FieldChainOptions o, long long updatesPerChain, std::uint64_t seed,
                     int chains = 2, int thermalize = 2000)
{
    Phi4EnsembleOptions e;
    e.chains = chains;
    e.thermalize = thermalize;
    e.updatesPerChain = updatesPerChain;
    e.seed = seed;
    Phi4Ensemble ensemble(action, o, e);
    Feedback feedback;
    while (!ensemble.done())
        ensemble.advance(100000, feedback, Phi4Ensemble::Clock::time_point::max());
    return ensemble.estimates();
}

void expectAgree(const char* what, const Estimate& a, const Estimate& b)
{
    const double s = std::hypot(a.error, b.error);
    const double z = (a.mean - b.mean) / s;
    const QString msg = QString("%1: %2 ± %3 vs %4 ± %5 (z = %6)")
                            .arg(what)
                            .arg(a.mean)
                            .arg(a.error)
                            .arg(b.mean)
                            .arg(b.error)
                            .arg(z, 0, 'f', 2);
    qInfo("%s", qPrintable(msg));
    QVERIFY2(std::isfinite(z) && std::abs(z) < 4, qPrintable("samplers disagree by more than 4 sigma: " + msg));
}

} // namespace

class TestFieldsPhi4 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forceIsMinusTheGradientOfTheAction()
    {
        const Phi4Action a(5, 0.23, 0.7); // odd L: the wrapped edges matter
        RngStream rng(7, 0);
        std::vector<double> phi(25), f(25);
        for (double& x : phi)
            x = rng.normal();
        a.force(phi.data(), f.data());
        const double h = 1e-6;
        for (int i = 0; i < 25; ++i) {
            const double keep = phi[std::size_t(i)];
            phi[std::size_t(i)] = keep + h;
            const double up = a.action(phi.data());
            phi[std::size_t(i)] = keep - h;
            const double down = a.action(phi.data());
            phi[std::size_t(i)] = keep;
            const double numeric = -(up - down) / (2 * h);
            QVERIFY2(
                std::abs(numeric - f[std::size_t(i)]) < 1e-6 * std::max(1.0, std::abs(numeric)),
                qPrintable(
                    QString("site %1: force %2, −dS/dφ by differences %3").arg(i).arg(f[std::size_t(i)]).arg(numeric)));
        }
        // The single-site form used by local updates agrees with the full action.
        const int site = 7;
        const double n = a.neighbourSum(phi.data(), site);
        const double before = a.action(phi.data());
        const double old = phi[site];
        phi[site] = old + 0.37;
        const double after = a.action(phi.data());
        QCOMPARE_LT(std::abs((after - before) - (a.siteAction(old + 0.37, n) - a.siteAction(old, n))), 1e-10);
    }

    void zigguratNormalsHaveTheNormalLaw()
    {
        FieldRandom rng(RngStream(11, 3));
        const int n = 2000000;
        // 40 bins on [−4, 4] plus two tails, against the normal CDF: a χ² test.
        const int bins = 40;
        std::vector<double> count(bins + 2, 0.0);
        double s2 = 0, s4 = 0;
        for (int i = 0; i < n; ++i) {
            const double x = rng.normal();
            s2 += x * x;
            s4 += x * x * x * x;
            const int b = x < -4 ? 0 : x >= 4 ? bins + 1 : 1 + int((x + 4) / 8 * bins);
            count[std::size_t(b)] += 1;
        }
        auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
        double chi2 = 0;
        for (int b = 0; b < bins + 2; ++b) {
            const double lo = b == 0 ? -INFINITY : -4 + 8.0 * (b - 1) / bins;
            const double hi = b == bins + 1 ? INFINITY : -4 + 8.0 * b / bins;
            const double expected = n * (cdf(hi) - cdf(lo));
            chi2 += (count[std::size_t(b)] - expected) * (count[std::size_t(b)] - expected) / expected;
        }
        // 41 degrees of freedom: mean 41, sd 9; 80 is beyond 4 sd.
        QVERIFY2(chi2 < 80, qPrintable(QString("chi² = %1 over 42 bins (41 dof), expected ≈ 41 ± 9").arg(chi2)));
        QVERIFY2(std::abs(s2 / n - 1) < 4 * std::sqrt(2.0 / n),
                 qPrintable(QString("⟨x²⟩ = %1, expected 1 ± %2").arg(s2 / n).arg(std::sqrt(2.0 / n))));
        QVERIFY2(std::abs(s4 / n - 3) < 4 * std::sqrt(96.0 / n),
                 qPrintable(QString("⟨x⁴⟩ = %1, expected 3 ± %2").arg(s4 / n).arg(std::sqrt(96.0 / n))));
    }

    void stepSizeTunerSettlesOnTheTarget()
    {
        // A synthetic sampler: acceptance probability e^{−ε²}; target 0.8 ⇒ ε = √(ln 1.25).
        StepSizeTuner tuner(0.05, 0.8);
        for (int t = 0; t < 4000; ++t)
            tuner.record(std::exp(-tuner.stepSize() * tuner.stepSize()));
        const double expected = std::sqrt(std::log(1.25));
        QVERIFY2(std::abs(tuner.stepSize() / expected - 1) < 0.02,
                 qPrintable(QString("ε = %1, expected %2").arg(tuner.stepSize()).arg(expected)));
        tuner.freeze();
        const double frozen = tuner.stepSize();
        tuner.record(0.0);
        QCOMPARE(tuner.stepSize(), frozen);
    }

    void hmcTrajectoriesAreReversible_data()
    {
        QTest::addColumn<int>("integrator");
        QTest::newRow("leapfrog") << int(Integrator::Leapfrog);
        QTest::newRow("omelyan") << int(Integrator::Omelyan);
    }
    void hmcTrajectoriesAreReversible()
    {
        QFETCH(int, integrator);
        const Phi4Action a(8, 0.27, 0.022);
        Hmc hmc(a);
        RngStream rng(3, 0);
        std::vector<double> phi(64), p(64);
        for (std::size_t i = 0; i < 64; ++i) {
            phi[i] = 1.0 + 0.5 * rng.normal();
            p[i] = rng.normal();
        }
        const auto phi0 = phi, p0 = p;
        const double h0 = hmc.hamiltonian(phi, p);
        hmc.integrate(phi, p, 25, 0.04, Integrator(integrator));
        const double h1 = hmc.hamiltonian(phi, p);
        for (double& x : p)
            x = -x;
        hmc.integrate(phi, p, 25, 0.04, Integrator(integrator));
        double worst = 0;
        for (std::size_t i = 0; i < 64; ++i)
            worst = std::max({worst, std::abs(phi[i] - phi0[i]), std::abs(p[i] + p0[i])});
        QVERIFY2(worst < 1e-10, qPrintable(QString("forward, flip, forward: back to the start within %1").arg(worst)));
        QVERIFY2(std::abs(h1 - h0) < 0.5, qPrintable(QString("|ΔH| = %1 for a short trajectory").arg(h1 - h0)));
    }

    void omelyanBeatsLeapfrogAtEqualStepSize()
    {
        const Phi4Action a(8, 0.27, 0.022);
        Hmc hmc(a);
        RngStream rng(5, 0);
        double dLeap = 0, dOmel = 0;
        for (int t = 0; t < 50; ++t) {
            std::vector<double> phi(64), p(64);
            for (std::size_t i = 0; i < 64; ++i) {
                phi[i] = 1.0 + 0.5 * rng.normal();
                p[i] = rng.normal();
            }
            for (Integrator integ : {Integrator::Leapfrog, Integrator::Omelyan}) {
                auto f = phi, q = p;
                const double h0 = hmc.hamiltonian(f, q);
                hmc.integrate(f, q, 10, 0.1, integ);
                (integ == Integrator::Leapfrog ? dLeap : dOmel) += std::abs(hmc.hamiltonian(f, q) - h0);
            }
        }
        QVERIFY2(dOmel < 0.5 * dLeap,
                 qPrintable(QString("mean |ΔH|: Omelyan %1, leapfrog %2").arg(dOmel / 50).arg(dLeap / 50)));
    }

    void expMinusDeltaHAveragesToOne()
    {
        // Creutz's identity ⟨e^{−ΔH}⟩ = 1 holds for an area-preserving,
        // reversible integrator in equilibrium; a large step makes ΔH matter.
        const Phi4Action a(8, 0.25, 0.02);
        Hmc hmc(a);
        FieldRandom rng(RngStream(9, 0));
        std::vector<double> phi(64, 0.0);
        std::vector<double> w;
        for (int t = 0; t < 42000; ++t) {
            const auto r = hmc.trajectory(phi, rng, 3, 0.45, Integrator::Leapfrog);
            if (t >= 2000) w.push_back(std::exp(-r.deltaH));
        }
        const Estimate e = binningEstimate(w);
        int accepted = 0;
        for (double x : w)
            accepted += x >= 1 ? 1 : 0;
        qInfo("⟨e^-ΔH⟩ = %g ± %g", e.mean, e.error);
        QVERIFY2(e.error < 0.02, "error bar too large to test anything");
        expectWithin("<exp(-dH)>", e, 1.0);
    }

    void freeFieldExactForHmcMalaAndCluster_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<int>("updates");
        QTest::newRow("hmc") << int(FieldAlgorithm::Hmc) << 60000;
        QTest::newRow("mala") << int(FieldAlgorithm::Mala) << 150000;
        QTest::newRow("cluster") << int(FieldAlgorithm::Cluster) << 40000;
    }
    void freeFieldExactForHmcMalaAndCluster()
    {
        QFETCH(int, algorithm);
        QFETCH(int, updates);
        const int L = 8;
        const double kappa = 0.2;
        const GaussianPhi4 exact = gaussianPhi4(L, kappa);
        FieldChainOptions o;
        o.algorithm = FieldAlgorithm(algorithm);
        const Phi4Estimates e = sample(Phi4Action(L, kappa, 0.0), o, updates, 21);
        QVERIFY(e.reliable);
        expectWithin("<phi^2>", e.phiSquared, exact.phiSquared);
        expectWithin("chi2", e.chi2, exact.chi2);
        expectWithin("<|M|>", e.absM, exact.absM);
        expectWithin("U_L", e.binder, 0.0);
    }

    void langevinHasItsExactBiasAndExtrapolatesToTheFreeField()
    {
        const int L = 8;
        const double kappa = 0.2;
        const std::vector<double> eps{0.02, 0.04, 0.06};
        std::vector<Phi4Estimates> runs;
        for (double e : eps) {
            FieldChainOptions o;
            o.algorithm = FieldAlgorithm::Langevin;
            o.stepSize = e;
            runs.push_back(sample(Phi4Action(L, kappa, 0.0), o, 300000, 33, 2, 4000));
            const GaussianPhi4 biased = gaussianPhi4(L, kappa, e);
            qInfo("epsilon = %g", e);
            expectWithin("<phi^2> at finite epsilon", runs.back().phiSquared, biased.phiSquared);
            expectWithin("chi2 at finite epsilon", runs.back().chi2, biased.chi2);
        }
        // Weighted least squares y = a + bε; a is the ε → 0 value, with its error.
        auto extrapolate = [&](auto pick) {
            double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (std::size_t k = 0; k < eps.size(); ++k) {
                const Estimate v = pick(runs[k]);
                const double w = 1 / (v.error * v.error);
                s += w;
                sx += w * eps[k];
                sy += w * v.mean;
                sxx += w * eps[k] * eps[k];
                sxy += w * eps[k] * v.mean;
            }
            const double det = s * sxx - sx * sx;
            return Estimate{(sxx * sy - sx * sxy) / det, std::sqrt(sxx / det)};
        };
        const GaussianPhi4 exact = gaussianPhi4(L, kappa);
        const Estimate phi2 = extrapolate([](const Phi4Estimates& r) { return r.phiSquared; });
        const Estimate chi2 = extrapolate([](const Phi4Estimates& r) { return r.chi2; });
        expectWithin("<phi^2> extrapolated to epsilon = 0", phi2, exact.phiSquared);
        expectWithin("chi2 extrapolated to epsilon = 0", chi2, exact.chi2);
        // The bias is real: the largest ε is many σ away from the continuum value.
        const Estimate far = runs.back().phiSquared;
        QVERIFY2((far.mean - exact.phiSquared) / far.error > 8,
                 qPrintable(QString("Langevin at ε = %1 should show its O(ε) bias: ⟨φ²⟩ = %2 ± %3, exact %4")
                                .arg(eps.back())
                                .arg(far.mean)
                                .arg(far.error)
                                .arg(exact.phiSquared)));
    }

    void interactingSamplersAgree()
    {
        // Symmetric phase near the transition, λ ≠ 0: no exact answer, but
        // three different Markov chains must give the same numbers.
        const Phi4Action a(8, 0.26, 0.02);
        FieldChainOptions hmc, mala, cluster;
        mala.algorithm = FieldAlgorithm::Mala;
        cluster.algorithm = FieldAlgorithm::Cluster;
        const Phi4Estimates h = sample(a, hmc, 80000, 41);
        const Phi4Estimates m = sample(a, mala, 200000, 42);
        const Phi4Estimates c = sample(a, cluster, 40000, 43);
        for (const Phi4Estimates* other : {&m, &c}) {
            expectAgree("<|M|>", h.absM, other->absM);
            expectAgree("chi2", h.chi2, other->chi2);
            expectAgree("U_L", h.binder, other->binder);
            expectAgree("<phi^2>", h.phiSquared, other->phiSquared);
        }
    }

    void chainsDoNotDependOnTheThreadCount()
    {
        auto run = [](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            fieldtheory::Phi4Params p;
            p.L = 6;
            p.chains = 3;
            p.thermalize = 50;
            p.updatesPerChain = 300;
            p.updatesPerStep = 37;
            fieldtheory::Phi4Experiment x(p);
            test::runToEnd(x);
            std::vector<double> all;
            for (int c = 0; c < 3; ++c) {
                const auto& m = x.ensemble().magnetisations(c);
                all.insert(all.end(), m.begin(), m.end());
            }
            return all;
        };
        const auto one = run(1), two = run(2);
        QCOMPARE(one.size(), std::size_t(900));
        QVERIFY2(one == two, "the same seed must give the same chains on 1 and 2 threads");
    }

    void badParametersNameTheField()
    {
        auto expectError = [](auto edit, const char* field) {
            fieldtheory::Phi4Params p;
            edit(p);
            try {
                p.validate();
                QFAIL(qPrintable(QString("no error for a bad %1").arg(field)));
            } catch (const ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), QString(field));
            }
        };
        expectError([](auto& p) { p.L = 1; }, "L");
        expectError([](auto& p) { p.lambda = -0.1; }, "lambda");
        expectError(
            [](auto& p) {
                p.lambda = 0;
                p.kappa = 0.3;
            },
            "kappa");
        expectError([](auto& p) { p.chains = 0; }, "chains");
        expectError([](auto& p) { p.targetAcceptance = 1.5; }, "targetAcceptance");
        QVERIFY_THROWS_EXCEPTION(ParameterError, parseFieldAlgorithm("metropolis"));
        QVERIFY_THROWS_EXCEPTION(ParameterError, parseIntegrator("verlet"));
    }

    void freeFieldKernelSpectrumMatchesItsMatrix()
    {
        for (auto g : {FreeFieldGeometry::Chain, FreeFieldGeometry::Torus}) {
            const int n = g == FreeFieldGeometry::Chain ? 10 : 4;
            const Eigen::MatrixXd k = freeFieldKernel(g, n, 4.0);
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(k);
            const auto spectrum = freeFieldSpectrum(g, n, 4.0);
            QCOMPARE(Eigen::Index(spectrum.size()), k.rows());
            for (Eigen::Index i = 0; i < k.rows(); ++i)
                QVERIFY2(std::abs(es.eigenvalues()[i] - spectrum[std::size_t(i)]) < 1e-10,
                         qPrintable(QString("eigenvalue %1: matrix %2, Fourier %3")
                                        .arg(i)
                                        .arg(es.eigenvalues()[i])
                                        .arg(spectrum[std::size_t(i)])));
        }
    }
};

QTEST_GUILESS_MAIN(TestFieldsPhi4)
#include "tst_fields_phi4.moc"
