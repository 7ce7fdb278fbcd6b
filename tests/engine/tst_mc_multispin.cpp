// Multi-spin coded Metropolis (64 replicas per word): Kaufman's exact energy
// and specific heat (ferro- and antiferromagnetic), the flip probability of
// every neighbour class against min(1, e^{−ΔE}), bit-counting observables
// against the plain model, identical results for 1/2 threads and for the
// scalar, AVX2 and AVX-512 kernels.
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

std::vector<std::uint64_t> wordsAfter(int threads, int L, int sweeps, double t0 = 0.44)
{
    tbb::task_arena arena(threads);
    std::vector<std::uint64_t> out;
    arena.execute([&] {
        MultiSpinIsing ms(L, t0, RngStream(9, 4));
        ms.sweeps(sweeps);
        for (int r = 0; r < 64; r += 21) {
            const auto s = ms.replica(r);
            for (auto v : s.spins())
                out.push_back(std::uint64_t(std::uint8_t(v)));
        }
    });
    return out;
}

// Replica means of e and e² per sweep after thermalising; t0 < 0 reports the
// energy of the gauge-transformed (ferromagnetic) model, e → −e on a bipartite torus.
void recordEnergies(MultiSpinIsing& ms, int sweeps, std::vector<double>& e, std::vector<double>& e2)
{
    const double sign = ms.coupling() < 0 ? -1.0 : 1.0;
    for (int i = 0; i < sweeps; ++i) {
        ms.sweep();
        double a = 0, b = 0;
        for (double v : ms.energyPerSite()) {
            a += sign * v;
            b += v * v;
        }
        e.push_back(a / 64);
        e2.push_back(b / 64);
    }
}

int antiAlignedNeighbours(const SpinConfiguration& s, int x, int y)
{
    const int L = s.size(), me = s.at(x, y);
    return (s.at((x + 1) % L, y) != me) + (s.at((x + L - 1) % L, y) != me) + (s.at(x, (y + 1) % L) != me) +
           (s.at(x, (y + L - 1) % L) != me);
}

} // namespace

class TestMcMultiSpin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesKaufman_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("t0");
        QTest::newRow("L=8 hot 0.30") << 8 << 0.30;
        QTest::newRow("L=8 critical") << 8 << exact::criticalBeta();
        QTest::newRow("L=8 cold 0.55") << 8 << 0.55;
        // Two groups per row, the second one word long; antiferromagnetic classes v = 3, 4.
        QTest::newRow("L=10 antiferro -0.40") << 10 << -0.40;
    }
    void matchesKaufman()
    {
        QFETCH(int, L);
        QFETCH(double, t0);
        MultiSpinIsing ms(L, t0, RngStream(31, 0));
        ms.sweeps(2000);
        // Per sweep: replica averages of e and e²; time series binned for errors.
        std::vector<double> e, e2;
        recordEnergies(ms, 8000, e, e2);
        test::expectKaufmanFromReplicaMeans("multispin", L, std::abs(t0), e, e2);
    }

    // Each spin flips with probability min(1, e^{−2 t0 s Σ n}) given the state
    // its colour saw: colour 0 sees the state before the sweep, colour 1 sees
    // colour 0 already updated. Counted per class v of anti-aligned neighbours
    // over 64 replicas × 40 sweeps, against binomial error bars.
    void flipProbabilityPerClass_data()
    {
        QTest::addColumn<double>("t0");
        QTest::newRow("ferro 0.3") << 0.3;
        QTest::newRow("antiferro -0.25") << -0.25;
    }
    void flipProbabilityPerClass()
    {
        QFETCH(double, t0);
        const int L = 36; // 18 words per row: four full groups and a half one
        MultiSpinIsing ms(L, t0, RngStream(77, 1));
        std::array<double, 5> trials{}, flips{};
        for (int sweep = 0; sweep < 40; ++sweep) {
            std::vector<SpinConfiguration> before, after;
            for (int r = 0; r < 64; ++r)
                before.push_back(ms.replica(r));
            ms.sweep();
            for (int r = 0; r < 64; ++r)
                after.push_back(ms.replica(r));
            for (int r = 0; r < 64; ++r) {
                // What colour 1 saw: colour-0 sites after their update, its own before.
                SpinConfiguration seenByColour1 = before[r];
                for (int y = 0; y < L; ++y)
                    for (int x = 0; x < L; ++x)
                        if ((x + y) % 2 == 0) seenByColour1[x + L * y] = after[r].at(x, y);
                for (int y = 0; y < L; ++y)
                    for (int x = 0; x < L; ++x) {
                        const SpinConfiguration& seen = (x + y) % 2 == 0 ? before[r] : seenByColour1;
                        const int v = antiAlignedNeighbours(seen, x, y);
                        trials[v] += 1;
                        flips[v] += after[r].at(x, y) != before[r].at(x, y);
                    }
            }
        }
        for (int v = 0; v <= 4; ++v) {
            const double p = std::min(1.0, std::exp(-2.0 * t0 * (4 - 2 * v)));
            const double n = trials[v], sigma = std::sqrt(std::max(p * (1 - p), 1e-12) / n);
            const double z = (flips[v] / n - p) / sigma;
            const QString msg = QString("v=%1: %2 of %3 flipped = %4, expected %5 (z=%6)")
                                    .arg(v)
                                    .arg(flips[v])
                                    .arg(n)
                                    .arg(flips[v] / n)
                                    .arg(p)
                                    .arg(z, 0, 'f', 2);
            qInfo("%s", qPrintable(msg));
            QVERIFY2(n > 2000, qPrintable("too few trials to test: " + msg));
            if (p == 1.0)
                QVERIFY2(flips[v] == n, qPrintable("a certain flip did not happen: " + msg));
            else
                QVERIFY2(std::abs(z) < 4, qPrintable("flip probability off by more than 4 sigma: " + msg));
        }
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

    void vectorAndScalarKernelsAgree_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("t0");
        QTest::newRow("L=200 critical: last 8 words one group") << 200 << 0.44;
        QTest::newRow("L=202 critical: last group one word") << 202 << 0.44;
        QTest::newRow("L=14 antiferro") << 14 << -0.3;
        // v = 1 rounds to p = 1, v = 0 does not: the general class pattern.
        QTest::newRow("L=12 t0=2e-11") << 12 << 2e-11;
        QTest::newRow("L=16 t0=0: nothing drawn") << 16 << 0.0;
    }
    void vectorAndScalarKernelsAgree()
    {
        QFETCH(int, L);
        QFETCH(double, t0);
        setSimdLimit(SimdLevel::Scalar);
        const auto scalar = wordsAfter(2, L, 5, t0);
        setSimdLimit(SimdLevel::Avx2);
        const auto avx2 = wordsAfter(2, L, 5, t0);
        setSimdLimit(SimdLevel::Avx512);
        const auto avx512 = wordsAfter(2, L, 5, t0);
        QVERIFY2(scalar == avx2, "AVX2 and scalar multi-spin kernels disagree");
        QVERIFY2(scalar == avx512, "AVX-512 and scalar multi-spin kernels disagree");
        if (!useAvx2Kernels() && !useAvx512Kernels()) QSKIP("no vector kernels on this CPU: only scalar compared");
    }

    void refusesOddL() { QVERIFY_THROWS_EXCEPTION(ParameterError, MultiSpinIsing(7, 0.4, RngStream(1, 1))); }
};

QTEST_GUILESS_MAIN(TestMcMultiSpin)
#include "tst_mc_multispin.moc"
