// The duality learner's own model chains (DualityChainEnsemble) against the
// exact Boltzmann weights exp(Σ t_k Φ_k) of every state of the 3×3 torus (χ²
// test, threshold at p = 10⁻⁴), with the diagonal coupling t2 on: the learner
// samples H_t with t1 and t2 through engine/mc's ReplicaMetropolis (typewriter
// order; the kernel alone is also tested in tst_detailed_balance), and with
// t0 alone through Swendsen–Wang updates alternating with Metropolis sweeps
// on the same spins. Chains sampled at a wrong t2 must fail the same test, so
// the test has power. (Not tested: t0, t2 both ferromagnetic on 3×3, where
// the 16 chains' states are too correlated for a χ² count.) Also: the same
// seed gives the same chains for 1 and 2 threads, another seed other chains.
#include "BoltzmannChiSquare.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <tbb/task_arena.h>

using namespace dlab;
using namespace dlab::test;

namespace {
constexpr int kL = 3;
constexpr int kStates = 1 << (kL * kL);
constexpr int kGap = 2;

// 16 long chains, 500 sweeps to equilibrate, then 5000 states per chain
// kGap sweeps apart. Few long chains, not many short ones: with t1 = 0 a flip
// that costs nothing (t0 n0 + t2 n2 = 0) is certain, and on the degenerate
// 3×3 torus that makes some sets of states almost closed under a sequential
// sweep; 2048 hot-started chains of 850 sweeps each failed this test at
// χ²/dof ≈ 2.8 while one chain of 80000 sweeps passed (and so does the
// engine/mc sequential reference).
// With `alternate`, every other gap is a Swendsen–Wang update (t0 only).
ChiSquare sampleAndTest(const IsingCouplings& sampled, const IsingCouplings& target, bool alternate = false)
{
    DualityChainEnsemble chains(kL, 16, 77, 0);
    chains.setCouplings(sampled);
    chains.sweeps(500);
    std::vector<long long> visits(kStates, 0);
    long long samples = 0;
    for (int r = 0; r < 5000; ++r) {
        if (alternate) chains.setCouplings(sampled, r % 2 ? DualityUpdate::SwendsenWang : DualityUpdate::Metropolis);
        chains.sweeps(kGap);
        for (int c = 0; c < chains.chains(); ++c) {
            int idx = 0;
            for (int i = 0; i < kL * kL; ++i)
                idx |= (chains.spins(c)[i] < 0 ? 1 : 0) << i;
            ++visits[std::size_t(idx)];
            ++samples;
        }
    }
    return chiSquare(boltzmannProbabilities(kL, target), visits, samples);
}

QString describe(const ChiSquare& c)
{
    return QString("chi2 = %1 for %2 dof (chi2/dof = %3), p = 1e-4 threshold %4")
        .arg(c.value)
        .arg(c.dof)
        .arg(c.value / c.dof)
        .arg(c.threshold);
}
} // namespace

class TestDualityChains : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void visitFrequenciesMatchBoltzmann_data()
    {
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("t2");
        QTest::addColumn<bool>("alternate");
        QTest::newRow("t0 t2 (diagonal, dual-like signs)") << 0.3 << 0.0 << -0.2 << false;
        QTest::newRow("t0 t1 t2") << -0.25 << 0.15 << 0.2 << false;
        QTest::newRow("t0, Swendsen-Wang and Metropolis alternating") << 0.35 << 0.0 << 0.0 << true;
        QTest::newRow("t0 < 0, Swendsen-Wang and Metropolis alternating") << -0.3 << 0.0 << 0.0 << true;
    }
    void visitFrequenciesMatchBoltzmann()
    {
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(double, t2);
        QFETCH(bool, alternate);
        const IsingCouplings t{t0, t1, t2};
        const ChiSquare c = sampleAndTest(t, t, alternate);
        qInfo("%s", qPrintable(describe(c)));
        QVERIFY2(c.dof >= 10, qPrintable("too few bins for a meaningful test: " + describe(c)));
        QVERIFY2(c.value < c.threshold, qPrintable("visit frequencies differ from Boltzmann weights: " + describe(c)));
    }

    // The learner's exploration uses a subset of the chains; growing the
    // subset fills the new chains with copies of the active ones.
    void growingTheActiveSetCopiesActiveChains()
    {
        DualityChainEnsemble chains(4, 16, 5, 0);
        chains.setCouplings({0.3, 0.0, 0.0});
        chains.setActiveChains(4);
        QCOMPARE(chains.chains(), 4);
        QCOMPARE(chains.allocatedChains(), 16);
        chains.sweeps(3);
        chains.setActiveChains(16);
        for (int c = 4; c < 16; ++c)
            QVERIFY2(std::equal(chains.spins(c), chains.spins(c) + 16, chains.spins(c % 4)),
                     qPrintable(QString("chain %1 is not a copy of chain %2").arg(c).arg(c % 4)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, chains.setActiveChains(17));
    }

    // A cluster update moves the chains' state, not only what spins() shows:
    // a following Metropolis call with zero sweeps must show the same spins.
    void clusterUpdatesActOnTheChainsState()
    {
        DualityChainEnsemble chains(5, 70, 3, 0);
        chains.setCouplings({0.4, 0.0, 0.0}, DualityUpdate::SwendsenWang);
        chains.sweeps(3);
        const std::vector<std::int8_t> afterClusters(chains.spins(0), chains.spins(0) + 70 * 25);
        chains.setCouplings({0.4, 0.0, 0.0}, DualityUpdate::Metropolis);
        chains.sweeps(0);
        QVERIFY2(std::equal(afterClusters.begin(), afterClusters.end(), chains.spins(0)),
                 "the Swendsen-Wang update did not reach the Metropolis kernel's spins");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 chains.setCouplings({0.4, 0.0, 0.1}, DualityUpdate::SwendsenWang));
    }

    // Everything the learner does to its chains (hot start, Metropolis with
    // t1, t2, exploration on part of the chains, growing, cluster updates)
    // gives the same spins on 1 and 2 threads; another seed gives others.
    void sameChainsForAnyThreadCount()
    {
        auto run = [](int threads, std::uint64_t seed) {
            tbb::task_arena arena(threads);
            std::vector<std::int8_t> out;
            arena.execute([&] {
                DualityChainEnsemble chains(7, 200, seed, 0);
                chains.setCouplings({0.3, 0.1, -0.2});
                chains.sweeps(4);
                chains.setActiveChains(80);
                chains.sweeps(3);
                chains.setActiveChains(200);
                chains.setCouplings({0.45, 0.0, 0.0}, DualityUpdate::SwendsenWang);
                chains.sweeps(2);
                chains.setCouplings({0.2, 0.0, 0.3});
                chains.sweeps(1);
                out.assign(chains.spins(0), chains.spins(0) + 200 * 49);
            });
            return out;
        };
        const auto one = run(1, 11);
        QVERIFY2(one == run(2, 11), "chains differ between 1 and 2 threads (same seed)");
        QVERIFY2(one == run(1, 11), "the same seed on the same thread count gave other chains");
        QVERIFY2(one != run(1, 12), "seeds 11 and 12 gave identical chains");
    }

    // Power: chains at t2 = −0.2 tested against the weights of t2 = −0.15.
    void detectsAWrongDiagonalCoupling()
    {
        const ChiSquare c = sampleAndTest({0.3, 0.0, -0.2}, {0.3, 0.0, -0.15});
        qInfo("wrong t2: %s", qPrintable(describe(c)));
        QVERIFY2(c.value > c.threshold, qPrintable("the χ² test does not notice t2 off by 0.05: " + describe(c)));
    }
};

QTEST_APPLESS_MAIN(TestDualityChains)
#include "tst_duality_chains.moc"
