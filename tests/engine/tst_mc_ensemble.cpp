// ChainEnsemble: chain i is exactly the chain of RngStream(seed, i), the
// ensemble is identical for 1 and 2 threads, couplings change between sweeps
// without losing the configurations.
#include "engine/core/ParameterError.hpp"
#include "engine/mc/ChainEnsemble.hpp"

#include <QtTest>
#include <tbb/task_arena.h>

using namespace dlab;

namespace {

std::vector<std::vector<std::int8_t>> runEnsemble(int threads, McAlgorithm algo, IsingCouplings t)
{
    tbb::task_arena arena(threads);
    std::vector<std::vector<std::int8_t>> out;
    arena.execute([&] {
        ChainEnsemble e(64, t, algo, 5, 77);
        e.sweepAll(5);
        for (int i = 0; i < e.size(); ++i)
            out.push_back(e.chain(i).configuration().spins());
    });
    return out;
}

} // namespace

class TestMcEnsemble : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameForOneAndTwoThreads_data()
    {
        QTest::addColumn<int>("algo");
        QTest::addColumn<double>("t1");
        QTest::newRow("metropolis") << int(McAlgorithm::Metropolis) << 0.0;
        QTest::newRow("metropolis t1") << int(McAlgorithm::Metropolis) << 0.1;
        QTest::newRow("wolff") << int(McAlgorithm::Wolff) << 0.0;
        QTest::newRow("sw") << int(McAlgorithm::SwendsenWang) << 0.0;
    }
    void sameForOneAndTwoThreads()
    {
        QFETCH(int, algo);
        QFETCH(double, t1);
        const IsingCouplings t{0.42, t1, 0.0};
        const auto one = runEnsemble(1, McAlgorithm(algo), t);
        const auto two = runEnsemble(2, McAlgorithm(algo), t);
        QVERIFY2(one == two, "ensemble differs between 1 and 2 threads");
        QVERIFY2(one[0] != one[1], "chains 0 and 1 should be independent, not copies");
    }

    void chainIsTheChainOfItsStream()
    {
        const IsingCouplings t = IsingCouplings::standard(0.4);
        ChainEnsemble e(16, t, McAlgorithm::Metropolis, 3, 5);
        e.sweepAll(4);
        RngStream rng(5, 2);
        MarkovChain alone(SpinConfiguration::random(16, rng), t, McAlgorithm::Metropolis, rng);
        alone.sweeps(4);
        QVERIFY(alone.configuration().spins() == e.chain(2).configuration().spins());
        QCOMPARE(e.flipsAttempted(), 3LL * 4 * 256);
    }

    void couplingsChangeBetweenSweeps()
    {
        ChainEnsemble e(16, IsingCouplings::standard(0.9), McAlgorithm::Metropolis, 2, 1, ChainEnsemble::Start::Cold);
        e.sweepAll(10);
        const auto before = e.chain(0).configuration().spins();
        e.setCouplings(IsingCouplings{0.9, 0.05, 0.0});
        QCOMPARE(e.chain(1).couplings().t1, 0.05);
        QVERIFY(e.chain(0).configuration().spins() == before); // kept, not restarted
        e.sweepAll(1);
        QVERIFY(std::abs(e.chain(0).configuration().magnetization()) > 0.8); // still ordered at β = 0.9
        QVERIFY_THROWS_EXCEPTION(ParameterError, e.setCouplings(IsingCouplings{std::nan(""), 0, 0}));
    }
};

QTEST_GUILESS_MAIN(TestMcEnsemble)
#include "tst_mc_ensemble.moc"
