#include "engine/fields/Phi4Observables.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::fields {

double fastIntegratedAutocorrelationTime(const std::vector<double>& x)
{
    constexpr std::size_t kDirect = std::size_t(1) << 16;
    if (x.size() <= kDirect) return integratedAutocorrelationTime(x);
    const int b = int((x.size() + kDirect - 1) / kDirect);
    const std::vector<double> blocks = binned(x, b);
    auto variance = [](const std::vector<double>& v) {
        const double m = mean(v);
        double s = 0;
        for (double y : v)
            s += (y - m) * (y - m);
        return v.size() > 1 ? s / double(v.size() - 1) : 0.0;
    };
    const double v = variance(x), vb = variance(blocks);
    if (!(v > 0)) return 0.5;
    return std::max(0.5, b * integratedAutocorrelationTime(blocks) * vb / v);
}

Phi4Estimates phi4Estimates(const std::vector<std::vector<double>>& mPerChain,
                            const std::vector<std::vector<double>>& phiSquaredPerChain, int volume)
{
    Phi4Estimates e;
    const std::size_t chains = mPerChain.size();
    if (chains == 0) return e;
    std::size_t n = mPerChain[0].size();
    for (const auto& c : mPerChain)
        n = std::min(n, c.size());
    const bool withPhi2 = phiSquaredPerChain.size() == chains;
    if (withPhi2)
        for (const auto& c : phiSquaredPerChain)
            n = std::min(n, c.size());
    if (n < 4) return e;

    // τ_int per chain, averaged.
    double tauM = 0, tauAbs = 0, tauM2 = 0;
    for (std::size_t c = 0; c < chains; ++c) {
        std::vector<double> m(mPerChain[c].begin(), mPerChain[c].begin() + std::ptrdiff_t(n)), a(n), q(n);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = std::abs(m[i]);
            q[i] = m[i] * m[i];
        }
        tauM += fastIntegratedAutocorrelationTime(m);
        tauAbs += fastIntegratedAutocorrelationTime(a);
        tauM2 += fastIntegratedAutocorrelationTime(q);
    }
    e.tauIntM = tauM / double(chains);
    e.tauIntAbsM = tauAbs / double(chains);
    e.tauIntM2 = tauM2 / double(chains);

    // Bins of ≥ 20 τ_int, whole per chain, at most 64 in all.
    const double tau = std::max(e.tauIntAbsM, e.tauIntM2);
    std::size_t perChain = std::max<std::size_t>(1, std::size_t(double(n) / (20.0 * tau)));
    perChain = std::min<std::size_t>(perChain, std::max<std::size_t>(1, 64 / chains));
    const std::size_t used = n / perChain * perChain; // samples per chain that fill the bins
    e.bins = int(perChain * chains);
    e.binLength = double(used / perChain);
    e.reliable = e.bins >= 8 && e.binLength >= 20.0 * tau;
    e.samples = (long long)(used * chains);

    std::vector<std::vector<double>> s(5);
    for (auto& v : s)
        v.reserve(used * chains);
    for (std::size_t c = 0; c < chains; ++c)
        for (std::size_t i = 0; i < used; ++i) {
            const double m = mPerChain[c][i], m2 = m * m;
            s[0].push_back(m);
            s[1].push_back(std::abs(m));
            s[2].push_back(m2);
            s[3].push_back(m2 * m2);
            s[4].push_back(withPhi2 ? phiSquaredPerChain[c][i] : 0.0);
        }
    const double V = volume;
    auto jk = [&](auto f) { return jackknife(s, f, e.bins); };
    e.absM = jk([](const std::vector<double>& x) { return x[1]; });
    e.chi2 = jk([V](const std::vector<double>& x) { return V * (x[2] - x[0] * x[0]); });
    e.chi2Abs = jk([V](const std::vector<double>& x) { return V * (x[2] - x[1] * x[1]); });
    e.binder = jk([](const std::vector<double>& x) { return 1.0 - x[3] / (3.0 * x[2] * x[2]); });
    if (withPhi2) e.phiSquared = jk([](const std::vector<double>& x) { return x[4]; });

    e.m.mean = mean(s[0]);
    double var = 0;
    for (double x : s[0])
        var += (x - e.m.mean) * (x - e.m.mean);
    var /= double(s[0].size() - 1);
    e.m.error = std::sqrt(2.0 * e.tauIntM * var / double(s[0].size()));
    return e;
}

Histogram magnetisationHistogram(const std::vector<std::vector<double>>& mPerChain, int bins)
{
    Histogram h;
    double r = 0;
    std::size_t total = 0;
    for (const auto& c : mPerChain) {
        for (double m : c)
            r = std::max(r, std::abs(m));
        total += c.size();
    }
    if (total == 0 || bins < 1 || !(r > 0)) return h;
    r *= 1.0 + 1e-9;
    h.width = 2.0 * r / bins;
    h.centres.resize(std::size_t(bins));
    h.density.assign(std::size_t(bins), 0.0);
    for (int b = 0; b < bins; ++b)
        h.centres[std::size_t(b)] = -r + (b + 0.5) * h.width;
    for (const auto& c : mPerChain)
        for (double m : c)
            h.density[std::size_t(std::clamp(int((m + r) / h.width), 0, bins - 1))] += 1.0;
    for (double& d : h.density)
        d /= double(total) * h.width;
    return h;
}

} // namespace dlab::fields
