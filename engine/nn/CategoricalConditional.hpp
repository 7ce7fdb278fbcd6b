#pragma once
// A variable with K values (e.g. a 2×2 block spin S ∈ {−4, −2, 0, 2, 4}):
// K outputs are softmax logits; value k enters the network as levels[k].

#include "Conditional.hpp"

#include <vector>

namespace dlab::nn {

class CategoricalConditional : public Conditional {
public:
    // At least two levels (ParameterError otherwise).
    explicit CategoricalConditional(std::vector<double> levels);
    std::string name() const override { return "categorical"; }
    int inputsPerSite() const override { return 1; }
    int outputsPerSite() const override { return int(m_levels.size()); }
    const std::vector<double>& levels() const { return m_levels; }
    void encode(const ConstValues& values, Block features) const override;
    void logProb(const ConstBlock& out, const ConstValues& values, Values logp) const override;
    void logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const override;
    void sample(const ConstBlock& out, RngStream& rng, Values values) const override;
    // Level k ↔ −level: the index of the negated level when the levels are
    // symmetric about 0, else the identity.
    double flipped(double value) const override;

private:
    std::vector<double> m_levels;
    std::vector<int> m_negated;
};

} // namespace dlab::nn
