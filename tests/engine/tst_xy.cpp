// The XY model: vortex counting on hand-made configurations (exact),
// Metropolis against Wolff's embedded cluster update, the low-temperature
// spin-wave energy, the adaptive Metropolis step.
#include "engine/core/ParameterError.hpp"
#include "engine/mc/XyChain.hpp"
#include "engine/measure/XyObservables.hpp"

#include <QtTest>
#include <cmath>
#include <numbers>

using namespace dlab;

namespace {

constexpr double kPi = std::numbers::pi;

// θ(x, y) = Σ_k q_k · atan2(y − y_k, x − x_k) for charges q_k at plaquette
// centres (x_k, y_k) = (px + ½, py + ½).
XyConfiguration vortices(int L, const std::vector<std::array<int, 3>>& charges)
{
    std::vector<double> theta(std::size_t(L) * std::size_t(L), 0.0);
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x)
            for (const auto& [px, py, q] : charges)
                theta[std::size_t(x + L * y)] += q * std::atan2(y - (py + 0.5), x - (px + 0.5));
    return XyConfiguration::fromAngles(L, theta);
}

XySummary run(int L, double T, XyAlgorithm algo, int thermalize, int sweeps, std::uint64_t seed, int chains = 4)
{
    XyObservables all(L, 1 / T);
    for (int c = 0; c < chains; ++c) {
        RngStream rng(seed, std::uint64_t(c));
        XyChain chain(XyConfiguration::random(L, rng), 1 / T, algo, rng);
        chain.sweeps(thermalize);
        chain.setAdaptive(false);
        XyObservables o(L, 1 / T);
        for (int s = 0; s < sweeps; ++s) {
            chain.sweeps(1);
            o.record(chain.configuration());
        }
        all.merge(o);
    }
    return all.summary();
}

QString compare(const char* what, const Estimate& a, const Estimate& b)
{
    return QString("%1: %2 ± %3 vs %4 ± %5").arg(what).arg(a.mean).arg(a.error).arg(b.mean).arg(b.error);
}

bool agree(const Estimate& a, const Estimate& b)
{
    return std::abs(a.mean - b.mean) < 4 * std::hypot(a.error, b.error);
}

} // namespace

class TestXy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aSingleVortexIsCountedAtItsPlaquette()
    {
        const int L = 8;
        const XyConfiguration s = vortices(L, {{3, 4, +1}});
        const auto q = vortexCharges(s);
        QCOMPARE(int(q[std::size_t(3 + L * 4)]), 1);
        // On a torus the charges cancel: the compensating ones sit where the
        // atan2 field is cut by the periodic boundary, never inside.
        int total = 0;
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x) {
                total += q[std::size_t(x + L * y)];
                if (x < L - 1 && y < L - 1 && !(x == 3 && y == 4))
                    QVERIFY2(q[std::size_t(x + L * y)] == 0, qPrintable(QString("charge at (%1, %2)").arg(x).arg(y)));
            }
        QCOMPARE(total, 0);
    }

    void aVortexAntivortexPairIsCountedExactly()
    {
        const int L = 12;
        const XyConfiguration s = vortices(L, {{3, 5, +1}, {7, 5, -1}});
        const auto q = vortexCharges(s);
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x) {
                const int expected = (x == 3 && y == 5) ? 1 : (x == 7 && y == 5) ? -1 : 0;
                QVERIFY2(q[std::size_t(x + L * y)] == expected,
                         qPrintable(QString("plaquette (%1, %2): charge %3, expected %4")
                                        .arg(x)
                                        .arg(y)
                                        .arg(q[std::size_t(x + L * y)])
                                        .arg(expected)));
            }
        QCOMPARE(vortexDensity(s), 2.0 / (L * L));
    }

    void orderedAndRotatedConfigurationsHaveNoVortices()
    {
        XyConfiguration s(6);
        QCOMPARE(vortexDensity(s), 0.0);
        QCOMPARE(xyEnergy(s), -2.0 * 36);
        s.rotate(1.234);
        QVERIFY(std::abs(xyEnergy(s) + 72) < 1e-12);
        QVERIFY(std::abs(s.angle(0) - 1.234) < 1e-12);
        // A rotation changes no energy, magnetisation length or vortex.
        RngStream rng(3, 0);
        XyConfiguration r = XyConfiguration::random(8, rng);
        const double e = xyEnergy(r), rho = vortexDensity(r);
        const auto m = xyMagnetization(r);
        r.rotate(2.5);
        const auto m2 = xyMagnetization(r);
        QVERIFY(std::abs(xyEnergy(r) - e) < 1e-11);
        QCOMPARE(vortexDensity(r), rho);
        QVERIFY(std::abs(std::hypot(m[0], m[1]) - std::hypot(m2[0], m2[1])) < 1e-12);
        QVERIFY2(rho > 0.1, "a random configuration is full of vortices");
    }

    void wrappedDifferencesLieInMinusPiToPi()
    {
        QVERIFY(std::abs(wrappedDifference(0.1, 2 * kPi - 0.1) + 0.2) < 1e-12);
        QVERIFY(std::abs(wrappedDifference(0.0, kPi) - kPi) < 1e-15);
        QVERIFY(std::abs(wrappedDifference(kPi, 0.0) - kPi) < 1e-15); // −π maps to +π
    }

    void helicityModulusOfAnOrderedStateIsOne()
    {
        XyConfiguration s(8);
        s.rotate(0.7);
        QVERIFY(std::abs(xyHelicitySample(xyLinkSums(s), s.sites(), 2.0) - 1.0) < 1e-12);
    }

    void metropolisAndWolffAgree()
    {
        const int L = 8;
        const double T = 1.1;
        const XySummary m = run(L, T, XyAlgorithm::Metropolis, 300, 4000, 11);
        const XySummary w = run(L, T, XyAlgorithm::Wolff, 300, 4000, 12);
        QVERIFY2(agree(m.energyPerSite, w.energyPerSite), qPrintable(compare("E/N", m.energyPerSite, w.energyPerSite)));
        QVERIFY2(agree(m.helicityModulus, w.helicityModulus),
                 qPrintable(compare("helicity", m.helicityModulus, w.helicityModulus)));
        QVERIFY2(agree(m.vortexDensity, w.vortexDensity),
                 qPrintable(compare("vortex density", m.vortexDensity, w.vortexDensity)));
        QVERIFY2(agree(m.absMagnetization, w.absMagnetization),
                 qPrintable(compare("|m|", m.absMagnetization, w.absMagnetization)));
        // Errors small enough for the comparison to mean something.
        QVERIFY(m.energyPerSite.error < 0.01 && w.energyPerSite.error < 0.01);
        // Wolff decorrelates |m| faster (in sweeps) near the transition.
        QVERIFY2(w.tauIntAbsMagnetization < m.tauIntAbsMagnetization,
                 qPrintable(QString("tau_int(|m|): Wolff %1, Metropolis %2")
                                .arg(w.tauIntAbsMagnetization)
                                .arg(m.tauIntAbsMagnetization)));
    }

    // Equipartition over the N − 1 spin-wave modes plus the first
    // anharmonic correction: E/N = −2 + (T/2)(1 − 1/N) + T²/16 + O(T³).
    void lowTemperatureEnergyIsTheSpinWaveOne()
    {
        const int L = 16, N = L * L;
        const double T = 0.05;
        const XySummary m = run(L, T, XyAlgorithm::Metropolis, 500, 3000, 21, 2);
        const double expected = -2 + 0.5 * T * (1 - 1.0 / N) + T * T / 16;
        QVERIFY2(std::abs(m.energyPerSite.mean - expected) < 4 * m.energyPerSite.error + 1e-5,
                 qPrintable(QString("E/N = %1 ± %2, spin waves give %3")
                                .arg(m.energyPerSite.mean, 0, 'f', 6)
                                .arg(m.energyPerSite.error, 0, 'f', 6)
                                .arg(expected, 0, 'f', 6)));
        QVERIFY(m.energyPerSite.error < 1e-4);
        QCOMPARE(m.vortexDensity.mean, 0.0);
        QVERIFY(std::abs(m.helicityModulus.mean - (1 - T / 4)) < 0.01); // Υ ≈ 1 − T/4 for spin waves
    }

    void metropolisStepAdaptsToHalfAcceptance()
    {
        for (double T : {0.3, 1.0, 3.0}) {
            RngStream rng(5, 0);
            XyChain chain(XyConfiguration::random(16, rng), 1 / T, XyAlgorithm::Metropolis, rng);
            chain.sweeps(200);
            chain.setAdaptive(false);
            double acc = 0;
            for (int k = 0; k < 100; ++k) {
                chain.sweeps(1);
                acc += chain.lastAcceptance() / 100;
            }
            QVERIFY2(std::abs(acc - 0.5) < 0.05 || (chain.stepWidth() > 6.28 && acc > 0.5),
                     qPrintable(QString("T = %1: acceptance %2 at step %3").arg(T).arg(acc).arg(chain.stepWidth())));
        }
    }

    void unknownAlgorithmIsRefusedByName()
    {
        try {
            parseXyAlgorithm("heatbath");
            QFAIL("accepted an unknown algorithm");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("algo"));
        }
    }
};

QTEST_APPLESS_MAIN(TestXy)
#include "tst_xy.moc"
