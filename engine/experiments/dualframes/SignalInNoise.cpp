#include "SignalInNoise.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace dlab::dualframes {

SignalSet makeSignals(const SignalSpec& spec, int count, std::uint64_t seed, std::uint64_t stream)
{
    const int n = spec.length;
    const RngStream parent(seed, stream);
    SignalSet s;
    s.x.resize(count, n);
    s.labels.resize(std::size_t(count));
    for (int r = 0; r < count; ++r) {
        RngStream rng = parent.child(std::uint64_t(r));
        const int label = r % 2;
        const double phase = 2 * std::numbers::pi * rng.uniform();
        for (int t = 0; t < n; ++t) {
            const double sine = label ? spec.amplitude * std::sin(2 * std::numbers::pi * spec.frequency * t / n + phase) : 0;
            s.x(r, t) = sine + spec.noise * rng.normal();
        }
        s.labels[std::size_t(r)] = label;
    }
    return s;
}

Eigen::VectorXd modePower(const Eigen::MatrixXd& x, int frequency)
{
    const Eigen::Index n = x.cols();
    Eigen::VectorXd c(n), s(n);
    for (Eigen::Index t = 0; t < n; ++t) {
        c[t] = std::cos(2 * std::numbers::pi * double(frequency) * double(t) / double(n));
        s[t] = std::sin(2 * std::numbers::pi * double(frequency) * double(t) / double(n));
    }
    return (x * c).array().square() + (x * s).array().square();
}

Eigen::VectorXd powerSpectrum(const Eigen::VectorXd& w)
{
    const Eigen::Index n = w.size();
    Eigen::VectorXd p(n / 2 + 1);
    for (Eigen::Index f = 0; f <= n / 2; ++f) {
        double re = 0, im = 0;
        for (Eigen::Index t = 0; t < n; ++t) {
            const double a = 2 * std::numbers::pi * double(f) * double(t) / double(n);
            re += w[t] * std::cos(a);
            im -= w[t] * std::sin(a);
        }
        p[f] = re * re + im * im;
    }
    return p;
}

namespace {
// P(χ²₂(λ) > c) = Σ_j Poisson(j; λ/2) · P(χ²_{2+2j} > c), and
// P(χ²_{2m} > c) = e^{−c/2} Σ_{i<m} (c/2)^i / i!.
double noncentralTail(double lambda, double c)
{
    const double h = lambda / 2, x = c / 2;
    double poisson = std::exp(-h), term = std::exp(-x), inner = term, sum = 0, weight = 0;
    for (int j = 0; j < 2000; ++j) {
        sum += poisson * inner;
        weight += poisson;
        if (1 - weight < 1e-15 && j > h) break;
        poisson *= h / (j + 1);
        term *= x / (j + 1);
        inner += term;
    }
    return sum;
}

// ln I₀(x), with the asymptotic form where I₀ itself would overflow.
double logBesselI0(double x)
{
    if (x < 500) return std::log(std::cyl_bessel_i(0.0, x));
    return x - 0.5 * std::log(2 * std::numbers::pi * x) + std::log1p(1 / (8 * x));
}

// Beyond this non-centrality the Poisson weights underflow; the accuracy is
// 1 to many digits there and a normal approximation of χ²₂(λ) is used.
constexpr double kLargeLambda = 600;
} // namespace

MatchedDetector matchedDetectorExact(const SignalSpec& spec)
{
    if (!(spec.frequency > 0 && 2 * spec.frequency < spec.length))
        throw ParameterError("frequency", "the exact detector needs 0 < k < N/2");
    const double lambda = spec.amplitude * spec.amplitude * spec.length / (2 * spec.noise * spec.noise);
    // Densities cross where I₀(√(λ q)) = e^{λ/2}; I₀ is increasing, so bisect.
    auto excess = [&](double q) { return logBesselI0(std::sqrt(lambda * q)) - lambda / 2; };
    double lo = 0, hi = 1;
    while (excess(hi) < 0)
        hi *= 2;
    for (int it = 0; it < 200; ++it) {
        const double mid = 0.5 * (lo + hi);
        (excess(mid) < 0 ? lo : hi) = mid;
    }
    MatchedDetector d;
    d.threshold = 0.5 * (lo + hi);
    const double signalAbove =
        lambda < kLargeLambda ? noncentralTail(lambda, d.threshold)
                              : 0.5 * std::erfc((d.threshold - lambda - 2) / std::sqrt(2 * (4 * lambda + 4)));
    d.accuracy = 0.5 * ((1 - std::exp(-d.threshold / 2)) + signalAbove);
    return d;
}

double thresholdAccuracy(const Eigen::VectorXd& score, const std::vector<int>& labels, double threshold)
{
    std::size_t right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        right += (score[Eigen::Index(i)] > threshold) == (labels[i] == 1);
    return double(right) / double(labels.size());
}

double bestThreshold(const Eigen::VectorXd& score, const std::vector<int>& labels)
{
    const std::size_t n = labels.size();
    if (n == 0 || std::size_t(score.size()) != n) throw ParameterError("labels", "need one label per score");
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[Eigen::Index(a)] < score[Eigen::Index(b)]; });
    // Threshold below everything: all rows called 1.
    long long right = std::count(labels.begin(), labels.end(), 1), best = right;
    double threshold = score[Eigen::Index(order[0])] - 1;
    for (std::size_t k = 0; k < n; ++k) {
        right += labels[order[k]] == 1 ? -1 : 1; // row order[k] now called 0
        const bool gap = k + 1 == n || score[Eigen::Index(order[k + 1])] > score[Eigen::Index(order[k])];
        if (gap && right > best) {
            best = right;
            threshold = k + 1 == n ? score[Eigen::Index(order[k])] + 1
                                   : 0.5 * (score[Eigen::Index(order[k])] + score[Eigen::Index(order[k + 1])]);
        }
    }
    return threshold;
}

} // namespace dlab::dualframes
