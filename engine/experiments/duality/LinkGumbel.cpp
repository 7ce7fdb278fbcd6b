#include "engine/experiments/duality/LinkGumbel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace dlab {

const char* gumbelNoiseName(GumbelNoise g)
{
    switch (g) {
    case GumbelNoise::Shared:
        return "shared";
    case GumbelNoise::PerLink:
        return "per-link";
    case GumbelNoise::Off:
        break;
    }
    return "off";
}

std::optional<GumbelNoise> gumbelNoiseFromName(std::string_view name)
{
    for (GumbelNoise g : {GumbelNoise::Off, GumbelNoise::Shared, GumbelNoise::PerLink})
        if (name == gumbelNoiseName(g)) return g;
    return std::nullopt;
}

namespace {

// Exp(1) variates by Marsaglia and Tsang's ziggurat (J. Stat. Softw. 5(8),
// 2000; 256 layers): about 99 % of them cost one 32-bit draw and a multiply,
// no logarithm. The low 8 bits pick the layer, the upper 24 the position, so
// the two are independent (the original used the same bits for both).
class ExponentialZiggurat {
public:
    ExponentialZiggurat()
    {
        constexpr double m = 16777216.0; // 2^24
        double d = 7.697117470131487, t = d;
        const double v = 3.949659822581572e-3, q = v / std::exp(-d);
        m_k[0] = std::uint32_t((d / q) * m);
        m_k[1] = 0;
        m_w[0] = q / m;
        m_w[255] = d / m;
        m_f[0] = 1.0;
        m_f[255] = std::exp(-d);
        for (int i = 254; i >= 1; --i) {
            d = -std::log(v / d + std::exp(-d));
            m_k[i + 1] = std::uint32_t((d / t) * m);
            t = d;
            m_f[i] = std::exp(-d);
            m_w[i] = d / m;
        }
    }

    // > 0 always: the position is offset by ½ (1/E² must stay finite).
    double operator()(RngStream& rng) const
    {
        for (;;) {
            const std::uint32_t u = rng.nextU32();
            const int i = int(u & 255u);
            const std::uint32_t j = u >> 8;
            const double x = (double(j) + 0.5) * m_w[i];
            if (j < m_k[i]) return x;
            if (i == 0) return 7.697117470131487 - std::log(uniform(rng)); // the tail
            if (m_f[i] + uniform(rng) * (m_f[i - 1] - m_f[i]) < std::exp(-x)) return x;
        }
    }

private:
    static double uniform(RngStream& rng) { return (double(rng.nextU32()) + 0.5) * 0x1.0p-32; }
    std::array<std::uint32_t, 256> m_k{};
    std::array<double, 256> m_w{}, m_f{};
};

const ExponentialZiggurat& exponentialZiggurat()
{
    static const ExponentialZiggurat z; // built once, read-only afterwards
    return z;
}

} // namespace

void LinkGumbel::weights(int chain, int links, double* w) const
{
    // exp((θ1_k + g_k)/τ) = a_k E_k^(−1/τ) with a_k = exp(θ1_k/τ) and
    // E_k = exp(−g_k) ~ Exp(1): for τ = ½ and 1 no logarithm or exponential
    // per number (the draws cost more than the rest of the estimator); other τ
    // (annealing) take E's logarithm.
    RngStream rng = stream.child(std::uint64_t(chain));
    const ExponentialZiggurat& exponential = exponentialZiggurat();
    constexpr int K = kNeighbourhoodSlots;
    const double inv = 1.0 / tau;
    const double top = *std::max_element(theta1.begin(), theta1.end());
    double a[K];
    for (int k = 0; k < K; ++k)
        a[k] = std::exp((theta1[std::size_t(k)] - top) * inv);
    const bool half = inv == 2.0, one = inv == 1.0;
    for (int l = 0; l < links; ++l, w += K) {
        double sum = 0;
        if (noiseScale == 0.0) {
            for (int k = 0; k < K; ++k)
                sum += (w[k] = a[k]);
        } else if (noiseScale == 1.0 && (half || one)) {
            for (int k = 0; k < K; ++k) {
                const double e = exponential(rng);
                sum += (w[k] = a[k] / (half ? e * e : e));
            }
        } else {
            double z[K], zmax = -1e300;
            for (int k = 0; k < K; ++k) {
                z[k] = (theta1[std::size_t(k)] - noiseScale * std::log(exponential(rng))) * inv;
                zmax = std::max(zmax, z[k]);
            }
            for (int k = 0; k < K; ++k)
                sum += (w[k] = std::exp(z[k] - zmax));
        }
        const double norm = 1.0 / sum;
        for (int k = 0; k < K; ++k)
            w[k] *= norm;
    }
}

} // namespace dlab
