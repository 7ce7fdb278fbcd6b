#include "engine/measure/EnergyDiscrimination.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dlab {

long long IntegerHistogram::total() const { return std::accumulate(counts.begin(), counts.end(), 0LL); }

IntegerHistogram histogramOf(const std::vector<int>& values)
{
    IntegerHistogram h;
    if (values.empty()) return h;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    h.lo = *lo;
    h.counts.assign(std::size_t(*hi - *lo) + 1, 0);
    for (int v : values)
        ++h.counts[std::size_t(v - h.lo)];
    return h;
}

Discrimination discriminateExact(const std::vector<double>& p0, const std::vector<double>& p1)
{
    if (p0.size() != p1.size() || p0.empty())
        throw ParameterError("distribution", "the two distributions need the same, non-empty set of levels");
    Discrimination d;
    double best = 0, overlap = 0;
    for (std::size_t k = 0; k < p0.size(); ++k) {
        best += std::max(p0[k], p1[k]);
        overlap += std::min(p0[k], p1[k]);
    }
    d.accuracy = 0.5 * best;
    d.overlap = overlap;
    return d;
}

Discrimination discriminateSamples(const IntegerHistogram& h0, double tau0, const IntegerHistogram& h1, double tau1)
{
    const double n0 = double(h0.total()), n1 = double(h1.total());
    if (n0 <= 0 || n1 <= 0) throw ParameterError("samples", "both histograms need samples");
    const int lo = std::min(h0.lo, h1.lo), hi = std::max(h0.hi(), h1.hi());
    auto count = [](const IntegerHistogram& h, int v) {
        return v >= h.lo && v <= h.hi() ? double(h.counts[std::size_t(v - h.lo)]) : 0.0;
    };
    Discrimination d;
    d.overlap = 0;
    double below0 = 0, below1 = 0; // fractions of each sample below the cut
    double bestAccuracy = -1, f0 = 0, f1 = 0;
    for (int cut = lo; cut <= hi + 1; ++cut) { // the cut sits between cut − 1 and cut
        for (bool firstBelow : {true, false}) {
            const double a = firstBelow ? 0.5 * (below0 + (1 - below1)) : 0.5 * ((1 - below0) + below1);
            if (a > bestAccuracy) {
                bestAccuracy = a;
                d.threshold = cut - 0.5;
                d.firstBelow = firstBelow;
                f0 = below0;
                f1 = below1;
            }
        }
        if (cut <= hi) {
            const double c0 = count(h0, cut) / n0, c1 = count(h1, cut) / n1;
            d.overlap += std::min(c0, c1);
            below0 += c0;
            below1 += c1;
        }
    }
    d.accuracy = bestAccuracy;
    // Each side's hit rate is a mean of correlated indicators: variance
    // f(1 − f)·2τ/n.
    d.error = 0.5 * std::sqrt(f0 * (1 - f0) * 2 * std::max(tau0, 0.5) / n0 + f1 * (1 - f1) * 2 * std::max(tau1, 0.5) / n1);
    return d;
}

} // namespace dlab
