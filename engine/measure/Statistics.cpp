#include "engine/measure/Statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dlab {

double mean(const std::vector<double>& x)
{
    return x.empty() ? 0.0 : std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}

std::vector<double> binned(const std::vector<double>& x, int binSize)
{
    std::vector<double> out;
    if (binSize < 1) return out;
    const size_t n = x.size() / size_t(binSize);
    out.reserve(n);
    for (size_t b = 0; b < n; ++b) {
        double s = 0;
        for (int i = 0; i < binSize; ++i)
            s += x[b * binSize + i];
        out.push_back(s / binSize);
    }
    return out;
}

namespace {
double naiveError(const std::vector<double>& x)
{
    const size_t n = x.size();
    if (n < 2) return 0.0;
    const double m = mean(x);
    double v = 0;
    for (double xi : x)
        v += (xi - m) * (xi - m);
    return std::sqrt(v / double(n - 1) / double(n));
}
} // namespace

Estimate binningEstimate(const std::vector<double>& x)
{
    Estimate e{mean(x), naiveError(x)};
    // Double the bin size while ≥ 32 bins remain; the largest error seen is the
    // conservative estimate (it grows until bins exceed the correlation time).
    for (int b = 2; x.size() / size_t(b) >= 32; b *= 2)
        e.error = std::max(e.error, naiveError(binned(x, b)));
    return e;
}

double integratedAutocorrelationTime(const std::vector<double>& x)
{
    const size_t n = x.size();
    if (n < 4) return 0.5;
    const double m = mean(x);
    double c0 = 0;
    for (double xi : x)
        c0 += (xi - m) * (xi - m);
    c0 /= double(n);
    if (c0 <= 0) return 0.5;
    double tau = 0.5;
    for (size_t t = 1; t < n / 2; ++t) {
        double ct = 0;
        for (size_t i = 0; i + t < n; ++i)
            ct += (x[i] - m) * (x[i + t] - m);
        ct /= double(n - t);
        tau += ct / c0;
        if (double(t) >= 6.0 * tau) break;
    }
    return std::max(tau, 0.5);
}

Estimate jackknife(const std::vector<std::vector<double>>& series,
                   const std::function<double(const std::vector<double>&)>& f, int bins)
{
    const size_t k = series.size();
    if (k == 0 || series[0].empty()) return {};
    const size_t n = series[0].size();
    bins = int(std::min<size_t>(size_t(std::max(bins, 2)), n));
    const size_t per = n / size_t(bins);
    // Block sums, so each leave-one-out mean is (total − block) / (n − per).
    std::vector<std::vector<double>> blockSum(k, std::vector<double>(bins, 0.0));
    std::vector<double> total(k, 0.0);
    for (size_t j = 0; j < k; ++j)
        for (int b = 0; b < bins; ++b) {
            for (size_t i = b * per; i < (b + 1) * per; ++i)
                blockSum[j][b] += series[j][i];
            total[j] += blockSum[j][b];
        }
    const double used = double(per) * bins;
    std::vector<double> means(k);
    for (size_t j = 0; j < k; ++j)
        means[j] = total[j] / used;
    const double full = f(means);
    std::vector<double> leaveOut(bins);
    for (int b = 0; b < bins; ++b) {
        for (size_t j = 0; j < k; ++j)
            means[j] = (total[j] - blockSum[j][b]) / (used - double(per));
        leaveOut[b] = f(means);
    }
    const double avg = mean(leaveOut);
    double v = 0;
    for (double y : leaveOut)
        v += (y - avg) * (y - avg);
    // Bias-corrected estimate and the jackknife error.
    return {bins * full - (bins - 1) * avg, std::sqrt(v * double(bins - 1) / bins)};
}

} // namespace dlab
