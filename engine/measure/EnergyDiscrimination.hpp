#pragma once
// How well can anything tell two Ising temperatures apart? E is a
// sufficient statistic for β, and the likelihood ratio p_β1(E)/p_β0(E) ∝
// e^{−(β1−β0)E} is monotone in E, so the best test (equal priors) is a
// threshold on E, with accuracy ½ Σ_E max(p0, p1) = 1 − ½ Σ_E min(p0, p1).
// The second sum is the overlap of the two energy histograms.
//
// From Monte Carlo samples the threshold is the one that maximises the
// empirical accuracy; its statistical error accounts for the samples'
// autocorrelation (τ_int, in samples).

#include <vector>

namespace dlab {

// Counts of integer values lo, lo + 1, …
struct IntegerHistogram {
    int lo = 0;
    std::vector<long long> counts;
    long long total() const;
    int hi() const { return lo + int(counts.size()) - 1; }
};
IntegerHistogram histogramOf(const std::vector<int>& values);

struct Discrimination {
    double accuracy = 0.5;
    double error = 0;     // statistical error of the accuracy (0 when exact)
    double overlap = 1;   // Σ min(p0, p1)
    double threshold = 0; // value between levels; class 1 above it if `firstBelow`, else below
    bool firstBelow = true;
};

// Two exact distributions on the same levels.
Discrimination discriminateExact(const std::vector<double>& p0, const std::vector<double>& p1);

// Two samples, each with its integrated autocorrelation time in samples.
Discrimination discriminateSamples(const IntegerHistogram& h0, double tau0, const IntegerHistogram& h1, double tau1);

} // namespace dlab
