// The duality learner's own samplers against exact results, and the
// Kramers–Wannier check: ⟨σ⟩ at β equals ⟨e^{−2β̃σ*}⟩ at β̃ within errors on
// a lattice large enough for finite-size terms to be negligible.
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DualityCheck.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {
// ⟨s_i s_j⟩ over nearest-neighbour links, mean and standard error over chains.
std::pair<double, double> linkCorrelator(DualityChainEnsemble& chains, int samples)
{
    const int L = chains.size(), N = L * L;
    std::vector<double> perChain(chains.chains(), 0.0);
    for (int s = 0; s < samples; ++s) {
        chains.sweeps(2);
        for (int c = 0; c < chains.chains(); ++c) {
            const std::int8_t* x = chains.spins(c);
            long long sum = 0;
            for (int y = 0; y < L; ++y)
                for (int i = 0; i < L; ++i)
                    sum += x[y * L + i] * (x[y * L + (i + 1) % L] + x[((y + 1) % L) * L + i]);
            perChain[c] += double(sum) / (2.0 * N) / samples;
        }
    }
    double m = 0, m2 = 0;
    for (double v : perChain) {
        m += v;
        m2 += v * v;
    }
    m /= perChain.size();
    return {m, std::sqrt((m2 / perChain.size() - m * m) / (perChain.size() - 1))};
}
} // namespace

class TestDualityCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samplersMatchKaufman_data()
    {
        QTest::addColumn<double>("beta");
        QTest::addColumn<bool>("cluster");
        QTest::newRow("metropolis 0.2") << 0.2 << false;
        QTest::newRow("metropolis 0.6") << 0.6 << false;
        QTest::newRow("metropolis -0.3") << -0.3 << false;
        QTest::newRow("cluster 0.3") << 0.3 << true;
        QTest::newRow("cluster 0.44") << 0.44 << true;
        QTest::newRow("cluster -0.5") << -0.5 << true;
    }
    void samplersMatchKaufman()
    {
        QFETCH(double, beta);
        QFETCH(bool, cluster);
        const int L = 8;
        DualityChainEnsemble chains(L, 128, 17, 0, std::abs(beta) > 0.44);
        chains.setCouplings({beta, 0.0, 0.0}, cluster ? DualityUpdate::SwendsenWang : DualityUpdate::Metropolis);
        chains.sweeps(300);
        const auto [m, se] = linkCorrelator(chains, 100);
        // Energy per site = −2 ⟨s_i s_j⟩; the antiferromagnet maps to the ferromagnet.
        const double exact = -exact::kaufmanTorus(L, std::abs(beta)).energyPerSite / 2 * (beta < 0 ? -1 : 1);
        QVERIFY2(std::abs(m - exact) < 4 * se + 1e-12,
                 qPrintable(QString("<s s> = %1 ± %2, exact %3").arg(m).arg(se).arg(exact)));
    }

    void kramersWannierHoldsOnLargeTorus()
    {
        DualityCheckParams p;
        p.L = 16;
        p.beta = 0.25;
        p.samples = 100;
        const DualityCheckResult r = runDualityCheck(p);
        QCOMPARE(r.betaDual, exact::kramersWannierDual(0.25));
        QCOMPARE(int(r.rows.size()), 13);
        for (const auto& row : r.rows) {
            QVERIFY2(row.deviations() < 4.5, qPrintable(QString("%1: %2 ± %3 at β vs %4 ± %5 at β̃")
                                                            .arg(QString::fromStdString(row.feature))
                                                            .arg(row.original)
                                                            .arg(row.originalError)
                                                            .arg(row.dual)
                                                            .arg(row.dualError)));
            QVERIFY(row.originalError < 0.01);
        }
        // The full square is ≡ 1 on the original side, exactly.
        QCOMPARE(r.rows.back().original, 1.0);
        QCOMPARE(r.rows.back().originalError, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestDualityCheck)
#include "tst_duality_check.moc"
