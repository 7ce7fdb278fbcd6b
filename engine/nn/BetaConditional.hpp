#pragma once
// The seed's conditional for an angle: u = θ/2π ∈ (0, 1) is Beta(a, b),
//   p(u) = u^{a−1} (1 − u)^{b−1} / B(a, b),
// with a = softplus(o₀), b = softplus(o₁). Unlike the von Mises mixture it
// does not know that u = 0 and u = 1 are the same direction, which is what
// the O(2) test exposes. The angle enters the network as (cos θ, sin θ).

#include "Conditional.hpp"

namespace dlab::nn {

class BetaConditional : public Conditional {
public:
    std::string name() const override { return "beta"; }
    int inputsPerSite() const override { return 2; }
    int outputsPerSite() const override { return 2; }
    void encode(const ConstValues& values, Block features) const override;
    void logProb(const ConstBlock& out, const ConstValues& values, Values logp) const override;
    void logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const override;
    void sample(const ConstBlock& out, RngStream& rng, Values values) const override;

    // Gamma(shape, 1) by Marsaglia & Tsang (shape > 0).
    static double sampleGamma(double shape, RngStream& rng);
    // u is kept this far from 0 and 1 so ln u and ln(1 − u) stay finite.
    static constexpr double kEdge = 1e-12;
};

} // namespace dlab::nn
