// Multi-spin coded Metropolis (64 replicas per word): Kaufman's exact energy
// and specific heat, bit-counting observables against the plain model,
// identical results for 1/2 threads and vector/scalar kernels.
#include "engine/core/ParameterError.hpp"
#include "engine/mc/MultiSpinIsing.hpp"
#include "engine/mc/SimdSupport.hpp"
#include "engine/measure/Statistics.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include "McTestSupport.hpp"

#include <QtTest>
#include <cmath>
#include <tbb/task_arena.h>

using namespace dlab;

namespace {

std::vector<std::uint64_t> wordsAfter(int threads, int L, int sweeps)
{
    tbb::task_arena arena(threads);
    std::vector<std::uint64_t> out;
    arena.execute([&] {
        MultiSpinIsing ms(L, 0.44, RngStream(9, 4));
        ms.sweeps(sweeps);
        for (int r = 0; r < 64; r += 21) {
            const auto s = ms.replica(r);
            for (auto v : s.spins())
                out.push_back(std::uint64_t(std::uint8_t(v)));
        }
    });
    return out;
}

} // namespace

class TestMcMultiSpin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesKaufman_data()
    {
        QTest::addColumn<double>("beta");
        QTest::newRow("hot 0.30") << 0.30;
        QTest::newRow("critical") << exact::criticalBeta();
        QTest::newRow("cold 0.55") << 0.55;
    }
    void matchesKaufman()
    {
        QFETCH(double, beta);
        const int L = 8;
        MultiSpinIsing ms(L, beta, RngStream(31, 0));
        ms.sweeps(2000);
        // Per sweep: replica averages of e and e²; time series binned for errors.
        std::vector<double> e, e2;
        for (int i = 0; i < 8000; ++i) {
            ms.sweep();
            const auto er = ms.energyPerSite();
            double a = 0, b = 0;
            for (double v : er) {
                a += v;
                b += v * v;
            }
            e.push_back(a / 64);
            e2.push_back(b / 64);
        }
        test::expectKaufmanFromReplicaMeans("multispin", L, beta, e, e2);
    }

    // Popcount observables agree with the plain model's sums on unpacked replicas.
    void observablesMatchUnpackedReplicas()
    {
        MultiSpinIsing ms(12, 0.35, RngStream(2, 2));
        ms.sweeps(7);
        const auto e = ms.energyPerSite();
        const auto m = ms.magnetization();
        for (int r = 0; r < 64; ++r) {
            const auto s = ms.replica(r);
            QCOMPARE(e[r], energy(s, IsingCouplings::standard(1.0)) / s.sites());
            QCOMPARE(m[r], s.magnetization());
        }
        // Round trip through setReplica.
        RngStream rng(3, 3);
        const auto s = SpinConfiguration::random(12, rng);
        ms.setReplica(17, s);
        QVERIFY(ms.replica(17).spins() == s.spins());
    }

    void sameResultForOneAndTwoThreads()
    {
        const auto one = wordsAfter(1, 256, 5);
        const auto two = wordsAfter(2, 256, 5);
        QVERIFY2(one == two, "multi-spin configurations differ between 1 and 2 threads");
    }

    void vectorAndScalarKernelsAgree()
    {
        setSimdLimit(SimdLevel::Scalar);
        const auto scalar = wordsAfter(2, 200, 5);
        setSimdLimit(SimdLevel::Avx2); // scalar words, AVX2 Philox
        const auto avx2 = wordsAfter(2, 200, 5);
        setSimdLimit(SimdLevel::Avx512);
        const auto avx512 = wordsAfter(2, 200, 5);
        QVERIFY2(scalar == avx2, "AVX2 and scalar multi-spin kernels disagree");
        QVERIFY2(scalar == avx512, "AVX-512 and scalar multi-spin kernels disagree");
        if (!useAvx2Kernels() && !useAvx512Kernels()) QSKIP("no vector kernels on this CPU: only scalar compared");
    }

    void refusesOddL() { QVERIFY_THROWS_EXCEPTION(ParameterError, MultiSpinIsing(7, 0.4, RngStream(1, 1))); }
};

QTEST_GUILESS_MAIN(TestMcMultiSpin)
#include "tst_mc_multispin.moc"
