#pragma once
// Error analysis of Monte Carlo time series: binning, jackknife, integrated
// autocorrelation time. Correlated samples make the naive error too small by
// √(2 τ_int); binning and jackknife on bins account for that.

#include <functional>
#include <vector>

namespace dlab {

struct Estimate {
    double mean = 0;
    double error = 0;
};

double mean(const std::vector<double>& x);

// Averages consecutive blocks of `binSize` samples (a trailing partial block is dropped).
std::vector<double> binned(const std::vector<double>& x, int binSize);

// Mean with a binning error: bins of growing size until the error plateaus;
// uses ≥ 32 bins, so the error is itself known to ≈ 12 %.
Estimate binningEstimate(const std::vector<double>& x);

// Integrated autocorrelation time τ_int = ½ + Σ_t ρ(t) with Sokal's automatic
// window (stop at the first W ≥ c·τ_int(W), c = 6). τ_int = ½ for independent samples.
double integratedAutocorrelationTime(const std::vector<double>& x);

// Jackknife estimate of f(⟨x_1⟩, …, ⟨x_k⟩) for nonlinear functions of means
// (specific heat, susceptibility, Binder cumulant), with `bins` blocks.
Estimate jackknife(const std::vector<std::vector<double>>& series,
                   const std::function<double(const std::vector<double>& means)>& f, int bins = 32);

} // namespace dlab
