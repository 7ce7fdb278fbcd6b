// The album of configurations the Monte Carlo page keeps for t-SNE: grouped
// by couplings, bounded per group, per number of groups and in bytes, and
// filled by MonteCarloExperiment only after thermalisation, every
// kAlbumEvery sweeps, in a new group when β changes; block spins for t-SNE
// of large lattices.
#include "engine/core/Feedback.hpp"
#include "engine/experiments/montecarlo/ConfigurationAlbum.hpp"
#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/models/BlockSpins.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {
SpinConfiguration filled(int L, std::int8_t first)
{
    SpinConfiguration s(L);
    s[0] = first;
    return s;
}
} // namespace

class TestConfigurationAlbum : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupsByCouplingsAndForgetsTheOldest()
    {
        ConfigurationAlbum album(4, /*perGroup=*/3, /*maxGroups=*/2);
        for (int i = 0; i < 5; ++i)
            album.add(IsingCouplings::standard(0.3), filled(4, i % 2 ? 1 : -1));
        QCOMPARE(int(album.groups().size()), 1);
        QCOMPARE(int(album.size()), 3); // the last three of five
        QCOMPARE(int(album.groups()[0].configurations.front()[0]), -1);
        album.add(IsingCouplings::standard(0.6), filled(4, 1));
        album.add({0.6, 0.1, 0.0}, filled(4, 1)); // a third coupling set: β = 0.3 goes
        QCOMPARE(int(album.groups().size()), 2);
        QCOMPARE(album.groups()[0].t.t0, 0.6);
        QCOMPARE(album.groups()[1].t.t1, 0.1);
        QCOMPARE(int(album.size()), 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, album.add(IsingCouplings::standard(0.3), SpinConfiguration(5)));
    }

    void largeLatticesKeepFewerPerGroup()
    {
        // 1024² spins are 1 MiB: 64 MiB over 8 groups leaves 8 per group.
        const ConfigurationAlbum album(1024, 400, 8, std::size_t(64) << 20);
        QCOMPARE(album.perGroup(), 8);
        QCOMPARE(ConfigurationAlbum(16).perGroup(), 400);
    }

    void blockSpinsAverageTheirSites()
    {
        // 4×4 into 2×2: each block averages a 2×2 square.
        std::vector<std::int8_t> s(16, 1);
        s[0] = -1;         // (0,0) in block 0
        s[3 + 4 * 3] = -1; // (3,3) in block 3
        s[2 + 4 * 0] = -1; // (2,0) in block 1
        s[3 + 4 * 1] = -1; // (3,1) in block 1
        const BlockSpins b(4, 2);
        std::vector<double> out(4);
        b.average(s.data(), out.data());
        QCOMPARE(out, (std::vector<double>{0.5, 0.0, 1.0, 0.5}));
        // 5×5 into 2×2: blocks of 3×3, 2×3, 3×2 and 2×2 sites; all up stays 1.
        const BlockSpins uneven(5, 2);
        std::vector<std::int8_t> up(25, 1);
        uneven.average(up.data(), out.data());
        for (double v : out) // sums of 1/9 etc.: equal to rounding
            QVERIFY2(std::abs(v - 1.0) < 1e-12, qPrintable(QString("block average %1, expected 1").arg(v)));
        up[4 + 5 * 4] = -1; // (4,4): alone with three others in the 2×2 block 3
        uneven.average(up.data(), out.data());
        QVERIFY(std::abs(out[3] - 0.5) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BlockSpins(4, 5));
    }

    void monteCarloRecordsAfterThermalisation()
    {
        MonteCarloParams p;
        p.L = 8;
        p.chains = 2;
        p.beta = 0.3;
        p.thermalize = 25;
        p.sweepsPerStep = 5;
        MonteCarloExperiment mc(p);
        Feedback feedback;
        for (int i = 0; i < 10; ++i) // 50 sweeps: recorded at 30, 40, 50
            mc.step(feedback);
        QCOMPARE(int(mc.album().size()), 3 * p.chains);
        QCOMPARE(mc.album().groups()[0].t.t0, 0.3);
        p.beta = 0.6;
        mc.setParams(p);
        for (int i = 0; i < 10; ++i)
            mc.step(feedback);
        QCOMPARE(int(mc.album().groups().size()), 2);
        QCOMPARE(int(mc.album().groups()[1].configurations.size()), 3 * p.chains);
        const auto snap = std::dynamic_pointer_cast<const MonteCarloSnapshot>(mc.snapshot());
        QCOMPARE(int(snap->albumConfigurations), 6 * p.chains);
        QCOMPARE(snap->albumGroups, 2);
    }
};

QTEST_APPLESS_MAIN(TestConfigurationAlbum)
#include "tst_configuration_album.moc"
