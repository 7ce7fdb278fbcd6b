#pragma once
// φ⁴ observables from the magnetisation series of one or more chains, with
// errors that respect the autocorrelation (docs/experiments/fieldtheory.md):
//
//   M = Σφ/V,  ⟨M⟩, ⟨|M|⟩,  χ2 = V(⟨M²⟩ − ⟨M⟩²)  (the seed's convention),
//   χ2_abs = V(⟨M²⟩ − ⟨|M|⟩²),  U_L = 1 − ⟨M⁴⟩/(3⟨M²⟩²),  ⟨φ²⟩ per site.
//
// Nonlinear estimators get jackknife errors over bins that never straddle two
// chains and are ≥ 20 τ_int long (τ_int of |M| and M², the slower of the two);
// ⟨M⟩, whose τ_int is the tunnelling time between ±M, gets σ √(2τ_int/N).
// With fewer than 8 such bins the errors are flagged unreliable.

#include "engine/measure/Statistics.hpp"

#include <vector>

namespace dlab::fields {

struct Phi4Estimates {
    long long samples = 0; // over all chains
    Estimate m, absM, chi2, chi2Abs, binder, phiSquared;
    double tauIntM = 0, tauIntAbsM = 0, tauIntM2 = 0; // in units of the series' spacing
    int bins = 0;                                     // jackknife bins used
    double binLength = 0;                             // samples per bin
    bool reliable = false;                            // ≥ 8 bins of ≥ 20 τ_int
};

// mPerChain[c] and phiSquaredPerChain[c] are chain c's series (equal
// spacing; chains may differ in length — each is cut to the shortest).
// phiSquaredPerChain may be empty.
Phi4Estimates phi4Estimates(const std::vector<std::vector<double>>& mPerChain,
                            const std::vector<std::vector<double>>& phiSquaredPerChain, int volume);

// τ_int of a long series, fast: for n > 2¹⁶ samples it is measured on block
// means of b samples and converted back through the variance of the mean,
// τ = b τ_b σ_b² / σ² (exact bookkeeping, accurate while b ≪ τ or τ_b ≈ ½).
double fastIntegratedAutocorrelationTime(const std::vector<double>& x);

// Histogram of all chains' M: `bins` equal bins over [−r, r], r = max |M|.
struct Histogram {
    std::vector<double> centres, density; // density integrates to 1
    double width = 0;
};
Histogram magnetisationHistogram(const std::vector<std::vector<double>>& mPerChain, int bins);

} // namespace dlab::fields
