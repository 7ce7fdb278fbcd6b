// Experiment C2, the n-spin chain: the enumeration against a brute force
// written here from the Hamiltonian alone (explicit spins, ghost spins,
// every single flip re-evaluated), the dual map, and the claim that the
// dual variables make metastability easy to learn.
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/StagePlan.hpp"
#include "engine/experiments/dualframes/SpinChainExperiment.hpp"

#include "DualFramesTestSupport.hpp"

#include <QtTest>
#include <cmath>
#include <set>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::dualframes;

namespace {

// H/J of spins s_1 … s_N (±1) with n − 1 ghosts +1 on the right, summed
// term by term: −Σ_{k=1}^{N} Π_{l=0}^{n−1} s_{k+l}.
int bruteEnergy(const std::vector<int>& s, int n)
{
    const int N = int(s.size());
    int h = 0;
    for (int k = 0; k < N; ++k) {
        int product = 1;
        for (int l = 0; l < n; ++l)
            product *= k + l < N ? s[std::size_t(k + l)] : 1;
        h -= product;
    }
    return h;
}

std::vector<int> spinsOf(std::uint32_t word, int N)
{
    std::vector<int> s(static_cast<std::size_t>(N));
    for (int i = 0; i < N; ++i)
        s[std::size_t(i)] = (word >> i) & 1u ? -1 : 1;
    return s;
}

struct Counts {
    long long strict = 0, nonStrict = 0;
};

// Every state, every single flip, energies recomputed from scratch.
Counts bruteForceMetastable(int N, int n)
{
    Counts c;
    for (std::uint32_t word = 0; word < (1u << N); ++word) {
        std::vector<int> s = spinsOf(word, N);
        const int h = bruteEnergy(s, n);
        bool none_lower = true, all_higher = true;
        for (int i = 0; i < N; ++i) {
            s[std::size_t(i)] = -s[std::size_t(i)];
            const int flipped = bruteEnergy(s, n);
            s[std::size_t(i)] = -s[std::size_t(i)];
            none_lower = none_lower && flipped >= h;
            all_higher = all_higher && flipped > h;
        }
        c.nonStrict += none_lower;
        c.strict += all_higher;
    }
    return c;
}

SpinChainParams smallChain(std::uint64_t seed)
{
    SpinChainParams p;
    p.spins = 12;
    p.interaction = 4;
    p.trainSizes = {1500};
    p.autoencoder = false;
    p.seed = seed;
    return p;
}

} // namespace

class TestDualFramesChain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void enumerationMatchesBruteForce()
    {
        for (int N = 4; N <= 10; ++N)
            for (int n = 2; n <= std::min(N, 12); ++n) {
                const ChainCensus c = enumerateChain(SpinChain(N, n));
                const Counts b = bruteForceMetastable(N, n);
                QVERIFY2(
                    c.strictCount == b.strict && c.nonStrictCount == b.nonStrict,
                    qPrintable(QString("N = %1, n = %2: enumeration %3 strict / %4 non-strict, brute force %5 / %6")
                                   .arg(N)
                                   .arg(n)
                                   .arg(c.strictCount)
                                   .arg(c.nonStrictCount)
                                   .arg(b.strict)
                                   .arg(b.nonStrict)));
                for (std::uint32_t w = 0; w < (1u << N); ++w)
                    QCOMPARE(int(c.energy[w]), bruteEnergy(spinsOf(w, N), n));
            }
    }

    void designCountsAtEighteenSpins_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<long long>("strict");
        QTest::addColumn<long long>("nonStrict");
        QTest::newRow("n = 3") << 3 << 595LL << 872LL;
        QTest::newRow("n = 4") << 4 << 250LL << 10968LL;
        QTest::newRow("n = 5") << 5 << 3082LL << 4997LL;
    }

    void designCountsAtEighteenSpins()
    {
        // The figures the specification quotes, from the enumeration and,
        // independently, from the brute force.
        QFETCH(int, n);
        QFETCH(long long, strict);
        QFETCH(long long, nonStrict);
        const ChainCensus c = enumerateChain(SpinChain(18, n));
        QCOMPARE(c.strictCount, strict);
        QCOMPARE(c.nonStrictCount, nonStrict);
        const Counts b = bruteForceMetastable(18, n);
        QCOMPARE(b.strict, strict);
        QCOMPARE(b.nonStrict, nonStrict);
    }

    void dualMapIsABijectionThatMakesHLinear()
    {
        for (int N = 2; N <= 12; ++N)
            for (int n = 1; n <= N; ++n) {
                const SpinChain chain(N, n);
                std::set<std::uint32_t> images;
                for (std::uint32_t s = 0; s < chain.states(); ++s) {
                    const std::uint32_t sigma = chain.dual(s);
                    images.insert(sigma);
                    QCOMPARE(chain.fromDual(sigma), s);
                    // H = −Σ σ_k: linear (free) in the dual variables.
                    int sum = 0;
                    for (int k = 0; k < N; ++k)
                        sum += (sigma >> k) & 1u ? -1 : 1;
                    if (bruteEnergy(spinsOf(s, N), n) != -sum)
                        QFAIL(qPrintable(QString("N = %1, n = %2, state %3: H = %4 but −Σσ = %5")
                                             .arg(N)
                                             .arg(n)
                                             .arg(s)
                                             .arg(bruteEnergy(spinsOf(s, N), n))
                                             .arg(-sum)));
                }
                QVERIFY2(images.size() == chain.states(),
                         qPrintable(QString("N = %1, n = %2: %3 distinct images of %4 states")
                                        .arg(N)
                                        .arg(n)
                                        .arg(images.size())
                                        .arg(chain.states())));
            }
    }

    void aFlipChangesItsWindowOfDualVariables()
    {
        const SpinChain chain(10, 4);
        for (std::uint32_t s = 0; s < chain.states(); s += 7)
            for (int i = 0; i < 10; ++i) {
                const std::uint32_t changed = chain.dual(s) ^ chain.dual(s ^ (1u << i));
                QCOMPARE(changed, chain.window(i));
                QCOMPARE(chain.energy(s ^ (1u << i)) - chain.energy(s), chain.flipEnergyChange(chain.dual(s), i));
            }
        QCOMPARE(chain.window(0), 0b1u);      // cut at the left end
        QCOMPARE(chain.window(5), 0b111100u); // σ_3 … σ_6 (1-based σ_{i−n+2} … σ_{i+1})
    }

    void dualClassifierBeatsOriginalOnTwelveSpins()
    {
        // N = 12, n = 4, 1500 of the 4096 states for training (345 of the
        // 432 metastable ones, weighted to balance). The gap must exceed
        // three standard errors of its mean over four seeds.
        std::vector<double> dual, original, gap;
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            SpinChainExperiment e(smallChain(seed));
            const auto s = test::runToEnd(e);
            const auto& r = s->results.at(0);
            dual.push_back(r.accuracy[int(ChainFrame::Dual)]);
            original.push_back(r.accuracy[int(ChainFrame::Original)]);
            gap.push_back(dual.back() - original.back());
            QVERIFY2(
                dual.back() >= 0.98,
                qPrintable(QString("seed %1: dual balanced accuracy %2, expected ≥ 0.98").arg(seed).arg(dual.back())));
            QVERIFY(std::isnan(r.accuracy[int(ChainFrame::Autoencoder)])); // not asked for
        }
        const auto [mean, margin] = test::gapOverSeeds(gap);
        QVERIFY2(mean > margin, qPrintable(QString("dual − original = %1 on average, not above 3 standard errors (%2); "
                                                   "dual %3 %4 %5 %6, original %7 %8 %9 %10")
                                               .arg(mean)
                                               .arg(margin)
                                               .arg(dual[0])
                                               .arg(dual[1])
                                               .arg(dual[2])
                                               .arg(dual[3])
                                               .arg(original[0])
                                               .arg(original[1])
                                               .arg(original[2])
                                               .arg(original[3])));
    }

    void autoencoderStagesGiveCodeAndSensitivity()
    {
        SpinChainParams p = smallChain(1);
        p.spins = 8;
        p.interaction = 3;
        p.trainSizes = {100};
        p.autoencoder = true;
        p.latent = 8;
        p.autoencoderEpochs = 3;
        p.autoencoderStates = 0; // all 256
        SpinChainExperiment e(p);
        // The true dual is exact: in the first snapshot, before anything is learned.
        QCOMPARE(e.current()->dualSensitivity.rows(), 8);
        QCOMPARE(e.current()->sensitivity.size(), Eigen::Index(0));
        const auto s = test::runToEnd(e);
        QCOMPARE(s->autoencoderReconstruction.size(), std::size_t(3));
        QVERIFY(s->autoencoderEnergy.back() < s->autoencoderEnergy.front()); // it learns the energy
        QCOMPARE(s->sensitivity.rows(), 8);
        QCOMPARE(s->sensitivity.cols(), 8);
        QVERIFY((s->sensitivity.array() >= 0).all() && s->sensitivity.maxCoeff() > 0);
        // The true dual's |∂σ_j/∂s_i|: a band of width n.
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j)
                QCOMPARE(s->dualSensitivity(i, j), (i >= j && i < j + 3) ? 1.0 : 0.0);
        std::vector<int> order = s->sensitivityOrder;
        std::sort(order.begin(), order.end());
        for (int j = 0; j < 8; ++j)
            QCOMPARE(order[std::size_t(j)], j);
        const double a = s->results[0].accuracy[int(ChainFrame::Autoencoder)];
        QVERIFY2(a >= 0 && a <= 1, qPrintable(QString("balanced accuracy %1").arg(a)));
    }

    void resultsDoNotDependOnTheThreadCount()
    {
        SpinChainParams p = smallChain(3);
        p.spins = 10;
        p.trainSizes = {200};
        p.epochs = 20;
        p.autoencoder = true;
        p.autoencoderEpochs = 2;
        auto run = [&](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            SpinChainExperiment e(p);
            return test::runToEnd(e);
        };
        const auto one = run(1), two = run(2);
        for (int f = 0; f < 3; ++f)
            QCOMPARE(one->results[0].accuracy[f], two->results[0].accuracy[f]);
        QVERIFY(one->sensitivity == two->sensitivity);
        QVERIFY(one->autoencoderEnergy == two->autoencoderEnergy);
    }

    void badParametersNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("N") << "N";
        QTest::newRow("n") << "n";
        QTest::newRow("train") << "train";
        QTest::newRow("latent") << "latent";
    }

    void badParametersNameTheField()
    {
        QFETCH(QString, field);
        SpinChainParams p;
        if (field == "N") p.spins = 19;
        if (field == "n") p.interaction = 13;
        if (field == "train") p.trainSizes = {300000};
        if (field == "latent") p.latent = 0;
        try {
            SpinChainExperiment e(p);
            QFAIL("expected a ParameterError");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(QString(e.what()).contains("allowed"), e.what());
        }
    }

    void tooFewMetastableStatesIsAnError()
    {
        SpinChainParams p = smallChain(1);
        p.spins = 6;
        p.interaction = 2;
        p.label = Metastability::Strict; // a single strict minimum
        p.trainSizes = {40};
        SpinChainExperiment e(p);
        Feedback f;
        QVERIFY_THROWS_EXCEPTION(ParameterError, e.step(f));
    }

    void stagePlanRunsStagesInOrderAndOnce()
    {
        StagePlan plan;
        std::vector<std::string> log;
        int slices = 0;
        plan.add("a", [&](Feedback&, StagePlan::Clock::time_point) {
            log.push_back("a");
            return true;
        });
        plan.add("b", StagePlan::startThen([&] { log.push_back("start b"); },
                                           [&](Feedback&, StagePlan::Clock::time_point) {
                                               log.push_back("b");
                                               return ++slices == 3;
                                           }));
        Feedback f;
        QCOMPARE(plan.currentName(), std::string("a"));
        plan.advance(f, StagePlan::Clock::now() + std::chrono::seconds(10));
        QVERIFY(plan.done());
        QCOMPARE(plan.currentName(), std::string("done"));
        const std::vector<std::string> expected{"a", "start b", "b", "b", "b"};
        QCOMPARE(log, expected);
        plan.advance(f, StagePlan::Clock::now() + std::chrono::seconds(10)); // nothing left to run
        QCOMPARE(log.size(), expected.size());
        // A cancelled feedback runs nothing.
        StagePlan other;
        other.add("never", [&](Feedback&, StagePlan::Clock::time_point) {
            log.push_back("never");
            return true;
        });
        f.cancel();
        other.advance(f, StagePlan::Clock::now() + std::chrono::seconds(10));
        QVERIFY(!other.done());
    }
};

QTEST_GUILESS_MAIN(TestDualFramesChain)
#include "tst_dualframes_chain.moc"
