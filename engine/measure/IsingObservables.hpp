#pragma once
// Time series of the standard Ising observables and their estimates with
// error bars. Energies are in units of the nearest-neighbour coupling:
// E = H_t / t0, so for t = (β, 0, 0) this is the usual E = −Σ s_i s_j and
// C = β² Var(E)/N.

#include "engine/measure/Statistics.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <vector>

namespace dlab {

struct IsingSummary {
    long long samples = 0;
    Estimate energyPerSite;
    Estimate absMagnetization;
    Estimate magnetizationSquared;
    Estimate magnetizationFourth;
    Estimate specificHeat;   // β² N (⟨e²⟩ − ⟨e⟩²), e = E/N
    Estimate susceptibility; // β N (⟨m²⟩ − ⟨|m|⟩²)
    Estimate binder;         // 1 − ⟨m⁴⟩ / (3 ⟨m²⟩²)
    Estimate nnCorrelator;   // ⟨s_i s_j⟩ over nearest-neighbour links
    Estimate diagonalCorrelator;
    Estimate plaquetteCorrelator;
    double tauIntEnergy = 0.5; // in units of recorded samples
    double tauIntAbsMagnetization = 0.5;
};

class IsingObservables {
public:
    // The couplings fix β = t0 (used in C and χ) and the energy units.
    IsingObservables(int L, IsingCouplings t);

    void record(const SpinConfiguration& s);
    // Append another set of samples of the same model (e.g. another chain).
    void merge(const IsingObservables& other);
    void clear();

    long long samples() const { return (long long)m_energy.size(); }
    const std::vector<double>& energySeries() const { return m_energy; }
    const std::vector<double>& absMagnetizationSeries() const { return m_absM; }

    IsingSummary summary() const;

private:
    int m_sites;
    IsingCouplings m_t;
    std::vector<double> m_energy, m_absM, m_m2, m_m4, m_nn, m_diag, m_plaq;
};

} // namespace dlab
