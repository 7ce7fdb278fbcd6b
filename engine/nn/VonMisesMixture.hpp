#pragma once
// A mixture of K von Mises distributions for an angle θ (XY spins):
//   p(θ) = Σ_k w_k e^{κ_k cos(θ − μ_k)} / (2π I₀(κ_k)),
// periodic in θ as an O(2) spin must be. Outputs per site, in this order:
// K weight logits a (w = softmax a), K means μ (any real; only μ mod 2π
// matters) and K raw concentrations ρ (κ = softplus ρ). The angle enters the
// network as (cos θ, sin θ), which is continuous across θ = 0 ≡ 2π. Densities
// are with respect to u = θ/2π: ln p(u) = ln p(θ) + ln 2π.

#include "Conditional.hpp"

namespace dlab::nn {

class VonMisesMixture : public Conditional {
public:
    explicit VonMisesMixture(int components); // 1 ≤ components ≤ 64
    std::string name() const override { return "vonmises"; }
    int components() const { return m_k; }
    int inputsPerSite() const override { return 2; }
    int outputsPerSite() const override { return 3 * m_k; }
    void encode(const ConstValues& values, Block features) const override;
    void logProb(const ConstBlock& out, const ConstValues& values, Values logp) const override;
    void logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const override;
    void sample(const ConstBlock& out, RngStream& rng, Values values) const override;

    // One von Mises angle with mean 0 and concentration κ ≥ 0, in (−π, π]
    // (Best & Fisher's rejection method).
    static double sampleVonMises(double kappa, RngStream& rng);

private:
    int m_k;
};

} // namespace dlab::nn
