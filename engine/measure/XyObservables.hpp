#pragma once
// Time series of the XY observables with error bars (binning) and
// integrated autocorrelation times:
//   e = E/N,  |m| = |Σ_i s_i|/N,  Υ (helicity modulus, see xyHelicitySample),
//   ρ_v = (vortices + antivortices)/N,  C = β² N (⟨e²⟩ − ⟨e⟩²).
// Υ jumps from 2T/π to 0 at the BKT transition (T ≈ 0.893 for L → ∞).

#include "engine/measure/Statistics.hpp"
#include "engine/models/XyConfiguration.hpp"

#include <vector>

namespace dlab {

struct XySummary {
    long long samples = 0;
    Estimate energyPerSite, absMagnetization, helicityModulus, vortexDensity, specificHeat;
    double tauIntEnergy = 0.5; // in recorded samples
    double tauIntAbsMagnetization = 0.5;
    double tauIntHelicity = 0.5;
};

class XyObservables {
public:
    XyObservables(int L, double beta);
    void record(const XyConfiguration& s);
    void merge(const XyObservables& other); // samples of another chain of the same model
    long long samples() const { return (long long)m_energy.size(); }
    const std::vector<double>& energySeries() const { return m_energy; }
    const std::vector<double>& vortexSeries() const { return m_vortex; }
    XySummary summary() const;

private:
    int m_sites;
    double m_beta;
    std::vector<double> m_energy, m_absM, m_helicity, m_vortex;
};

} // namespace dlab
