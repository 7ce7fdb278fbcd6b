#include "BetaConditional.hpp"

#include "SpecialFunctions.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dlab::nn {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

double softplus(double x) { return x > 30 ? x : std::log1p(std::exp(x)); }
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// lgamma_r: std::lgamma writes the global signgam (a data race under TBB).
double logGamma(double x)
{
    int sign = 0;
    return ::lgamma_r(x, &sign);
}
double clampedU(double theta)
{
    return std::clamp(theta / kTwoPi, BetaConditional::kEdge, 1.0 - BetaConditional::kEdge);
}

} // namespace

void BetaConditional::encode(const ConstValues& values, Block features) const
{
    features.col(0) = values.array().cos().matrix();
    features.col(1) = values.array().sin().matrix();
}

void BetaConditional::logProb(const ConstBlock& out, const ConstValues& values, Values logp) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double a = softplus(out(r, 0)), b = softplus(out(r, 1)), u = clampedU(values[r]);
        logp[r] = (a - 1) * std::log(u) + (b - 1) * std::log1p(-u) - logGamma(a) - logGamma(b) + logGamma(a + b);
    }
}

void BetaConditional::logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double a = softplus(out(r, 0)), b = softplus(out(r, 1)), u = clampedU(values[r]);
        const double lu = std::log(u), l1u = std::log1p(-u);
        logp[r] = (a - 1) * lu + (b - 1) * l1u - logGamma(a) - logGamma(b) + logGamma(a + b);
        const double psiAB = digamma(a + b);
        grad(r, 0) = (lu - digamma(a) + psiAB) * sigmoid(out(r, 0));
        grad(r, 1) = (l1u - digamma(b) + psiAB) * sigmoid(out(r, 1));
    }
}

double BetaConditional::sampleGamma(double shape, RngStream& rng)
{
    if (shape < 1.0) {
        // Γ(a) = Γ(a + 1) · U^{1/a}
        const double u = 1.0 - rng.uniform();
        return sampleGamma(shape + 1.0, rng) * std::pow(u, 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        const double x = rng.normal();
        const double t = 1.0 + c * x;
        if (t <= 0) continue;
        const double v = t * t * t;
        const double u = 1.0 - rng.uniform();
        if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
}

void BetaConditional::sample(const ConstBlock& out, RngStream& rng, Values values) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double x = sampleGamma(softplus(out(r, 0)), rng), y = sampleGamma(softplus(out(r, 1)), rng);
        const double u = x + y > 0 ? x / (x + y) : 0.5;
        values[r] = kTwoPi * std::clamp(u, kEdge, 1.0 - kEdge);
    }
}

} // namespace dlab::nn
