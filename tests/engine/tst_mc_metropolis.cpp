// Checkerboard Metropolis (two and four colours): exact Kaufman energies and
// specific heats, identical chains for 1 and 2 threads and for the vector and
// scalar kernels, odd L handled.
#include "McTestSupport.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/MarkovChain.hpp"
#include "engine/mc/Metropolis.hpp"
#include "engine/mc/SimdSupport.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>
#include <tbb/task_arena.h>

using namespace dlab;

namespace {

IsingObservables runMetropolis(int L, IsingCouplings t, int thermalize, int sweeps, std::uint64_t seed)
{
    RngStream rng(seed, 0);
    MarkovChain chain(SpinConfiguration::random(L, rng), t, McAlgorithm::Metropolis, rng);
    chain.sweeps(thermalize);
    IsingObservables obs(L, t);
    for (int i = 0; i < sweeps; ++i) {
        chain.sweep();
        obs.record(chain.configuration());
    }
    return obs;
}

SpinConfiguration runWithThreads(int threads, int L, IsingCouplings t, int sweeps)
{
    tbb::task_arena arena(threads);
    SpinConfiguration out(L);
    arena.execute([&] {
        RngStream rng(42, 7);
        MarkovChain chain(SpinConfiguration::random(L, rng), t, McAlgorithm::Metropolis, rng);
        chain.sweeps(sweeps);
        out = chain.configuration();
    });
    return out;
}

} // namespace

class TestMcMetropolis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoColourMatchesKaufman_data()
    {
        QTest::addColumn<double>("beta");
        QTest::newRow("hot 0.30") << 0.30;
        QTest::newRow("critical") << exact::criticalBeta();
        QTest::newRow("cold 0.55") << 0.55;
    }
    void twoColourMatchesKaufman()
    {
        QFETCH(double, beta);
        const auto obs = runMetropolis(8, IsingCouplings::standard(beta), 2000, 200000, 11);
        test::expectKaufman("checkerboard metropolis", 8, beta, obs);
    }

    // The four-colour kernel with t1 = t2 = 0 must sample the same model.
    void fourColourMatchesKaufman()
    {
        // A vanishing t2 keeps the four-colour path; its weight is 1 to 1e-300.
        const double beta = 0.40;
        IsingCouplings t{beta, 0.0, 1e-300};
        auto obs = runMetropolis(8, t, 2000, 150000, 12);
        test::expectKaufman("four-colour metropolis", 8, beta, obs);
    }

    void sameChainForOneAndTwoThreads_data()
    {
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("t2");
        QTest::newRow("t0 only (two colours)") << 0.0 << 0.0;
        QTest::newRow("t0 t1 t2 (four colours)") << 0.1 << -0.05;
    }
    void sameChainForOneAndTwoThreads()
    {
        QFETCH(double, t1);
        QFETCH(double, t2);
        const IsingCouplings t{0.44, t1, t2};
        const auto one = runWithThreads(1, 512, t, 6);
        const auto two = runWithThreads(2, 512, t, 6);
        QVERIFY2(one.spins() == two.spins(), "configurations differ between 1 and 2 threads");
        // And the chain did move (a frozen chain would pass trivially).
        RngStream rng(42, 7);
        QVERIFY(SpinConfiguration::random(512, rng).spins() != one.spins());
    }

    void vectorAndScalarKernelsAgree_data()
    {
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("t2");
        QTest::newRow("two colours") << 0.0 << 0.0;
        QTest::newRow("four colours") << 0.12 << -0.07;
    }
    void vectorAndScalarKernelsAgree()
    {
        QFETCH(double, t1);
        QFETCH(double, t2);
        const IsingCouplings t{0.44, t1, t2};
        const int L = 200; // rows of 100 sites: a partial vector chunk per row
        setSimdLimit(SimdLevel::Scalar);
        const auto scalar = runWithThreads(2, L, t, 20);
        setSimdLimit(SimdLevel::Avx2);
        const auto avx2 = runWithThreads(2, L, t, 20);
        setSimdLimit(SimdLevel::Avx512);
        const auto avx512 = runWithThreads(2, L, t, 20);
        QVERIFY2(scalar.spins() == avx2.spins(), "AVX2 (or its fallback) and scalar kernels disagree");
        QVERIFY2(scalar.spins() == avx512.spins(), "AVX-512 (or its fallback) and scalar kernels disagree");
        if (!useAvx2Kernels() && !useAvx512Kernels()) QSKIP("no vector kernels on this CPU: only scalar compared");
    }

    // With t1 and t2 on there is no closed form: compare with the sequential
    // reference sweep (metropolisSweepSequential) on 8×8.
    void fourColourAgreesWithSequentialReference()
    {
        const IsingCouplings t{0.3, 0.2, -0.1};
        const int L = 8, sweeps = 60000;
        const auto fast = runMetropolis(L, t, 1000, sweeps, 14).summary();
        RngStream rng(15, 0);
        SpinConfiguration s = SpinConfiguration::random(L, rng);
        IsingObservables ref(L, t);
        for (int i = 0; i < 1000 + sweeps; ++i) {
            metropolisSweepSequential(s, t, rng);
            if (i >= 1000) ref.record(s);
        }
        const auto slow = ref.summary();
        auto check = [](const char* what, const Estimate& a, const Estimate& b) {
            const double z = (a.mean - b.mean) / std::hypot(a.error, b.error);
            qInfo("%s: four-colour %g ± %g, sequential %g ± %g (z = %.2f)", what, a.mean, a.error, b.mean, b.error, z);
            QVERIFY2(std::abs(z) < 4, qPrintable(QString("%1 differs by %2 sigma").arg(what).arg(z)));
            QVERIFY2(std::hypot(a.error, b.error) < 0.01, "error bars too large to compare");
        };
        check("nn correlator", fast.nnCorrelator, slow.nnCorrelator);
        check("plaquette correlator", fast.plaquetteCorrelator, slow.plaquetteCorrelator);
        check("diagonal correlator", fast.diagonalCorrelator, slow.diagonalCorrelator);
    }

    // The packed layout holds site (x, y) at row(c, y)[k], c = (x+y) mod 2, x = 2k + ((c+y) mod 2),
    // and unpacks to the same configuration (vector and scalar paths).
    void packedLayoutRoundTrip()
    {
        for (bool vector : {false, true}) {
            setVectorKernelsEnabled(vector);
            for (int L : {2, 8, 130, 256}) {
                RngStream rng(3, std::uint64_t(L));
                const auto s = SpinConfiguration::random(L, rng);
                CheckerboardSpins packed;
                packed.pack(s);
                for (int c = 0; c < 2; ++c)
                    for (int y = 0; y < L; ++y)
                        for (int k = 0; k < L / 2; ++k)
                            QCOMPARE(packed.row(c, y)[k], s.at(2 * k + ((c + y) & 1), y));
                SpinConfiguration back(L, 0);
                packed.unpack(back);
                QVERIFY(back.spins() == s.spins());
            }
        }
        setVectorKernelsEnabled(true);
    }

    // Odd L: no checkerboard; the chain falls back to the sequential sweep, and
    // the kernels themselves refuse with a clear message.
    void oddLatticeSize()
    {
        const auto obs = runMetropolis(5, IsingCouplings::standard(0.3), 1000, 100000, 13);
        test::expectKaufman("odd-L metropolis", 5, 0.3, obs);
        CheckerboardSpins packed;
        QVERIFY_THROWS_EXCEPTION(ParameterError, packed.pack(SpinConfiguration(5)));
    }
};

QTEST_GUILESS_MAIN(TestMcMetropolis)
#include "tst_mc_metropolis.moc"
