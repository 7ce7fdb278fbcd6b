// The duality learner's own model chains (DualityChainEnsemble) against the
// exact Boltzmann weights exp(Σ t_k Φ_k) of every state of the 3×3 torus (χ²
// test, threshold at p = 10⁻⁴), with the diagonal coupling t2 on: the learner
// samples H_t with t1 and t2 through the sequential single-spin kernel that
// only this class uses (the engine/mc four-colour kernel has its own test in
// tst_detailed_balance). Chains sampled at a wrong t2 must fail the same
// test, so the test has power. (Not tested: t0, t2 both ferromagnetic on
// 3×3, where the 16 chains' states are too correlated for a χ² count.)
#include "BoltzmannChiSquare.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

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
ChiSquare sampleAndTest(const IsingCouplings& sampled, const IsingCouplings& target)
{
    DualityChainEnsemble chains(kL, 16, 77, 0);
    chains.setCouplings(sampled);
    chains.sweeps(500);
    std::vector<long long> visits(kStates, 0);
    long long samples = 0;
    for (int r = 0; r < 5000; ++r) {
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
        QTest::newRow("t0 t2 (diagonal, dual-like signs)") << 0.3 << 0.0 << -0.2;
        QTest::newRow("t0 t1 t2") << -0.25 << 0.15 << 0.2;
    }
    void visitFrequenciesMatchBoltzmann()
    {
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(double, t2);
        const IsingCouplings t{t0, t1, t2};
        const ChiSquare c = sampleAndTest(t, t);
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
