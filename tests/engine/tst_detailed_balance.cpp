// Stationarity of the Metropolis kernels checked state by state: on tiny tori
// the visit frequencies of all 2^{L²} states must match the Boltzmann weights
// exp(Σ t_k Φ_k) (χ² test). L = 2 and 4 run the checkerboard kernels (two
// colours for t0 alone, four colours with t1, t2); L = 3 has no checkerboard
// and runs the sequential fallback. A sampler at a wrong coupling must fail
// the same test, so the test has power.
//
// Not tested, on purpose: t0 alone on 2×2 and 3×3. There Metropolis sweeps
// are not ergodic — a flip with ΔE = 0 is certain, and on these degenerate
// tori some sets of states map onto each other deterministically (on 2×2 the
// states with s(0,0) = −s(1,1) and s(1,0) = −s(0,1) form a closed class; on
// 3×3 eight states never occur at the end of a sequential sweep). This is a
// property of the algorithm, not of an implementation: the sequential
// reference sweep shows it too. From 4×4 on, and with t1 or t2 on, the sweeps
// are ergodic and the test applies.
#include "BoltzmannChiSquare.hpp"
#include "engine/mc/MarkovChain.hpp"
#include "engine/mc/ReplicaMetropolis.hpp"

#include <QtTest>
#include <vector>

using namespace dlab;
using namespace dlab::test;

namespace {

ChiSquare runChain(int L, const IsingCouplings& sampled, const IsingCouplings& target, long long samples, int thin)
{
    RngStream rng(2024, std::uint64_t(L));
    MarkovChain chain(SpinConfiguration::random(L, rng), sampled, McAlgorithm::Metropolis, rng);
    chain.sweeps(100);
    std::vector<long long> visits(std::size_t(1) << (L * L), 0);
    for (long long i = 0; i < samples; ++i) {
        chain.sweeps(thin);
        ++visits[stateIndex(chain.configuration())];
    }
    return chiSquare(boltzmannProbabilities(L, target), visits, samples);
}

void expectPasses(const ChiSquare& c)
{
    const QString msg = QString("chi2 = %1 for %2 dof (chi2/dof = %3), 1e-4 threshold %4")
                            .arg(c.value)
                            .arg(c.dof)
                            .arg(c.value / c.dof)
                            .arg(c.threshold);
    qInfo("%s", qPrintable(msg));
    QVERIFY2(c.dof >= 10, qPrintable("too few bins for a meaningful test: " + msg));
    QVERIFY2(c.value < c.threshold, qPrintable("visit frequencies differ from Boltzmann weights: " + msg));
}

} // namespace

class TestDetailedBalance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void visitFrequenciesMatchBoltzmann_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("t2");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("thin");
        // Samples are thinned where consecutive sweeps are correlated enough to
        // inflate χ² (tiny lattices with slow modes).
        QTest::newRow("2x2 t0 t1 t2 (four colours)") << 2 << 0.3 << 0.25 << -0.2 << 200000 << 7;
        QTest::newRow("3x3 t0 t1 t2 (sequential)") << 3 << 0.3 << 0.2 << -0.15 << 200000 << 3;
        QTest::newRow("4x4 t0 (two colours)") << 4 << 0.3 << 0.0 << 0.0 << 700000 << 1;
        QTest::newRow("4x4 t0 t1 t2 (four colours)") << 4 << 0.25 << 0.15 << -0.1 << 700000 << 1;
    }
    void visitFrequenciesMatchBoltzmann()
    {
        QFETCH(int, L);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(double, t2);
        QFETCH(int, samples);
        const IsingCouplings t{t0, t1, t2};
        QFETCH(int, thin);
        const auto c = runChain(L, t, t, samples, thin);
        expectPasses(c);
    }

    // Typewriter sweeps vectorised over 64 chains (ReplicaMetropolis): any L,
    // odd included; every chain's visits pooled (the chains are independent).
    void replicaChainsMatchBoltzmann_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("t2");
        QTest::addColumn<int>("sweeps");
        QTest::addColumn<int>("thin");
        QTest::newRow("3x3 t0 t1 t2") << 3 << 0.3 << 0.2 << -0.15 << 8000 << 3;
        QTest::newRow("4x4 t0") << 4 << 0.3 << 0.0 << 0.0 << 8000 << 1;
        QTest::newRow("4x4 t0 t1 t2") << 4 << 0.25 << 0.15 << -0.1 << 8000 << 1;
    }
    void replicaChainsMatchBoltzmann()
    {
        QFETCH(int, L);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(double, t2);
        QFETCH(int, sweeps);
        QFETCH(int, thin);
        const IsingCouplings t{t0, t1, t2};
        ReplicaMetropolis chains(L, 128, t, 77, 0);
        chains.sweeps(100);
        std::vector<long long> visits(std::size_t(1) << (L * L), 0);
        long long samples = 0;
        for (int i = 0; i < sweeps / thin; ++i) {
            chains.sweeps(thin);
            for (int c = 0; c < chains.chains(); ++c, ++samples)
                ++visits[stateIndex(chains.configuration(c))];
        }
        const auto c = chiSquare(boltzmannProbabilities(L, t), visits, samples);
        expectPasses(c);
    }

    // The same test must reject a chain sampling a 10 % different coupling.
    void detectsWrongWeights()
    {
        const IsingCouplings target{0.3, 0.25, -0.2};
        IsingCouplings wrong = target;
        wrong.t0 *= 1.1;
        const auto c = runChain(2, wrong, target, 200000, 2);
        qInfo("wrong coupling: chi2 = %g for %d dof, threshold %g", c.value, c.dof, c.threshold);
        QVERIFY2(c.value > c.threshold, "the chi2 test does not notice a 10 % error in t0");
    }
};

QTEST_GUILESS_MAIN(TestDetailedBalance)
#include "tst_detailed_balance.moc"
