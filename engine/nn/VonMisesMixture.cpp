#include "VonMisesMixture.hpp"

#include "SpecialFunctions.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace dlab::nn {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

double softplus(double x) { return x > 30 ? x : std::log1p(std::exp(x)); }
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double wrapAngle(double t)
{
    t = std::fmod(t, kTwoPi);
    return t < 0 ? t + kTwoPi : t;
}

// ln Σ_k e^{a_k}: the normaliser of the mixture weights w = softmax(a).
double logWeightNormaliser(const Conditional::ConstBlock& out, Eigen::Index r, int K)
{
    double amax = out(r, 0);
    for (int k = 1; k < K; ++k)
        amax = std::max(amax, out(r, k));
    double asum = 0;
    for (int k = 0; k < K; ++k)
        asum += std::exp(out(r, k) - amax);
    return amax + std::log(asum);
}

// Per-row mixture terms ℓ_k = ln w_k + κ_k cos(θ − μ_k) − ln I₀(κ_k) and
// their log-sum ln p(u). Buffers hold K entries.
double mixtureTerms(const Conditional::ConstBlock& out, Eigen::Index r, int K, double theta, double* ell, double* kappa)
{
    const double logNorm = logWeightNormaliser(out, r, K);
    double lmax = -INFINITY;
    for (int k = 0; k < K; ++k) {
        kappa[k] = softplus(out(r, 2 * K + k));
        ell[k] = out(r, k) - logNorm + kappa[k] * std::cos(theta - out(r, K + k)) - logBesselI0(kappa[k]);
        lmax = std::max(lmax, ell[k]);
    }
    double s = 0;
    for (int k = 0; k < K; ++k)
        s += std::exp(ell[k] - lmax);
    return lmax + std::log(s);
}

} // namespace

VonMisesMixture::VonMisesMixture(int components) : m_k(components) { requireInRange("components", components, 1, 64); }

void VonMisesMixture::encode(const ConstValues& values, Block features) const
{
    features.col(0) = values.array().cos().matrix();
    features.col(1) = values.array().sin().matrix();
}

void VonMisesMixture::logProb(const ConstBlock& out, const ConstValues& values, Values logp) const
{
    std::vector<double> ell(static_cast<std::size_t>(m_k)), kappa(static_cast<std::size_t>(m_k));
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        logp[r] = mixtureTerms(out, r, m_k, values[r], ell.data(), kappa.data());
}

void VonMisesMixture::logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const
{
    const int K = m_k;
    std::vector<double> ell(static_cast<std::size_t>(K)), kappa(static_cast<std::size_t>(K));
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double theta = values[r];
        const double lp = mixtureTerms(out, r, K, theta, ell.data(), kappa.data());
        logp[r] = lp;
        const double logNorm = logWeightNormaliser(out, r, K);
        for (int k = 0; k < K; ++k) {
            const double resp = std::exp(ell[std::size_t(k)] - lp); // posterior weight of component k
            const double w = std::exp(out(r, k) - logNorm);
            const double d = theta - out(r, K + k);
            const double kap = kappa[std::size_t(k)];
            grad(r, k) = resp - w;
            grad(r, K + k) = resp * kap * std::sin(d);
            grad(r, 2 * K + k) = resp * (std::cos(d) - besselRatioI1I0(kap)) * sigmoid(out(r, 2 * K + k));
        }
    }
}

double VonMisesMixture::sampleVonMises(double kappa, RngStream& rng)
{
    if (!(kappa > 1e-12)) return kTwoPi * rng.uniform() - std::numbers::pi;
    // Best & Fisher (1979), with b = (a − √(2a))/(2κ) rewritten to avoid
    // cancellation at small κ.
    const double root = std::sqrt(1.0 + 4.0 * kappa * kappa);
    const double a = 1.0 + root;
    const double b = 2.0 * a * kappa / ((root + 1.0) * (a + std::sqrt(2.0 * a)));
    const double rr = (1.0 + b * b) / (2.0 * b);
    double f;
    for (;;) {
        const double u1 = rng.uniform(), u2 = 1.0 - rng.uniform();
        const double z = std::cos(std::numbers::pi * u1);
        f = (1.0 + rr * z) / (rr + z);
        const double c = kappa * (rr - f);
        if (c * (2.0 - c) - u2 > 0 || std::log(c / u2) + 1.0 - c >= 0) break;
    }
    const double angle = std::acos(std::clamp(f, -1.0, 1.0));
    return rng.uniform() < 0.5 ? -angle : angle;
}

void VonMisesMixture::sample(const ConstBlock& out, RngStream& rng, Values values) const
{
    const int K = m_k;
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double logNorm = logWeightNormaliser(out, r, K);
        const double u = rng.uniform();
        double cumulative = 0;
        int k = 0;
        for (; k < K - 1; ++k) {
            cumulative += std::exp(out(r, k) - logNorm);
            if (u < cumulative) break;
        }
        const double kappa = softplus(out(r, 2 * K + k));
        values[r] = wrapAngle(out(r, K + k) + sampleVonMises(kappa, rng));
    }
}

} // namespace dlab::nn
