// Exact references: Kramers–Wannier, Onsager, and Kaufman's finite torus
// checked against brute-force enumeration.
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/measure/exact/Onsager.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab::exact;

namespace {

// ln Z, ⟨E⟩/N, C/N of the L×L Ising torus by summing all 2^{L²} states.
struct Enumerated {
    double logZ, energy, specificHeat;
};

Enumerated enumerate(int L, double beta)
{
    const int N = L * L;
    // Histogram of bond sums Σ s_i s_j ∈ [−2N, 2N].
    std::vector<double> count(4 * N + 1, 0.0);
    for (long long state = 0; state < (1LL << N); ++state) {
        int bonds = 0;
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x) {
                const int i = x + L * y;
                const int s = (state >> i) & 1 ? 1 : -1;
                const int r = (state >> ((x + 1) % L + L * y)) & 1 ? 1 : -1;
                const int u = (state >> (x + L * ((y + 1) % L))) & 1 ? 1 : -1;
                bonds += s * r + s * u;
            }
        count[bonds + 2 * N] += 1;
    }
    double z = 0, e1 = 0, e2 = 0;
    const double shift = beta * 2 * N; // keeps exponentials finite
    for (int b = -2 * N; b <= 2 * N; ++b) {
        const double w = count[b + 2 * N] * std::exp(beta * b - shift);
        z += w;
        e1 += -b * w;
        e2 += double(b) * b * w;
    }
    e1 /= z;
    e2 /= z;
    return {std::log(z) + shift, e1 / N, beta * beta * (e2 - e1 * e1) / N};
}

} // namespace

class TestExact : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void criticalPointIsSelfDual()
    {
        const double bc = criticalBeta();
        QVERIFY2(std::abs(bc - 0.44068679350977147) < 1e-14, "beta_c should be ½ ln(1+√2)");
        QVERIFY2(std::abs(kramersWannierDual(bc) - bc) < 1e-12, "beta_c must map to itself under KW");
    }

    void dualSatisfiesSinhIdentity_data()
    {
        QTest::addColumn<double>("beta");
        for (double b : {0.05, 0.2, 0.3, 0.44, 0.6, 1.0})
            QTest::newRow(qPrintable(QString::number(b))) << b;
    }
    void dualSatisfiesSinhIdentity()
    {
        QFETCH(double, beta);
        const double d = kramersWannierDual(beta);
        QVERIFY2(std::abs(std::sinh(2 * beta) * std::sinh(2 * d) - 1) < 1e-12, "sinh 2β sinh 2β̃ should be 1");
        QVERIFY2(std::abs(kramersWannierDual(d) - beta) < 1e-10, "KW must be an involution");
        QVERIFY2((beta < criticalBeta()) == (d > criticalBeta()), "KW must exchange the phases");
    }

    void kaufmanMatchesEnumeration_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("beta");
        for (int L : {2, 3, 4})
            for (double b : {0.1, 0.3, 0.4406868, 0.6, 1.0})
                QTest::newRow(qPrintable(QString("L%1 b%2").arg(L).arg(b))) << L << b;
    }
    void kaufmanMatchesEnumeration()
    {
        QFETCH(int, L);
        QFETCH(double, beta);
        const auto k = kaufmanTorus(L, beta);
        const auto e = enumerate(L, beta);
        QVERIFY2(
            std::abs(k.logZ - e.logZ) < 1e-9 * std::abs(e.logZ),
            qPrintable(QString("ln Z: Kaufman %1, enumeration %2").arg(k.logZ, 0, 'g', 15).arg(e.logZ, 0, 'g', 15)));
        QVERIFY2(std::abs(k.energyPerSite - e.energy) < 1e-8, qPrintable(QString("energy: Kaufman %1, enumeration %2")
                                                                             .arg(k.energyPerSite, 0, 'g', 15)
                                                                             .arg(e.energy, 0, 'g', 15)));
        QVERIFY2(std::abs(k.specificHeat - e.specificHeat) < 1e-6, qPrintable(QString("C: Kaufman %1, enumeration %2")
                                                                                  .arg(k.specificHeat, 0, 'g', 15)
                                                                                  .arg(e.specificHeat, 0, 'g', 15)));
    }

    // Near β = 0 the derivative stencil must not cross into β ≤ 0, where ln Z
    // is undefined (this used to return NaN energy and C for β < 0.002).
    void kaufmanNearInfiniteTemperature_data()
    {
        QTest::addColumn<int>("L");
        QTest::addColumn<double>("beta");
        for (int L : {3, 4})
            for (double b : {1e-6, 1e-4, 1e-3, 0.0019, 0.004})
                QTest::newRow(qPrintable(QString("L%1 b%2").arg(L).arg(b))) << L << b;
    }
    void kaufmanNearInfiniteTemperature()
    {
        QFETCH(int, L);
        QFETCH(double, beta);
        const auto k = kaufmanTorus(L, beta);
        const auto e = enumerate(L, beta);
        QVERIFY2(std::isfinite(k.energyPerSite) && std::isfinite(k.specificHeat),
                 qPrintable(QString("non-finite E %1 or C %2").arg(k.energyPerSite).arg(k.specificHeat)));
        // E ≈ −2β and C ≈ 2β² here: relative tolerances.
        QVERIFY2(std::abs(k.energyPerSite - e.energy) < 1e-6 * std::abs(e.energy),
                 qPrintable(QString("energy: Kaufman %1, enumeration %2")
                                .arg(k.energyPerSite, 0, 'g', 15)
                                .arg(e.energy, 0, 'g', 15)));
        QVERIFY2(std::abs(k.specificHeat - e.specificHeat) < 1e-5 * e.specificHeat,
                 qPrintable(QString("C: Kaufman %1, enumeration %2")
                                .arg(k.specificHeat, 0, 'g', 15)
                                .arg(e.specificHeat, 0, 'g', 15)));
        // A large torus against the high-temperature series, t = tanh β:
        // E/N = −2t − O(t³), C/N = 2β²(1 − t²) + O(β⁴).
        const auto big = kaufmanTorus(32, beta);
        const double t = std::tanh(beta);
        QVERIFY2(std::abs(big.energyPerSite + 2 * t) < 5 * t * t * t + 1e-12,
                 qPrintable(QString("L = 32 energy %1, series %2").arg(big.energyPerSite, 0, 'g', 12).arg(-2 * t)));
        QVERIFY2(std::abs(big.specificHeat - 2 * beta * beta * (1 - t * t)) <
                     20 * std::pow(beta, 4) + 1e-5 * beta * beta,
                 qPrintable(QString("L = 32 C %1, series %2")
                                .arg(big.specificHeat, 0, 'g', 12)
                                .arg(2 * beta * beta * (1 - t * t))));
    }

    void kaufmanApproachesOnsager_data()
    {
        QTest::addColumn<double>("beta");
        for (double b : {0.2, 0.3, 0.6, 0.8})
            QTest::newRow(qPrintable(QString::number(b))) << b;
    }
    void kaufmanApproachesOnsager()
    {
        // Away from β_c the correlation length is a few sites, so finite-size
        // corrections at L = 128 are exponentially small.
        QFETCH(double, beta);
        const auto k = kaufmanTorus(128, beta);
        QVERIFY2(std::abs(k.energyPerSite - onsagerEnergyPerSite(beta)) < 1e-8,
                 qPrintable(QString("e: Kaufman L=128 %1, Onsager %2")
                                .arg(k.energyPerSite, 0, 'g', 12)
                                .arg(onsagerEnergyPerSite(beta), 0, 'g', 12)));
        QVERIFY2(std::abs(k.specificHeat - onsagerSpecificHeat(beta)) < 1e-5,
                 qPrintable(QString("c: Kaufman L=128 %1, Onsager %2")
                                .arg(k.specificHeat, 0, 'g', 12)
                                .arg(onsagerSpecificHeat(beta), 0, 'g', 12)));
        // In the ordered phase the torus has two degenerate sectors: ln Z = N f + ln 2.
        const double sectors = beta > criticalBeta() ? std::log(2.0) : 0.0;
        QVERIFY2(std::abs((k.logZ - sectors) / (128.0 * 128.0) - onsagerLogZPerSite(beta)) < 1e-8,
                 "ln Z / N should match Onsager");
    }

    void onsagerKnownValues()
    {
        // At β_c: u = −√2, and m → 0; deep in the ordered phase m → 1.
        QVERIFY2(std::abs(onsagerEnergyPerSite(criticalBeta()) + std::sqrt(2.0)) < 1e-6, "u(β_c) should be −√2");
        QCOMPARE(onsagerMagnetization(0.3), 0.0);
        QVERIFY(std::abs(onsagerMagnetization(2.0) - 1.0) < 1e-6);
        // Known value m(β = 0.5) = (1 − sinh⁻⁴ 1)^{1/8} ≈ 0.911319
        QVERIFY(std::abs(onsagerMagnetization(0.5) - 0.9113194) < 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestExact)
#include "tst_exact.moc"
