// Error analysis checked on processes whose answers are known exactly.
#include "engine/core/Rng.hpp"
#include "engine/measure/Statistics.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {
// AR(1): x_{t+1} = ρ x_t + √(1−ρ²) ξ, unit variance, τ_int = ½ (1+ρ)/(1−ρ).
std::vector<double> ar1(double rho, int n, std::uint64_t seed)
{
    RngStream rng(seed, 0);
    std::vector<double> x(n);
    double v = rng.normal();
    for (int i = 0; i < n; ++i) {
        v = rho * v + std::sqrt(1 - rho * rho) * rng.normal();
        x[i] = v;
    }
    return x;
}
} // namespace

class TestStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tauIntOfIndependentSamplesIsHalf()
    {
        const double tau = integratedAutocorrelationTime(ar1(0.0, 100000, 1));
        QVERIFY2(std::abs(tau - 0.5) < 0.05, qPrintable(QString("expected 0.5, got %1").arg(tau)));
    }

    void tauIntOfAr1MatchesTheory()
    {
        const double rho = 0.9, expected = 0.5 * (1 + rho) / (1 - rho); // 9.5
        const double tau = integratedAutocorrelationTime(ar1(rho, 400000, 2));
        // Statistical error of τ_int ≈ τ √(2(2W+1)/n) ≈ 0.1 here, plus window bias ~ e^{−W/τ}.
        QVERIFY2(std::abs(tau - expected) < 0.6, qPrintable(QString("expected %1, got %2").arg(expected).arg(tau)));
    }

    void binningErrorAccountsForCorrelation()
    {
        // True error of the mean: √(2 τ_int / n) for unit variance.
        const double rho = 0.8, n = 200000;
        const double expected = std::sqrt(2 * 0.5 * (1 + rho) / (1 - rho) / n);
        const Estimate e = binningEstimate(ar1(rho, int(n), 3));
        QVERIFY2(std::abs(e.error / expected - 1) < 0.25,
                 qPrintable(QString("binning error %1, expected %2 (±25 %)").arg(e.error).arg(expected)));
        QVERIFY2(std::abs(e.mean) < 5 * expected, "mean of a zero-mean process should be within 5σ of 0");
    }

    void jackknifeOfVarianceIsUnbiasedAndHasRightError()
    {
        // Var of unit normal samples: f = ⟨x²⟩ − ⟨x⟩², true value 1, error ≈ √(2/n).
        const int n = 100000;
        auto x = ar1(0.0, n, 4);
        std::vector<double> x2(n);
        for (int i = 0; i < n; ++i)
            x2[i] = x[i] * x[i];
        const Estimate v = jackknife({x, x2}, [](const std::vector<double>& m) { return m[1] - m[0] * m[0]; });
        const double sigma = std::sqrt(2.0 / n);
        QVERIFY2(std::abs(v.mean - 1) < 4 * sigma,
                 qPrintable(QString("variance %1 ± %2, expected 1").arg(v.mean).arg(v.error)));
        QVERIFY2(std::abs(v.error / sigma - 1) < 0.35,
                 qPrintable(QString("jackknife error %1, expected %2").arg(v.error).arg(sigma)));
    }

    void binnedAveragesBlocks()
    {
        const auto b = binned({1, 2, 3, 4, 5, 6, 7}, 3);
        QCOMPARE(b.size(), size_t(2));
        QCOMPARE(b[0], 2.0);
        QCOMPARE(b[1], 5.0);
    }
};

QTEST_APPLESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
