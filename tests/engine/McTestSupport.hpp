#pragma once
// Shared by the Monte Carlo tests: compare a sampler's energy and specific heat
// on a small torus with Kaufman's exact values, within 4σ of its own error bars.

#include "engine/measure/IsingObservables.hpp"
#include "engine/measure/exact/Kaufman.hpp"

#include <QtTest>
#include <cmath>
#include <functional>

namespace dlab::test {

// `record` must append `samples` measurements to `obs` (β = obs' t0).
inline void expectKaufman(const char* what, int L, double beta, const IsingObservables& obs)
{
    const auto exact = exact::kaufmanTorus(L, beta);
    const auto r = obs.summary();
    const double zE = (r.energyPerSite.mean - exact.energyPerSite) / r.energyPerSite.error;
    const double zC = (r.specificHeat.mean - exact.specificHeat) / r.specificHeat.error;
    const QString msg = QString("%1 L=%2 beta=%3: E/N = %4 ± %5 (exact %6, z=%7); C = %8 ± %9 (exact %10, z=%11)")
                            .arg(what)
                            .arg(L)
                            .arg(beta)
                            .arg(r.energyPerSite.mean)
                            .arg(r.energyPerSite.error)
                            .arg(exact.energyPerSite)
                            .arg(zE, 0, 'f', 2)
                            .arg(r.specificHeat.mean)
                            .arg(r.specificHeat.error)
                            .arg(exact.specificHeat)
                            .arg(zC, 0, 'f', 2);
    qInfo("%s", qPrintable(msg));
    QVERIFY2(std::isfinite(zE) && std::abs(zE) < 4, qPrintable("energy off by more than 4 sigma: " + msg));
    QVERIFY2(std::isfinite(zC) && std::abs(zC) < 4, qPrintable("specific heat off by more than 4 sigma: " + msg));
    // Error bars small enough that the comparison means something.
    QVERIFY2(r.energyPerSite.error < 0.01, qPrintable("energy error bar too large to test anything: " + msg));
    QVERIFY2(r.specificHeat.error < 0.05 * exact.specificHeat,
             qPrintable("specific-heat error bar above 5 % of the value: " + msg));
}

} // namespace dlab::test
