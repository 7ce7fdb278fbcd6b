#include "engine/measure/IsingObservables.hpp"

#include <cmath>

namespace dlab {

IsingObservables::IsingObservables(int L, IsingCouplings t) : m_sites(L * L), m_t(t) {}

void IsingObservables::record(const SpinConfiguration& s)
{
    const auto phi = couplingSums(s);
    const double N = m_sites;
    const double beta = m_t.t0;
    const double hPerSite = -(m_t.t0 * phi[0] + m_t.t1 * phi[1] + m_t.t2 * phi[2]) / N;
    m_energy.push_back(beta != 0.0 ? hPerSite / beta : -phi[0] / N);
    const double m = s.magnetization();
    m_absM.push_back(std::abs(m));
    m_m2.push_back(m * m);
    m_m4.push_back(m * m * m * m);
    m_nn.push_back(phi[0] / (2 * N));
    m_plaq.push_back(phi[1] / N);
    m_diag.push_back(phi[2] / (2 * N));
}

void IsingObservables::merge(const IsingObservables& o)
{
    auto append = [](std::vector<double>& a, const std::vector<double>& b) { a.insert(a.end(), b.begin(), b.end()); };
    append(m_energy, o.m_energy);
    append(m_absM, o.m_absM);
    append(m_m2, o.m_m2);
    append(m_m4, o.m_m4);
    append(m_nn, o.m_nn);
    append(m_plaq, o.m_plaq);
    append(m_diag, o.m_diag);
}

void IsingObservables::clear()
{
    for (auto* v : {&m_energy, &m_absM, &m_m2, &m_m4, &m_nn, &m_diag, &m_plaq})
        v->clear();
}

IsingSummary IsingObservables::summary() const
{
    IsingSummary r;
    r.samples = samples();
    if (m_energy.size() < 2) return r;
    const double N = m_sites, beta = m_t.t0;
    r.energyPerSite = binningEstimate(m_energy);
    r.absMagnetization = binningEstimate(m_absM);
    r.magnetizationSquared = binningEstimate(m_m2);
    r.magnetizationFourth = binningEstimate(m_m4);
    r.nnCorrelator = binningEstimate(m_nn);
    r.diagonalCorrelator = binningEstimate(m_diag);
    r.plaquetteCorrelator = binningEstimate(m_plaq);
    std::vector<double> e2(m_energy.size());
    for (size_t i = 0; i < e2.size(); ++i)
        e2[i] = m_energy[i] * m_energy[i];
    r.specificHeat = jackknife(
        {m_energy, e2}, [&](const std::vector<double>& mu) { return beta * beta * N * (mu[1] - mu[0] * mu[0]); });
    r.susceptibility =
        jackknife({m_absM, m_m2}, [&](const std::vector<double>& mu) { return beta * N * (mu[1] - mu[0] * mu[0]); });
    r.binder = jackknife({m_m2, m_m4}, [](const std::vector<double>& mu) {
        return mu[0] > 0 ? 1.0 - mu[1] / (3.0 * mu[0] * mu[0]) : 0.0;
    });
    r.tauIntEnergy = integratedAutocorrelationTime(m_energy);
    r.tauIntAbsMagnetization = integratedAutocorrelationTime(m_absM);
    return r;
}

} // namespace dlab
