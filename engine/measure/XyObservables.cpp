#include "engine/measure/XyObservables.hpp"

#include <cmath>

namespace dlab {

XyObservables::XyObservables(int L, double beta) : m_sites(L * L), m_beta(beta) {}

void XyObservables::record(const XyConfiguration& s)
{
    const XyLinkSums sums = xyLinkSums(s);
    const auto m = xyMagnetization(s);
    m_energy.push_back(-(sums.cosX + sums.cosY) / m_sites);
    m_absM.push_back(std::hypot(m[0], m[1]));
    m_helicity.push_back(xyHelicitySample(sums, m_sites, m_beta));
    m_vortex.push_back(vortexDensity(s));
}

void XyObservables::merge(const XyObservables& o)
{
    m_energy.insert(m_energy.end(), o.m_energy.begin(), o.m_energy.end());
    m_absM.insert(m_absM.end(), o.m_absM.begin(), o.m_absM.end());
    m_helicity.insert(m_helicity.end(), o.m_helicity.begin(), o.m_helicity.end());
    m_vortex.insert(m_vortex.end(), o.m_vortex.begin(), o.m_vortex.end());
}

XySummary XyObservables::summary() const
{
    XySummary r;
    r.samples = samples();
    if (r.samples < 2) return r;
    r.energyPerSite = binningEstimate(m_energy);
    r.absMagnetization = binningEstimate(m_absM);
    r.helicityModulus = binningEstimate(m_helicity);
    r.vortexDensity = binningEstimate(m_vortex);
    std::vector<double> e2(m_energy.size());
    for (std::size_t k = 0; k < e2.size(); ++k)
        e2[k] = m_energy[k] * m_energy[k];
    const double b = m_beta, N = m_sites;
    r.specificHeat =
        jackknife({m_energy, e2}, [&](const std::vector<double>& mu) { return b * b * N * (mu[1] - mu[0] * mu[0]); });
    r.tauIntEnergy = integratedAutocorrelationTime(m_energy);
    r.tauIntAbsMagnetization = integratedAutocorrelationTime(m_absM);
    r.tauIntHelicity = integratedAutocorrelationTime(m_helicity);
    return r;
}

} // namespace dlab
