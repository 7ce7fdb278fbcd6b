#pragma once
// Shared by the Monte Carlo tests: compare a sampler's energy and specific heat
// on a small torus with Kaufman's exact values, within 4σ of its own error bars.

#include "engine/measure/IsingObservables.hpp"
#include "engine/measure/Statistics.hpp"
#include "engine/measure/exact/Kaufman.hpp"

#include <QtTest>
#include <cmath>
#include <vector>

namespace dlab::test {

// E: energy per site (J = 1), C: specific heat per site, both with error bars.
inline void expectKaufmanEstimates(const char* what, int L, double beta, const Estimate& E, const Estimate& C)
{
    const auto exact = exact::kaufmanTorus(L, beta);
    const double zE = (E.mean - exact.energyPerSite) / E.error;
    const double zC = (C.mean - exact.specificHeat) / C.error;
    const QString msg = QString("%1 L=%2 beta=%3: E/N = %4 ± %5 (exact %6, z=%7); C = %8 ± %9 (exact %10, z=%11)")
                            .arg(what)
                            .arg(L)
                            .arg(beta)
                            .arg(E.mean)
                            .arg(E.error)
                            .arg(exact.energyPerSite)
                            .arg(zE, 0, 'f', 2)
                            .arg(C.mean)
                            .arg(C.error)
                            .arg(exact.specificHeat)
                            .arg(zC, 0, 'f', 2);
    qInfo("%s", qPrintable(msg));
    QVERIFY2(std::isfinite(zE) && std::abs(zE) < 4, qPrintable("energy off by more than 4 sigma: " + msg));
    QVERIFY2(std::isfinite(zC) && std::abs(zC) < 4, qPrintable("specific heat off by more than 4 sigma: " + msg));
    // Error bars small enough that the comparison means something.
    QVERIFY2(E.error < 0.01, qPrintable("energy error bar too large to test anything: " + msg));
    QVERIFY2(C.error < 0.05 * exact.specificHeat, qPrintable("specific-heat error bar above 5 % of the value: " + msg));
}

// One chain's recorded time series.
inline void expectKaufman(const char* what, int L, double beta, const IsingObservables& obs)
{
    const auto r = obs.summary();
    expectKaufmanEstimates(what, L, beta, r.energyPerSite, r.specificHeat);
}

// Many independent replicas: per sweep the replica means of e and e²; binning
// over sweeps handles the autocorrelation, C = β² N (⟨e²⟩ − ⟨e⟩²) by jackknife.
inline void expectKaufmanFromReplicaMeans(const char* what, int L, double beta, const std::vector<double>& e,
                                          const std::vector<double>& e2)
{
    const int N = L * L;
    const Estimate E = binningEstimate(e);
    const Estimate C =
        jackknife({e, e2}, [&](const std::vector<double>& m) { return beta * beta * N * (m[1] - m[0] * m[0]); });
    expectKaufmanEstimates(what, L, beta, E, C);
}

} // namespace dlab::test
