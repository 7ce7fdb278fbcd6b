// Wolff and Swendsen–Wang: exact Kaufman energies and specific heats on both
// sides of β_c, refusal of t1/t2, reproducibility.
#include "McTestSupport.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/mc/MarkovChain.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>

using namespace dlab;

namespace {

IsingObservables runCluster(McAlgorithm algo, int L, double beta, int sweeps, std::uint64_t seed)
{
    RngStream rng(seed, 3);
    MarkovChain chain(SpinConfiguration::random(L, rng), IsingCouplings::standard(beta), algo, rng);
    chain.sweeps(500); // includes Wolff's calibration sweep
    IsingObservables obs(L, chain.couplings());
    for (int i = 0; i < sweeps; ++i) {
        chain.sweep();
        obs.record(chain.configuration());
    }
    return obs;
}

void addBetas()
{
    QTest::addColumn<double>("beta");
    QTest::newRow("hot 0.30") << 0.30;
    QTest::newRow("critical") << exact::criticalBeta();
    QTest::newRow("cold 0.55") << 0.55;
}

} // namespace

class TestMcCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wolffMatchesKaufman_data() { addBetas(); }
    void wolffMatchesKaufman()
    {
        QFETCH(double, beta);
        test::expectKaufman("wolff", 8, beta, runCluster(McAlgorithm::Wolff, 8, beta, 150000, 21));
    }

    void swendsenWangMatchesKaufman_data() { addBetas(); }
    void swendsenWangMatchesKaufman()
    {
        QFETCH(double, beta);
        test::expectKaufman("swendsen-wang", 8, beta, runCluster(McAlgorithm::SwendsenWang, 8, beta, 100000, 22));
    }

    // Odd L has no checkerboard restriction for cluster moves.
    void wolffOnOddLattice()
    {
        test::expectKaufman("wolff odd L", 5, 0.4, runCluster(McAlgorithm::Wolff, 5, 0.4, 100000, 23));
    }

    void clusterAlgorithmsRefusePlaquetteAndDiagonalCouplings()
    {
        RngStream rng(1, 0);
        for (auto algo : {McAlgorithm::Wolff, McAlgorithm::SwendsenWang}) {
            QVERIFY_THROWS_EXCEPTION(ParameterError,
                                     MarkovChain(SpinConfiguration(8), IsingCouplings{0.4, 0.1, 0.0}, algo, rng));
            MarkovChain chain(SpinConfiguration(8), IsingCouplings::standard(0.4), algo, rng);
            QVERIFY_THROWS_EXCEPTION(ParameterError, chain.setCouplings(IsingCouplings{0.4, 0.0, 0.2}));
        }
    }

    // A Wolff sweep is a fixed number of clusters, calibrated once and kept
    // through small coupling changes (a state-dependent count would bias).
    void wolffClusterCountIsFixedBetweenCalibrations()
    {
        RngStream rng(6, 6);
        MarkovChain chain(SpinConfiguration::random(32, rng), IsingCouplings::standard(0.44), McAlgorithm::Wolff, rng);
        QCOMPARE(chain.wolffClustersPerSweep(), 0);
        chain.sweeps(3);
        const int k = chain.wolffClustersPerSweep();
        QVERIFY(k >= 1);
        chain.setCouplings(IsingCouplings::standard(0.46)); // 4.5 %: kept
        chain.sweeps(3);
        QCOMPARE(chain.wolffClustersPerSweep(), k);
        chain.setCouplings(IsingCouplings::standard(0.25)); // far: recalibrated on the next sweep
        QCOMPARE(chain.wolffClustersPerSweep(), 0);
        chain.sweep();
        QVERIFY(chain.wolffClustersPerSweep() > k); // small clusters at high temperature
    }

    void sameSeedSameChain()
    {
        for (auto algo : {McAlgorithm::Wolff, McAlgorithm::SwendsenWang}) {
            auto run = [&] {
                RngStream rng(5, 1);
                MarkovChain chain(SpinConfiguration::random(32, rng), IsingCouplings::standard(0.44), algo, rng);
                chain.sweeps(30);
                return chain.configuration().spins();
            };
            QVERIFY(run() == run());
        }
    }
};

QTEST_GUILESS_MAIN(TestMcCluster)
#include "tst_mc_cluster.moc"
