// ReplicaMetropolis (64 chains per vector, typewriter sweeps): Kaufman's exact
// energy and specific heat, identical results for 1/2 threads and for the
// vector and scalar kernels, configuration round trip.
#include "engine/core/ParameterError.hpp"
#include "engine/mc/ReplicaMetropolis.hpp"
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

std::vector<std::int8_t> allSpinsAfter(int threads, IsingCouplings t, int sweeps)
{
    tbb::task_arena arena(threads);
    std::vector<std::int8_t> out;
    arena.execute([&] {
        ReplicaMetropolis r(9, 256, t, 5, 3);
        r.sweeps(sweeps);
        for (int c = 0; c < r.chains(); ++c) {
            const auto s = r.configuration(c);
            out.insert(out.end(), s.spins().begin(), s.spins().end());
        }
    });
    return out;
}

} // namespace

class TestMcReplica : public QObject {
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
        const int L = 8, N = L * L, chains = 128;
        ReplicaMetropolis r(L, chains, IsingCouplings::standard(beta), 43, 0);
        r.sweeps(1000);
        std::vector<double> e, e2;
        for (int i = 0; i < 6000; ++i) {
            r.sweep();
            double a = 0, b = 0;
            for (int c = 0; c < chains; ++c) {
                const double v = energy(r.configuration(c), IsingCouplings::standard(1.0)) / N;
                a += v;
                b += v * v;
            }
            e.push_back(a / chains);
            e2.push_back(b / chains);
        }
        test::expectKaufmanFromReplicaMeans("replica", L, beta, e, e2);
    }

    void sameResultForOneAndTwoThreads()
    {
        const IsingCouplings t{0.3, 0.1, -0.05};
        QVERIFY2(allSpinsAfter(1, t, 7) == allSpinsAfter(2, t, 7), "chains differ between 1 and 2 threads");
    }

    void vectorAndScalarKernelsAgree()
    {
        const IsingCouplings t{0.35, 0.2, -0.1};
        setVectorKernelsEnabled(false);
        const auto scalar = allSpinsAfter(2, t, 7);
        setVectorKernelsEnabled(true);
        if (!useAvx512VbmiKernels()) QSKIP("no AVX-512 VBMI on this CPU: only the scalar kernel exists");
        const auto vector = allSpinsAfter(2, t, 7);
        QVERIFY2(scalar == vector, "vector and scalar replica kernels disagree");
    }

    // The group-wise transpose (8×8 byte blocks plus byte-wise edges) must
    // give every chain's configuration: even L, odd L, a partial last group.
    void copyChainsGivesEachChainsConfiguration()
    {
        for (const auto& [L, chains] : {std::pair{8, 128}, std::pair{7, 70}, std::pair{4, 13}}) {
            ReplicaMetropolis r(L, chains, IsingCouplings{0.3, 0.1, -0.1}, 9, 0);
            r.sweeps(3);
            const int count = chains - 1; // not a whole number of groups or blocks
            std::vector<std::int8_t> all(std::size_t(count) * L * L);
            r.copyChains(count, all.data());
            for (int c = 0; c < count; ++c) {
                const auto s = r.configuration(c);
                QVERIFY2(std::equal(s.spins().begin(), s.spins().end(), all.begin() + std::ptrdiff_t(c) * L * L),
                         qPrintable(QString("L = %1: chain %2 of %3 copied wrongly").arg(L).arg(c).arg(count)));
            }
        }
    }

    void configurationRoundTrip()
    {
        ReplicaMetropolis r(6, 70, IsingCouplings::standard(0.4), 1, 0);
        RngStream rng(2, 2);
        const auto s = SpinConfiguration::random(6, rng);
        r.setConfiguration(69, s);
        QVERIFY(r.configuration(69).spins() == s.spins());
        QVERIFY_THROWS_EXCEPTION(ParameterError, r.configuration(70));
        QVERIFY_THROWS_EXCEPTION(ParameterError, ReplicaMetropolis(1, 64, IsingCouplings{}, 1));
    }
};

QTEST_GUILESS_MAIN(TestMcReplica)
#include "tst_mc_replica.moc"
