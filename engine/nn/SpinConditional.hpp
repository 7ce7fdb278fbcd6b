#pragma once
// Bernoulli conditional of an Ising spin s = ±1: one output, the logit o,
// p(s = +1) = σ(o); the spin itself is the network input.

#include "Conditional.hpp"

namespace dlab::nn {

class SpinConditional : public Conditional {
public:
    std::string name() const override { return "bernoulli"; }
    int inputsPerSite() const override { return 1; }
    int outputsPerSite() const override { return 1; }
    void encode(const ConstValues& values, Block features) const override;
    void logProb(const ConstBlock& out, const ConstValues& values, Values logp) const override;
    void logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const override;
    void sample(const ConstBlock& out, RngStream& rng, Values values) const override;
    double flipped(double value) const override { return -value; }
};

} // namespace dlab::nn
